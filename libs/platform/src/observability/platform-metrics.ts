/**
 * The platform's metrics sources, read at scrape time: the relay's lag (Kafka),
 * each consumer group's lag and parked events, and whether the service is
 * ready; and the observer that counts the event store's appends. A service's
 * own gauges (deadlines, outbox) are added by its modules with
 * ServiceMetrics.gauge.
 */
import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import type { Bus, ConsumerObserver } from '@jm/bus';
import { eventsAfter, ParkedEventEntity, relayName, SERVICE_STREAM_PREFIXES } from '@jm/bus';
import type { CheckpointStore, EventStore } from '@jm/event-sourcing';
import { WrongExpectedVersionError } from '@jm/event-sourcing';
import type { ServiceConfig } from '../config/service-config';
import { ReadinessRegistry } from '../nest/readiness';
import { BUS_TOKEN, EVENT_STORE_TOKEN, READ_MODEL_TOKEN, SERVICE_CONFIG } from '../nest/tokens';
import { ServiceMetrics } from './metrics';

/** Counts and times the store's committed appends and its version conflicts; returns the same store. */
export function observeAppends<S extends EventStore>(store: S, metrics: ServiceMetrics): S {
  // Test doubles may have no append.
  if (typeof store.append !== 'function') return store;
  const append = store.append.bind(store);
  store.append = async (streamId, events, expectedVersion) => {
    const end = metrics.appendDuration.startTimer();
    try {
      const result = await append(streamId, events, expectedVersion);
      end();
      metrics.appends.inc();
      return result;
    } catch (error) {
      if (error instanceof WrongExpectedVersionError) metrics.versionConflicts.inc();
      throw error;
    }
  };
  return store;
}

/** The relay's lag: events of the service's streams after its published position (its checkpoint), up to LAG_COUNT_CAP. */
export async function relayLag(store: EventStore, checkpoints: CheckpointStore, service: ServiceConfig['service']): Promise<number> {
  return eventsAfter(store, await checkpoints.load(relayName(service)), SERVICE_STREAM_PREFIXES[service]);
}

@Injectable()
export class PlatformMetrics {
  private readonly consumers: Array<{ group: string; topics: string[] }> = [];

  constructor(
    readonly metrics: ServiceMetrics,
    @Inject(SERVICE_CONFIG) config: ServiceConfig,
    @Inject(EVENT_STORE_TOKEN) store: EventStore,
    @Inject(BUS_TOKEN) private readonly bus: Bus,
    @Inject(READ_MODEL_TOKEN) dataSource: DataSource,
    readiness: ReadinessRegistry,
  ) {
    const checkpoints = (store as Partial<{ checkpoints: CheckpointStore }>).checkpoints;
    // The embedded bus has no relay: consumers read the store itself.
    if (bus.kind === 'kafka' && checkpoints)
      metrics.gauge('jm_relay_lag_events', 'Events of the service the relay has not published to Kafka yet (counted up to 10000)', [], async () => [
        { value: await relayLag(store, checkpoints, config.service) },
      ]);
    metrics.gauge(
      'jm_consumer_lag_messages',
      'Messages of a topic partition the consumer group has not handled yet (Kafka: high watermark minus committed offset)',
      ['group', 'topic', 'partition'],
      () => this.consumerLag(),
    );
    metrics.gauge(
      'jm_consumer_parked_events',
      'Events parked (handler kept failing) and not replayed yet, by consumer group',
      ['group'],
      async () => {
        const rows = await dataSource
          .getRepository(ParkedEventEntity)
          .createQueryBuilder('parked')
          .select('parked.group', 'group')
          .addSelect('COUNT(*)', 'count')
          .where('parked.status = :status', { status: 'parked' })
          .groupBy('parked.group')
          .getRawMany<{ group: string; count: string | number }>();
        const counts = new Map(this.consumers.map(({ group }) => [group, 0]));
        for (const row of rows) counts.set(row.group, Number(row.count));
        return [...counts].map(([group, value]) => ({ labels: { group }, value }));
      },
    );
    metrics.gauge('jm_service_ready', '1 when every readiness check of the service passes (GET /ready answers 200), else 0', [], async () => [
      { value: (await readiness.evaluate()).ready ? 1 : 0 },
    ]);
  }

  /** The observer of a consumer group, which also puts the group's lag in jm_consumer_lag_messages. */
  watchConsumer(group: string, topics: string[]): ConsumerObserver {
    this.consumers.push({ group, topics });
    return this.metrics.consumerObserver(group);
  }

  private async consumerLag(): Promise<Array<{ labels: Record<string, string>; value: number }>> {
    const all = await Promise.all(
      this.consumers.map(async ({ group, topics }) =>
        (await this.bus.consumerLag(group, topics)).map(({ topic, partition, messages }) => ({
          labels: { group, topic, partition },
          value: messages,
        })),
      ),
    );
    return all.flat();
  }
}
