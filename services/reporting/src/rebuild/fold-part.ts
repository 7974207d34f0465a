/**
 * One reader and fold of the rebuild (projection-rebuild.ts): reads its share
 * of the global log (all of it, or one partition of the streams) with
 * readAllForProjection, folds it with LedgerFold and writes the shadow tables'
 * rows. The rebuild runs one in its own thread, or one per worker thread
 * (partition-worker.ts) on PostgreSQL; the folds' rows are independent per
 * partition (a lead's two streams share one, see ProjectionReadOptions), so the
 * parts' rows together are the tables.
 */
import type { EventStore, ProjectionEvent, ProjectionReadOptions } from '@jm/event-sourcing';
import type { TableSpec } from '@jm/read-model';
import { ACCESS_LOG, LEAD_LEDGER, REPORT_FACT, RISK_LEDGER } from '../read-model/read-model.tables';
import { SAVED_ANALYSIS } from '../read-model/saved-analysis.table';
import { LedgerChanges, LedgerFold } from '../ledgers/ledger.projector';
import { AnyRow, Runner, SqlTarget, WriteMode, writeRows } from '../ledgers/table-sql';

export const SHADOW_PREFIX = 'rb_';
/** Tables whose rows the first read only inserts (one per event); ledger rows are upserted. */
export const APPEND_ONLY_TABLES: readonly TableSpec[] = [REPORT_FACT, ACCESS_LOG];

/** Runs one batch of writes (on SQLite inside the serialising transaction helper). */
export type Writer = <T>(fn: (runner: Runner) => Promise<T>) => Promise<T>;

export interface PartOptions {
  /** Events per page. */
  pageSize: number;
  /** Fact and access rows the first read collects before it writes them, with the ledger rows settled by then. */
  streamBatch: number;
  /** A ledger row untouched for this many of the part's events is written while the first read goes on. */
  settledAfterEvents: number;
  partition?: ProjectionReadOptions['partition'];
}

export interface PartRead {
  /** Events this read folded. */
  count: number;
  /** Last position the part has read (0 before any). */
  position: number;
}

/** Where a part has got to, for progress. */
export interface PartProgress {
  events: number;
  position: number;
  /** Position of the first event the part read (-1 before any). */
  first: number;
}

export interface PartTotals {
  events: number;
  /** Ledger rows written while the log was still being read, and how many of them changed again. */
  settledRows: number;
  settledAgain: number;
}

/**
 * The writes of a batch of rows, each with its mode: ledger rows the fold hands out for the first time are not in
 * the shadow tables yet (a part writes every row it is handed), so they go as plain inserts (COPY on PostgreSQL:
 * about a third of the server's work of an upsert from json_to_recordset); the others are upserted. Fact and access
 * rows with `appendOnly`.
 */
export function rowWrites(
  changes: Partial<LedgerChanges> & Pick<LedgerChanges, 'leads' | 'risks' | 'freshLeads' | 'freshRisks'>,
  appendOnly: WriteMode,
): Array<[TableSpec, AnyRow[], WriteMode]> {
  const writes: Array<[TableSpec, AnyRow[], WriteMode]> = [
    [LEAD_LEDGER, changes.leads.slice(0, changes.freshLeads), 'insert'],
    [LEAD_LEDGER, changes.leads.slice(changes.freshLeads), 'upsert'],
    [RISK_LEDGER, changes.risks.slice(0, changes.freshRisks), 'insert'],
    [RISK_LEDGER, changes.risks.slice(changes.freshRisks), 'upsert'],
    [REPORT_FACT, changes.facts ?? [], appendOnly],
    [ACCESS_LOG, changes.access ?? [], appendOnly],
    [SAVED_ANALYSIS, changes.saved ?? [], 'upsert'],
  ];
  return writes.filter(([, rows]) => rows.length > 0);
}

