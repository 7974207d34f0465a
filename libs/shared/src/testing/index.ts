export * from './poll';
export * from './infra';
