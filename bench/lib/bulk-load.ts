/**
 * Loads a generated history into a PostgreSQL event-store schema fast: the
 * store's own migration makes the schema, the store's own validation and
 * hash chaining (append-input.ts) prepare every event, and 4,096 events of any
 * streams go in as one INSERT … SELECT FROM unnest, with positions numbered
 * exactly as the adapter numbers them (transaction id × 4096 + index,
 * postgres-schema.ts). A history of a million events in per-stream appends would
 * take ~100,000 round trips; this takes ~250. Batches go in one after the other
 * (preparing the next while the server writes the current), so the global
 * order is the history's order and every stream's revisions are consecutive.
 */
import { Client } from 'pg';
import { prepareEvents, validateAppend, MAX_EVENTS_PER_APPEND } from '@jm/event-sourcing/event-store/append-input';
import { PostgresEventStore } from '@jm/event-sourcing';
import { ident, POSITION_SHIFT } from '@jm/event-sourcing/event-store/postgres/postgres-schema';
import type { HistoryEvent } from './reporting-history';

export interface LoadResult {
  events: number;
  streams: number;
  seconds: number;
}

function insertBatchSql(schema: string): string {
  return `INSERT INTO ${ident(schema)}.events (position, transaction_id, event_id, stream_id, stream_version, type, schema_version, data, time,
      correlation_id, causation_id, actor_agency, actor_user, prev_hash, hash, hash_alg)
    SELECT (pg_current_xact_id()::text::bigint << ${POSITION_SHIFT}) + e.ord - 1, pg_current_xact_id(), e.id, e.stream, e.ver, e.type, e.sv, e.data, e.time,
      e.corr, e.caus, e.agency, e.usr, e.prev, e.hash, 'SM3'
    FROM unnest($1::uuid[], $2::text[], $3::bigint[], $4::text[], $5::int[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[],
      $11::text[], $12::text[], $13::text[]) WITH ORDINALITY AS e(id, stream, ver, type, sv, data, time, corr, caus, agency, usr, prev, hash, ord)`;
}

type Columns = [string[], string[], number[], string[], number[], string[], string[], string[], string[], string[], string[], string[], string[]];
const emptyColumns = (): Columns => [[], [], [], [], [], [], [], [], [], [], [], [], []];

/** Creates the store schema (through the store) and writes the history into it; progress goes to `progress`. */
export async function loadHistory(
  url: string,
  schema: string,
  history: Iterable<HistoryEvent>,
  progress: (loaded: number) => void = () => undefined,
): Promise<LoadResult> {
  const started = process.hrtime.bigint();
  const store = await PostgresEventStore.connect({ url, schema, poolSize: 1 });
  await store.close();
  const client = new Client({ connectionString: url });
  await client.connect();
  const sql = insertBatchSql(schema);
  const heads = new Map<string, { version: number; hash: string }>();
  let loaded = 0;
  let inFlight: Promise<unknown> | undefined;
  try {
    let cols = emptyColumns();
    const flush = async (): Promise<void> => {
      const values = cols;
      cols = emptyColumns();
      if (inFlight) await inFlight;
      inFlight = client.query({ name: 'bench_bulk_append', text: sql, values });
      loaded += values[0].length;
      if (loaded % (MAX_EVENTS_PER_APPEND * 25) < MAX_EVENTS_PER_APPEND) progress(loaded);
    };
    for (const { streamId, event } of history) {
      const head = heads.get(streamId);
      validateAppend(streamId, [event], 'any');
      const [p] = prepareEvents(streamId, [event], head?.version, head?.hash ?? '');
      heads.set(streamId, { version: p.streamVersion, hash: p.hash });
      cols[0].push(event.id);
      cols[1].push(streamId);
      cols[2].push(p.streamVersion);
      cols[3].push(event.type);
      cols[4].push(event.schemaVersion);
      cols[5].push(p.dataText);
      cols[6].push(event.time);
      cols[7].push(event.correlationId);
      cols[8].push(event.causationId);
      cols[9].push(event.actor.agency);
      cols[10].push(event.actor.user);
      cols[11].push(p.prevHash);
      cols[12].push(p.hash);
      if (cols[0].length === MAX_EVENTS_PER_APPEND) await flush();
    }
    if (cols[0].length > 0) await flush();
    await inFlight;
    // Fresh statistics, as a long-lived store would have.
    await client.query(`VACUUM ANALYZE ${ident(schema)}.events`);
  } finally {
    await client.end();
  }
  return { events: loaded, streams: heads.size, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}