/** Rows of a later round: fact and access rows are new events, ledger rows may be in the shadow already. */
export async function writeChanges(runner: Runner, target: SqlTarget, changes: LedgerChanges): Promise<void> {
  for (const [spec, rows, mode] of rowWrites(changes, 'ignore')) await writeRows(runner, target, spec, rows, mode, SHADOW_PREFIX);
}

export class FoldPart {
  private readonly fold = new LedgerFold();
  private position = 0;
  private first = -1;
  private streaming = false;
  private streamedWrites: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: EventStore,
    private readonly write: Writer,
    private readonly target: SqlTarget,
    private readonly options: PartOptions,
    private readonly onProgress: (progress: PartProgress) => void = () => undefined,
  ) {}

  /**
   * The first read: everything visible, fact and access rows and settled ledger
   * rows written while it goes on (the database works on them while this
   * thread reads and folds).
   */
  async load(): Promise<PartRead> {
    this.streaming = true;
    const read = await this.readOn();
    this.streamWrites(true);
    this.streaming = false;
    await this.streamedWrites;
    return read;
  }

  /** After load: the rest of the rows (ledger rows upserted: a settled row that changed again is written a second time). */
  async writeRest(): Promise<void> {
    // Batches of their own so that on SQLite bus handlers get the connection in between; the tables side by side.
    await Promise.all(
      rowWrites(this.fold.takeChanges(), 'insert').map(async ([spec, rows, mode]) => {
        for (let start = 0; start < rows.length; start += 20_000) {
          const chunk = rows.slice(start, start + 20_000);
          await this.write((runner) => writeRows(runner, this.target, spec, chunk, mode, SHADOW_PREFIX));
        }
      }),
    );
  }

  /** A catch-up round: read on from where the last read stopped and write the rows that changed. */
  async catchUp(): Promise<PartRead> {
    const read = await this.readOn();
    await this.write((runner) => writeChanges(runner, this.target, this.fold.takeChanges()));
    return read;
  }

  /** The last read (during the swap): the rows that changed are handed to the caller, which writes them in its transaction. */
  async readLast(): Promise<{ read: PartRead; changes: LedgerChanges }> {
    const read = await this.readOn();
    return { read, changes: this.fold.takeChanges() };
  }

  totals(): PartTotals {
    return { events: this.fold.events, settledRows: this.fold.settledRows, settledAgain: this.fold.settledAgain };
  }

  /** One batch of final rows (facts, access rows, settled ledger rows) to the shadow tables, behind the ones before. */
  private streamWrites(force = false): void {
    const { fold } = this;
    if (!this.streaming || (!force && fold.appendOnlyPending < this.options.streamBatch)) return;
    const appendOnly = fold.takeAppendOnly();
    const settled = force ? { leads: [], risks: [], freshLeads: 0, freshRisks: 0 } : fold.takeSettled(this.options.settledAfterEvents);
    const writes = rowWrites({ ...appendOnly, ...settled }, 'insert');
    this.streamedWrites = this.streamedWrites.then(async () => {
      for (const [spec, rows, mode] of writes) await this.write((runner) => writeRows(runner, this.target, spec, rows, mode, SHADOW_PREFIX));
    });
    // Awaited after the read; until then a failure must not count as unhandled.
    this.streamedWrites.catch(() => undefined);
  }

  /** Reads and folds everything after the last position read; the next page is fetched while this one is folded. */
  private async readOn(): Promise<PartRead> {
    const { store, fold } = this;
    const { pageSize, partition } = this.options;
    let count = 0;
    let next = store.readAllForProjection({ from: this.position, limit: pageSize, partition });
    for (;;) {
      const page: ProjectionEvent[] = await next;
      if (page.length === 0) break;
      if (this.first < 0) this.first = page[0].position;
      this.position = page[page.length - 1].position;
      if (page.length === pageSize) next = store.readAllForProjection({ from: this.position, limit: pageSize, partition });
      for (const event of page) fold.apply(event);
      this.streamWrites();
      count += page.length;
      this.onProgress({ events: fold.events, position: this.position, first: this.first });
      if (page.length < pageSize) break;
    }
    return { count, position: this.position };
  }
}
