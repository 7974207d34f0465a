/**
 * The Kafka relay: moves one service's events from the event store (the source
 * of truth) to that service's topic. Never a dual write: the request path only
 * appends to the store; this relay tails the store's global log.
 *
 * - One active relay per service (rule 6): the relay holds the lease
 *   `relay:<service>`; without it, it stands by and tries again every ttl/3.
 * - Once active it loads the checkpoint `relay:<service>`, subscribes to the
 *   store from there (only the service's stream prefixes) and, for each batch:
 *   makes sure of the lease, sends the batch in order with the idempotent
 *   producer (acks=all) and waits for the ack, then saves the checkpoint (the
 *   save runs while the next page is read; the next save waits for it). A crash
 *   between send and save republishes that batch: delivery is at-least-once,
 *   consumers deduplicate by event id (rule 7).
 * - Per-stream order (rule 4): key = stream id, so a stream stays on one
 *   partition; a batch is sent in global order and acknowledged before the next
 *   one is sent.
 * - A failed send is retried with backoff until it succeeds: no event is ever
 *   skipped. Between attempts the relay checks that it still holds the lease.
 * - The lease is renewed on a timer (ttl/3), and before a batch when the last
 *   renewal was sent ttl/2 ago or more (so a batch is only ever sent while the
 *   lease is surely held). When a renew reports the lease lost (or fails), the
 *   relay stops publishing at once, does not move the checkpoint, and goes back
 *   to stand-by.
 */
import { randomUUID } from 'node:crypto';
import { Kafka, Producer } from 'kafkajs';
import pino from 'pino';
import { CheckpointStore, EventStore, LeaseStore, StoredEvent, Subscription } from '@jm/event-sourcing';
import { RelayOptions, RunningRelay } from '../bus.port';
import { encodePublished, publishAsStored } from '../integration-message';
import { createIdempotentProducer, ensureTopics, PRODUCE_ACKS, TOPIC_PARTITIONS } from './kafka-client';
import { startPublishSpans } from '../bus-tracing';

/** Minimal pino-compatible logger. */
export interface RelayLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface KafkaRelayDeps {
  kafka: Kafka;
  store: EventStore;
  checkpoints: CheckpointStore;
  leases: LeaseStore;
  logger?: RelayLogger;
  /** Events per store batch, i.e. per Kafka send (default 200). */
  batchSize?: number;
}

export const DEFAULT_LEASE_TTL_MS = 5000;
/** Partitions of a relay topic the relay creates itself. */
const DEFAULT_BATCH_SIZE = 200;
const BACKOFF_INITIAL_MS = 100;
const BACKOFF_MAX_MS = 5000;

/** Name of the lease and of the checkpoint of a service's relay. */
export const relayName = (service: string): string => `relay:${service}`;

/** Thrown inside the batch handler to end the subscription without publishing. */
class RelayInterrupted extends Error {
  constructor(readonly reason: 'lease-lost' | 'stopping') {
    super(`relay interrupted: ${reason}`);
    this.name = 'RelayInterrupted';
  }
}

function errorInfo(error: unknown): { message: string; name?: string; type?: string } {
  if (error instanceof Error) {
    return { message: error.message, name: error.name, type: (error as { type?: string }).type };
  }
  return { message: String(error) };
}

function backoffMs(attempt: number): number {
  const base = Math.min(BACKOFF_MAX_MS, BACKOFF_INITIAL_MS * 2 ** Math.min(attempt, 16));
  return Math.round(base / 2 + Math.random() * (base / 2));
}

