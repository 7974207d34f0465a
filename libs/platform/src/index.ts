/** The NestJS platform: service bootstrap, configuration, authentication and need-to-know plumbing, problem details, OpenAPI, logging, the bus transport. */
export * from './nest';
export * from './config';
export * from './security';
export * from './bus';
export * from './federation';
export * from './observability';
