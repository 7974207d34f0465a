/**
 * The framework-free part of the public surface (`@jm/shared/core`): event store, decider, contracts, reference
 * data, the agency registry's region test and the RecordAccessed contract, all also exported by `@jm/shared`.
 * For code that runs outside the Nest application, such as the reporting rebuild's worker threads: a worker loads
 * its modules anew, and the whole `@jm/shared` brings Nest, Kafka, TypeORM and the security stack (~1.4 s of CPU
 * under @swc-node/register; this ~0.1 s). Nothing exported here may import a framework.
 */
export * from './event-store';
export * from './decider';
export * from './contracts';
export * from './reference';
export { regionContains } from './security/agency-registry';
export * from './security/access-record';
