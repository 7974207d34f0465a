/**
 * Rebuild of the reporting projections from the event store beside the live
 * tables: shadow tables, a fold of the whole log (worker threads per partition
 * on PostgreSQL), bulk writes, catch-up rounds, then a swap behind the projection
 * gate. The steps and why: docs/reporting-ledgers.md (Rebuild).
 */
import { inTransaction } from '@jm/bus';
import { EventStore, PostgresEventStore } from '@jm/event-sourcing';
import type { PoolConfig } from 'pg';
import type { DataSource } from 'typeorm';
import type { PostgresConnectionOptions } from 'typeorm/driver/postgres/PostgresConnectionOptions';
import { createTableStatements } from '@jm/read-model';
import { REPORTING_TABLES } from '../read-model/read-model.tables';
import type { LedgerChanges } from '../ledgers/ledger.projector';
import { ProjectionGate } from '../ledgers/projection-gate';
import { quoteTable, sqlTargetOf } from '../ledgers/table-sql';
import type { RiskLedgerListener } from '../ledgers/risk-ledger-listener';
import { APPEND_ONLY_TABLES, FoldPart, PartOptions, PartProgress, PartRead, PartTotals, SHADOW_PREFIX, writeChanges, Writer } from './fold-part';
import { WorkerPart } from './partition-worker';
import { poolRunner, rebuildPool } from './pg-runner';

export { SHADOW_PREFIX } from './fold-part';
export const REBUILD_PHASES = ['preparing', 'reading', 'writing', 'catching_up', 'swapping', 'done', 'failed'] as const;
export type RebuildPhase = (typeof REBUILD_PHASES)[number];

export interface RebuildProgress {
  phase: RebuildPhase;
  /** Events folded so far. */
  eventsRead: number;
  /** Global position of the last event read. */
  position: number;
  /** The store's head when last looked at. */
  head: number;
  /** position / head, 0–100 (100 once swapped). */
  percent: number;
  /** Events folded per second since the start. */
  ratePerSecond: number;
  startedAt: string;
  finishedAt: string | null;
  error: string | null;
}

export interface RebuildOptions {
  store: EventStore;
  dataSource: DataSource;
  /** Who hears that the swap replaced the risk ledger (the service passes the statistics index feed's). */
  riskLedger: RiskLedgerListener;
  onProgress?: (progress: RebuildProgress) => void;
  /** The bus handlers' gate (the service passes its own); without one, nothing else may write the tables meanwhile. */
  gate?: ProjectionGate;
  /** Events per readAll page (default 1,000: two pages are alive at a time, and larger ones outlive the young generation, so the collector copies and promotes them; 5,000 cost twice the GC time). */
  pageSize?: number;
  /** Stop catching up outside the gate once a round reads at most this many events (default 1,000). */
  closeEnough?: number;
  /** Fact and access rows the first read collects before it writes them, with the ledger rows settled by then (default 20,000). */
  streamBatch?: number;
  /** A ledger row untouched for this many events of the first read is written while the read goes on (default 50,000). */
  settledAfterEvents?: number;
  /** Called between the catch-up and the swap (tests append events here to prove nothing is missed). */
  beforeSwap?: () => Promise<void>;
  /**
   * Partitions of the streams read and folded side by side (PostgreSQL store and read model only; default 2): the
   * first in the rebuild's own thread, each other in a worker thread. 1: everything in this thread, as on SQLite.
   */
  partitions?: number;
}

export interface RebuildResult {
  events: number;
  ms: number;
  /** Global position the rebuilt tables are complete up to. */
  position: number;
  rows: Record<string, number>;
  /** Ledger rows written while the log was still being read, and how many of them changed again (written twice). */
  settled: { rows: number; changedAgain: number };
  /** Worker threads that read and folded a partition each, besides the rebuild's own thread (0: it read everything). */
  workers: number;
}

const MAX_CATCH_UP_ROUNDS = 20;
const DEFAULT_PARTITIONS = 2;
const MAX_PARTITIONS = 16;

/** What the rebuild asks of a reader and fold (FoldPart here, or one in a worker thread). */
interface Part {
  load(): Promise<PartRead>;
  writeRest(): Promise<void>;
  catchUp(): Promise<PartRead>;
  readLast(): Promise<{ read: PartRead; changes: LedgerChanges }>;
  totals(): Promise<PartTotals>;
  close(): Promise<void>;
}

/**
 * The read model's connection for a worker thread (pg settings), or undefined when it cannot have one: options
 * that do not cross threads (a password function, replication, extra driver settings).
 */
function workerConnection(dataSource: DataSource): PoolConfig | undefined {
  const o = dataSource.options as PostgresConnectionOptions;
  if (o.type !== 'postgres' || o.replication || o.extra || (o.password !== undefined && typeof o.password !== 'string')) return undefined;
  return {
    connectionString: o.url,
    host: o.host,
    port: o.port,
    user: o.username,
    password: o.password as string | undefined,
    database: o.database,
    ssl: o.ssl as PoolConfig['ssl'],
  };
}

