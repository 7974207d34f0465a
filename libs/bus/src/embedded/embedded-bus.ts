/**
 * The embedded bus (deployment mode "embedded"): the shared event store is the
 * log, so there is nothing to relay and no broker to reach.
 */
import { DataSource } from 'typeorm';
import { EventStore } from '@jm/event-sourcing';
import { Bus, ConsumerLag, RelayOptions, RunningRelay } from '../bus.port';
import { BusConsumerOptions, BusRunningConsumer } from '../consumer/consumer-core';
import { BusLogger, defaultBusLogger } from '../consumer/logger';
import { EmbeddedConsumerTuning, startEmbeddedConsumer } from './embedded-consumer';
import { embeddedConsumerLag } from './embedded-lag';

export interface EmbeddedBusDeps {
  store: EventStore;
  /** The consumer's own database. */
  dataSource: DataSource;
  logger?: BusLogger;
}

export class EmbeddedBus implements Bus {
  readonly kind = 'embedded' as const;
  private readonly logger: BusLogger;
  private readonly consumers = new Set<BusRunningConsumer>();

  constructor(private readonly deps: EmbeddedBusDeps) {
    this.logger = deps.logger ?? defaultBusLogger();
  }

  /** Nothing to relay: consumers read the store itself. Reports active so health checks agree. */
  async startRelay(_options: RelayOptions): Promise<RunningRelay> {
    return { isActive: () => true, stop: async () => undefined };
  }

  async startConsumer(options: BusConsumerOptions & EmbeddedConsumerTuning): Promise<BusRunningConsumer> {
    const consumer = await startEmbeddedConsumer({ store: this.deps.store, dataSource: this.deps.dataSource, logger: this.logger }, options);
    const tracked: BusRunningConsumer = {
      stop: async () => {
        this.consumers.delete(tracked);
        await consumer.stop();
      },
      replayParked: (eventId, options) => consumer.replayParked(eventId, options),
    };
    this.consumers.add(tracked);
    return tracked;
  }

  /** Nothing crosses deployments without Kafka: federation (DEPLOYMENT) needs BUS=kafka. */
  async send(topic: string): Promise<void> {
    throw new Error(`cannot send to ${topic}: messages between deployments need the Kafka bus (BUS=kafka)`);
  }

  ping(): Promise<void> {
    return this.deps.store.ping();
  }

  consumerLag(group: string, topics: string[]): Promise<ConsumerLag[]> {
    return embeddedConsumerLag(this.deps.store, this.deps.dataSource, group, topics);
  }

  /** Stops the consumers this bus started; the store and the DataSource belong to the caller. */
  async close(): Promise<void> {
    const all = [...this.consumers];
    this.consumers.clear();
    await Promise.all(all.map((c) => c.stop()));
  }
}
