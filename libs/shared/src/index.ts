/** Public surface of libs/shared: services import from '@jm/shared' only. */
export * from './event-store';
export * from './decider';
export * from './bus';
export * from './config';
export * from './nest';
export * from './security';
export * from './reference';
export * from './contracts';
