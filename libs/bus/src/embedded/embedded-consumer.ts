/**
 * The embedded consumer: no broker. It tails the shared event store's global
 * log, filtered to the streams of the services whose topics it consumes, from
 * the checkpoint kept in the consumer's own database (source `embedded`), and
 * hands every batch it reads, in runs, to the same ConsumerCore the Kafka
 * consumer uses. The checkpoint is written in the handlers' transaction (rule 5).
 */
import { DataSource } from 'typeorm';
import { EventStore, START, StoredEvent, Subscription } from '@jm/event-sourcing';
import { SERVICE_STREAM_PREFIXES, serviceOfTopic } from '../topology';
import { BusConsumerOptions, BusRunningConsumer, ConsumerCore, DEFAULT_MAX_RUN, describeError } from '../consumer/consumer-core';
import { BusLogger, defaultBusLogger } from '../consumer/logger';

export const EMBEDDED_SOURCE = 'embedded';

export interface EmbeddedConsumerDeps {
  store: EventStore;
  dataSource: DataSource;
  logger?: BusLogger;
}

export interface EmbeddedConsumerTuning {
  batchSize?: number;
  /** Most events applied in one consumer transaction (default DEFAULT_MAX_RUN). */
  maxRun?: number;
  /** Wait before resubscribing after the subscription failed (default 1 s). */
  restartDelayMs?: number;
}

interface TopicRoute {
  topic: string;
  prefixes: string[];
}

/** Topic -> stream prefixes of the service that owns it (topology.ts). */
export function routesFor(topics: string[]): TopicRoute[] {
  return topics.map((topic) => {
    const service = serviceOfTopic(topic);
    if (!service) throw new Error(`Embedded bus: topic ${topic} does not belong to a known service`);
    return { topic, prefixes: SERVICE_STREAM_PREFIXES[service] };
  });
}

export async function startEmbeddedConsumer(
  deps: EmbeddedConsumerDeps,
  options: BusConsumerOptions & EmbeddedConsumerTuning,
): Promise<BusRunningConsumer> {
  if (!options.topics.length) throw new Error(`Consumer ${options.group}: no topics`);
  const logger = deps.logger ?? defaultBusLogger();
  const routes = routesFor(options.topics);
  const prefixes = [...new Set(routes.flatMap((r) => r.prefixes))];
  const topicOf = (event: StoredEvent): string => routes.find((r) => r.prefixes.some((p) => event.streamId.startsWith(p)))?.topic ?? routes[0].topic;
  const core = new ConsumerCore({ ...options, dataSource: deps.dataSource, logger });

  let stopping = false;
  let subscription: Subscription | undefined;
  let restartTimer: NodeJS.Timeout | undefined;
  const isStopping = () => stopping;

  const maxRun = Math.max(1, options.maxRun ?? DEFAULT_MAX_RUN);
  const handleBatch = async (events: StoredEvent[]): Promise<void> => {
    for (let start = 0; start < events.length; start += maxRun) {
      const run = events.slice(start, start + maxRun).map((event) => ({
        event,
        delivery: { topic: topicOf(event), source: EMBEDDED_SOURCE, position: event.position },
      }));
      const { aborted } = await core.handleRun(run, { isStopping });
      if (aborted) return;
    }
  };

  const subscribe = async (): Promise<void> => {
    const from = (await core.loadCheckpoint(EMBEDDED_SOURCE)) ?? START;
    if (stopping) return;
    const current = deps.store.subscribe(handleBatch, { from, streamPrefixes: prefixes, batchSize: options.batchSize });
    subscription = current;
    current.done.then(
      () => undefined,
      (error) => {
        if (stopping || subscription !== current) return;
        // The core only throws when its own database fails (parking could not be written):
        // resubscribe from the stored checkpoint, so nothing is skipped.
        logger.error({ group: options.group, err: describeError(error) }, 'bus: embedded subscription failed; resubscribing from the checkpoint');
        restartTimer = setTimeout(() => {
          restartTimer = undefined;
          subscribe().catch((e) => logger.error({ group: options.group, err: describeError(e) }, 'bus: embedded resubscribe failed'));
        }, options.restartDelayMs ?? 1000);
      },
    );
  };

  await subscribe();
  logger.info({ group: options.group, topics: options.topics }, 'bus: embedded consumer started');

  let stopped: Promise<void> | undefined;
  return {
    stop: () => {
      stopped ??= (async () => {
        stopping = true;
        if (restartTimer) clearTimeout(restartTimer);
        // Waits for the batch in flight, which returns after the event in flight.
        await subscription?.stop();
        await subscription?.done.catch(() => undefined);
        logger.info({ group: options.group }, 'bus: embedded consumer stopped');
      })();
      return stopped;
    },
    replayParked: (eventId, options) => core.replayParked(eventId, options),
  };
}
