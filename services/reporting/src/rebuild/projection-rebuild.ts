/**
 * Rebuild of the reporting projections from the event store (all events, not
 * only what the bus delivered), beside the live tables, which keep answering
 * queries until the swap:
 *
 * 1. create shadow tables `rb_<table>` (indexes after the load);
 * 2. read the whole global log in pages (the next page is fetched while the
 *    current one is folded) and fold it in memory with the same pure evolves
 *    the bus handlers use (LedgerFold, which steps the rows it owns in place);
 *    fact and access rows, and ledger rows that have not changed for a while
 *    (settled), are written while the read goes on;
 * 3. write the rest in bulk (json_to_recordset on PostgreSQL, multi-row VALUES
 *    on SQLite; ledger rows upserted, a settled row may have changed again),
 *    then each table's indexes, the tables side by side;
 * 4. catch up from where the read stopped, round after round, upserting only
 *    the rows that changed, until a round finds few new events;
 * 5. close the projection gate (PostgreSQL: bus handlers wait, the ones in
 *    flight finish), read the last events and swap the tables by renaming, in
 *    one transaction (the old tables are dropped); open the gate. On SQLite
 *    every transaction on the read model is serialised already (inTransaction),
 *    so that one transaction is the gate.
 *
 * Events the bus delivers after the swap that the rebuild already read change
 * nothing: ledgers skip stream versions they hold, facts and access rows are
 * keyed by event id.
 */
import { EventStore, inTransaction, ProjectionEvent } from '@jm/shared';
import type { DataSource } from 'typeorm';
import { ACCESS_LOG, createTableStatements, LEAD_LEDGER, REPORT_FACT, REPORTING_TABLES, RISK_LEDGER, TableSpec } from '../read-model/read-model.tables';
import { LedgerChanges, LedgerFold } from '../ledgers/ledger.projector';
import { ProjectionGate } from '../ledgers/projection-gate';
import { AnyRow, quoteTable, SqlTarget, sqlTargetOf, WriteMode, writeRows } from '../ledgers/table-sql';

export const SHADOW_PREFIX = 'rb_';

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
}

export interface RebuildResult {
  events: number;
  ms: number;
  /** Global position the rebuilt tables are complete up to. */
  position: number;
  rows: Record<string, number>;
  /** Ledger rows written while the log was still being read, and how many of them changed again (written twice). */
  settled: { rows: number; changedAgain: number };
}

const MAX_CATCH_UP_ROUNDS = 20;

function changedRows(changes: LedgerChanges): Array<[TableSpec, AnyRow[]]> {
  return [
    [LEAD_LEDGER, changes.leads],
    [RISK_LEDGER, changes.risks],
    [REPORT_FACT, changes.facts],
    [ACCESS_LOG, changes.access],
  ];
}

type Runner = Pick<DataSource, 'query'>;

async function writeChanges(runner: Runner, target: SqlTarget, changes: LedgerChanges, first: boolean): Promise<void> {
  for (const [spec, rows] of changedRows(changes)) {
    // Fact and access rows are new events; ledger rows may already be in the shadow from an earlier round.
    const mode: WriteMode = first ? 'insert' : spec === REPORT_FACT || spec === ACCESS_LOG ? 'ignore' : 'upsert';
    await writeRows(runner, target, spec, rows, mode, SHADOW_PREFIX);
  }
}

