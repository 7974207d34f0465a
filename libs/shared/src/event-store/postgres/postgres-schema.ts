/**
 * Versioned DDL of the PostgreSQL store, applied in order at connect under an
 * advisory lock so concurrent boots do not race.
 *
 * Global order (architecture.md rule 3): positions and transaction ids are handed
 * out together under a short advisory lock inside jm_append, so a later position
 * always belongs to a later transaction id. Readers take only rows whose
 * transaction id is below the snapshot's xmin, i.e. from transactions that have
 * all ended; hence a reader that has seen position p can never later find a
 * position below p commit. The lock is held for three cheap calls, not across
 * the commit, so concurrent writers still share WAL flushes (group commit).
 */
export function ident(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`Invalid PostgreSQL schema name "${name}": use lowercase letters, digits and _`);
  return `"${name}"`;
}

/** A stable 31-bit key per schema for the position-allocation advisory lock. */
export function allocationLockKey(schema: string): number {
  let h = 0x811c9dc5;
  for (const c of `jm-es:${schema}`) h = Math.imul(h ^ c.charCodeAt(0), 0x01000193) >>> 0;
  return h & 0x7fffffff;
}

export function migrations(schema: string): string[] {
  const s = ident(schema);
  const key = allocationLockKey(schema);
  return [
    `CREATE SEQUENCE ${s}.events_position_seq AS bigint;
     CREATE TABLE ${s}.events (
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
     CREATE TABLE ${s}.leases (name text PRIMARY KEY, owner text NOT NULL, expires_at timestamptz NOT NULL);
     CREATE FUNCTION ${s}.jm_append(
       p_stream text, p_first_version bigint, p_ids uuid[], p_types text[], p_schema_versions int[], p_data text[],
       p_times text[], p_correlation text[], p_causation text[], p_agency text[], p_user text[], p_prev text[], p_hash text[]
     ) RETURNS bigint LANGUAGE plpgsql AS $fn$
     DECLARE
       n int := array_length(p_ids, 1);
       v_xid xid8;
       v_first bigint;
     BEGIN
       PERFORM pg_advisory_lock(${key});
       v_xid := pg_current_xact_id();
       v_first := nextval('${schema}.events_position_seq');
       IF n > 1 THEN PERFORM setval('${schema}.events_position_seq', v_first + n - 1); END IF;
       PERFORM pg_advisory_unlock(${key});
       INSERT INTO ${s}.events (position, transaction_id, event_id, stream_id, stream_version, type, schema_version, data, time,
         correlation_id, causation_id, actor_agency, actor_user, prev_hash, hash, hash_alg)
       SELECT v_first + i - 1, v_xid, p_ids[i], p_stream, p_first_version + i - 1, p_types[i], p_schema_versions[i], p_data[i],
         p_times[i], p_correlation[i], p_causation[i], p_agency[i], p_user[i], p_prev[i], p_hash[i], 'SM3'
       FROM generate_subscripts(p_ids, 1) AS i;
       RETURN v_first + n - 1;
     END
     $fn$;`,
  ];
}
