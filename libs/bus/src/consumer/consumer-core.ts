/**
 * The adapter-independent heart of every consumer (Kafka and embedded use it
 * alike, so their behaviour is the same): one transaction on the consumer's own
 * database holds the dedup check, the handler's writes, the processed row and
 * the checkpoint (rules 5 and 7). A run of events read together is applied in
 * one such transaction (one commit, one checkpoint for the run); when any of
 * its handlers fails, the run is rolled back and handled again one event per
 * transaction, where a failing handler is retried with backoff, then parked and
 * reported, never skipped silently (rule 8).
 */
import { DataSource, EntityManager } from 'typeorm';
import { StoredEvent } from '@jm/event-sourcing';
import { ConsumerObserver, ConsumerOptions, EventHandler, ParkedEvent, ReplayOptions, RunningConsumer, TransactionScope } from '../bus.port';
import { decodeMessage } from '../integration-message';
import { ConsumerCheckpointEntity, ParkedEventEntity, ParkedEventRow, ProcessedEventEntity } from './consumer.entities';
import { BusLogger, defaultBusLogger } from './logger';
import { tracedHandler } from '../bus-tracing';

export const DEFAULT_MAX_ATTEMPTS = 5;
/** Most events applied in one transaction (the adapters split longer runs). */
export const DEFAULT_MAX_RUN = 250;
/**
 * A run's transaction commits once it has taken this long, and the rest of the
 * run goes on in the next one. An open transaction that has written holds back
 * the PostgreSQL store's readers (relays) until it ends when the read model
 * shares the store's cluster (docs/event-store.md), so runs stay short.
 */
export const DEFAULT_MAX_RUN_MS = 50;

/** A run gives the event loop a turn after this long (ms) of handlers in one stretch. */
const YIELD_EVERY_MS = 5;

/** Event ids per dedup read or claim statement (bounded to stay far below the drivers' parameter limits). */
const CLAIM_CHUNK = 250;

/** Backoff before retry n (1-based): 100, 200, 400, 800 ms ... capped at 2 s. */
export const defaultRetryDelayMs = (retry: number): number => Math.min(100 * 2 ** (retry - 1), 2000);

/** Consumer options the adapters accept beyond the port's. */
export type BusConsumerOptions = ConsumerOptions;

export type BusRunningConsumer = RunningConsumer;

/** Where an event was read from. */
export interface Delivery {
  topic: string;
  /** `embedded` or `topic:partition`. */
  source: string;
  /** Global position (embedded) or Kafka offset. */
  position: number | string;
}

export interface HandleHooks {
  /** Called before each retry and while waiting (Kafka: heartbeat). */
  beforeRetry?: () => Promise<void>;
  /** When true after a failed attempt, give up without recording anything: the event will be delivered again. */
  isStopping?: () => boolean;
}

export interface RunHooks extends HandleHooks {
  /** Called, in order, for each event of a run as soon as it is committed (so Kafka can commit its offset before a retry wait). */
  onRecorded?: (index: number) => void;
}

/** applied: handler ran and committed; duplicate: already processed; parked; aborted: stopping, nothing recorded. */
export type HandleOutcome = 'applied' | 'duplicate' | 'parked' | 'aborted';

/** One event of a run and where it was read. */
export interface RunItem {
  event: StoredEvent;
  delivery: Delivery;
}

/** How far a run got: `recorded` events (a prefix of the run) are committed; the rest were not touched (stopping). */
export interface RunOutcome {
  recorded: number;
  aborted: boolean;
}

export interface ConsumerCoreConfig {
  dataSource: DataSource;
  group: string;
  handler: EventHandler;
  maxAttempts?: number;
  retryDelayMs?: number | ((retry: number) => number);
  onParked?: (parked: ParkedEvent) => void;
  logger?: BusLogger;
  /** See DEFAULT_MAX_RUN_MS. */
  maxRunMs?: number;
  observer?: ConsumerObserver;
}

const isSqlite = (dataSource: DataSource): boolean => dataSource.options.type === 'better-sqlite3' || dataSource.options.type === 'sqlite';

// TypeORM's SQLite drivers share one connection and one query runner: two
// transactions interleaved on it would nest as savepoints. Serialize them.
const sqliteLocks = new WeakMap<DataSource, Promise<unknown>>();

