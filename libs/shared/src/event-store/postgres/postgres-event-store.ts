/**
 * PostgreSQL event store (pg). One append is one transaction: read the stream
 * head, check the expected version, then jm_append inserts the chained rows with
 * positions allocated in transaction-id order (see postgres-schema.ts). Unique
 * constraints on (stream, version) and on event id make concurrent appends with
 * the same expected version and retried appends safe.
 */
import { Pool, PoolClient } from 'pg';
import { NewEvent, StoredEvent } from '../envelope';
import {
  AppendResult,
  BatchHandler,
  CheckpointStore,
  EventStore,
  ExpectedVersion,
  LeaseStore,
  ReadAllOptions,
  SubscribeOptions,
  Subscription,
} from '../event-store.port';
import { DuplicateEventIdError, WrongExpectedVersionError } from '../errors';
import { checkExpected, isSameAppend, prepareEvents, validateAppend } from '../append-input';
import { startPollingSubscription, Waker } from '../polling-subscription';
import { prefixFilter, rowToEvent } from '../sqlite/sqlite-event-store';
import { ident, migrations } from './postgres-schema';

export interface PostgresEventStoreOptions {
  url: string;
  schema?: string;
  poolSize?: number;
  pollIntervalMs?: number;
  /** Test hook: runs inside the append transaction before COMMIT (holds it open). */
  beforeCommit?: () => Promise<void> | void;
}

const EVENT_COLUMNS = `position, event_id, stream_id, stream_version, type, schema_version, data, time, correlation_id,
  causation_id, actor_agency, actor_user, prev_hash, hash, hash_alg`;

export class PostgresEventStore implements EventStore {
  readonly leases: LeaseStore;
  readonly checkpoints: CheckpointStore;
  private readonly waker = new Waker();
  private readonly subscriptions = new Set<Subscription>();
  private readonly s: string;
  private closed = false;