export async function rebuildProjections(options: RebuildOptions): Promise<RebuildResult> {
  const { store, dataSource } = options;
  const pageSize = options.pageSize ?? 1_000;
  const closeEnough = options.closeEnough ?? 1_000;
  const streamBatch = options.streamBatch ?? 20_000;
  const settledAfterEvents = options.settledAfterEvents ?? 50_000;
  const target = sqlTargetOf(dataSource);
  const started = Date.now();
  const fold = new LedgerFold();
  /** The position before the first event read (-1 until one is read). */
  let base = -1;
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
  const report = (changes: Partial<RebuildProgress> = {}) => {
    Object.assign(progress, changes);
    progress.eventsRead = fold.events;
    const seconds = (Date.now() - started) / 1000;
    progress.ratePerSecond = seconds > 0 ? Math.round(fold.events / seconds) : 0;
    // Positions need not start near 0 (PostgreSQL numbers them by transaction id): the share is of the span read.
    const span = progress.head - base;
    progress.percent = progress.phase === 'done' ? 100 : base >= 0 && span > 0 ? Math.min(99.9, Math.round(((progress.position - base) / span) * 1000) / 10) : 0;
    options.onProgress?.({ ...progress });
  };
  // SQLite: one connection for everything, so every write goes through the serialising transaction helper.
  const write = <T>(fn: (runner: Runner) => Promise<T>): Promise<T> => (target.dialect === 'sqlite' ? inTransaction(dataSource, (m) => fn(m)) : fn(dataSource));

  // During the first read, fact and access rows (final once produced) and the ledger rows that have settled go to the
  // shadow tables while the fold goes on, one batch at a time: the database works on them while this process reads
  // and folds, instead of after the read. A settled row that changes again is written again (upsert) later.
  let streamedWrites: Promise<void> = Promise.resolve();
  let streaming = false;
  const streamWrites = (force = false) => {
    if (!streaming || (!force && fold.appendOnlyPending < streamBatch)) return;
    const { facts, access } = fold.takeAppendOnly();
    const { leads, risks } = force ? { leads: [], risks: [] } : fold.takeSettled(settledAfterEvents);
    streamedWrites = streamedWrites.then(async () => {
      await write((runner) => writeRows(runner, target, REPORT_FACT, facts, 'insert', SHADOW_PREFIX));
      await write((runner) => writeRows(runner, target, ACCESS_LOG, access, 'insert', SHADOW_PREFIX));
      await write((runner) => writeRows(runner, target, LEAD_LEDGER, leads, 'upsert', SHADOW_PREFIX));
      await write((runner) => writeRows(runner, target, RISK_LEDGER, risks, 'upsert', SHADOW_PREFIX));
    });
    // Awaited after the read; until then a failure must not count as unhandled.
    streamedWrites.catch(() => undefined);
  };

  /** Reads and folds everything after `from`; the next page is fetched while this one is folded. */
  const readFrom = async (from: number): Promise<{ position: number; count: number }> => {
    let position = from;
    let count = 0;
    let next = store.readAllForProjection({ from: position, limit: pageSize });
    for (;;) {
      const page: ProjectionEvent[] = await next;
      if (page.length === 0) break;
      if (base < 0) base = page[0].position - 1;
      position = page[page.length - 1].position;
      if (page.length === pageSize) next = store.readAllForProjection({ from: position, limit: pageSize });
      for (const event of page) fold.apply(event);
      streamWrites();
      count += page.length;
      if (position > progress.head) progress.head = position;
      report({ position });
      if (page.length < pageSize) break;
    }
    return { position, count };
  };

  try {
    report({ head: await store.headPosition() });
    const tables = REPORTING_TABLES.map((spec) => ({ spec, statements: createTableStatements(spec, target.dialect, { prefix: SHADOW_PREFIX, indexTag: started.toString(36), schema: target.schema }) }));
    await write(async (runner) => {
      for (const { spec, statements } of tables) {
        await runner.query(`DROP TABLE IF EXISTS ${quoteTable(target, SHADOW_PREFIX + spec.table)}`);
        await runner.query(statements[0]);
      }
    });

    report({ phase: 'reading' });
    streaming = true;
    let { position } = await readFrom(0);
    streamWrites(true);
    streaming = false;

    report({ phase: 'writing' });
    const initial = fold.takeChanges();
    // What the stream has not written yet: the rest of each table, then its indexes; the tables side by side
    // (connections of their own on PostgreSQL: one table's indexes are built while another is written). Batches of
    // their own so that on SQLite bus handlers get the connection in between.
    await streamedWrites;
    await Promise.all(
      changedRows(initial).map(async ([spec, rows]) => {
        const mode: WriteMode = spec === LEAD_LEDGER || spec === RISK_LEDGER ? 'upsert' : 'insert';
        for (let start = 0; start < rows.length; start += 20_000) {
          const chunk = rows.slice(start, start + 20_000);
          await write((runner) => writeRows(runner, target, spec, chunk, mode, SHADOW_PREFIX));
        }
        await write(async (runner) => {
          for (const statement of tables.find((t) => t.spec === spec)!.statements.slice(1)) await runner.query(statement);
        });
      }),
    );

    report({ phase: 'catching_up' });
    for (let round = 0; round < MAX_CATCH_UP_ROUNDS; round++) {
      const head = await store.headPosition();
      report({ head: Math.max(head, progress.head) });
      const caught = await readFrom(position);
      position = caught.position;
      await write((runner) => writeChanges(runner, target, fold.takeChanges(), false));
      if (caught.count <= closeEnough) break;
    }
    await options.beforeSwap?.();

    report({ phase: 'swapping' });
    const swap = () =>
      inTransaction(dataSource, async (manager) => {
        const last = await readFrom(position);
        position = last.position;
        await writeChanges(manager, target, fold.takeChanges(), false);
        for (const { spec } of tables) {
          await manager.query(`DROP TABLE IF EXISTS ${quoteTable(target, spec.table)}`);
          await manager.query(`ALTER TABLE ${quoteTable(target, SHADOW_PREFIX + spec.table)} RENAME TO "${spec.table}"`);
          // The primary key's index keeps the shadow's name; give it the live one so the next rebuild's shadow can take it.
          if (target.dialect === 'postgres') await manager.query(`ALTER INDEX ${quoteTable(target, `${SHADOW_PREFIX}${spec.table}_pkey`)} RENAME TO "${spec.table}_pkey"`);
        }
      });
    if (options.gate && target.dialect === 'postgres') await options.gate.exclusive(swap);
    else await swap();

    const rows: Record<string, number> = {};
    for (const { spec } of tables) {
      const [{ n }] = (await dataSource.query(`SELECT COUNT(*) AS n FROM ${quoteTable(target, spec.table)}`)) as Array<{ n: string | number }>;
      rows[spec.table] = Number(n);
    }
    report({ phase: 'done', position, head: Math.max(position, progress.head), finishedAt: new Date().toISOString() });
    return { events: fold.events, ms: Date.now() - started, position, rows, settled: { rows: fold.settledRows, changedAgain: fold.settledAgain } };
  } catch (error) {
    report({ phase: 'failed', finishedAt: new Date().toISOString(), error: error instanceof Error ? error.message : String(error) });
    await write(async (runner) => {
      for (const spec of REPORTING_TABLES) await runner.query(`DROP TABLE IF EXISTS ${quoteTable(target, SHADOW_PREFIX + spec.table)}`);
    }).catch(() => undefined);
    throw error;
  }
}
