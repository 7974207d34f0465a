/**
 * PostgreSQL event store (pg). One append is one autocommit INSERT of the chained
 * rows at head+1.., positions derived from the transaction id (see
 * postgres-schema.ts). The unique constraint on (stream, version) is
 * the version check: if the head moved, revision head+1 is taken and the insert
 * fails. The head's revision and hash come from a bounded cache filled by appends
 * and stream reads (a command handler always reads the stream first); on a miss
 * one read of the head. The unique event id makes a retried append a no-op.
 */
import { Pool } from 'pg';
import { NewEvent, ProjectionEvent, StoredEvent } from '../envelope';
import {
  AppendResult,
  BatchHandler,
  CheckpointStore,
  checkPartition,
  EventStore,
  ExpectedVersion,
  LeaseStore,
  ProjectionReadOptions,
  ReadAllOptions,
  SubscribeOptions,
  Subscription,
} from '../event-store.port';
import { WrongExpectedVersionError } from '../errors';
import { checkExpected, metadataText, PreparedEvent, prepareEvents, retriedAppendResult, validateAppend } from '../append-input';
import { PollingSubscriptions } from '../polling-subscription';
import { prefixFilter } from '../sqlite/sqlite-event-store';
import { ident, insertManySql, insertOneSql, migrations } from './postgres-schema';

export interface PostgresEventStoreOptions {
  url: string;
  schema?: string;
  poolSize?: number;
  pollIntervalMs?: number;
  /** Test hook: runs inside the append transaction before COMMIT (holds it open). */
  beforeCommit?: () => Promise<void> | void;
}

interface Head {
  version: number;
  hash: string;
}

const HEAD_CACHE_MAX = 10_000;
/** Tries of an 'any' append that keeps losing races for the head. */
const ANY_RETRIES = 10;

/**
 * Read in this order and decoded by index (rowMode 'array': pg builds no keyed
 * object per row). The envelope's short text fields come joined by the unit
 * separator U+001F (validation keeps control characters out of them) and are
 * split in one native call: reading the log is bound by the client's per-column
 * cost, and this halves the columns.
 */
const EVENT_COLUMNS = `position, stream_version, data, concat_ws(E'\\x1f', event_id, stream_id, type, time, actor_agency, actor_user,
  correlation_id, causation_id, prev_hash, hash, hash_alg), schema_version, metadata`;

/**
 * What readAllForProjection reads: the same layout cut after the fields of a
 * ProjectionEvent (less to send, decode and collect).
 */
const PROJECTION_COLUMNS = `position, stream_version, data, concat_ws(E'\\x1f', event_id, stream_id, type, time, actor_agency)`;

/** The fields both layouts start with; `f` is the row's joined text fields, split. */
function decodeProjectionFields(r: unknown[], f: string[]): ProjectionEvent {
  return {
    position: Number(r[0]),
    id: f[0],
    streamId: f[1],
    streamVersion: Number(r[1]),
    type: f[2],
    data: JSON.parse(r[2] as string),
    time: f[3],
    actor: { agency: f[4] },
  };
}

function decodeProjectionRow(r: unknown[]): ProjectionEvent {
  return decodeProjectionFields(r, (r[3] as string).split('\x1f'));
}

/**
 * The projection's fields completed in place. Not `{ ...event, more }`: V8 copies a
 * spread source into a fresh object and then adds each further property on a slow
 * path, ~10 µs per event here, which made read-all 3x slower (docs/benchmarks.md).
 */
function decodeRow(r: unknown[]): StoredEvent {
  const f = (r[3] as string).split('\x1f');
  const event: StoredEvent = Object.assign(decodeProjectionFields(r, f), {
    schemaVersion: r[4] as number,
    actor: { agency: f[4], user: f[5] },
    correlationId: f[6],
    causationId: f[7],
    prevHash: f[8],
    hash: f[9],
    hashAlg: f[10] as 'SM3',
  });
  // Apart from the joined fields: concat_ws skips a NULL, and most events have none.
  if (r[5] !== null) event.metadata = JSON.parse(r[5] as string);
  return event;
}

export class PostgresEventStore implements EventStore {
  readonly leases: LeaseStore;
  readonly checkpoints: CheckpointStore;
  private readonly live: PollingSubscriptions;
  private readonly s: string;
  private readonly heads = new Map<string, Head>();
  private closed = false;

