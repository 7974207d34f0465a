/**
 * Plain SQL over the reporting tables from their column lists (TableSpec), for
 * the two writers: the bus projector (one row at a time, inside the consumer's
 * transaction) and the rebuild (many rows per statement). Valid on SQLite and
 * PostgreSQL; TypeORM's repositories would cost several round trips per row.
 */
import type { DataSource, EntityManager } from 'typeorm';
import { ColumnSpec, Dialect, dialectOf, schemaOf, TableSpec } from '@jm/read-model';
import { dbBoolean } from '../read-model/read-model.tables';

/** Rows are plain objects keyed by the spec's property names. */
export type AnyRow = object;

/**
 * Runs SQL (a DataSource, an EntityManager, the rebuild's pg pool). A runner that can also stream COPY FROM STDIN
 * (`copyIn`, PostgreSQL: the rebuild's own connections, rebuild/pg-runner.ts) takes plain inserts as COPY.
 */
export type Runner = (Pick<EntityManager, 'query'> | Pick<DataSource, 'query'>) & { copyIn?: CopyIn };

/** A pg pool's query, as much of it as a read needs (the PostgreSQL driver's pool under a DataSource). */
interface PgPool {
  query(sql: string, params?: unknown[]): Promise<{ rows: unknown[] }>;
}

const READ_RUNNERS = new WeakMap<DataSource, Runner>();

/**
 * A runner for reads outside any transaction (a ledger page's rows by key): on PostgreSQL, the driver's pool itself,
 * the same connections, settings and type parsers; else the DataSource. Over 3,000 reads of 50 rows, what survived
 * each young-generation collection was 13 MB through TypeORM's DataSource.query (a query runner and an entity manager
 * per query) against 70 KB on the pool, and the pauses took 21 against 1.6 ms (docs/benchmarks.md, run 15).
 */
export function readRunner(db: DataSource): Runner {
  if (db.options.type !== 'postgres') return db;
  const kept = READ_RUNNERS.get(db);
  if (kept) return kept;
  // The pool as it is at each read (a DataSource initialized again has a new one).
  const driver = db.driver as unknown as { master?: PgPool };
  const runner: Runner = {
    query: async <T>(sql: string, params?: unknown[]) =>
      (driver.master ? (await driver.master.query(sql, params)).rows : await db.query(sql, params)) as T,
  };
  READ_RUNNERS.set(db, runner);
  return runner;
}

/** Sends `text` (COPY text format) to the server for `sql` (COPY … FROM STDIN). */
export type CopyIn = (sql: string, text: string) => Promise<void>;

export interface SqlTarget {
  dialect: Dialect;
  /** PostgreSQL schema of the read model; undefined on SQLite. */
  schema?: string;
}

export function sqlTargetOf(connection: DataSource): SqlTarget {
  return { dialect: dialectOf(connection.options.type), schema: schemaOf(connection) };
}

export function quoteTable(target: SqlTarget, table: string): string {
  return target.schema ? `"${target.schema}"."${table}"` : `"${table}"`;
}

const placeholder = (dialect: Dialect, index: number): string => (dialect === 'postgres' ? `$${index + 1}` : '?');

function primaryOf(spec: TableSpec): ColumnSpec {
  const primary = spec.columns.find((c) => c.primary);
  if (!primary) throw new Error(`table ${spec.table} has no primary key`);
  return primary;
}

/** A value as the driver binds it: SQLite has no booleans. */
function toDb(column: ColumnSpec, value: unknown, dialect: Dialect): unknown {
  if (value === undefined) return null;
  if (column.kind === 'boolean' && dialect === 'sqlite') return value ? 1 : 0;
  return value;
}

