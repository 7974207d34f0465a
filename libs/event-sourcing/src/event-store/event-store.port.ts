/**
 * The event-store port. Shaped after KurrentDB's model so that its adapter fits
 * later: expected revision per stream, one ordered global log ($all), catch-up
 * subscriptions that turn live.
 */
import { NewEvent, ProjectionEvent, StoredEvent } from './envelope';

/** 'no_stream': the stream must not exist; 'any': no check; n: revision of the last event. */
export type ExpectedVersion = number | 'no_stream' | 'any';
export const NO_STREAM = 'no_stream' as const;
export const ANY = 'any' as const;

/** Position before the first event of the global log. */
export const START = 0;

export interface AppendResult {
  /** Revision of the last event of the stream after the append. */
  nextExpectedVersion: number;
  /** Global position of the last appended event. */
  position: number;
}

export interface ReadAllOptions {
  /** Exclusive: events with position > from. */
  from?: number;
  limit?: number;
  /** Only streams whose id starts with one of these prefixes (e.g. ['lead-']). */
  streamPrefixes?: string[];
}

export interface ProjectionReadOptions extends ReadAllOptions {
  /**
   * Only one share of the streams, for readers that split the log between
   * them: a stream belongs to share `index` of `count` by the last character of
   * its id, so the streams `<kind>-<id>` of one id (lead-x, routing-x) always
   * fall in the same share, and the shares together are the whole log.
   */
  partition?: { count: number; index: number };
}

export interface SubscribeOptions {
  /** Exclusive start position (a stored checkpoint). */
  from?: number;
  streamPrefixes?: string[];
  batchSize?: number;
}

/** Called for each batch in global order; the next batch comes after the promise settles. */
export type BatchHandler = (events: StoredEvent[]) => Promise<void>;

export interface Subscription {
  /** Stops delivery and waits for the batch in flight to finish. */
  stop(): Promise<void>;
  /** Settles when the subscription ends; rejects if the handler or the store failed. */
  readonly done: Promise<void>;
}

/** The partition option checked (a clear error for anything but integers 0 <= index < count). */
export function checkPartition(partition: ProjectionReadOptions['partition']): void {
  if (!partition) return;
  const { count, index } = partition;
  if (!Number.isInteger(count) || count < 1 || !Number.isInteger(index) || index < 0 || index >= count) {
    throw new Error(
      `readAllForProjection: partition ${JSON.stringify(partition)} is invalid: count must be an integer >= 1 and index an integer in 0..count-1`,
    );
  }
}

export interface EventStore {
  append(streamId: string, events: NewEvent[], expectedVersion: ExpectedVersion): Promise<AppendResult>;
  /** Events of one stream in revision order, from a revision (inclusive). */
  readStream(streamId: string, fromVersion?: number): Promise<StoredEvent[]>;
  /** One page of the global log in commit order. */
  readAll(options?: ReadAllOptions): Promise<StoredEvent[]>;
  /**
   * The same page as readAll (same order, positions and visibility), each event
   * with only what projections read (ProjectionEvent): for readers of the
   * whole log, such as a projection rebuild, that never look at the audit fields.
   */
  readAllForProjection(options?: ProjectionReadOptions): Promise<ProjectionEvent[]>;
  /** Catch up from options.from, then deliver live until stopped. */
  subscribe(handler: BatchHandler, options?: SubscribeOptions): Subscription;
  /** Position of the newest event a reader may see now. */
  headPosition(): Promise<number>;
  /** Can the store be reached now (for /ready). */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Leases give one active relay or projector per name (rule 6). The holder renews
 * before ttl expires; a stand-by acquires once it lapses.
 */
export interface LeaseStore {
  tryAcquire(name: string, owner: string, ttlMs: number): Promise<boolean>;
  /** False when the lease was lost (taken over): the caller must stop working. */
  renew(name: string, owner: string, ttlMs: number): Promise<boolean>;
  release(name: string, owner: string): Promise<void>;
}

/** Named positions in the global log, e.g. where a relay got to. */
export interface CheckpointStore {
  load(name: string): Promise<number>;
  save(name: string, position: number): Promise<void>;
}
