export * from './embedded-bus';
export * from './embedded-consumer';
export * from './embedded-lag';