  private constructor(readonly pool: Pool, readonly schema: string, private readonly options: PostgresEventStoreOptions) {
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
    const client = await this.pool.connect();
    let broken = false;
    try {
      await client.query('BEGIN');
      const head = await client.query(
        `SELECT (SELECT stream_version FROM ${this.s}.events WHERE stream_id = $1 ORDER BY stream_version DESC LIMIT 1) AS version,
                (SELECT hash FROM ${this.s}.events WHERE stream_id = $1 ORDER BY stream_version DESC LIMIT 1) AS hash,
                EXISTS (SELECT 1 FROM ${this.s}.events WHERE event_id = ANY($2::uuid[])) AS retried`,
        [streamId, events.map((e) => e.id)],
      );
      const { version, hash, retried } = head.rows[0] as { version: string | null; hash: string | null; retried: boolean };
      if (retried) {
        await client.query('ROLLBACK');
        return await this.retriedAppend(client, streamId, events);
      }
      const current = version === null ? undefined : Number(version);
      checkExpected(streamId, expectedVersion, current);
      const prepared = prepareEvents(streamId, events, current, hash ?? '');
      const col = <T>(pick: (p: (typeof prepared)[number]) => T) => prepared.map(pick);
      const inserted = await client.query(
        `SELECT ${this.s}.jm_append($1, $2, $3::uuid[], $4::text[], $5::int[], $6::text[], $7::text[], $8::text[], $9::text[],
           $10::text[], $11::text[], $12::text[], $13::text[]) AS position`,
        [
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
        ],
      );
      if (this.options.beforeCommit) await this.options.beforeCommit();
      await client.query('COMMIT');
      this.waker.wake();
      return { nextExpectedVersion: prepared[prepared.length - 1].streamVersion, position: Number(inserted.rows[0].position) };
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {
        broken = true;
      });
      // A cancel between lock and unlock inside jm_append would leave the session lock held.
      await client.query('SELECT pg_advisory_unlock_all()').catch(() => {
        broken = true;
      });
      throw this.translate(error, streamId, expectedVersion, events);
    } finally {
      client.release(broken);
    }
  }

  private translate(error: unknown, streamId: string, expected: ExpectedVersion, events: NewEvent[]): unknown {
    const pgError = error as { code?: string; constraint?: string };
    if (pgError.code === '23505' && pgError.constraint === 'events_stream_version_uq') {
      return new WrongExpectedVersionError(streamId, expected, 'changed concurrently');
    }
    if (pgError.code === '23505' && pgError.constraint === 'events_event_id_uq') {
      // Raced with a retry of the same append that committed first; the caller retries and gets the idempotent answer.
      return new DuplicateEventIdError(events[0].id, 'stored concurrently by another append; retry to get its result');
    }
    return error;
  }

  private async retriedAppend(client: PoolClient, streamId: string, events: NewEvent[]): Promise<AppendResult> {
    const { rows } = await client.query(
      `SELECT event_id, stream_id, stream_version, position FROM ${this.s}.events WHERE event_id = ANY($1::uuid[])`,
      [events.map((e) => e.id)],
    );
    const stored = rows.map((r) => ({
      id: r.event_id as string,
      streamId: r.stream_id as string,
      streamVersion: Number(r.stream_version),
      position: Number(r.position),
    }));
    if (!isSameAppend(streamId, events, stored)) {
      const clash = stored[0];
      throw new DuplicateEventIdError(clash.id, `stored in ${clash.streamId} at version ${clash.streamVersion}, not as this append`);
    }
    const last = stored.reduce((a, b) => (a.streamVersion > b.streamVersion ? a : b));
    return { nextExpectedVersion: last.streamVersion, position: last.position };
  }

  async readStream(streamId: string, fromVersion = 0): Promise<StoredEvent[]> {
    this.assertOpen();
    const { rows } = await this.pool.query(
      `SELECT ${EVENT_COLUMNS} FROM ${this.s}.events WHERE stream_id = $1 AND stream_version >= $2 ORDER BY stream_version`,
      [streamId, fromVersion],
    );
    return rows.map(rowToEvent);
  }

  async readAll(options: ReadAllOptions = {}): Promise<StoredEvent[]> {
    return this.readPage(options.from ?? 0, options.limit ?? 1000, options.streamPrefixes);
  }

  private async readPage(from: number, limit: number, prefixes?: string[]): Promise<StoredEvent[]> {
    this.assertOpen();
    const filter = prefixFilter(prefixes, (i) => `$${i + 3}`);
    const { rows } = await this.pool.query(
      `SELECT ${EVENT_COLUMNS} FROM ${this.s}.events
       WHERE position > $1 AND transaction_id < pg_snapshot_xmin(pg_current_snapshot())${filter.sql}
       ORDER BY position LIMIT $2`,
      [from, limit, ...filter.params],
    );
    return rows.map(rowToEvent);
  }

  subscribe(handler: BatchHandler, options: SubscribeOptions = {}): Subscription {
    const subscription = startPollingSubscription(
      { readPage: (from, limit, prefixes) => this.readPage(from, limit, prefixes) },
      this.waker,
      handler,
      { ...options, pollIntervalMs: this.options.pollIntervalMs },
    );
    this.subscriptions.add(subscription);
    subscription.done.finally(() => this.subscriptions.delete(subscription)).catch(() => undefined);
    return subscription;
  }

  async headPosition(): Promise<number> {
    this.assertOpen();
    const { rows } = await this.pool.query(
      `SELECT position FROM ${this.s}.events WHERE transaction_id < pg_snapshot_xmin(pg_current_snapshot())
       ORDER BY position DESC LIMIT 1`,
    );
    return rows.length ? Number(rows[0].position) : 0;
  }

  async ping(): Promise<void> {
    this.assertOpen();
    await this.pool.query('SELECT 1');
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await Promise.all([...this.subscriptions].map((s) => s.stop()));
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
  constructor(private readonly pool: Pool, private readonly s: string) {}

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
  constructor(private readonly pool: Pool, private readonly s: string) {}

  async load(name: string): Promise<number> {
    const { rows } = await this.pool.query(`SELECT position FROM ${this.s}.checkpoints WHERE name = $1`, [name]);
    return rows.length ? Number(rows[0].position) : 0;
  }

  async save(name: string, position: number): Promise<void> {
    await this.pool.query(
      `INSERT INTO ${this.s}.checkpoints (name, position, updated_at) VALUES ($1, $2, now())
       ON CONFLICT (name) DO UPDATE SET position = EXCLUDED.position, updated_at = EXCLUDED.updated_at`,
      [name, position],
    );
  }
}
