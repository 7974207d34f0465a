/**
 * Embedded event store on one SQLite file (WAL). Writers serialise with
 * BEGIN IMMEDIATE, so positions are handed out in commit order and a reader of
 * the global log can never see a later position before an earlier one. The four
 * embedded services share the file; busy_timeout makes a writer wait its turn.
 */
import Database from 'better-sqlite3';
import { preparePrivateDatabaseFile } from '../../private-files';
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
import { checkExpected, metadataText, prepareEvents, retriedAppendResult, validateAppend } from '../append-input';
import { HASH_ALG } from '../hash';
import { PollingSubscriptions } from '../polling-subscription';

export interface SqliteEventStoreOptions {
  path: string;
  /** 'FULL' survives power loss; 'NORMAL' survives a process crash only. Default FULL. */
  synchronous?: 'FULL' | 'NORMAL';
  busyTimeoutMs?: number;
  pollIntervalMs?: number;
  /** Test hook: runs inside the write transaction before COMMIT (holds it open). */
  beforeCommit?: () => Promise<void> | void;
}

const MIGRATIONS: string[] = [
  `CREATE TABLE events (
     position INTEGER PRIMARY KEY AUTOINCREMENT,
     event_id TEXT NOT NULL UNIQUE,
     stream_id TEXT NOT NULL,
     stream_version INTEGER NOT NULL,
     type TEXT NOT NULL,
     schema_version INTEGER NOT NULL,
     data TEXT NOT NULL,
     time TEXT NOT NULL,
     correlation_id TEXT NOT NULL,
     causation_id TEXT NOT NULL,
     actor_agency TEXT NOT NULL,
     actor_user TEXT NOT NULL,
     prev_hash TEXT NOT NULL,
     hash TEXT NOT NULL,
     hash_alg TEXT NOT NULL,
     recorded_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
     UNIQUE (stream_id, stream_version)
   );
   CREATE TABLE checkpoints (name TEXT PRIMARY KEY, position INTEGER NOT NULL, updated_at TEXT NOT NULL);
   CREATE TABLE leases (name TEXT PRIMARY KEY, owner TEXT NOT NULL, expires_at INTEGER NOT NULL);`,
  // Trace context of the append (EventMetadata), outside the hash chain; NULL on earlier events.
  `ALTER TABLE events ADD COLUMN metadata TEXT`,
];

interface EventRow {
  position: number;
  event_id: string;
  stream_id: string;
  stream_version: number;
  type: string;
  schema_version: number;
  data: string;
  time: string;
  correlation_id: string;
  causation_id: string;
  actor_agency: string;
  actor_user: string;
  prev_hash: string;
  hash: string;
  hash_alg: string;
  metadata: string | null;
}

export function rowToEvent(row: EventRow): StoredEvent {
  const event: StoredEvent = {
    id: row.event_id,
    type: row.type,
    schemaVersion: row.schema_version,
    streamId: row.stream_id,
    streamVersion: Number(row.stream_version),
    position: Number(row.position),
    time: row.time,
    correlationId: row.correlation_id,
    causationId: row.causation_id,
    actor: { agency: row.actor_agency, user: row.actor_user },
    data: JSON.parse(row.data),
    prevHash: row.prev_hash,
    hash: row.hash,
    hashAlg: row.hash_alg as 'SM3',
  };
  if (row.metadata !== null && row.metadata !== undefined) event.metadata = JSON.parse(row.metadata);
  return event;
}

type ProjectionRow = Pick<EventRow, 'position' | 'event_id' | 'stream_id' | 'stream_version' | 'type' | 'data' | 'time' | 'actor_agency'>;

/** The columns of a ProjectionEvent (readAllForProjection). */
const PROJECTION_COLUMNS = 'position, event_id, stream_id, stream_version, type, data, time, actor_agency';

function rowToProjectionEvent(row: ProjectionRow): ProjectionEvent {
  return {
    id: row.event_id,
    type: row.type,
    streamId: row.stream_id,
    streamVersion: Number(row.stream_version),
    position: Number(row.position),
    time: row.time,
    actor: { agency: row.actor_agency },
    data: JSON.parse(row.data),
  };
}

