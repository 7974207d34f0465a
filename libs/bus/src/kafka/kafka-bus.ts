/**
 * The Kafka bus: relays (written in kafka-relay.ts) publish each service's
 * events to its topic; consumers (kafka-consumer.ts) read them with a group.
 */
import { Kafka } from 'kafkajs';
import { DataSource } from 'typeorm';
import { CheckpointStore, EventStore, LeaseStore } from '@jm/event-sourcing';
import { Bus, RelayOptions, RunningRelay } from '../bus.port';
import { BusConsumerOptions, BusRunningConsumer } from '../consumer/consumer-core';
import { BusLogger, defaultBusLogger } from '../consumer/logger';
import { KafkaConsumerTuning, startKafkaConsumer } from './kafka-consumer';
import { startKafkaRelay } from './kafka-relay';

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

  async ping(): Promise<void> {
    const admin = this.deps.kafka.admin();
    await admin.connect();
    try {
      await admin.describeCluster();
    } finally {
      await admin.disconnect();
    }
  }

  /** Stops every relay and consumer this bus started. */
  async close(): Promise<void> {
    const all = [...this.running];
    this.running.clear();
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
