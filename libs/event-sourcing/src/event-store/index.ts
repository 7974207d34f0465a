export * from './envelope';
export * from './event-store.port';
export * from './errors';
export * from './hash';
export * from './sqlite/sqlite-event-store';
export * from './postgres/postgres-event-store';
export { isStreamId } from './append-input';