/** `(stream_id LIKE 'lead-%' ESCAPE '\' OR …)` for a prefix filter, with its parameters. */
export function prefixFilter(prefixes: string[] | undefined, placeholder: (i: number) => string): { sql: string; params: string[] } {
  if (!prefixes || prefixes.length === 0) return { sql: '', params: [] };
  const params = prefixes.map((p) => p.replace(/[\\%_]/g, (c) => `\\${c}`) + '%');
  const sql = ` AND (${params.map((_, i) => `stream_id LIKE ${placeholder(i)} ESCAPE '\\'`).join(' OR ')})`;
  return { sql, params };
}

export class SqliteEventStore implements EventStore {
  readonly leases: LeaseStore;
  readonly checkpoints: CheckpointStore;
  /** Appends in this process run one at a time: a transaction held open across an await must not interleave. */
  private queue: Promise<unknown> = Promise.resolve();
  private readonly live: PollingSubscriptions;
  private closed = false;

  private constructor(
    private readonly db: Database.Database,
    private readonly options: SqliteEventStoreOptions,
  ) {
    this.live = new PollingSubscriptions({ readPage: (from, limit, prefixes) => this.readPage(from, limit, prefixes) }, options.pollIntervalMs);
    this.leases = new SqliteLeases(db);
    this.checkpoints = new SqliteCheckpoints(db);
  }

  static open(options: SqliteEventStoreOptions): SqliteEventStore {
    preparePrivateDatabaseFile(options.path);
    const db = new Database(options.path, { timeout: options.busyTimeoutMs ?? 10000 });
    db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${options.synchronous ?? 'FULL'}`);
    db.pragma('foreign_keys = ON');
    migrate(db);
    return new SqliteEventStore(db, options);
  }

  async append(streamId: string, events: NewEvent[], expectedVersion: ExpectedVersion): Promise<AppendResult> {
    validateAppend(streamId, events, expectedVersion);
    const run = this.queue.then(() => this.appendNow(streamId, events, expectedVersion));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async appendNow(streamId: string, events: NewEvent[], expected: ExpectedVersion): Promise<AppendResult> {
    this.assertOpen();
    const db = this.db;
    db.exec('BEGIN IMMEDIATE');
    let result: AppendResult;
    try {
      const existing = this.findExisting(events);
      if (existing.length > 0) {
        db.exec('ROLLBACK');
        return retriedAppendResult(streamId, events, existing);
      }
      const last = db.prepare('SELECT stream_version, hash FROM events WHERE stream_id = ? ORDER BY stream_version DESC LIMIT 1').get(streamId) as
        { stream_version: number; hash: string } | undefined;
      const current = last?.stream_version;
      checkExpected(streamId, expected, current);
      const prepared = prepareEvents(streamId, events, current, last?.hash ?? '');
      const insert = db.prepare(
        `INSERT INTO events (event_id, stream_id, stream_version, type, schema_version, data, time, correlation_id,
           causation_id, actor_agency, actor_user, prev_hash, hash, hash_alg, metadata)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      let position = 0;
      for (const p of prepared) {
        const e = p.event;
        const info = insert.run(
          e.id,
          streamId,
          p.streamVersion,
          e.type,
          e.schemaVersion,
          p.dataText,
          e.time,
          e.correlationId,
          e.causationId,
          e.actor.agency,
          e.actor.user,
          p.prevHash,
          p.hash,
          HASH_ALG,
          metadataText(e),
        );
        position = Number(info.lastInsertRowid);
      }
      result = { nextExpectedVersion: prepared[prepared.length - 1].streamVersion, position };
      if (this.options.beforeCommit) await this.options.beforeCommit();
      db.exec('COMMIT');
    } catch (error) {
      if (db.inTransaction) db.exec('ROLLBACK');
      throw error;
    }
    this.live.wake();
    return result;
  }

  private findExisting(events: NewEvent[]): Array<{ id: string; streamId: string; streamVersion: number; position: number }> {
    const ids = events.map((e) => e.id);
    const rows = this.db
      .prepare(`SELECT event_id, stream_id, stream_version, position FROM events WHERE event_id IN (${ids.map(() => '?').join(',')})`)
      .all(...ids) as Array<{ event_id: string; stream_id: string; stream_version: number; position: number }>;
    return rows.map((r) => ({ id: r.event_id, streamId: r.stream_id, streamVersion: r.stream_version, position: r.position }));
  }

  async readStream(streamId: string, fromVersion = 0): Promise<StoredEvent[]> {
    this.assertOpen();
    const rows = this.db
      .prepare('SELECT * FROM events WHERE stream_id = ? AND stream_version >= ? ORDER BY stream_version')
      .all(streamId, fromVersion) as EventRow[];
    return rows.map(rowToEvent);
  }

  async readAll(options: ReadAllOptions = {}): Promise<StoredEvent[]> {
    return this.readPage(options.from ?? 0, options.limit ?? 1000, options.streamPrefixes);
  }

  async readAllForProjection(options: ProjectionReadOptions = {}): Promise<ProjectionEvent[]> {
    checkPartition(options.partition);
    return this.queryPage<ProjectionRow>(PROJECTION_COLUMNS, options.from ?? 0, options.limit ?? 1000, options.streamPrefixes, options.partition).map(
      rowToProjectionEvent,
    );
  }

  private async readPage(from: number, limit: number, prefixes?: string[]): Promise<StoredEvent[]> {
    return this.queryPage<EventRow>('*', from, limit, prefixes).map(rowToEvent);
  }

  private queryPage<Row>(columns: string, from: number, limit: number, prefixes?: string[], partition?: ProjectionReadOptions['partition']): Row[] {
    this.assertOpen();
    const filter = prefixFilter(prefixes, () => '?');
    // The last character's code point: the same for every stream of one id (see ProjectionReadOptions).
    const share = partition ? ' AND unicode(substr(stream_id, -1)) % ? = ?' : '';
    return this.db
      .prepare(`SELECT ${columns} FROM events WHERE position > ?${filter.sql}${share} ORDER BY position LIMIT ?`)
      .all(from, ...filter.params, ...(partition ? [partition.count, partition.index] : []), limit) as Row[];
  }

  subscribe(handler: BatchHandler, options: SubscribeOptions = {}): Subscription {
    this.assertOpen();
    return this.live.start(handler, options);
  }

  async headPosition(): Promise<number> {
    this.assertOpen();
    const row = this.db.prepare('SELECT MAX(position) AS head FROM events').get() as { head: number | null };
    return row.head ?? 0;
  }

  async ping(): Promise<void> {
    this.assertOpen();
    this.db.prepare('SELECT 1').get();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await this.live.stopAll();
    await this.queue;
    this.closed = true;
    this.db.close();
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('SqliteEventStore is closed');
  }
}