  private constructor(
    readonly pool: Pool,
    readonly schema: string,
    private readonly options: PostgresEventStoreOptions,
  ) {
    this.live = new PollingSubscriptions({ readPage: (from, limit, prefixes) => this.readPage(from, limit, prefixes) }, options.pollIntervalMs);
    this.s = ident(schema);
    this.leases = new PostgresLeases(pool, this.s);
    this.checkpoints = new PostgresCheckpoints(pool, this.s);
  }

  static async connect(options: PostgresEventStoreOptions): Promise<PostgresEventStore> {
    const schema = options.schema ?? 'public';
    const pool = new Pool({ connectionString: options.url, max: options.poolSize ?? 10 });
    // An idle client that errors (server restart) must not crash the process; the next query reconnects.
    pool.on('error', () => undefined);
    try {
      await migrate(pool, schema);
    } catch (error) {
      await pool.end();
      throw error;
    }
    return new PostgresEventStore(pool, schema, options);
  }

  async append(streamId: string, events: NewEvent[], expectedVersion: ExpectedVersion): Promise<AppendResult> {
    validateAppend(streamId, events, expectedVersion);
    this.assertOpen();
    for (let attempt = 0; ; attempt++) {
      // The head to chain from: none for a new stream; the cached head when the caller
      // expects exactly it (the usual load-then-append); else one read of the head.
      const cached = this.heads.get(streamId);
      let head: Head | undefined;
      if (expectedVersion === 'no_stream') head = undefined;
      else if (cached && (cached.version === expectedVersion || (expectedVersion === 'any' && attempt === 0))) head = cached;
      else {
        head = await this.readHead(streamId);
        checkExpected(streamId, expectedVersion, head?.version);
      }
      const prepared = prepareEvents(streamId, events, head?.version, head?.hash ?? '');
      try {
        const position = await this.insert(streamId, prepared);
        const last = prepared[prepared.length - 1];
        this.remember(streamId, { version: last.streamVersion, hash: last.hash });
        this.live.wake();
        return { nextExpectedVersion: last.streamVersion, position };
      } catch (error) {
        if ((error as { code?: string }).code !== '23505') throw error;
        // Either revision head+1 or one of the ids is taken. Ids taken: a retried append
        // (answered from what is stored) or a misuse (refused). Otherwise the head moved:
        // 'any' tries again from the real head, a stale cache is re-read once, and an
        // exact expectation that no longer holds is the caller's conflict.
        this.heads.delete(streamId);
        if (await this.anyStored(events)) return await this.retriedAppend(streamId, events);
        if (expectedVersion === 'any' && attempt < ANY_RETRIES) continue;
        if (head === cached && head !== undefined && attempt === 0) continue;
        const actual = await this.readHead(streamId);
        throw new WrongExpectedVersionError(streamId, expectedVersion, actual?.version ?? 'no_stream');
      }
    }
  }