/** A raw result row (column names, driver types) as the spec's row object. */
export function rowFromDb<Row extends AnyRow>(spec: TableSpec, raw: Record<string, unknown>): Row {
  const row: Record<string, unknown> = {};
  for (const c of spec.columns) {
    const value = raw[c.column];
    if (value === null || value === undefined) row[c.property] = null;
    else if (c.kind === 'boolean') row[c.property] = dbBoolean(value);
    else if (c.kind === 'integer' || c.kind === 'bigint') row[c.property] = Number(value);
    else row[c.property] = value;
  }
  return row as Row;
}

export async function selectByKey<Row extends AnyRow>(
  runner: Runner,
  target: SqlTarget,
  spec: TableSpec,
  key: string,
  prefix = '',
): Promise<Row | undefined> {
  const sql = `SELECT * FROM ${quoteTable(target, prefix + spec.table)} WHERE "${primaryOf(spec).column}" = ${placeholder(target.dialect, 0)}`;
  const rows = (await runner.query(sql, [key])) as Array<Record<string, unknown>>;
  return rows.length > 0 ? rowFromDb<Row>(spec, rows[0]) : undefined;
}

/** The rows with these keys (the spec's columns; any order; a key without a row is left out), a few hundred keys per statement. */
export async function selectByKeys<Row extends AnyRow>(
  runner: Runner,
  target: SqlTarget,
  spec: TableSpec,
  keys: readonly string[],
  prefix = '',
): Promise<Row[]> {
  const key = primaryOf(spec).column;
  const rows: Row[] = [];
  for (let i = 0; i < keys.length; i += 500) {
    const chunk = keys.slice(i, i + 500);
    const where = target.dialect === 'postgres' ? `= ANY($1)` : `IN (${chunk.map(() => '?').join(', ')})`;
    const raw = (await runner.query(
      `SELECT ${spec.columns.map((c) => `"${c.column}"`).join(', ')} FROM ${quoteTable(target, prefix + spec.table)} WHERE "${key}" ${where}`,
      target.dialect === 'postgres' ? [chunk] : chunk,
    )) as Array<Record<string, unknown>>;
    for (const r of raw) rows.push(rowFromDb<Row>(spec, r));
  }
  return rows;
}

/** insert: plain; ignore: keep an existing row (event-id keys); upsert: replace every column of an existing row. */
export type WriteMode = 'insert' | 'ignore' | 'upsert';

function conflictClause(spec: TableSpec, mode: WriteMode): string {
  if (mode === 'insert') return '';
  const key = primaryOf(spec).column;
  if (mode === 'ignore') return ` ON CONFLICT ("${key}") DO NOTHING`;
  const sets = spec.columns.filter((c) => !c.primary).map((c) => `"${c.column}" = excluded."${c.column}"`);
  return ` ON CONFLICT ("${key}") DO UPDATE SET ${sets.join(', ')}`;
}

/** One multi-row INSERT (VALUES lists); the caller keeps rows × columns under the driver's parameter limit. */
export function valuesInsert(
  target: SqlTarget,
  spec: TableSpec,
  table: string,
  rows: readonly AnyRow[],
  mode: WriteMode,
): { sql: string; params: unknown[] } {
  const columns = spec.columns.map((c) => `"${c.column}"`).join(', ');
  const params: unknown[] = [];
  const tuples: string[] = [];
  for (const row of rows) {
    const slots: string[] = [];
    for (const c of spec.columns) {
      slots.push(placeholder(target.dialect, params.length));
      params.push(toDb(c, (row as Record<string, unknown>)[c.property], target.dialect));
    }
    tuples.push(`(${slots.join(', ')})`);
  }
  return { sql: `INSERT INTO ${quoteTable(target, table)} (${columns}) VALUES ${tuples.join(', ')}${conflictClause(spec, mode)}`, params };
}

const PG_RECORD_TYPE: Record<ColumnSpec['kind'], string> = { varchar: 'text', text: 'text', integer: 'int4', bigint: 'int8', boolean: 'bool' };

