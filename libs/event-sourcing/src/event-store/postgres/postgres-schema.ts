/**
 * Versioned DDL of the PostgreSQL store, applied in order at connect under an
 * advisory lock so concurrent boots do not race.
 *
 * Global order (architecture.md rule 3): an event's position is derived from the
 * 64-bit id of the transaction that wrote it, `xid * 4096 + index in the append`
 * (POSITION_SHIFT). Readers take only rows whose transaction id is below the
 * snapshot's xmin, i.e. from transactions that have all ended; every transaction
 * still running or yet to come has an id >= xmin, so its positions are above any
 * position a reader has already seen. A reader therefore never meets a position
 * below one it has passed, without locks, sequences or timeouts, and writers
 * never wait on each other (concurrent commits share WAL flushes). Positions have
 * large gaps; an append holds at most 4096 events.
 */
export function ident(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`Invalid PostgreSQL schema name "${name}": use lowercase letters, digits and _`);
  return `"${name}"`;
}

/** Bits of a position that number the events of one append (the rest is the transaction id). */
export const POSITION_SHIFT = 12;

export function migrations(schema: string): string[] {
  const s = ident(schema);
  return [
    `CREATE TABLE ${s}.events (
       position bigint PRIMARY KEY,
       transaction_id xid8 NOT NULL,
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
     );
     CREATE TABLE ${s}.checkpoints (name text PRIMARY KEY, position bigint NOT NULL, updated_at timestamptz NOT NULL DEFAULT now());
     CREATE TABLE ${s}.leases (name text PRIMARY KEY, owner text NOT NULL, expires_at timestamptz NOT NULL);`,
    // Trace context of the append (EventMetadata), outside the hash chain; NULL on earlier events.
    `ALTER TABLE ${s}.events ADD COLUMN metadata text`,
  ];
}

const COLUMNS = `position, transaction_id, event_id, stream_id, stream_version, type, schema_version, data, time,
  correlation_id, causation_id, actor_agency, actor_user, prev_hash, hash, hash_alg, metadata`;
const POSITION_BASE = `(pg_current_xact_id()::text::bigint << ${POSITION_SHIFT})`;

/** Append of one event: scalar parameters $1..$14 (stream, version, id, type, schema version, data, time, correlation, causation, agency, user, prev hash, hash, metadata). */
export function insertOneSql(schema: string): string {
  return `INSERT INTO ${ident(schema)}.events (${COLUMNS})
    VALUES (${POSITION_BASE}, pg_current_xact_id(), $3, $1, $2, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, 'SM3', $14)
    RETURNING position`;
}

/** Append of several events: the same parameters, $3..$14 as arrays; $2 is the first revision. */
export function insertManySql(schema: string): string {
  return `WITH inserted AS (
    INSERT INTO ${ident(schema)}.events (${COLUMNS})
    SELECT ${POSITION_BASE} + e.ord - 1, pg_current_xact_id(), e.id, $1, $2 + e.ord - 1, e.type, e.sv, e.data, e.time,
      e.corr, e.caus, e.agency, e.usr, e.prev, e.hash, 'SM3', e.meta
    FROM unnest($3::uuid[], $4::text[], $5::int[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[],
      $12::text[], $13::text[], $14::text[]) WITH ORDINALITY AS e(id, type, sv, data, time, corr, caus, agency, usr, prev, hash, meta, ord)
    RETURNING position)
    SELECT max(position) AS position FROM inserted`;
}
