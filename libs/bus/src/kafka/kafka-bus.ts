/**
 * The Kafka bus: relays (written in kafka-relay.ts) publish each service's
 * events to its topic; consumers (kafka-consumer.ts) read them with a group.
 */
import { Kafka, Producer } from 'kafkajs';
import { DataSource } from 'typeorm';
import { CheckpointStore, EventStore, LeaseStore } from '@jm/event-sourcing';
import { Bus, ConsumerLag, OutgoingMessage, RelayOptions, RunningRelay } from '../bus.port';
import { KafkaLagReader } from './kafka-lag';
import { BusConsumerOptions, BusRunningConsumer } from '../consumer/consumer-core';
import { BusLogger, defaultBusLogger } from '../consumer/logger';
import { KafkaConsumerTuning, startKafkaConsumer } from './kafka-consumer';
import { startKafkaRelay } from './kafka-relay';
import { createIdempotentProducer, ensureTopics, PRODUCE_ACKS } from './kafka-client';

export interface KafkaBusDeps {
  kafka: Kafka;
  store: EventStore;
  checkpoints: CheckpointStore;
  leases: LeaseStore;
  /** The consumer's own database. */
  dataSource: DataSource;
  logger?: BusLogger;
}

export class KafkaBus implements Bus {
  readonly kind = 'kafka' as const;
  private readonly logger: BusLogger;
  private readonly running = new Set<{ stop(): Promise<void> }>();
  private producer?: Promise<Producer>;
  private readonly ensured = new Set<string>();
  private lagReader?: KafkaLagReader;

  constructor(private readonly deps: KafkaBusDeps) {
    this.logger = deps.logger ?? defaultBusLogger();
  }

  async startRelay(options: RelayOptions): Promise<RunningRelay> {
    const { kafka, store, checkpoints, leases } = this.deps;
    const relay = await startKafkaRelay({ kafka, store, checkpoints, leases, logger: this.logger }, options);
    return this.track(relay);
  }

  async startConsumer(options: BusConsumerOptions & KafkaConsumerTuning): Promise<BusRunningConsumer> {
    const consumer = await startKafkaConsumer({ kafka: this.deps.kafka, dataSource: this.deps.dataSource, logger: this.logger }, options);
    return this.track(consumer);
  }

  async send(topic: string, messages: OutgoingMessage[]): Promise<void> {
    const producer = await this.sender();
    if (!this.ensured.has(topic)) {
      await ensureTopics(this.deps.kafka, [topic]);
      this.ensured.add(topic);
    }
    await producer.send({ topic, acks: PRODUCE_ACKS, messages });
  }

  /** One idempotent producer for every send, connected on first use. */
  private sender(): Promise<Producer> {
    this.producer ??= (async () => {
      const producer = createIdempotentProducer(this.deps.kafka);
      try {
        await producer.connect();
      } catch (error) {
        this.producer = undefined;
        throw error;
      }
      this.running.add({ stop: () => producer.disconnect() });
      return producer;
    })();
    return this.producer;
  }

  async ping(): Promise<void> {
    const admin = this.deps.kafka.admin();
    await admin.connect();
    try {
      await admin.describeCluster();
    } finally {
      await admin.disconnect();
    }
  }

  async consumerLag(group: string, topics: string[]): Promise<ConsumerLag[]> {
    if (!this.lagReader) {
      const reader = (this.lagReader = new KafkaLagReader(this.deps.kafka));
      this.running.add({ stop: () => reader.close() });
    }
    return this.lagReader.lag(group, topics);
  }

  /** Stops every relay and consumer this bus started. */
  async close(): Promise<void> {
    this.lagReader = undefined;
    const all = [...this.running];
    this.running.clear();
    this.producer = undefined;
    await Promise.all(all.map((r) => r.stop()));
  }

  private track<T extends { stop(): Promise<void> }>(running: T): T {
    const stop = running.stop.bind(running);
    const tracked = Object.assign(running, {
      stop: async () => {
        this.running.delete(tracked);
        await stop();
      },
    });
    this.running.add(tracked);
    return tracked;
  }
}
