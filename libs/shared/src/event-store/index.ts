export * from './envelope';
export * from './event-store.port';
export * from './errors';
