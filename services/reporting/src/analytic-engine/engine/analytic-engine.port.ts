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
  /** Copies of some of its columns kept in the order of a sort key of their own (see AnalyticProjection). */
  projections?: readonly AnalyticProjection[];
}

/**
 * Some of a table's columns kept a second time, in the order of a sort key (a projection, as column stores call
 * it): the rows at either end of the key's range first, the middle last, so that a Top-N on the key in either
 * direction finds its rows in the first row groups and skips the others by their min/max. Queried by its name like
 * a table; the key is its column PROJECTION_KEY. Every write to the table is applied to it in the same transaction.
 */
export interface AnalyticProjection {
  /** A plain identifier, distinct from every table's. */
  name: string;
  /** Columns of the table it carries (its key column among them). */
  columns: readonly string[];
  /**
   * The sort key as SQL over the table's columns: an integer (up to 128 bits), distinct per row for the skipping to
   * work (a value and a tiebreak combined). A row whose key is null is not in the projection: a query reading it must
   * select only rows with a key.
   */
  key: string;
}

/** The column a projection holds its sort key in. */
export const PROJECTION_KEY = 'sort_key';

/**
 * A row as read from the read model: strings, numbers, booleans, null; a
 * timestamp as an ISO-8601 string or a Date; a date as 'YYYY-MM-DD'; a bigint column as a number,
 * bigint or decimal string.
 */
export type AnalyticRow = Record<string, unknown>;

/** A value a query binds to a `$n` parameter. */
export type AnalyticParam = string | number | boolean | null;

/** A result read as numbers: each column's values in a typed array, in the query's column order. */
export interface NumberColumns {
  /** Rows read. */
  length: number;
  /** Each column's values by the query's column names; NaN where the value is NULL. */
  columns: Readonly<Record<string, Float64Array>>;
}

/** How a query runs. */
export interface QueryOptions {
  /**
   * Aborting it gives the query up: one not started never runs, a running one is stopped where it stands (its
   * cores freed for the queries after it), and the promise rejects with the signal's reason.
   */
  signal?: AbortSignal;
}

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
  query<T extends Record<string, unknown>>(sql: string, params?: readonly AnalyticParam[], options?: QueryOptions): Promise<T[]>;
  /**
   * Runs a parameterised query whose columns are all numbers, reading each column into a Float64Array: no object per
   * row, for results that are kept (a ledger list's key rows). A column that is not a number is refused.
   */
  queryNumbers(sql: string, params?: readonly AnalyticParam[], options?: QueryOptions): Promise<NumberColumns>;
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
  const projected = (table.projections ?? []).flatMap((p) => [p.name, ...p.columns]);
  bad.push(...projected.filter((name) => !IDENTIFIER.test(name)));
  if (bad.length) throw new Error(`analytic table ${table.name}: not plain identifiers: ${bad.join(', ')}`);
  for (const projection of table.projections ?? []) {
    const unknown = projection.columns.filter((name) => !table.columns.some((c) => c.name === name));
    if (!projection.columns.includes(table.key)) unknown.push(`(its key ${table.key} missing)`);
    if (unknown.length)
      throw new Error(`analytic table ${table.name}: projection ${projection.name} names columns it has not: ${unknown.join(', ')}`);
  }
  for (const [what, column] of [
    ['key', table.key],
    ['clusterBy', table.clusterBy],
  ] as const)
    if (column !== undefined && !table.columns.some((c) => c.name === column))
      throw new Error(`analytic table ${table.name}: its ${what} ${column} is not one of its columns`);
}
