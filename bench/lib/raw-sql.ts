/**
 * `raw_sql`: the floor. A bare table of the same shape as our events table (same
 * columns, sequence-backed position PK, unique event_id, unique (stream_id,
 * stream_version)), one autocommit parameterised INSERT per append (multi-row
 * VALUES for batches), no version check, no hashing; reads page by position and
 * JSON.parse the data into the same envelope ours returns.
 */
import { Pool } from 'pg';
import type { NewEvent } from '@jm/event-sourcing';
import { rowToEvent } from '@jm/event-sourcing';
import { ident } from '@jm/event-sourcing/event-store/postgres/postgres-schema';
import { Contender, ContenderConfig, readPages } from './contender';

const FAKE_HASH = 'f'.repeat(64);
const INSERT_COLUMNS = `event_id, stream_id, stream_version, type, schema_version, data, time, correlation_id, causation_id,
  actor_agency, actor_user, prev_hash, hash, hash_alg`;
const PER_ROW = 14;

export function rawTableDdl(schema: string): string {
  const s = ident(schema);
  return `CREATE SCHEMA ${s};
    CREATE SEQUENCE ${s}.events_position_seq AS bigint;
    CREATE TABLE ${s}.events (
      position bigint PRIMARY KEY DEFAULT nextval('${schema}.events_position_seq'),
      transaction_id xid8 NOT NULL DEFAULT pg_current_xact_id(),
      event_id uuid NOT NULL CONSTRAINT events_event_id_uq UNIQUE,
      stream_id text NOT NULL,
      stream_version bigint NOT NULL,
      type text NOT NULL,
      schema_version int NOT NULL,
      data text NOT NULL,
      time text NOT NULL,
      correlation_id text NOT NULL,
      causation_id text NOT NULL,
      actor_agency text NOT NULL,
      actor_user text NOT NULL,
      prev_hash text NOT NULL,
      hash text NOT NULL,
      hash_alg text NOT NULL,
      recorded_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT events_stream_version_uq UNIQUE (stream_id, stream_version)
    );`;
}

type Row = Parameters<typeof rowToEvent>[0];

/** Creates the table (the schema must not exist yet). */
export async function setupRawSql(url: string, schema: string): Promise<void> {
  const pool = new Pool({ connectionString: url, max: 1 });
  try {
    await pool.query(rawTableDdl(schema));
  } finally {
    await pool.end();
  }
}

export async function createRawSql(cfg: ContenderConfig): Promise<Contender> {
  const s = ident(cfg.schema);
  const pool = new Pool({ connectionString: cfg.url, max: cfg.poolSize });
  pool.on('error', () => undefined);
  const versions = new Map<string, number>();
  const statements = new Map<number, string>();
  const insertSql = (rows: number) => {
    let sql = statements.get(rows);
    if (!sql) {
      const tuples = Array.from({ length: rows }, (_, r) => `(${Array.from({ length: PER_ROW }, (_, c) => `$${r * PER_ROW + c + 1}`).join(', ')})`);
      sql = `INSERT INTO ${s}.events (${INSERT_COLUMNS}) VALUES ${tuples.join(', ')}`;
      statements.set(rows, sql);
    }
    return sql;
  };
  const append = async (streamId: string, events: NewEvent[]) => {
    let version = (versions.get(streamId) ?? -1) + 1;
    const params: unknown[] = [];
    for (const e of events) {
      params.push(
        e.id,
        streamId,
        version++,
        e.type,
        e.schemaVersion,
        JSON.stringify(e.data),
        e.time,
        e.correlationId,
        e.causationId,
        e.actor.agency,
        e.actor.user,
        FAKE_HASH,
        FAKE_HASH,
        'SM3',
      );
    }
    await pool.query(insertSql(events.length), params);
    versions.set(streamId, version - 1);
  };
  return {
    name: 'raw_sql',
    append,
    seed: append,
    async readAll(pageSize, limit = Infinity) {
      const sql = `SELECT position, event_id, stream_id, stream_version, type, schema_version, data, time, correlation_id,
        causation_id, actor_agency, actor_user, prev_hash, hash, hash_alg FROM ${s}.events WHERE position > $1 ORDER BY position LIMIT $2`;
      return readPages(async (from) => (await pool.query<Row>(sql, [from, pageSize])).rows.map(rowToEvent), pageSize, limit);
    },
    async count() {
      const { rows } = await pool.query(`SELECT count(*)::int AS n FROM ${s}.events`);
      return rows[0].n as number;
    },
    async vacuum() {
      await pool.query(`VACUUM ANALYZE ${s}.events`);
    },
    close: () => pool.end(),
  };
}
