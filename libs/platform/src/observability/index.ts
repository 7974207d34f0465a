export * from './tracing';
export * from './tracing-settings';
export * from './traced-event-store';
export * from './trace-requests';