  /** One statement, autocommit; inside a transaction only when the test hook must hold it open. */
  private async insert(streamId: string, prepared: PreparedEvent[]): Promise<number> {
    const one = prepared.length === 1;
    const col = <T>(pick: (p: PreparedEvent) => T): T | T[] => (one ? pick(prepared[0]) : prepared.map(pick));
    const statement = {
      // Named: parsed and planned once per connection.
      name: `jm_append_${one ? 'one' : 'many'}:${this.schema}`,
      text: one ? insertOneSql(this.schema) : insertManySql(this.schema),
      values: [
        streamId,
        prepared[0].streamVersion,
        col((p) => p.event.id),
        col((p) => p.event.type),
        col((p) => p.event.schemaVersion),
        col((p) => p.dataText),
        col((p) => p.event.time),
        col((p) => p.event.correlationId),
        col((p) => p.event.causationId),
        col((p) => p.event.actor.agency),
        col((p) => p.event.actor.user),
        col((p) => p.prevHash),
        col((p) => p.hash),
        col((p) => metadataText(p.event)),
      ],
    };
    const hold = this.options.beforeCommit;
    if (!hold) {
      const { rows } = await this.pool.query(statement);
      return Number(rows[0].position);
    }
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const { rows } = await client.query(statement);
      await hold();
      await client.query('COMMIT');
      return Number(rows[0].position);
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  private async readHead(streamId: string): Promise<Head | undefined> {
    const { rows } = await this.pool.query({
      name: `jm_head:${this.schema}`,
      text: `SELECT stream_version, hash FROM ${this.s}.events WHERE stream_id = $1 ORDER BY stream_version DESC LIMIT 1`,
      values: [streamId],
    });
    return rows.length ? { version: Number(rows[0].stream_version), hash: rows[0].hash as string } : undefined;
  }

  /** Bounded, most-recently-used cache of stream heads this process has seen. */
  private remember(streamId: string, head: Head): void {
    this.heads.delete(streamId);
    this.heads.set(streamId, head);
    if (this.heads.size > HEAD_CACHE_MAX) this.heads.delete(this.heads.keys().next().value as string);
  }

  private async anyStored(events: NewEvent[]): Promise<boolean> {
    const { rows } = await this.pool.query(`SELECT 1 FROM ${this.s}.events WHERE event_id = ANY($1::uuid[]) LIMIT 1`, [events.map((e) => e.id)]);
    return rows.length > 0;
  }

  private async retriedAppend(streamId: string, events: NewEvent[]): Promise<AppendResult> {
    const { rows } = await this.pool.query(
      `SELECT event_id, stream_id, stream_version, position FROM ${this.s}.events WHERE event_id = ANY($1::uuid[])`,
      [events.map((e) => e.id)],
    );
    const stored = rows.map((r) => ({
      id: r.event_id as string,
      streamId: r.stream_id as string,
      streamVersion: Number(r.stream_version),
      position: Number(r.position),
    }));
    return retriedAppendResult(streamId, events, stored);
  }

  async readStream(streamId: string, fromVersion = 0): Promise<StoredEvent[]> {
    this.assertOpen();
    const { rows } = await this.pool.query({
      name: `jm_stream:${this.schema}`,
      text: `SELECT ${EVENT_COLUMNS} FROM ${this.s}.events WHERE stream_id = $1 AND stream_version >= $2 ORDER BY stream_version`,
      values: [streamId, fromVersion],
      rowMode: 'array',
    });
    const events = rows.map(decodeRow);
    const last = events[events.length - 1];
    if (last) this.remember(streamId, { version: last.streamVersion, hash: last.hash });
    return events;
  }

  async readAll(options: ReadAllOptions = {}): Promise<StoredEvent[]> {
    return this.readPage(options.from ?? 0, options.limit ?? 1000, options.streamPrefixes);
  }

  async readAllForProjection(options: ProjectionReadOptions = {}): Promise<ProjectionEvent[]> {
    checkPartition(options.partition);
    return this.queryPage(
      'projection',
      PROJECTION_COLUMNS,
      decodeProjectionRow,
      options.from ?? 0,
      options.limit ?? 1000,
      options.streamPrefixes,
      options.partition,
    );
  }

  private readPage(from: number, limit: number, prefixes?: string[]): Promise<StoredEvent[]> {
    return this.queryPage('page', EVENT_COLUMNS, decodeRow, from, limit, prefixes);
  }

  private async queryPage<T>(
    kind: string,
    columns: string,
    decode: (row: unknown[]) => T,
    from: number,
    limit: number,
    prefixes?: string[],
    partition?: ProjectionReadOptions['partition'],
  ): Promise<T[]> {
    this.assertOpen();
    const filter = prefixFilter(prefixes, (i) => `$${i + 3}`);
    const values: unknown[] = [from, limit, ...filter.params];
    let share = '';
    if (partition) {
      // The last character's code point: the same for every stream of one id (see ProjectionReadOptions).
      share = ` AND ascii(right(stream_id, 1)) % $${values.length + 1} = $${values.length + 2}`;
      values.push(partition.count, partition.index);
    }
    const { rows } = await this.pool.query({
      name: `jm_${kind}:${this.schema}:${prefixes?.length ?? 0}${partition ? ':share' : ''}`,
      // Only rows of transactions that have all ended (see postgres-schema.ts); xmin evaluated once per page.
      text: `SELECT ${columns} FROM ${this.s}.events
       WHERE position > $1 AND transaction_id < (SELECT pg_snapshot_xmin(pg_current_snapshot()))${filter.sql}${share}
       ORDER BY position LIMIT $2`,
      values,
      rowMode: 'array',
    });
    return rows.map(decode);
  }

  subscribe(handler: BatchHandler, options: SubscribeOptions = {}): Subscription {
    this.assertOpen();
    return this.live.start(handler, options);
  }

  async headPosition(): Promise<number> {
    this.assertOpen();
    const { rows } = await this.pool.query(
      `SELECT position FROM ${this.s}.events WHERE transaction_id < pg_snapshot_xmin(pg_current_snapshot())
       ORDER BY position DESC LIMIT 1`,
    );
    return rows.length ? Number(rows[0].position) : 0;
  }

  /** The server's connection string, for a worker thread that opens a store of its own on the same schema. */
  get url(): string {
    return this.options.url;
  }

  async ping(): Promise<void> {
    this.assertOpen();
    await this.pool.query('SELECT 1');
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await this.live.stopAll();
    this.closed = true;
    await this.pool.end();
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('PostgresEventStore is closed');
  }
}

async function migrate(pool: Pool, schema: string): Promise<void> {
  const s = ident(schema);
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock(hashtext($1))', [`jm-es-migrate:${schema}`]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${s}`);
    await client.query(`CREATE TABLE IF NOT EXISTS ${s}.schema_migrations (version int PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`);
    const { rows } = await client.query(`SELECT COALESCE(MAX(version), 0) AS v FROM ${s}.schema_migrations`);
    const steps = migrations(schema);
    for (let v = Number(rows[0].v) + 1; v <= steps.length; v++) {
      await client.query('BEGIN');
      await client.query(steps[v - 1]);
      await client.query(`INSERT INTO ${s}.schema_migrations (version) VALUES ($1)`, [v]);
      await client.query('COMMIT');
    }
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await client.query('SELECT pg_advisory_unlock_all()').catch(() => undefined);
    client.release();
  }
}

