/**
 * The client CPU of reading the whole PostgreSQL log two ways, interleaved over the
 * same rows (read-cost.spec.ts, issue 14 item 15): `ours` pages through
 * PostgresEventStore.readAll; `floor` is a bare SELECT of the same columns whose
 * keyed rows are decoded into the same envelope (the bench's raw_sql read).
 * Each figure is the least CPU over several full reads, in µs per event, so load
 * from other processes (which only adds time) does not decide the outcome.
 *
 * Run in a plain Node process, as the services run, not inside jest's module
 * sandbox, which makes every read slower and blurs the difference:
 *   node -r @swc-node/register read-cost.fixture.ts '{"url":…,"schema":…,"events":…,"repeats":…}'
 * It prints one JSON line, {"ours":µs,"floor":µs}.
 */
import { StoredEvent } from '../event-store/envelope';
import { PostgresEventStore } from '../event-store/postgres/postgres-event-store';
import { ident } from '../event-store/postgres/postgres-schema';
import { rowToEvent } from '../event-store/sqlite/sqlite-event-store';

export const PAGE = 1000;
export type Page = (from: number) => Promise<StoredEvent[]>;

export const ourPage =
  (store: PostgresEventStore): Page =>
  (from) =>
    store.readAll({ from, limit: PAGE });

export function floorPage(store: PostgresEventStore): Page {
  const sql = `SELECT position, event_id, stream_id, stream_version, type, schema_version, data, time, correlation_id,
    causation_id, actor_agency, actor_user, prev_hash, hash, hash_alg FROM ${ident(store.schema)}.events
    WHERE position > $1 ORDER BY position LIMIT $2`;
  return async (from) => (await store.pool.query<Parameters<typeof rowToEvent>[0]>(sql, [from, PAGE])).rows.map(rowToEvent);
}

/** Reads the whole log page by page, handing each event to `seen`; returns the CPU it took (µs) and the count. */
export async function readWhole(page: Page, seen: (e: StoredEvent) => void): Promise<{ cpuUs: number; events: number }> {
  const cpu = process.cpuUsage();
  let events = 0;
  for (let from = 0; ;) {
    const rows = await page(from);
    for (const e of rows) seen(e);
    events += rows.length;
    if (rows.length < PAGE) break;
    from = rows[rows.length - 1].position;
  }
  const used = process.cpuUsage(cpu);
  return { cpuUs: used.user + used.system, events };
}

let checksum = 0;
/** Uses each decoded event and keeps nothing, as the bench's reader does. */
function consume(e: StoredEvent): void {
  checksum = (checksum + e.position + e.hash.length + ((e.data as { amountCny?: number }).amountCny ?? 0)) % 1_000_000_007;
}

async function main(): Promise<void> {
  const o = JSON.parse(process.argv[2]) as { url: string; schema: string; events: number; repeats: number };
  const store = await PostgresEventStore.connect({ url: o.url, schema: o.schema, poolSize: 2 });
  try {
    const reads = { ours: ourPage(store), floor: floorPage(store) };
    const best = { ours: Infinity, floor: Infinity };
    // The first round warms both up (JIT, prepared statements, buffer cache) and is not counted.
    for (let i = 0; i <= o.repeats; i++) {
      for (const side of ['ours', 'floor'] as const) {
        const r = await readWhole(reads[side], consume);
        if (r.events !== o.events) throw new Error(`${side} read ${r.events} events, expected ${o.events}`);
        if (i > 0) best[side] = Math.min(best[side], r.cpuUs / r.events);
      }
    }
    process.stdout.write(`${JSON.stringify({ ...best, checksum })}\n`);
  } finally {
    await store.close();
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  });
}
