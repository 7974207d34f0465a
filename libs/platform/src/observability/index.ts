export * from './tracing';
export * from './tracing-settings';
export * from './traced-event-store';
export * from './trace-requests';
/** Prometheus metrics: the registry and collectors, the HTTP middlewares, the platform's sources. */
export * from './metrics';
export * from './metrics-http';
export * from './platform-metrics';
export * from './metrics.module';
export * from './metrics-openapi';
export * from './trace-http-client';