class PostgresLeases implements LeaseStore {
  constructor(
    private readonly pool: Pool,
    private readonly s: string,
  ) {}

  async tryAcquire(name: string, owner: string, ttlMs: number): Promise<boolean> {
    const { rows } = await this.pool.query(
      `INSERT INTO ${this.s}.leases (name, owner, expires_at) VALUES ($1, $2, now() + $3 * interval '1 millisecond')
       ON CONFLICT (name) DO UPDATE SET owner = EXCLUDED.owner, expires_at = EXCLUDED.expires_at
       WHERE ${this.s}.leases.expires_at < now() OR ${this.s}.leases.owner = EXCLUDED.owner
       RETURNING owner`,
      [name, owner, ttlMs],
    );
    return rows[0]?.owner === owner;
  }

  async renew(name: string, owner: string, ttlMs: number): Promise<boolean> {
    const result = await this.pool.query(
      `UPDATE ${this.s}.leases SET expires_at = now() + $3 * interval '1 millisecond' WHERE name = $1 AND owner = $2`,
      [name, owner, ttlMs],
    );
    return result.rowCount === 1;
  }

  async release(name: string, owner: string): Promise<void> {
    await this.pool.query(`DELETE FROM ${this.s}.leases WHERE name = $1 AND owner = $2`, [name, owner]);
  }
}

class PostgresCheckpoints implements CheckpointStore {
  constructor(
    private readonly pool: Pool,
    private readonly s: string,
  ) {}

  async load(name: string): Promise<number> {
    const { rows } = await this.pool.query(`SELECT position FROM ${this.s}.checkpoints WHERE name = $1`, [name]);
    return rows.length ? Number(rows[0].position) : 0;
  }

  /**
   * Commits without waiting for the WAL flush (synchronous_commit off for this one transaction, set inside the
   * statement): a checkpoint says how far an at-least-once reader got, so one lost in a server crash only makes
   * the reader read again what it had read since (at most wal_writer_delay × 3 of saves), and the reader (the
   * relay saves once per batch) does not wait for a disk flush per save. Visible to every session at once, like
   * any commit.
   */
  async save(name: string, position: number): Promise<void> {
    await this.pool.query(
      `WITH no_flush_wait AS (SELECT set_config('synchronous_commit', 'off', true))
       INSERT INTO ${this.s}.checkpoints (name, position, updated_at) SELECT $1, $2, now() FROM no_flush_wait
       ON CONFLICT (name) DO UPDATE SET position = EXCLUDED.position, updated_at = EXCLUDED.updated_at`,
      [name, position],
    );
  }
}