/**
 * PostgreSQL: any number of rows in one statement and one parameter, the rows
 * as JSON keyed by property (json_to_recordset). JSON.stringify is native,
 * and the server parses it on its own core: the client's per-value work of
 * array parameters is what limits a bulk load from Node.
 */
export function jsonInsert(
  target: SqlTarget,
  spec: TableSpec,
  table: string,
  rows: readonly AnyRow[],
  mode: WriteMode,
): { sql: string; params: unknown[] } {
  const columns = spec.columns.map((c) => `"${c.column}"`).join(', ');
  const record = spec.columns.map((c) => `"${c.property}" ${PG_RECORD_TYPE[c.kind]}`).join(', ');
  const select = spec.columns.map((c) => `x."${c.property}"`).join(', ');
  return {
    sql: `INSERT INTO ${quoteTable(target, table)} (${columns}) SELECT ${select} FROM json_to_recordset($1::json) AS x(${record})${conflictClause(spec, mode)}`,
    params: [JSON.stringify(rows)],
  };
}

/** COPY's text format escapes these (a backslash and the separators); nulls are \N. */
const COPY_SPECIAL = /[\\\t\n\r]/;
const COPY_SPECIAL_ALL = /[\\\t\n\r]/g;
const COPY_ESCAPES: Readonly<Record<string, string>> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

function copyValue(column: ColumnSpec, value: unknown): string {
  if (value === null || value === undefined) return '\\N';
  if (column.kind === 'boolean') return value ? 't' : 'f';
  // Anything else as json_to_recordset would take it from the JSON of the row.
  const text = typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
  return COPY_SPECIAL.test(text) ? text.replace(COPY_SPECIAL_ALL, (c) => COPY_ESCAPES[c]) : text;
}

/**
 * PostgreSQL, plain inserts: COPY FROM STDIN in the text format. The server takes a COPY row for about a third
 * of what json_to_recordset costs it (which parses the JSON twice and builds a hash table per row); the encoding
 * here costs Node about what JSON.stringify does.
 */
export function copyInsert(target: SqlTarget, spec: TableSpec, table: string, rows: readonly AnyRow[]): { sql: string; text: string } {
  const { columns } = spec;
  let text = '';
  for (const row of rows) {
    const r = row as Record<string, unknown>;
    let line = copyValue(columns[0], r[columns[0].property]);
    for (let i = 1; i < columns.length; i++) line += `\t${copyValue(columns[i], r[columns[i].property])}`;
    text += `${line}\n`;
  }
  return { sql: `COPY ${quoteTable(target, table)} (${columns.map((c) => `"${c.column}"`).join(', ')}) FROM STDIN`, text };
}

/** SQLite binds at most 32766 parameters per statement; stay well below. */
const SQLITE_MAX_PARAMS = 30000;
const PG_ROWS_PER_STATEMENT = 10_000;

/** Writes rows in as few statements as the dialect allows. */
export async function writeRows(
  runner: Runner,
  target: SqlTarget,
  spec: TableSpec,
  rows: readonly AnyRow[],
  mode: WriteMode,
  prefix = '',
): Promise<void> {
  if (rows.length === 0) return;
  const table = prefix + spec.table;
  if (mode === 'insert' && target.dialect === 'postgres' && runner.copyIn) {
    const { sql, text } = copyInsert(target, spec, table, rows);
    return runner.copyIn(sql, text);
  }
  const perStatement = target.dialect === 'postgres' ? PG_ROWS_PER_STATEMENT : Math.max(1, Math.floor(SQLITE_MAX_PARAMS / spec.columns.length));
  for (let start = 0; start < rows.length; start += perStatement) {
    const chunk = rows.slice(start, start + perStatement);
    const { sql, params } =
      target.dialect === 'postgres' && chunk.length > 1
        ? jsonInsert(target, spec, table, chunk, mode)
        : valuesInsert(target, spec, table, chunk, mode);
    await runner.query(sql, params);
  }
}
