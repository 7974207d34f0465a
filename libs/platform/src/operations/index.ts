export * from './operations-log';
export * from './operator-access';
export * from './parked-consumer';
export * from './parked-events.dto';
export * from './parked-events.service';
export * from './parked-events.controller';
export * from './projection-replay';
