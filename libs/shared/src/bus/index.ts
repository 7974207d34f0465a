export * from './topology';
export * from './integration-message';
export * from './bus.port';
