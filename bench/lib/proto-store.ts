/**
 * PROTOTYPE (bench only) of the changes suggested for postgres-event-store.ts and
 * postgres-schema.ts, measured as `ours_proto` with BENCH_PROTO=1. Same table,
 * same jm_append allocation rule (advisory lock around xid + sequence), same hash
 * chain and error semantics; only the round trips and the row decoding differ:
 *
 * 1. append = ONE autocommit statement, jm_append_checked(), instead of BEGIN /
 *    head SELECT / jm_append / COMMIT. The function checks the stream head
 *    against the expected version and the prev hash the client chained from, and
 *    raises JMWEV (head moved) or JMDUP (ids already stored: a retried append)
 *    before inserting. The client gets prev hash without a read from a bounded
 *    per-process cache of stream heads filled by append/readStream; 'no_stream'
 *    never needs it; a miss or 'any' costs one autocommit head SELECT.
 *    Both statements are named (prepared once per connection).
 * 2. readAll decodes rows with rowMode 'array' (no per-row keyed object built by
 *    pg) and evaluates the snapshot xmin once per page (scalar subquery).
 * 3. readAllPages(): catch-up reading with the next page requested before the
 *    current one is decoded (what polling-subscription could use).
 */
import { Pool } from 'pg';
import type { NewEvent, StoredEvent } from '../../libs/shared/src/event-store/envelope';
import type { AppendResult, ExpectedVersion, ReadAllOptions } from '../../libs/shared/src/event-store/event-store.port';
import { DuplicateEventIdError, WrongExpectedVersionError } from '../../libs/shared/src/event-store/errors';
import { checkExpected, isSameAppend, prepareEvents, validateAppend } from '../../libs/shared/src/event-store/append-input';
import { allocationLockKey, ident, migrations } from '../../libs/shared/src/event-store/postgres/postgres-schema';
import { consume, Contender, ContenderConfig } from './contender';
import { oursContender } from './ours';

const COLUMNS = `position, event_id, stream_id, stream_version, type, schema_version, data, time, correlation_id,
  causation_id, actor_agency, actor_user, prev_hash, hash, hash_alg`;
const HEAD_CACHE_MAX = 10_000;

/** The extra migration: jm_append with the head check folded in. */
export function protoMigration(schema: string): string {
  const s = ident(schema);
  const key = allocationLockKey(schema);
  return `CREATE FUNCTION ${s}.jm_append_checked(
      p_stream text, p_expected bigint, p_prev_hash text, p_ids uuid[], p_types text[], p_schema_versions int[], p_data text[],
      p_times text[], p_correlation text[], p_causation text[], p_agency text[], p_user text[], p_prev text[], p_hash text[]
    ) RETURNS bigint LANGUAGE plpgsql AS $fn$
    DECLARE
      n int := array_length(p_ids, 1);
      v_head bigint;
      v_hash text;
      v_xid xid8;
      v_first bigint;
    BEGIN
      SELECT stream_version, hash INTO v_head, v_hash FROM ${s}.events WHERE stream_id = p_stream
        ORDER BY stream_version DESC LIMIT 1;
      IF v_head IS DISTINCT FROM p_expected OR COALESCE(v_hash, '') <> p_prev_hash THEN
        IF EXISTS (SELECT 1 FROM ${s}.events WHERE event_id = ANY(p_ids)) THEN
          RAISE EXCEPTION 'event ids already stored' USING ERRCODE = 'JMDUP';
        END IF;
        RAISE EXCEPTION 'stream head moved' USING ERRCODE = 'JMWEV', DETAIL = COALESCE(v_head::text, 'no_stream');
      END IF;
      PERFORM pg_advisory_lock(${key});
      v_xid := pg_current_xact_id();
      v_first := nextval('${schema}.events_position_seq');
      IF n > 1 THEN PERFORM setval('${schema}.events_position_seq', v_first + n - 1); END IF;
      PERFORM pg_advisory_unlock(${key});
      INSERT INTO ${s}.events (position, transaction_id, event_id, stream_id, stream_version, type, schema_version, data, time,
        correlation_id, causation_id, actor_agency, actor_user, prev_hash, hash, hash_alg)
      SELECT v_first + i - 1, v_xid, p_ids[i], p_stream, COALESCE(p_expected + 1, 0) + i - 1, p_types[i], p_schema_versions[i],
        p_data[i], p_times[i], p_correlation[i], p_causation[i], p_agency[i], p_user[i], p_prev[i], p_hash[i], 'SM3'
      FROM generate_subscripts(p_ids, 1) AS i;
      RETURN v_first + n - 1;
    END
    $fn$;`;
}

