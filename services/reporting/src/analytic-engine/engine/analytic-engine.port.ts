/**
 * The port between reporting and an analytic engine (issue 19): a columnar
 * copy of read-model tables that answers parameterised SQL over many rows fast.
 * The copy holds only what a table declares here, so nothing personal enters
 * it unless a table names it; reporting keeps it equal to its read model and
 * compiles analysts' structured queries to SQL for it. One adapter today:
 * DuckDB in memory (duckdb-engine.ts); a distributed engine would implement
 * the same port (docs/analysis.md, when written).
 */
export type AnalyticColumnType = 'varchar' | 'bigint' | 'double' | 'boolean' | 'timestamp' | 'date';

export interface AnalyticColumn {
  name: string;
  type: AnalyticColumnType;
}

export interface AnalyticTable {
  /** A plain identifier: lowercase letters, digits and _. */
  name: string;
  /** The key column: upserts replace the row with the same key. */
  key: string;
  /**
   * The column a full load orders the rows by (kept in that order in storage), so that a query filtering or
   * sorting on it skips most of the table (e.g. the newest rows first). Rows upserted later go at the end.
   */
  clusterBy?: string;
  columns: readonly AnalyticColumn[];
}

/**
 * A row as read from the read model: strings, numbers, booleans, null; a
 * timestamp as an ISO-8601 string or a Date; a date as 'YYYY-MM-DD'; a bigint column as a number,
 * bigint or decimal string.
 */
export type AnalyticRow = Record<string, unknown>;

/** A value a query binds to a `$n` parameter. */
export type AnalyticParam = string | number | boolean | null;

export interface AnalyticEngine {
  readonly kind: string;
  /** Creates the table empty, replacing any copy of it. */
  define(table: AnalyticTable): Promise<void>;
  /** Inserts or replaces rows by key. */
  upsert(table: AnalyticTable, rows: readonly AnalyticRow[]): Promise<void>;
  /**
   * Replaces the table's rows with these pages (keys unique), atomically: queries see the old rows until the
   * last page is in. Returns the rows loaded.
   */
  load(table: AnalyticTable, pages: AsyncIterable<readonly AnalyticRow[]>): Promise<number>;
  /** Removes rows by key. */
  remove(table: AnalyticTable, keys: readonly string[]): Promise<void>;
  /** Runs a parameterised query ($1, $2, …); rows come back as plain JS values (bigint columns as numbers). */
  query<T extends Record<string, unknown>>(sql: string, params?: readonly AnalyticParam[]): Promise<T[]>;
  /**
   * Where the engine's writes stand: a number that grows with every write called (define, upsert, load, remove). A
   * query called after reading it reflects every write up to it (and maybe later ones).
   */
  writeMark(): number;
  /**
   * The keys of `table` that the writes called after `mark` (a writeMark()) upserted or removed, for a caller that
   * keeps what queries answered and brings it up to date by key; undefined when the engine cannot name them (the
   * table was defined or loaded since, or the engine no longer keeps that far back).
   */
  keysWrittenSince(table: string, mark: number): readonly string[] | undefined;
  /** How many bytes the engine holds in memory, when it can say. */
  memoryBytes(): Promise<number | undefined>;
  close(): Promise<void>;
}

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

/** Refuses a table whose names could not be spliced into SQL as they are. */
export function checkTable(table: AnalyticTable): void {
  const bad = [table.name, table.key, ...(table.clusterBy ? [table.clusterBy] : []), ...table.columns.map((c) => c.name)].filter(
    (name) => !IDENTIFIER.test(name),
  );
  if (bad.length) throw new Error(`analytic table ${table.name}: not plain identifiers: ${bad.join(', ')}`);
  for (const [what, column] of [
    ['key', table.key],
    ['clusterBy', table.clusterBy],
  ] as const)
    if (column !== undefined && !table.columns.some((c) => c.name === column))
      throw new Error(`analytic table ${table.name}: its ${what} ${column} is not one of its columns`);
}
