/**
 * The bus port. A relay moves a service's events from the store to its topic;
 * a consumer hands events of some topics to a handler inside the consumer's own
 * database transaction, deduplicated by event id, committing its position after.
 * Adapters: Kafka (kafkajs) and embedded (tails the shared store, no broker).
 */
import type { EntityManager } from 'typeorm';
import { StoredEvent } from '@jm/event-sourcing';
import type { EventPublication } from './integration-message';

export interface HandlerContext {
  /** The consumer's transaction: read-model writes go through it so they commit with the dedup row and the checkpoint. */
  manager: EntityManager;
  topic: string;
  /** How many times this event has been tried before (0 on the first try). */
  attempt: number;
  /** The transaction's scope, shared by the handlers of every event it applies (a run). */
  transaction: TransactionScope;
}

/**
 * One consumer transaction may apply a run of events. A handler that would
 * rather write once per run than once per event keeps a buffer in `memo`
 * and registers its flush with `beforeCommit`: flushes run after the last
 * handler, in registration order, before the checkpoint, in the same
 * transaction (so they commit, or roll back, with everything else).
 */
export interface TransactionScope {
  readonly memo: Map<unknown, unknown>;
  beforeCommit(flush: () => Promise<void>): void;
  /**
   * The events this transaction may apply, in order (the run; one event when
   * it is handled alone). A handler may read ahead to load what later events
   * will need in one statement; events already processed are skipped, and a
   * run cut short by time leaves the rest to the next transaction.
   */
  readonly events: readonly StoredEvent[];
}

export type EventHandler = (event: StoredEvent, context: HandlerContext) => Promise<void>;

export interface ParkedEvent {
  group: string;
  eventId: string;
  eventType: string;
  streamId: string;
  topic: string;
  error: string;
  attempts: number;
  parkedAt: string;
}

export interface ConsumerOptions {
  /** Consumer group (one per consuming service or projector). */
  group: string;
  topics: string[];
  handler: EventHandler;
  /** Tries before an event is parked (default 5). */
  maxAttempts?: number;
  /** Called when an event is parked, for logs and alerts. */
  onParked?: (parked: ParkedEvent) => void;
  /** Delay before each retry, by retry number (1-based); default a doubling backoff. */
  retryDelayMs?: number | ((retry: number) => number);
  /** Told what the consumer does, for metrics (docs/operations/metrics.md). */
  observer?: ConsumerObserver;
}

/** What a consumer reports as it goes, for metrics. */
export interface ConsumerObserver {
  /** A consumer transaction committed: the events it applied, those it found already processed, and its time. */
  committed(applied: number, duplicate: number, seconds: number): void;
  /** A handler failed and its event is tried again. */
  retried(): void;
  /** An event was parked after its last attempt. */
  parked(): void;
}

/** How far a consumer group is behind on one partition of a topic (the embedded bus: one, `embedded`). */
export interface ConsumerLag {
  topic: string;
  partition: string;
  messages: number;
}

export interface RunningConsumer {
  /** Stop taking new events, finish the one in flight, commit, disconnect. */
  stop(): Promise<void>;
  /** Re-runs one parked event of this consumer's group through its handler. */
  replayParked(eventId: string, options?: ReplayOptions): Promise<void>;
}

export interface ReplayOptions {
  /** Runs in the replay's transaction after the handler, before the row is marked replayed (e.g. to record who replayed it); a throw undoes the replay. */
  beforeMarked?: () => Promise<void>;
}

export interface RelayOptions {
  service: string;
  streamPrefixes: string[];
  topic: string;
  /** Identifies this relay instance in the lease. */
  instanceId: string;
  leaseTtlMs?: number;
  /** The service's publication (domain event → contract event, undefined: not published); default: as stored. */
  publish?: EventPublication;
}

export interface OutgoingMessage {
  key: string;
  value: string;
  headers: Record<string, string>;
}

export interface RunningRelay {
  /** True while this instance holds the lease and publishes. */
  isActive(): boolean;
  stop(): Promise<void>;
}

export interface Bus {
  readonly kind: 'kafka' | 'embedded';
  startRelay(options: RelayOptions): Promise<RunningRelay>;
  startConsumer(options: ConsumerOptions): Promise<RunningConsumer>;
  /**
   * Sends messages to a topic no relay of this service owns: what a deployment sends to another
   * (federation-topics.ts). acks=all and idempotent like the relay; a failure throws, so the handler
   * that sends is retried and the receiver deduplicates by the message's event id. Kafka only.
   */
  send(topic: string, messages: OutgoingMessage[]): Promise<void>;
  ping(): Promise<void>;
  /** How far a group is behind on the topics it reads, read now (so it is right when idle too). */
  consumerLag(group: string, topics: string[]): Promise<ConsumerLag[]>;
  close(): Promise<void>;
}