/** Runs fn in one transaction; on SQLite, one transaction at a time per DataSource. */
export async function inTransaction<T>(dataSource: DataSource, fn: (manager: EntityManager) => Promise<T>): Promise<T> {
  if (!isSqlite(dataSource)) return dataSource.transaction(fn);
  const previous = sqliteLocks.get(dataSource) ?? Promise.resolve();
  const run = previous.catch(() => undefined).then(() => dataSource.transaction(fn));
  sqliteLocks.set(dataSource, run);
  return run;
}

export function describeError(error: unknown): string {
  if (error instanceof Error) return (error.stack ?? `${error.name}: ${error.message}`).slice(0, 8000);
  if (typeof error === 'object' && error !== null) {
    try {
      return JSON.stringify(error).slice(0, 8000);
    } catch {
      return String(error);
    }
  }
  return String(error);
}

export const toParkedEvent = (row: ParkedEventRow): ParkedEvent => ({
  group: row.group,
  eventId: row.eventId,
  eventType: row.eventType,
  streamId: row.streamId,
  topic: row.topic,
  error: row.error,
  attempts: row.attempts,
  parkedAt: row.parkedAt,
});

/** A fresh scope for one consumer transaction applying `events`, and the call that runs its flushes. */
export function transactionScope(events: readonly StoredEvent[]): { scope: TransactionScope; flush: () => Promise<void> } {
  const flushes: Array<() => Promise<void>> = [];
  const scope: TransactionScope = { memo: new Map(), beforeCommit: (fn) => void flushes.push(fn), events };
  return {
    scope,
    flush: async () => {
      // A flush may register another (rare); run until none is left.
      for (let i = 0; i < flushes.length; i++) await flushes[i]();
    },
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class ConsumerCore {
  readonly group: string;
  private readonly dataSource: DataSource;
  private readonly handler: EventHandler;
  private readonly maxAttempts: number;
  private readonly retryDelay: (retry: number) => number;
  private readonly onParked?: (parked: ParkedEvent) => void;
  private readonly maxRunMs: number;
  private readonly observer?: ConsumerObserver;
  readonly logger: BusLogger;

  constructor(config: ConsumerCoreConfig) {
    if (!config.group) throw new Error('Consumer group is required');
    this.group = config.group;
    this.dataSource = config.dataSource;
    this.handler = tracedHandler(config.group, config.handler);
    this.maxAttempts = Math.max(1, config.maxAttempts ?? DEFAULT_MAX_ATTEMPTS);
    const delay = config.retryDelayMs ?? defaultRetryDelayMs;
    this.retryDelay = typeof delay === 'number' ? () => delay : delay;
    this.onParked = config.onParked;
    this.maxRunMs = config.maxRunMs ?? DEFAULT_MAX_RUN_MS;
    this.observer = config.observer;
    this.logger = config.logger ?? defaultBusLogger();
  }

  /** The stored position of a source, or undefined when the group never handled anything there. */
  async loadCheckpoint(source: string): Promise<number | undefined> {
    const row = await this.dataSource.getRepository(ConsumerCheckpointEntity).findOne({ where: { group: this.group, source } });
    return row ? Number(row.position) : undefined;
  }

  /**
   * Handle a run of events of one source (one or more), in order. Fast path: all
   * of them in one transaction (read which ids are new, run the handler for those,
   * claim them, one checkpoint at the run's last delivery). When a handler throws, that
   * transaction is rolled back as a whole; the events before the failing one go
   * again as a run, the failing one continues with its next attempt on its own
   * (handleOne: retries, then parking; the run was its first attempt), and the
   * events after it go on as a run. So every event gets exactly the attempts it
   * always had, and none is skipped or applied twice.
   */
  async handleRun(items: RunItem[], hooks: RunHooks = {}, offset = 0): Promise<RunOutcome> {
    if (items.length === 0) return { recorded: 0, aborted: false };
    if (hooks.isStopping?.()) return { recorded: 0, aborted: true };
    let failing = -1;
    let failure: unknown;
    // Events [0, taken) go in this transaction; the rest, if it ran out of time, in the next.
    let taken = items.length;
    let applied = 0;
    const runStarted = performance.now();
    try {
      await inTransaction(this.dataSource, async (manager) => {
        const started = Date.now();
        const { scope, flush } = transactionScope(items.map((item) => item.event));
        // Dedup by a read first and claim at the end: a PostgreSQL transaction gets its
        // xid at its first write, and every append committed after that stays invisible
        // to the store's readers (relays) until it ends. Handlers that buffer their
        // writes (beforeCommit) thus hold the xid only for the final few statements.
        const seen = await this.processedAmong(
          manager,
          items.map((item) => item.event.id),
        );
        const claims: Array<{ eventId: string; at: string }> = [];
        let yielded = Date.now();
        for (let i = 0; i < items.length; i++) {
          const { event, delivery } = items[i];
          // Handlers that only touch their buffers never wait on I/O, and a run would hold the
          // event loop for all its events; let requests and the relay in every few ms.
          if (Date.now() - yielded >= YIELD_EVERY_MS) {
            await new Promise((resolve) => setImmediate(resolve));
            yielded = Date.now();
          }
          if (!seen.has(event.id)) {
            seen.add(event.id);
            claims.push({ eventId: event.id, at: new Date().toISOString() });
            failing = i;
            await this.handler(event, { manager, topic: delivery.topic, attempt: 0, transaction: scope });
            failing = -1;
          }
          if (i + 1 < items.length && Date.now() - started >= this.maxRunMs) {
            taken = i + 1;
            break;
          }
        }
        // A failing flush cannot be pinned on one event: the run goes again event by event.
        await flush();
        // Another member of the group (a rebalance) committed one of them meanwhile: roll
        // back; the events go again one by one, where the claim comes first.
        const claimed = await this.claimAllAndCheckpoint(manager, claims, items[taken - 1].delivery);
        if (claimed < claims.length)
          throw new Error(`bus: ${claims.length - claimed} event(s) of the run were claimed concurrently by another member of ${this.group}`);
        applied = claims.length;
      });
    } catch (error) {
      failure = error;
    }
    if (failure === undefined) {
      this.observer?.committed(applied, taken - applied, (performance.now() - runStarted) / 1000);
      for (let i = 0; i < taken; i++) hooks.onRecorded?.(offset + i);
      if (taken === items.length) return { recorded: taken, aborted: false };
      const rest = await this.handleRun(items.slice(taken), hooks, offset + taken);
      return { recorded: taken + rest.recorded, aborted: rest.aborted };
    }
    if (failing < 0) {
      // Not a handler but the database itself: every event once more on its own.
      this.logger.warn(
        { group: this.group, events: items.length, err: describeError(failure) },
        'bus: a run could not be committed; handling its events one by one',
      );
      for (let i = 0; i < items.length; i++) {
        if ((await this.handleOne(items[i].event, items[i].delivery, hooks)) === 'aborted') return { recorded: i, aborted: true };
        hooks.onRecorded?.(offset + i);
      }
      return { recorded: items.length, aborted: false };
    }
    const { event, delivery } = items[failing];
    this.logFailure(event, 0, failure);
    const before = await this.handleRun(items.slice(0, failing), hooks, offset);
    if (before.aborted) return before;
    const outcome = await this.handleOne(event, delivery, hooks, { nextAttempt: 1, lastError: failure });
    if (outcome === 'aborted') return { recorded: failing, aborted: true };
    hooks.onRecorded?.(offset + failing);
    const after = await this.handleRun(items.slice(failing + 1), hooks, offset + failing + 1);
    return { recorded: failing + 1 + after.recorded, aborted: after.aborted };
  }

  /**
   * Handle one event: dedup, handler, processed row and checkpoint in one
   * transaction; retry, then park. `resume` continues after attempts already
   * made elsewhere (a run's transaction).
   */
  async handleOne(
    event: StoredEvent,
    delivery: Delivery,
    hooks: HandleHooks = {},
    resume?: { nextAttempt: number; lastError: unknown },
  ): Promise<HandleOutcome> {
    let lastError: unknown = resume?.lastError;
    for (let attempt = resume?.nextAttempt ?? 0; attempt < this.maxAttempts; attempt++) {
      if (attempt > 0) {
        this.observer?.retried();
        if (hooks.isStopping?.()) return 'aborted';
        await this.waitBeforeRetry(attempt, hooks);
        if (hooks.isStopping?.()) return 'aborted';
      }
      try {
        const started = performance.now();
        const outcome = await inTransaction(this.dataSource, async (manager) => {
          // Claim the event id first: a duplicate costs one statement, and a concurrent
          // member of the group handling the same event waits on the key, then sees it.
          if (!(await this.claim(manager, event.id))) return 'duplicate' as const;
          const { scope, flush } = transactionScope([event]);
          await this.handler(event, { manager, topic: delivery.topic, attempt, transaction: scope });
          await flush();
          await this.saveCheckpoint(manager, delivery);
          return 'applied' as const;
        });
        this.observer?.committed(outcome === 'applied' ? 1 : 0, outcome === 'duplicate' ? 1 : 0, (performance.now() - started) / 1000);
        return outcome;
      } catch (error) {
        lastError = error;
        this.logFailure(event, attempt, error);
      }
    }
    return this.park({
      eventId: event.id,
      eventType: event.type,
      streamId: event.streamId,
      delivery,
      payloadFormat: 'event',
      payload: JSON.stringify(event),
      error: describeError(lastError),
      attempts: this.maxAttempts,
    });
  }

  private logFailure(event: StoredEvent, attempt: number, error: unknown): void {
    this.logger.warn(
      { group: this.group, eventId: event.id, eventType: event.type, streamId: event.streamId, attempt, err: describeError(error) },
      'bus: handler failed, the transaction was rolled back',
    );
  }

  /** A message that failed decodeMessage: parked with its raw value, keyed by where it was read. */
  async parkInvalid(raw: string | null, delivery: Delivery, error: unknown, streamId = ''): Promise<HandleOutcome> {
    return this.park({
      eventId: `invalid:${delivery.source}:${delivery.position}`,
      eventType: '(invalid message)',
      streamId,
      delivery,
      payloadFormat: 'raw',
      payload: raw ?? '',
      error: describeError(error),
      attempts: 1,
    });
  }

  /**
   * Re-runs a parked event through the handler, in one transaction with marking
   * it replayed. Throws (and leaves it parked) when the handler fails again.
   */
  async replayParked(eventId: string, options?: ReplayOptions): Promise<void> {
    await replayParked({ dataSource: this.dataSource, handler: this.handler, logger: this.logger }, this.group, eventId, options);
  }

  private async waitBeforeRetry(retry: number, hooks: HandleHooks): Promise<void> {
    let remaining = this.retryDelay(retry);
    // Heartbeat while waiting so a long backoff does not cost the Kafka group membership.
    while (remaining > 0) {
      const step = Math.min(remaining, 1000);
      await sleep(step);
      remaining -= step;
      if (hooks.isStopping?.()) return;
      await hooks.beforeRetry?.();
    }
  }

  /** Inserts the processed row; false when the group already has it. One statement on both databases. */
  private async claim(manager: EntityManager, eventId: string): Promise<boolean> {
    const { sql, params } = this.statements(manager).claim(eventId);
    const rows = (await manager.query(sql, params)) as unknown[];
    return rows.length === 1;
  }

  /** Which of these event ids the group has processed (a read: no row lock, no xid). */
  private async processedAmong(manager: EntityManager, eventIds: string[]): Promise<Set<string>> {
    const found = new Set<string>();
    for (let i = 0; i < eventIds.length; i += CLAIM_CHUNK) {
      const { sql, params } = this.statements(manager).processed(eventIds.slice(i, i + CLAIM_CHUNK));
      const rows = (await manager.query(sql, params)) as Array<{ event_id: string }>;
      for (const row of rows) found.add(row.event_id);
    }
    return found;
  }

  /** Inserts the processed rows of a run; returns how many were new (the rest the group already had). */
  private async claimAll(manager: EntityManager, claims: Array<{ eventId: string; at: string }>): Promise<number> {
    let claimed = 0;
    for (let i = 0; i < claims.length; i += CLAIM_CHUNK) {
      const { sql, params } = this.statements(manager).claimMany(claims.slice(i, i + CLAIM_CHUNK));
      claimed += ((await manager.query(sql, params)) as unknown[]).length;
    }
    return claimed;
  }

  /**
   * The run's processed rows and its checkpoint; returns how many rows were new. On PostgreSQL one statement (the
   * checkpoint upsert in a data-modifying WITH, which runs whether or not the insert reads it): every statement is a
   * round trip, and a run pays this at its end, while it holds an xid. A caller that finds fewer new rows than
   * claims rolls the transaction back, checkpoint included.
   */
  private async claimAllAndCheckpoint(manager: EntityManager, claims: Array<{ eventId: string; at: string }>, delivery: Delivery): Promise<number> {
    const statements = this.statements(manager);
    if (statements.claimManyAndCheckpoint && claims.length > 0 && claims.length <= CLAIM_CHUNK) {
      const { sql, params } = statements.claimManyAndCheckpoint(claims, delivery);
      return ((await manager.query(sql, params)) as unknown[]).length;
    }
    const claimed = await this.claimAll(manager, claims);
    await this.saveCheckpoint(manager, delivery);
    return claimed;
  }

  private async saveCheckpoint(manager: EntityManager, delivery: Delivery): Promise<void> {
    const { sql, params } = this.statements(manager).checkpoint(delivery);
    await manager.query(sql, params);
  }

  private statementsCache?: ReturnType<ConsumerCore['buildStatements']>;
  private statements(manager: EntityManager) {
    this.statementsCache ??= this.buildStatements(manager);
    return this.statementsCache;
  }

  // Plain SQL valid on PostgreSQL and SQLite (ON CONFLICT, RETURNING), with the
  // driver's placeholders and the tables' schema-qualified paths.
  private buildStatements(manager: EntityManager) {
    const driver = manager.connection.driver;
    const table = (entity: typeof ProcessedEventEntity | typeof ConsumerCheckpointEntity) =>
      manager.connection
        .getMetadata(entity)
        .tablePath.split('.')
        .map((part) => driver.escape(part))
        .join('.');
    const p = (i: number) => driver.createParameter(`p${i}`, i);
    const processed = table(ProcessedEventEntity);
    const checkpoints = table(ConsumerCheckpointEntity);
    const checkpointSqlAt = (at: number) =>
      `INSERT INTO ${checkpoints} (consumer_group, source, position, updated_at) VALUES (${p(at)}, ${p(at + 1)}, ${p(at + 2)}, ${p(at + 3)}) ` +
      `ON CONFLICT (consumer_group, source) DO UPDATE SET position = excluded.position, updated_at = excluded.updated_at`;
    const checkpointSql = checkpointSqlAt(0);
    const list = (n: number, width: number, from: number, each: (at: number) => string) =>
      Array.from({ length: n }, (_, i) => each(from + i * width)).join(', ');
    const claimManySql = (n: number) =>
      `INSERT INTO ${processed} (consumer_group, event_id, processed_at) VALUES ${list(n, 3, 0, (at) => `(${p(at)}, ${p(at + 1)}, ${p(at + 2)})`)} ` +
      'ON CONFLICT DO NOTHING RETURNING event_id';
    const claimParams = (claims: Array<{ eventId: string; at: string }>) => claims.flatMap((c) => [this.group, c.eventId, c.at]);
    const claimSql = claimManySql(1);
    const checkpointParams = (delivery: Delivery) => [this.group, delivery.source, String(delivery.position), new Date().toISOString()];
    return {
      claim: (eventId: string) => ({ sql: claimSql, params: claimParams([{ eventId, at: new Date().toISOString() }]) }),
      processed: (eventIds: string[]) => ({
        sql: `SELECT event_id FROM ${processed} WHERE consumer_group = ${p(0)} AND event_id IN (${list(eventIds.length, 1, 1, p)})`,
        params: [this.group, ...eventIds],
      }),
      claimMany: (claims: Array<{ eventId: string; at: string }>) => ({ sql: claimManySql(claims.length), params: claimParams(claims) }),
      checkpoint: (delivery: Delivery) => ({ sql: checkpointSql, params: checkpointParams(delivery) }),
      // PostgreSQL only: SQLite has no data-modifying WITH (and no round trips to save).
      claimManyAndCheckpoint:
        manager.connection.options.type === 'postgres'
          ? (claims: Array<{ eventId: string; at: string }>, delivery: Delivery) => ({
              sql: `WITH checkpoint AS (${checkpointSqlAt(claims.length * 3)}) ${claimManySql(claims.length)}`,
              params: [...claimParams(claims), ...checkpointParams(delivery)],
            })
          : undefined,
    };
  }

  private async park(input: {
    eventId: string;
    eventType: string;
    streamId: string;
    delivery: Delivery;
    payloadFormat: ParkedEventRow['payloadFormat'];
    payload: string;
    error: string;
    attempts: number;
  }): Promise<HandleOutcome> {
    const row: ParkedEventRow = {
      group: this.group,
      eventId: input.eventId,
      eventType: input.eventType,
      streamId: input.streamId,
      topic: input.delivery.topic,
      source: input.delivery.source,
      position: String(input.delivery.position),
      payloadFormat: input.payloadFormat,
      payload: input.payload,
      error: input.error,
      attempts: input.attempts,
      parkedAt: new Date().toISOString(),
      status: 'parked',
      replayedAt: null,
    };
    const outcome = await inTransaction(this.dataSource, async (manager) => {
      // Another member of the group may have handled it meanwhile (rebalance).
      if (!(await this.claim(manager, input.eventId))) return 'duplicate' as const;
      await manager.getRepository(ParkedEventEntity).insert(row);
      await this.saveCheckpoint(manager, input.delivery);
      return 'parked' as const;
    });
    if (outcome === 'parked') this.observer?.parked();
    if (outcome !== 'parked') return outcome;
    const parked = toParkedEvent(row);
    this.logger.error(
      { ...parked, source: row.source, position: row.position, error: input.error },
      'bus: event parked after its handler kept failing; replay it with replayParked once fixed',
    );
    try {
      this.onParked?.(parked);
    } catch (error) {
      this.logger.error({ group: this.group, eventId: input.eventId, err: describeError(error) }, 'bus: onParked callback threw');
    }
    return 'parked';
  }
}

export interface ReplayDeps {
  dataSource: DataSource;
  handler: EventHandler;
  logger?: BusLogger;
}

/** Parked events of a group, oldest first (for operators and tests). */
export async function listParked(dataSource: DataSource, group: string, status?: ParkedEventRow['status']): Promise<ParkedEventRow[]> {
  return dataSource.getRepository(ParkedEventEntity).find({
    where: status ? { group, status } : { group },
    order: { parkedAt: 'ASC' },
  });
}

/**
 * Re-runs a parked event through the handler and marks it replayed, in one
 * transaction. A raw (undecodable) payload is decoded again first; if it still
 * fails, or the handler throws, nothing changes and the error is thrown.
 */
export async function replayParked(deps: ReplayDeps, group: string, eventId: string, options: ReplayOptions = {}): Promise<void> {
  const logger = deps.logger ?? defaultBusLogger();
  await inTransaction(deps.dataSource, async (manager) => {
    const parkedRepo = manager.getRepository(ParkedEventEntity);
    const row = await parkedRepo.findOne({ where: { group, eventId } });
    if (!row) throw new Error(`No parked event ${eventId} in group ${group}`);
    if (row.status !== 'parked') throw new Error(`Event ${eventId} of group ${group} is ${row.status}, not parked`);
    const event: StoredEvent = row.payloadFormat === 'raw' ? decodeMessage(row.payload) : (JSON.parse(row.payload) as StoredEvent);
    let run = true;
    if (row.payloadFormat === 'raw') {
      // The decoded event has its own id: apply it only if the group has not seen it.
      const processed = manager.getRepository(ProcessedEventEntity);
      run = !(await processed.exists({ where: { group, eventId: event.id } }));
      if (run) await processed.insert({ group, eventId: event.id, processedAt: new Date().toISOString() });
    }
    if (run) {
      const { scope, flush } = transactionScope([event]);
      await deps.handler(event, { manager, topic: row.topic, attempt: row.attempts, transaction: scope });
      await flush();
    }
    await options.beforeMarked?.();
    const replayedAt = new Date().toISOString();
    const result = await parkedRepo.update({ group, eventId, status: 'parked' }, { status: 'replayed', replayedAt });
    if (result.affected !== undefined && result.affected !== 1) throw new Error(`Event ${eventId} of group ${group} was replayed concurrently`);
  });
  logger.info({ group, eventId }, 'bus: parked event replayed');
}
