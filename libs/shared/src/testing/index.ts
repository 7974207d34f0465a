export * from './poll';
export * from './infra';
export * from './decider-spec';
export * from './auth';
export * from './stored-event';
export * from './contract-agreement';
