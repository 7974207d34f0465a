/**
 * Case rebuild-1m: a seeded history (reporting-history.ts) loaded into a fresh
 * PostgreSQL event-store schema (bulk-load.ts), a sample of its hash chains
 * verified, then the ledgers rebuilt from the store by the reporting service's
 * rebuild into a fresh read-model schema, timed.
 */
import { verifyChain } from '../../libs/shared/src/event-store/hash';
import { PostgresEventStore } from '../../libs/shared/src/event-store/postgres/postgres-event-store';
import { fmt, log, Schemas, withClient } from './bench-env';
import { loadHistory } from './bulk-load';
import { reportingHistory } from './reporting-history';

export async function loadAndVerify(url: string, schema: string, events: number): Promise<void> {
  const load = await loadHistory(url, schema, reportingHistory({ events }), (n) => log(`  loaded ${fmt(n)} events`));
  log(`  history: ${fmt(load.events)} events in ${fmt(load.streams)} streams, loaded in ${load.seconds.toFixed(1)} s (${fmt(load.events / load.seconds)} events/s)`);
  const types = await withClient(url, (c) => c.query(`SELECT split_part(stream_id, '-', 1) AS kind, count(*)::int AS n FROM "${schema}".events GROUP BY 1 ORDER BY 2 DESC`));
  log(`  by stream kind: ${types.rows.map((r: { kind: string; n: number }) => `${r.kind} ${fmt(r.n)}`).join(', ')}`);
  const store = await PostgresEventStore.connect({ url, schema, poolSize: 2 });
  try {
    const sample = await withClient(url, (c) => c.query(`SELECT DISTINCT stream_id FROM "${schema}".events TABLESAMPLE SYSTEM (1) LIMIT 200`));
    for (const { stream_id: streamId } of sample.rows as Array<{ stream_id: string }>) {
      const verdict = verifyChain(await store.readStream(streamId));
      if (!verdict.ok) throw new Error(`bench: the loaded history has a broken chain: ${verdict.error.message}`);
    }
    log(`  hash chains of ${sample.rows.length} sampled streams verified`);
  } finally {
    await store.close();
  }
}

export async function rebuildCase(url: string, schemas: Schemas, events: number): Promise<{ eventsPerS: number }> {
  const storeSchema = await schemas.create('store');
  await loadAndVerify(url, storeSchema, events);
  throw new Error('bench: the reporting rebuild (services/reporting/src/rebuild/) has not landed yet');
}