export async function startKafkaRelay(deps: KafkaRelayDeps, options: RelayOptions): Promise<RunningRelay> {
  const { kafka, store, checkpoints, leases } = deps;
  const { service, topic, instanceId } = options;
  const streamPrefixes = [...options.streamPrefixes];
  const ttlMs = options.leaseTtlMs ?? DEFAULT_LEASE_TTL_MS;
  const publication = options.publish ?? publishAsStored;
  const batchSize = deps.batchSize ?? DEFAULT_BATCH_SIZE;
  const name = relayName(service);
  const logger: RelayLogger = (deps.logger ?? pino({ name: 'relay' })) as RelayLogger;
  const ctx = { relay: name, topic, instanceId };

  if (!streamPrefixes.length) throw new Error(`Relay ${name}: streamPrefixes must not be empty`);
  if (!(ttlMs > 0)) throw new Error(`Relay ${name}: leaseTtlMs must be positive`);
  const standbyRetryMs = Math.max(10, Math.floor(ttlMs / 3));

  const created = await ensureTopics(kafka, [topic]);
  if (created.length) logger.info({ ...ctx, partitions: TOPIC_PARTITIONS }, 'relay created its topic');

  let producer: Producer = createIdempotentProducer(kafka);
  await producer.connect();

  let stopping = false;
  let active = false;
  let leaseLost = false;
  let subscription: Subscription | undefined;
  let renewTimer: NodeJS.Timeout | undefined;
  let renewing: Promise<boolean> | undefined;
  /** performance.now() when the last renewal (or acquisition) that held the lease was sent: it is ours until ttl after. */
  let renewedAt = -Infinity;
  /** The checkpoint save of the last batch, running while the next page is read; awaited before the next save. */
  let saving: Promise<void> | undefined;
  /** Wakes the stand-by / backoff sleep early on stop(). */
  let wake: (() => void) | undefined;

  const sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        if (wake === done) wake = undefined;
        resolve();
      }
      wake = done;
    });

  function markLeaseLost(reason: string, error?: unknown): void {
    if (leaseLost) return;
    leaseLost = true;
    logger.warn({ ...ctx, reason, ...(error ? { err: errorInfo(error) } : {}) }, 'relay lost its lease: stops publishing');
    // Ends delivery: the handler refuses the next batch and the retry loop of the
    // batch in flight gives up at its next attempt.
    void subscription?.stop().catch(() => undefined);
    wake?.();
  }

  /** Renews the lease once (calls in parallel share one round trip); false when lost. */
  function renewLease(): Promise<boolean> {
    if (leaseLost) return Promise.resolve(false);
    if (!renewing) {
      renewing = (async () => {
        try {
          const sentAt = performance.now();
          const held = await leases.renew(name, instanceId, ttlMs);
          if (held) renewedAt = sentAt;
          if (!held) markLeaseLost('renew refused');
          return held;
        } catch (error) {
          // Cannot tell whether we still hold it: behave as if lost, never risk two publishers.
          markLeaseLost('renew failed', error);
          return false;
        } finally {
          renewing = undefined;
        }
      })();
    }
    return renewing;
  }

  function checkStillActive(): void {
    if (leaseLost) throw new RelayInterrupted('lease-lost');
    if (stopping) throw new RelayInterrupted('stopping');
  }

  async function publish(events: StoredEvent[]): Promise<void> {
    // What the service publishes of each event (its contract event); an unpublished one is passed over.
    const messages = [];
    for (const event of events) {
      const published = publication(event);
      if (published) messages.push(encodePublished(event, published));
    }
    if (!messages.length) return;
    const spans = startPublishSpans(topic, events, messages);
    for (let attempt = 0; ; attempt++) {
      try {
        await producer.send({ topic, acks: PRODUCE_ACKS, messages });
        spans?.end();
        if (attempt > 0) logger.info({ ...ctx, attempt }, 'relay publish succeeded after retries');
        return;
      } catch (error) {
        spans?.attemptFailed(error);
        const delay = backoffMs(attempt);
        logger.error(
          {
            ...ctx,
            err: errorInfo(error),
            attempt: attempt + 1,
            retryInMs: delay,
            fromPosition: events[0].position,
            toPosition: events[events.length - 1].position,
            count: events.length,
          },
          'relay publish failed; retrying the batch',
        );
        // A fresh producer after a failure: kafkajs' idempotent producer can be left
        // with sequence numbers the broker no longer accepts.
        await replaceProducer();
        await sleep(delay);
        // Stop retrying (and never save the checkpoint) once not active any more:
        // whoever holds the lease next starts again from the checkpoint.
        if (stopping) throw new RelayInterrupted('stopping');
        if (!(await renewLease())) throw new RelayInterrupted('lease-lost');
      }
    }
  }

  async function replaceProducer(): Promise<void> {
    const old = producer;
    producer = createIdempotentProducer(kafka);
    await old.disconnect().catch(() => undefined);
    try {
      await producer.connect();
    } catch (error) {
      // send() connects on demand; the next attempt reports a broker still down.
      logger.warn({ ...ctx, err: errorInfo(error) }, 'relay producer reconnect failed');
    }
  }

  async function handleBatch(batch: StoredEvent[]): Promise<void> {
    checkStillActive();
    // A lease renewed less than ttl/2 ago is surely still ours (the timer renews every ttl/3); only an older one is
    // renewed before the batch. Each round trip here delays every event of the batch.
    if (performance.now() - renewedAt >= ttlMs / 2 && !(await renewLease())) throw new RelayInterrupted('lease-lost');
    // Defensive: the store filters by prefix already; never publish another service's events.
    const events = batch.filter((event) => streamPrefixes.some((prefix) => event.streamId.startsWith(prefix)));
    const last = batch[batch.length - 1];
    if (!last) return;
    if (events.length) await publish(events);
    // After a lost lease the batch is on Kafka but the checkpoint stays where the
    // next holder will find it: at worst that batch goes out twice.
    if (leaseLost) throw new RelayInterrupted('lease-lost');
    // The save runs while the subscription reads the next page; the next batch waits for it before its own save, so
    // saves stay in order and a failed one stops the relay as before (from the next batch, or at the end of runActive).
    const previous = saving;
    const save = (async () => {
      await previous;
      await checkpoints.save(name, last.position);
    })();
    saving = save;
    save.catch(() => undefined);
    if (previous) await previous;
  }

  /** Waits for the last checkpoint save; its failure is the relay's failure. */
  async function savesDone(): Promise<void> {
    const last = saving;
    saving = undefined;
    await last;
  }

  async function runActive(): Promise<void> {
    const from = await checkpoints.load(name);
    logger.info({ ...ctx, from }, 'relay active: publishing from checkpoint');
    if (leaseLost || stopping) return;
    const sub = store.subscribe(handleBatch, { from, streamPrefixes, batchSize });
    subscription = sub;
    // A lease lost while loading the checkpoint: end it right away.
    if (leaseLost || stopping) void sub.stop().catch(() => undefined);
    let failure: unknown;
    try {
      await sub.done;
    } catch (error) {
      // The store may hand the handler's error back wrapped: judge by our own state.
      if (!(error instanceof RelayInterrupted) && !leaseLost && !stopping) failure = error;
    } finally {
      subscription = undefined;
    }
    // The last batch's checkpoint, whatever ended the subscription (the lease is released only after this).
    try {
      await savesDone();
    } catch (error) {
      failure ??= error;
    }
    if (failure !== undefined) throw failure;
  }

  async function tryAcquire(): Promise<boolean> {
    try {
      const sentAt = performance.now();
      const acquired = await leases.tryAcquire(name, instanceId, ttlMs);
      if (acquired) renewedAt = sentAt;
      return acquired;
    } catch (error) {
      logger.warn({ ...ctx, err: errorInfo(error) }, 'relay could not reach the lease store');
      return false;
    }
  }

  async function loop(): Promise<void> {
    let failures = 0;
    let announcedStandby = false;
    while (!stopping) {
      if (!(await tryAcquire())) {
        if (!announcedStandby) logger.info(ctx, 'relay standing by: lease held elsewhere');
        announcedStandby = true;
        await sleep(standbyRetryMs);
        continue;
      }
      if (stopping) break;
      announcedStandby = false;
      leaseLost = false;
      active = true;
      renewTimer = setInterval(() => void renewLease(), standbyRetryMs);
      renewTimer.unref?.();
      let failed = false;
      try {
        await runActive();
        failures = 0;
      } catch (error) {
        failed = true;
        failures++;
        logger.error({ ...ctx, err: errorInfo(error) }, 'relay failed while active; will resume from the checkpoint');
      } finally {
        clearInterval(renewTimer);
        renewTimer = undefined;
        active = false;
        await renewing?.catch(() => undefined);
      }
      if (stopping) break;
      if (failed && !leaseLost) {
        // Give the lease up so a healthy instance may take over, then try again later.
        await leases.release(name, instanceId).catch(() => undefined);
      }
      if (leaseLost) logger.info(ctx, 'relay back to stand-by');
      await sleep(failed ? backoffMs(failures + 3) : standbyRetryMs);
    }
  }

  const running = loop().catch((error) => {
    logger.error({ ...ctx, err: errorInfo(error) }, 'relay loop crashed');
  });

  let stopped: Promise<void> | undefined;
  return {
    isActive: () => active && !leaseLost && !stopping,
    stop: () => {
      stopped ??= (async () => {
        stopping = true;
        wake?.();
        // Waits for the batch in flight (sent, acknowledged, checkpoint saved).
        await subscription?.stop().catch(() => undefined);
        await running;
        if (!leaseLost) {
          await leases.release(name, instanceId).catch((error) => {
            logger.warn({ ...ctx, err: errorInfo(error) }, 'relay could not release its lease');
          });
        }
        await producer.disconnect().catch(() => undefined);
        logger.info(ctx, 'relay stopped');
      })();
      return stopped;
    },
  };
}

/** A random instance id for callers that have none of their own. */
export const newRelayInstanceId = (service: string): string => `${service}-${randomUUID()}`;
