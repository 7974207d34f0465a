/**
 * One harness per bus adapter, so the contract suite runs unchanged on both:
 * - embedded: a SQLite event store file + a SQLite consumer database;
 * - kafka: a unique topic on the test broker (events produced as the relay
 *   would, with encodeMessage) + a PostgreSQL consumer database in a unique schema.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Admin, Kafka, Producer } from 'kafkajs';
import { DataSource } from 'typeorm';
import {
  Bus,
  ConsumerCheckpointEntity,
  createIdempotentProducer,
  createKafka,
  EmbeddedBus,
  encodeMessage,
  KafkaBus,
  PRODUCE_ACKS,
  topicFor,
} from '@jm/bus';
import { PostgresEventStore, SqliteEventStore, StoredEvent } from '@jm/event-sourcing';
import { createTestSchema, testKafkaBrokers, uniqueName } from '@jm/testing';
import { openConsumerDb } from './consumer-db';
import { EventSpec, newEvent, StoredEventFactory } from './events';

export const quietLogger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

export interface Published {
  id: string;
  streamId: string;
  type: string;
}

export interface BusHarness {
  readonly kind: 'embedded' | 'kafka';
  readonly bus: Bus;
  /** The consumer's database. */
  readonly dataSource: DataSource;
  readonly topic: string;
  /** Makes the events deliverable on the topic, in the given order. */
  publish(specs: EventSpec[]): Promise<Published[]>;
  /** Moves the group back to the beginning; its consumer must be stopped. */
  rewind(group: string): Promise<void>;
  close(): Promise<void>;
}

export async function createEmbeddedHarness(): Promise<BusHarness> {
  const dir = mkdtempSync(join(tmpdir(), 'jm-bus-'));
  const store = SqliteEventStore.open({ path: join(dir, 'store.db'), pollIntervalMs: 20, synchronous: 'NORMAL' });
  const dataSource = await openConsumerDb({ kind: 'sqlite', path: join(dir, 'consumer.db') });
  const bus = new EmbeddedBus({ store, dataSource, logger: quietLogger });
  return {
    kind: 'embedded',
    bus,
    dataSource,
    topic: topicFor('cases'),
    async publish(specs) {
      const published: Published[] = [];
      for (const spec of specs) {
        const event = newEvent(spec.type, spec.data ?? {});
        await store.append(spec.streamId, [event], 'any');
        published.push({ id: event.id, streamId: spec.streamId, type: spec.type });
      }
      return published;
    },
    async rewind(group) {
      await dataSource.getRepository(ConsumerCheckpointEntity).delete({ group });
    },
    async close() {
      await bus.close();
      await store.close();
      await dataSource.destroy();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface KafkaHarness extends BusHarness {
  readonly kafka: Kafka;
  readonly admin: Admin;
  readonly store: PostgresEventStore;
  /** Puts already-built events on the topic (e.g. the same event twice). */
  produce(events: StoredEvent[]): Promise<void>;
  produceRaw(key: string, value: string): Promise<void>;
  build(spec: EventSpec): StoredEvent;
}

export async function createKafkaHarness(options: { partitions?: number } = {}): Promise<KafkaHarness> {
  const kafka = createKafka({ brokers: testKafkaBrokers(), clientId: uniqueName('bus-test'), logger: quietLogger });
  const topic = `${topicFor('cases')}.${uniqueName('t')}`;
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: options.partitions ?? 3, replicationFactor: 1 }], waitForLeaders: true });
  const schema = await createTestSchema('bus');
  const store = await PostgresEventStore.connect({ url: schema.url, schema: schema.schema });
  const dataSource = await openConsumerDb({ kind: 'postgres', url: schema.url, schema: schema.schema });
  const producer: Producer = createIdempotentProducer(kafka);
  await producer.connect();
  const bus = new KafkaBus({ kafka, store, checkpoints: store.checkpoints, leases: store.leases, dataSource, logger: quietLogger });
  const factory = new StoredEventFactory();
  const produce = async (events: StoredEvent[]) => {
    await producer.send({ topic, acks: PRODUCE_ACKS, messages: events.map(encodeMessage) });
  };
  return {
    kind: 'kafka',
    bus,
    dataSource,
    topic,
    kafka,
    admin,
    store,
    produce,
    build: (spec) => factory.next(spec),
    async produceRaw(key, value) {
      await producer.send({ topic, acks: PRODUCE_ACKS, messages: [{ key, value }] });
    },
    async publish(specs) {
      const events = specs.map((spec) => factory.next(spec));
      await produce(events);
      return events.map((e) => ({ id: e.id, streamId: e.streamId, type: e.type }));
    },
    async rewind(group) {
      await admin.resetOffsets({ groupId: group, topic, earliest: true });
    },
    async close() {
      await bus.close();
      await producer.disconnect();
      await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
      await admin.disconnect();
      await store.close();
      await dataSource.destroy();
      await schema.drop();
    },
  };
}

/** Committed offset per partition of a group (-1 when nothing is committed). */
export async function committedOffsets(admin: Admin, groupId: string, topic: string): Promise<Map<number, bigint>> {
  const [entry] = await admin.fetchOffsets({ groupId, topics: [topic] });
  return new Map(entry.partitions.map((p) => [p.partition, BigInt(p.offset)]));
}
