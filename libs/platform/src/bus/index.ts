export * from './event-bus.context';
export * from './event-bus.server';
export * from './event-bus.exception-filter';
