/** The bus port and its Kafka and embedded adapters: relay, consumers, checkpoints, the integration message. */
export * from './topology';
export * from './integration-message';
export * from './bus.port';
export * from './consumer';
export * from './embedded';
export * from './create-bus';
export * from './kafka/kafka-client';
export * from './kafka/kafka-relay';
export * from './kafka/kafka-consumer';
export * from './kafka/kafka-bus';
export * from './federation-topics';
export * from './bus-tracing';
export * from './kafka/federation-acls';
export * from './events-after';
