export * from './consumer.entities';
export * from './consumer.migrations';
export * from './consumer-core';
export * from './logger';
export * from './parked-events';
