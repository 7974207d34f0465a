/**
 * Public surface of libs/shared: services import from '@jm/shared' only, or from '@jm/shared/core' (core.ts, its
 * framework-free part) in code that also runs outside the Nest application (the reporting rebuild's worker threads).
 */
export * from './event-store';
export * from './decider';
export * from './bus';
export * from './config';
export * from './nest';
export * from './security';
export * from './reference';
export * from './contracts';
export * from './read-model';