interface Head {
  version: number;
  hash: string;
}

export class ProtoPostgresEventStore {
  private readonly s: string;
  private readonly heads = new Map<string, Head>();

  private constructor(readonly pool: Pool, readonly schema: string) {
    this.s = ident(schema);
  }

  static async connect(url: string, schema: string, poolSize: number): Promise<ProtoPostgresEventStore> {
    const pool = new Pool({ connectionString: url, max: poolSize });
    pool.on('error', () => undefined);
    const s = ident(schema);
    const { rows } = await pool.query('SELECT to_regnamespace($1) IS NOT NULL AS present', [schema]);
    if (!rows[0].present) await pool.query(`CREATE SCHEMA ${s}; ${migrations(schema).join(';\n')}; ${protoMigration(schema)}`);
    return new ProtoPostgresEventStore(pool, schema);
  }

  async append(streamId: string, events: NewEvent[], expected: ExpectedVersion): Promise<AppendResult> {
    validateAppend(streamId, events, expected);
    for (let attempt = 0; ; attempt++) {
      let current: number | undefined;
      let lastHash = '';
      const cached = this.heads.get(streamId);
      if (expected === 'no_stream') current = undefined;
      else if (typeof expected === 'number' && cached?.version === expected) {
        current = cached.version;
        lastHash = cached.hash;
      } else {
        const head = await this.pool.query(
          `SELECT stream_version, hash FROM ${this.s}.events WHERE stream_id = $1 ORDER BY stream_version DESC LIMIT 1`,
          [streamId],
        );
        current = head.rows.length ? Number(head.rows[0].stream_version) : undefined;
        lastHash = head.rows.length ? (head.rows[0].hash as string) : '';
        checkExpected(streamId, expected, current);
      }
      const prepared = prepareEvents(streamId, events, current, lastHash);
      const col = <T>(pick: (p: (typeof prepared)[number]) => T) => prepared.map(pick);
      const client = await this.pool.connect();
      let broken = false;
      try {
        const { rows } = await client.query({
          // Named: the server parses and plans it once per connection, not on every append.
          name: `jm_append_checked:${this.schema}`,
          text: `SELECT ${this.s}.jm_append_checked($1, $2, $3, $4::uuid[], $5::text[], $6::int[], $7::text[], $8::text[], $9::text[],
             $10::text[], $11::text[], $12::text[], $13::text[], $14::text[]) AS position`,
          values: [
            streamId,
            current ?? null,
            current === undefined ? '' : lastHash,
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
        });
        const last = prepared[prepared.length - 1];
        this.remember(streamId, { version: last.streamVersion, hash: last.hash });
        return { nextExpectedVersion: last.streamVersion, position: Number(rows[0].position) };
      } catch (error) {
        this.heads.delete(streamId);
        const pgError = error as { code?: string; constraint?: string; detail?: string };
        if (pgError.code === 'JMDUP' || (pgError.code === '23505' && pgError.constraint === 'events_event_id_uq')) {
          return await this.retriedAppend(streamId, events);
        }
        if (pgError.code === 'JMWEV') {
          // 'any' (or a stale cached hash) re-reads the head once; a number is the caller's stale expectation.
          if (attempt === 0 && (expected === 'any' || cached?.version === expected)) continue;
          const actual = pgError.detail === 'no_stream' ? 'no_stream' : Number(pgError.detail);
          throw new WrongExpectedVersionError(streamId, expected, actual);
        }
        if (pgError.code === '23505' && pgError.constraint === 'events_stream_version_uq') {
          throw new WrongExpectedVersionError(streamId, expected, 'changed concurrently');
        }
        // Only a cancel between lock and unlock can leave the session lock held.
        await client.query('SELECT pg_advisory_unlock_all()').catch(() => {
          broken = true;
        });
        throw error;
      } finally {
        client.release(broken);
      }
    }
  }

  private remember(streamId: string, head: Head): void {
    this.heads.delete(streamId);
    this.heads.set(streamId, head);
    if (this.heads.size > HEAD_CACHE_MAX) this.heads.delete(this.heads.keys().next().value as string);
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
    if (!isSameAppend(streamId, events, stored)) {
      const clash = stored[0];
      throw new DuplicateEventIdError(clash.id, `stored in ${clash.streamId} at version ${clash.streamVersion}, not as this append`);
    }
    const last = stored.reduce((a, b) => (a.streamVersion > b.streamVersion ? a : b));
    return { nextExpectedVersion: last.streamVersion, position: last.position };
  }

  async readAll(options: ReadAllOptions = {}): Promise<StoredEvent[]> {
    return decodeRows(await this.queryPage(options.from ?? 0, options.limit ?? 1000));
  }

  /**
   * Catch-up reader with one page in flight: the next page is requested as soon as
   * the current page's rows arrive (its last position is known before decoding),
   * so PostgreSQL produces page n+1 while Node decodes page n.
   */
  async *readAllPages(from: number, pageSize: number): AsyncGenerator<StoredEvent[]> {
    let next = this.queryPage(from, pageSize);
    try {
      for (;;) {
        const rows = await next;
        if (rows.length === pageSize) next = this.queryPage(Number(rows[rows.length - 1][0]), pageSize);
        yield decodeRows(rows);
        if (rows.length < pageSize) return;
      }
    } finally {
      // A consumer that stops early leaves one page in flight: never an unhandled rejection.
      next.catch(() => undefined);
    }
  }

  private async queryPage(from: number, limit: number): Promise<string[][]> {
    const { rows } = await this.pool.query<string[]>({
      name: `jm_read_all:${this.schema}`,
      text: `SELECT ${COLUMNS} FROM ${this.s}.events
             WHERE position > $1 AND transaction_id < (SELECT pg_snapshot_xmin(pg_current_snapshot()))
             ORDER BY position LIMIT $2`,
      values: [from, limit],
      rowMode: 'array',
    });
    return rows;
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

function decodeRows(rows: string[][]): StoredEvent[] {
  const out = new Array<StoredEvent>(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    out[i] = {
      id: r[1],
      type: r[4],
      schemaVersion: r[5] as unknown as number,
      streamId: r[2],
      streamVersion: Number(r[3]),
      position: Number(r[0]),
      time: r[7],
      correlationId: r[8],
      causationId: r[9],
      actor: { agency: r[10], user: r[11] },
      data: JSON.parse(r[6]),
      prevHash: r[12],
      hash: r[13],
      hashAlg: r[14] as 'SM3',
    };
  }
  return out;
}

export async function createOursProto(cfg: ContenderConfig): Promise<Contender> {
  const store = await ProtoPostgresEventStore.connect(cfg.url, cfg.schema, cfg.poolSize);
  const base = oursContender(store, store.pool, cfg.schema);
  return {
    ...base,
    // Same pages (pageSize), same decoding, but through the prefetching reader.
    async readAll(pageSize, limit = Infinity) {
      let read = 0;
      for await (const page of store.readAllPages(0, pageSize)) {
        for (const e of page) consume(e.data, e.position);
        read += page.length;
        if (read >= limit) break;
      }
      return read;
    },
  };
}
