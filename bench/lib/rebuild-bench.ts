/**
 * Case rebuild-1m: a seeded history (reporting-history.ts) loaded into a fresh
 * PostgreSQL event-store schema (bulk-load.ts), a sample of its hash chains
 * verified, then the ledgers rebuilt from the store by the reporting service's
 * rebuild into a fresh read-model schema, timed.
 */
import { DataSource } from 'typeorm';
import { BUS_CONSUMER_ENTITIES, BUS_CONSUMER_MIGRATIONS } from '@jm/bus';
import { PostgresEventStore, verifyChain } from '@jm/event-sourcing';
import { pollUntil } from '@jm/testing';
import { fmt, log, Schemas, withClient } from './bench-env';
import { loadHistory } from './bulk-load';
import { reportingHistory } from './reporting-history';
import { rebuildProjections } from '../../services/reporting/src/rebuild/projection-rebuild';
import { riskLedgerFeedListener } from '../../services/reporting/src/statistics/ledger-queries/risk-ledger-feed';
import { REPORTING_READ_MODEL } from '../../services/reporting/src/reporting.read-model';

/**
 * A reader of the global log sees no position past the oldest transaction still
 * open anywhere on the server (the store's no-skip rule): a long transaction of
 * other work on a shared server hides part of the loaded history. Timing a
 * rebuild of the visible part would not measure the case, so wait (bounded) until
 * the store's head is the loaded history's last position.
 */
async function awaitWholeHistoryVisible(url: string, schema: string, store: PostgresEventStore): Promise<number> {
  const [{ last }] = (await withClient(url, (c) => c.query(`SELECT max(position)::text AS last FROM "${schema}".events`))).rows as Array<{
    last: string;
  }>;
  if ((await store.headPosition()) < Number(last))
    log('  waiting for an older open transaction on the server to end (the store shows no position past it)');
  return pollUntil(
    async () => {
      const head = await store.headPosition();
      return head >= Number(last) ? head : undefined;
    },
    { timeoutMs: 10 * 60_000, intervalMs: 1000, what: 'the whole loaded history to be visible (a transaction held open on the server hides it)' },
  );
}

export async function loadAndVerify(url: string, schema: string, events: number): Promise<void> {
  const load = await loadHistory(url, schema, reportingHistory({ events }), (n) => log(`  loaded ${fmt(n)} events`));
  log(
    `  history: ${fmt(load.events)} events in ${fmt(load.streams)} streams, loaded in ${load.seconds.toFixed(1)} s (${fmt(load.events / load.seconds)} events/s)`,
  );
  const types = await withClient(url, (c) =>
    c.query(`SELECT split_part(stream_id, '-', 1) AS kind, count(*)::int AS n FROM "${schema}".events GROUP BY 1 ORDER BY 2 DESC`),
  );
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

/** The schema `--keep-store` loads the history into once and reuses (one per history size). */
export const keptStoreSchema = (events: number): string => `bench_rep_kept_store_${events}`;

/**
 * keepStore: load the history into keptStoreSchema(events) unless an earlier run left it there complete, and leave
 * it for the next run (for iterating on the rebuild: loading takes ~65 s). The timed part is the same either way.
 */
export async function rebuildCase(url: string, schemas: Schemas, events: number, keepStore = false): Promise<{ eventsPerS: number }> {
  if (!keepStore) {
    const storeSchema = await schemas.create('store');
    await loadAndVerify(url, storeSchema, events);
    return timeRebuild(url, storeSchema, await schemas.create('read'), events);
  }
  const storeSchema = keptStoreSchema(events);
  const loaded = await withClient(url, async (c) => {
    const { rows } = await c.query<{ present: boolean }>(`SELECT to_regclass($1) IS NOT NULL AS present`, [`"${storeSchema}".events`]);
    if (!rows[0].present) return -1;
    return Number((await c.query<{ n: string }>(`SELECT count(*) AS n FROM "${storeSchema}".events`)).rows[0].n);
  });
  if (loaded === events) {
    log(`  --keep-store: reusing the history an earlier run loaded into schema ${storeSchema}`);
  } else {
    if (loaded >= 0) log(`  --keep-store: schema ${storeSchema} holds ${fmt(loaded)} events, not ${fmt(events)}: loading it again`);
    await withClient(url, async (c) => {
      await c.query(`DROP SCHEMA IF EXISTS "${storeSchema}" CASCADE`);
      await c.query(`CREATE SCHEMA "${storeSchema}"`);
    });
    try {
      await loadAndVerify(url, storeSchema, events);
    } catch (error) {
      await withClient(url, (c) => c.query(`DROP SCHEMA IF EXISTS "${storeSchema}" CASCADE`)).catch(() => undefined);
      throw error;
    }
    // What a store that has been read once looks like (hint bits set, statistics), so that the first run and the
    // ones reusing it time the same thing.
    await withClient(url, (c) => c.query(`VACUUM ANALYZE "${storeSchema}".events`));
    log(`  --keep-store: the history stays in schema ${storeSchema} for the next run (DROP SCHEMA "${storeSchema}" CASCADE to remove it)`);
  }
  return timeRebuild(url, storeSchema, await schemas.create('read'), events);
}

/** Rebuilds the loaded history of `storeSchema` into the empty schema `readSchema`, timed. */
export async function timeRebuild(url: string, storeSchema: string, readSchema: string, events: number): Promise<{ eventsPerS: number }> {
  // The reporting service's own read model, as bootstrap makes it: consumer tables and reporting tables by migration.
  const dataSource = await new DataSource({
    type: 'postgres',
    url,
    schema: readSchema,
    entities: [...BUS_CONSUMER_ENTITIES, ...REPORTING_READ_MODEL.entities],
    migrations: [...BUS_CONSUMER_MIGRATIONS, ...REPORTING_READ_MODEL.migrations],
    migrationsRun: true,
    synchronize: false,
    logging: false,
  }).initialize();
  const store = await PostgresEventStore.connect({ url, schema: storeSchema, poolSize: 4 });
  try {
    let lastLog = 0;
    const cpu0 = process.cpuUsage();
    const t0 = Date.now();
    await awaitWholeHistoryVisible(url, storeSchema, store);
    const result = await rebuildProjections({
      store,
      dataSource,
      riskLedger: riskLedgerFeedListener,
      onProgress: (p) => {
        if (Date.now() - lastLog < 5000 && p.phase === 'reading') return;
        lastLog = Date.now();
        log(
          `  rebuild ${p.phase} at ${((Date.now() - t0) / 1000).toFixed(1)} s: ${fmt(p.eventsRead)} events, ${p.percent.toFixed(0)}%, ${fmt(p.ratePerSecond)} events/s`,
        );
      },
    });
    const cpu = process.cpuUsage(cpu0);
    if (result.events !== events)
      throw new Error(
        `bench: the rebuild read ${fmt(result.events)} of ${fmt(events)} events (a transaction held open elsewhere on the server hid the rest)`,
      );
    const eventsPerS = result.events / (result.ms / 1000);
    log(
      `  rebuilt ${fmt(result.events)} events in ${(result.ms / 1000).toFixed(1)} s; rows ${Object.entries(result.rows)
        .map(([t, n]) => `${t} ${fmt(n)}`)
        .join(
          ', ',
        )}; ledger rows written while reading ${fmt(result.settled.rows)} (${fmt(result.settled.changedAgain)} written again); node cpu (all threads) ${((cpu.user + cpu.system) / result.events).toFixed(1)} µs/event; worker threads ${result.workers}`,
    );
    return { eventsPerS };
  } finally {
    await store.close();
    await dataSource.destroy();
  }
}
