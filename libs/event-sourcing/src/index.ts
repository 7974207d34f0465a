/** Event sourcing: the event store port and its SQLite and PostgreSQL adapters, the hash chain, the decider and command handler, upcasting, domain errors and the clock. No framework: no NestJS, no Kafka, no TypeORM. */
export * from './event-store';
export * from './decider';
export * from './errors';
export * from './clock';
export * from './private-files';