function migrate(db: Database.Database): void {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)');
  const apply = db.transaction(() => {
    const row = db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as { v: number | null };
    for (let v = (row.v ?? 0) + 1; v <= MIGRATIONS.length; v++) {
      db.exec(MIGRATIONS[v - 1]);
      db.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)').run(v, new Date().toISOString());
    }
  });
  apply.immediate();
}

class SqliteLeases implements LeaseStore {
  constructor(private readonly db: Database.Database) {}

  async tryAcquire(name: string, owner: string, ttlMs: number): Promise<boolean> {
    const now = Date.now();
    const row = this.db
      .prepare(
        `INSERT INTO leases (name, owner, expires_at) VALUES (?, ?, ?)
         ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at
         WHERE leases.expires_at < ? OR leases.owner = excluded.owner
         RETURNING owner`,
      )
      .get(name, owner, now + ttlMs, now) as { owner: string } | undefined;
    return row?.owner === owner;
  }

  async renew(name: string, owner: string, ttlMs: number): Promise<boolean> {
    const info = this.db.prepare('UPDATE leases SET expires_at = ? WHERE name = ? AND owner = ?').run(Date.now() + ttlMs, name, owner);
    return info.changes === 1;
  }

  async release(name: string, owner: string): Promise<void> {
    this.db.prepare('DELETE FROM leases WHERE name = ? AND owner = ?').run(name, owner);
  }
}

class SqliteCheckpoints implements CheckpointStore {
  constructor(private readonly db: Database.Database) {}

  async load(name: string): Promise<number> {
    const row = this.db.prepare('SELECT position FROM checkpoints WHERE name = ?').get(name) as { position: number } | undefined;
    return row?.position ?? 0;
  }

  async save(name: string, position: number): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO checkpoints (name, position, updated_at) VALUES (?, ?, ?)
         ON CONFLICT (name) DO UPDATE SET position = excluded.position, updated_at = excluded.updated_at`,
      )
      .run(name, position, new Date().toISOString());
  }
}
