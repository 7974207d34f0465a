/** The NestJS platform: service bootstrap, configuration, authentication and need-to-know plumbing, problem details, OpenAPI, logging, the bus transport, the working-day calendar. */
export * from './nest';
export * from './config';
export * from './security';
export * from './bus';
export * from './federation';
export * from './observability';
export * from './operations';
export * from './calendar';