export async function rebuildProjections(options: RebuildOptions): Promise<RebuildResult> {
  const { store, dataSource } = options;
  const closeEnough = options.closeEnough ?? 1_000;
  const target = sqlTargetOf(dataSource);
  const started = Date.now();
  if (
    options.partitions !== undefined &&
    !(Number.isInteger(options.partitions) && options.partitions >= 1 && options.partitions <= MAX_PARTITIONS)
  ) {
    throw new Error(`rebuildProjections: partitions ${String(options.partitions)} is invalid: an integer from 1 to ${MAX_PARTITIONS}`);
  }
  const readModel = target.dialect === 'postgres' && store instanceof PostgresEventStore ? workerConnection(dataSource) : undefined;
  const partitions = readModel ? (options.partitions ?? DEFAULT_PARTITIONS) : 1;
  const partOptions = (index: number): PartOptions => ({
    pageSize: options.pageSize ?? 1_000,
    streamBatch: options.streamBatch ?? 20_000,
    // Counted in the part's own events: a part sees about 1/partitions of the log.
    settledAfterEvents: Math.ceil((options.settledAfterEvents ?? 50_000) / partitions),
    partition: partitions > 1 ? { count: partitions, index } : undefined,
  });
  const progress: RebuildProgress = {
    phase: 'preparing',
    eventsRead: 0,
    position: 0,
    head: 0,
    percent: 0,
    ratePerSecond: 0,
    startedAt: new Date(started).toISOString(),
    finishedAt: null,
    error: null,
  };
  /** Each part's latest progress. */
  const partProgress: PartProgress[] = [];
  const report = (changes: Partial<RebuildProgress> = {}) => {
    Object.assign(progress, changes);
    progress.eventsRead = partProgress.reduce((sum, p) => sum + p.events, 0);
    const seconds = (Date.now() - started) / 1000;
    progress.ratePerSecond = seconds > 0 ? Math.round(progress.eventsRead / seconds) : 0;
    // Positions need not start near 0 (PostgreSQL numbers them by transaction id): the share is of the span read.
    const firsts = partProgress.filter((p) => p.first >= 0).map((p) => p.first);
    const base = firsts.length > 0 ? Math.min(...firsts) - 1 : -1;
    const span = progress.head - base;
    progress.percent =
      progress.phase === 'done' ? 100 : base >= 0 && span > 0 ? Math.min(99.9, Math.round(((progress.position - base) / span) * 1000) / 10) : 0;
    options.onProgress?.({ ...progress });
  };
  const onPartProgress = (index: number) => (p: PartProgress) => {
    partProgress[index] = p;
    if (p.position > progress.head) progress.head = p.position;
    report({ position: Math.max(progress.position, p.position) });
  };
  // PostgreSQL store and read model: the rebuild's own connections for the shadow tables (pg-runner.ts: COPY, no
  // wait for the WAL flush). SQLite: one connection for everything, so every write goes through the serialising
  // transaction helper.
  const pool = readModel ? rebuildPool(readModel, 6) : undefined;
  const poolWriter = pool ? poolRunner(pool) : undefined;
  const write: Writer = (fn) =>
    poolWriter ? fn(poolWriter) : target.dialect === 'sqlite' ? inTransaction(dataSource, (m) => fn(m)) : fn(dataSource);
  const parts: Part[] = [];

  try {
    // Workers first: loading their modules overlaps with creating the shadow tables. Partition 0 is read here: this
    // thread has little else to do meanwhile, and a worker of its own would only add one more start-up.
    for (let index = 0; index < partitions; index++) {
      partProgress[index] = { events: 0, position: 0, first: -1 };
      if (readModel && index > 0) {
        const pg = store as PostgresEventStore;
        parts.push(
          WorkerPart.start({ store: { url: pg.url, schema: pg.schema }, readModel, target, options: partOptions(index) }, onPartProgress(index)),
        );
      } else {
        const part = new FoldPart(store, write, target, partOptions(index), onPartProgress(index));
        parts.push({
          load: () => part.load(),
          writeRest: () => part.writeRest(),
          catchUp: () => part.catchUp(),
          readLast: () => part.readLast(),
          totals: async () => part.totals(),
          close: async () => undefined,
        });
      }
    }
    report({ head: await store.headPosition() });
    // PostgreSQL: the append-only tables get their primary key after the load too (their first rows are all new).
    const tables = REPORTING_TABLES.map((spec) => ({
      spec,
      statements: createTableStatements(spec, target.dialect, {
        prefix: SHADOW_PREFIX,
        indexTag: started.toString(36),
        schema: target.schema,
        primaryKeyLast: target.dialect === 'postgres' && APPEND_ONLY_TABLES.includes(spec),
      }),
    }));
    await write(async (runner) => {
      for (const { spec, statements } of tables) {
        await runner.query(`DROP TABLE IF EXISTS ${quoteTable(target, SHADOW_PREFIX + spec.table)}`);
        await runner.query(statements[0]);
      }
    });

    /** Runs a read on every part; the position the tables are complete up to is the last one read, or with several parts the head seen before (a part reads only its own streams). */
    const readAll = async (read: (part: Part) => Promise<PartRead>): Promise<{ count: number; position: number }> => {
      const head = await store.headPosition();
      const reads = await Promise.all(parts.map(read));
      const count = reads.reduce((sum, r) => sum + r.count, 0);
      return { count, position: parts.length === 1 ? reads[0].position : head };
    };

    report({ phase: 'reading' });
    let { position } = await readAll((part) => part.load());

    report({ phase: 'writing' });
    // Each table's key (if made last) and indexes once its rows are in, the tables side by side (connections of
    // their own on PostgreSQL). The append-only tables are complete once the first read is (every part wrote its
    // fact and access rows before its load ended), so theirs build while the parts write the last ledger rows.
    const buildIndexes = (appendOnly: boolean) =>
      Promise.all(
        tables
          .filter(({ spec }) => APPEND_ONLY_TABLES.includes(spec) === appendOnly)
          .map(({ statements }) =>
            write(async (runner) => {
              for (const statement of statements.slice(1)) await runner.query(statement);
            }),
          ),
      );
    await Promise.all([buildIndexes(true), Promise.all(parts.map((part) => part.writeRest())).then(() => buildIndexes(false))]);

    report({ phase: 'catching_up' });
    for (let round = 0; round < MAX_CATCH_UP_ROUNDS; round++) {
      const head = await store.headPosition();
      report({ head: Math.max(head, progress.head) });
      const caught = await readAll((part) => part.catchUp());
      position = caught.position;
      if (caught.count <= closeEnough) break;
    }
    await options.beforeSwap?.();

    report({ phase: 'swapping' });
    const swap = () =>
      inTransaction(dataSource, async (manager) => {
        const changes: LedgerChanges[] = [];
        position = (
          await readAll(async (part) => {
            const last = await part.readLast();
            changes.push(last.changes);
            return last.read;
          })
        ).position;
        for (const change of changes) await writeChanges(manager, target, change);
        for (const { spec } of tables) {
          await manager.query(`DROP TABLE IF EXISTS ${quoteTable(target, spec.table)}`);
          await manager.query(`ALTER TABLE ${quoteTable(target, SHADOW_PREFIX + spec.table)} RENAME TO "${spec.table}"`);
          // The primary key's index keeps the shadow's name; give it the live one so the next rebuild's shadow can take it.
          if (target.dialect === 'postgres')
            await manager.query(`ALTER INDEX ${quoteTable(target, `${SHADOW_PREFIX}${spec.table}_pkey`)} RENAME TO "${spec.table}_pkey"`);
        }
        // Every instance's analytic engine loads the new table once this commits.
        await options.riskLedger.replaced(manager, target);
      });
    if (options.gate && target.dialect === 'postgres') await options.gate.exclusive(swap);
    else await swap();

    const rows: Record<string, number> = {};
    for (const { spec } of tables) {
      const [{ n }] = (await dataSource.query(`SELECT COUNT(*) AS n FROM ${quoteTable(target, spec.table)}`)) as Array<{ n: string | number }>;
      rows[spec.table] = Number(n);
    }
    const totals = await Promise.all(parts.map((part) => part.totals()));
    totals.forEach((t, index) => (partProgress[index] = { ...partProgress[index], events: t.events }));
    report({ phase: 'done', position, head: Math.max(position, progress.head), finishedAt: new Date().toISOString() });
    const sum = (key: keyof PartTotals) => totals.reduce((total, t) => total + t[key], 0);
    return {
      events: sum('events'),
      ms: Date.now() - started,
      position,
      rows,
      settled: { rows: sum('settledRows'), changedAgain: sum('settledAgain') },
      workers: parts.length - 1,
    };
  } catch (error) {
    report({ phase: 'failed', finishedAt: new Date().toISOString(), error: error instanceof Error ? error.message : String(error) });
    // The workers stop before their tables go (one may still be writing).
    await Promise.all(parts.map((part) => part.close()));
    await write(async (runner) => {
      for (const spec of REPORTING_TABLES) await runner.query(`DROP TABLE IF EXISTS ${quoteTable(target, SHADOW_PREFIX + spec.table)}`);
    }).catch(() => undefined);
    throw error;
  } finally {
    await Promise.all(parts.map((part) => part.close()));
    await pool?.end();
  }
}
