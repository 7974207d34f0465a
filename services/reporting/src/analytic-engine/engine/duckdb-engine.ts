/**
 * The analytic engine on DuckDB in memory (@duckdb/node-api): a columnar copy
 * of the tables it is given, queried with parameterised SQL. Rows are loaded
 * through DuckDB's appender into a staging table and merged by key, so a load
 * of many rows is one bulk append and one statement. Writes run one at a time
 * on one connection (they queue), each in a transaction, so a query never sees
 * half an upsert; queries run at once on connections of their own (up to
 * READERS), each after the writes called before it; a full load appends on a
 * connection of its own and swaps the table in at the end. A query's values
 * are written into its text as typed literals (sqlWithValues), so that it is
 * one call into DuckDB rather than a prepare, a bind and a run.
 */
import {
  DuckDBAppender,
  DuckDBConnection,
  DuckDBDateValue,
  DuckDBInstance,
  DuckDBMaterializedResult,
  DuckDBTimestampValue,
  DuckDBTypeId,
  JSDuckDBValueConverter,
} from '@duckdb/node-api';
import {
  AnalyticColumn,
  AnalyticEngine,
  AnalyticParam,
  AnalyticProjection,
  AnalyticRow,
  AnalyticTable,
  checkTable,
  NumberColumns,
  PROJECTION_KEY,
  QueryOptions,
} from './analytic-engine.port';

const SQL_TYPES: Record<AnalyticColumn['type'], string> = {
  varchar: 'VARCHAR',
  bigint: 'BIGINT',
  double: 'DOUBLE',
  boolean: 'BOOLEAN',
  timestamp: 'TIMESTAMP',
  date: 'DATE',
};

/** Keys per DELETE statement (one parameter each). */
const REMOVE_BATCH = 1000;
/** Keys the log of writes keeps (older writes are forgotten: keysWrittenSince then answers undefined). */
const WRITE_LOG_KEYS = 100_000;
/** Read connections: a ledger page and its count run side by side (11–39 ms → 6–36 ms on two busy cores). */
const READERS = 4;
/**
 * Rows upserted into a table's projections since they were last put in their order (upserted rows go at the end, out
 * of it) past which the next write puts them in order again: two of DuckDB's row groups (122,880 rows each).
 */
const PROJECTION_RESORT_ROWS = 245_760;

export interface DuckDbOptions {
  /** Worker threads (default 2: the machines this runs on have two cores). */
  threads?: number;
  /** DuckDB's memory limit, e.g. '1GB' (default DuckDB's own: 80 % of RAM). */
  memoryLimit?: string;
  /** Rows upserted into a table's projections past which they are put in order again (default PROJECTION_RESORT_ROWS). */
  projectionResortRows?: number;
}

export class DuckDbEngine implements AnalyticEngine {
  readonly kind = 'duckdb';

  /** The tail of the queue of writes on the connection. */
  private queue: Promise<unknown> = Promise.resolve();
  /** Read connections not in use, how many are open, and the queries waiting for one. */
  private readonly idle: DuckDBConnection[] = [];
  private readers = 0;
  private readonly waiting: Array<(connection: DuckDBConnection) => void> = [];
  /** Queries running, awaited by close. */
  private readonly running = new Set<Promise<unknown>>();
  /** The writes called, counted; the latest of them with the keys they touched (undefined: the whole table); the last mark forgotten. */
  private mark = 0;
  private readonly writeLog: Array<{ mark: number; table: string; keys: readonly string[] | undefined }> = [];
  private writeLogKeys = 0;
  private forgotten = 0;
  /** Rows upserted into each table's projections since they were put in order. */
  private readonly unordered = new Map<string, number>();

  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
    private readonly resortRows: number,
  ) {}

  /** Runs `work` once every call queued before it has ended. */
  private serial<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Counts a write as it is called (before it is queued), so that a query called after writeMark() waits for it. */
  private wrote(table: string, keys: readonly string[] | undefined): void {
    this.writeLog.push({ mark: ++this.mark, table, keys });
    this.writeLogKeys += keys?.length ?? 1;
    while (this.writeLogKeys > WRITE_LOG_KEYS) {
      const first = this.writeLog.shift()!;
      this.writeLogKeys -= first.keys?.length ?? 1;
      this.forgotten = first.mark;
    }
  }

  writeMark(): number {
    return this.mark;
  }

  keysWrittenSince(table: string, mark: number): readonly string[] | undefined {
    if (mark < this.forgotten) return undefined;
    const keys: string[] = [];
    for (let i = this.writeLog.length - 1; i >= 0 && this.writeLog[i].mark > mark; i--) {
      const write = this.writeLog[i];
      if (write.table !== table) continue;
      if (write.keys === undefined) return undefined;
      keys.push(...write.keys);
    }
    return keys;
  }

  static async open(options: DuckDbOptions = {}): Promise<DuckDbEngine> {
    // No late materialization: a ledger page's Top-N of up to 50 rows carries its few narrow columns through the sort
    // (4.6 ms) instead of joining them back by row id after it (5.9 ms), measured in docs/analysis.md.
    const config: Record<string, string> = { threads: String(options.threads ?? 2), late_materialization_max_rows: '0' };
    if (options.memoryLimit) config.memory_limit = options.memoryLimit;
    const instance = await DuckDBInstance.create(':memory:', config);
    return new DuckDbEngine(instance, await instance.connect(), options.projectionResortRows ?? PROJECTION_RESORT_ROWS);
  }

  async define(table: AnalyticTable): Promise<void> {
    checkTable(table);
    this.wrote(table.name, undefined);
    await this.serial(async () => {
      await this.connection.run(createTable(table, table.name));
      for (const projection of table.projections ?? []) await this.connection.run(createProjection(projection, table.name, projection.name));
      this.unordered.set(table.name, 0);
    });
  }

  async load(table: AnalyticTable, pages: AsyncIterable<readonly AnalyticRow[]>): Promise<number> {
    checkTable(table);
    const appended = `${table.name}__appended`;
    const loading = `${table.name}__loading`;
    const projections = table.projections ?? [];
    const connection = await this.instance.connect();
    try {
      // Appended, then copied in clusterBy order into the table that is swapped in.
      await connection.run(createTable(table, appended));
      const appender = await connection.createAppender(appended);
      let count = 0;
      try {
        for await (const rows of pages) {
          for (const row of rows) {
            for (const column of table.columns) append(appender, column, row[column.name]);
            appender.endRow();
          }
          appender.flushSync();
          count += rows.length;
        }
      } finally {
        appender.closeSync();
      }
      await connection.run(`CREATE OR REPLACE TABLE ${loading} AS SELECT * FROM ${appended}${table.clusterBy ? ` ORDER BY ${table.clusterBy}` : ''}`);
      await connection.run(`DROP TABLE ${appended}`);
      for (const projection of projections) await connection.run(createProjection(projection, loading, `${projection.name}__loading`));
      this.wrote(table.name, undefined);
      await this.serial(() =>
        inTransaction(connection, async () => {
          for (const [name, from] of [[table.name, loading], ...projections.map((p) => [p.name, `${p.name}__loading`])]) {
            await connection.run(`DROP TABLE IF EXISTS ${name}`);
            await connection.run(`ALTER TABLE ${from} RENAME TO ${name}`);
          }
          this.unordered.set(table.name, 0);
        }),
      );
      return count;
    } catch (error) {
      for (const name of [appended, loading, ...projections.map((p) => `${p.name}__loading`)])
        await connection.run(`DROP TABLE IF EXISTS ${name}`).catch(() => undefined);
      throw error;
    } finally {
      connection.closeSync();
    }
  }

  upsert(table: AnalyticTable, rows: readonly AnalyticRow[]): Promise<void> {
    if (rows.length === 0) return Promise.resolve();
    checkTable(table);
    this.wrote(
      table.name,
      rows.map((row) => String(row[table.key])),
    );
    return this.serial(() => this.upsertNow(table, rows));
  }

  private async upsertNow(table: AnalyticTable, rows: readonly AnalyticRow[]): Promise<void> {
    const staging = `${table.name}__staging`;
    await this.connection.run(`CREATE OR REPLACE TEMP TABLE ${staging} AS SELECT * FROM ${table.name} LIMIT 0`);
    const appender = await this.connection.createAppender(staging);
    try {
      for (const row of rows) {
        for (const column of table.columns) append(appender, column, row[column.name]);
        appender.endRow();
      }
      appender.flushSync();
    } finally {
      appender.closeSync();
    }
    // Replaced by key in one transaction (the table has no key index: a load builds no index, and a batch is one
    // hash join); a key given twice in one batch: the last row wins, as it would row by row.
    try {
      await inTransaction(this.connection, async () => {
        await this.connection.run(`DELETE FROM ${table.name} WHERE ${table.key} IN (SELECT ${table.key} FROM ${staging})`);
        const latest = `(SELECT * EXCLUDE (rn) FROM (SELECT *, row_number() OVER (PARTITION BY ${table.key} ORDER BY rowid DESC) AS rn FROM ${staging}) WHERE rn = 1)`;
        await this.connection.run(`INSERT INTO ${table.name} SELECT * FROM ${latest}`);
        for (const projection of table.projections ?? []) {
          await this.connection.run(`DELETE FROM ${projection.name} WHERE ${table.key} IN (SELECT ${table.key} FROM ${staging})`);
          await this.connection.run(
            `INSERT INTO ${projection.name} (${projection.columns.join(', ')}, ${PROJECTION_KEY}) SELECT ${projection.columns.join(', ')}, ${projection.key} FROM ${latest} WHERE ${projection.key} IS NOT NULL`,
          );
        }
      });
    } finally {
      await this.connection.run(`DROP TABLE ${staging}`);
    }
    await this.reorderIfDue(table, rows.length);
  }

  /**
   * Counts rows upserted into the table's projections and, past resortRows, puts the projections in their
   * order again from the table (in the queue of writes: a query waits for it, ~1 s per projection at 1,000,000 rows).
   */
  private async reorderIfDue(table: AnalyticTable, rows: number): Promise<void> {
    if (!table.projections?.length) return;
    const unordered = (this.unordered.get(table.name) ?? 0) + rows;
    this.unordered.set(table.name, unordered);
    if (unordered < this.resortRows) return;
    await inTransaction(this.connection, async () => {
      for (const projection of table.projections ?? []) await this.connection.run(createProjection(projection, table.name, projection.name));
    });
    this.unordered.set(table.name, 0);
  }

  async remove(table: AnalyticTable, keys: readonly string[]): Promise<void> {
    if (keys.length === 0) return;
    checkTable(table);
    this.wrote(table.name, keys);
    // In one transaction: a query on a read connection never sees half of it.
    await this.serial(() =>
      inTransaction(this.connection, async () => {
        for (let from = 0; from < keys.length; from += REMOVE_BATCH) {
          const batch = keys.slice(from, from + REMOVE_BATCH);
          const placeholders = batch.map((_, i) => `$${i + 1}`).join(', ');
          for (const name of [table.name, ...(table.projections ?? []).map((p) => p.name)])
            await this.connection.run(`DELETE FROM ${name} WHERE ${table.key} IN (${placeholders})`, [...batch]);
        }
      }),
    );
  }

  async query<T extends Record<string, unknown>>(sql: string, params: readonly AnalyticParam[] = [], options: QueryOptions = {}): Promise<T[]> {
    return rowObjects(await this.run(sql, params, options)) as T[];
  }

  async queryNumbers(sql: string, params: readonly AnalyticParam[] = [], options: QueryOptions = {}): Promise<NumberColumns> {
    return numberColumns(await this.run(sql, params, options));
  }

  /** The statement with its values written in, run on a read connection: its whole result. */
  private run(sql: string, params: readonly AnalyticParam[], options: QueryOptions): Promise<DuckDBMaterializedResult> {
    const text = sqlWithValues(sql, params);
    return this.read((connection) => connection.run(text), options.signal);
  }

  /**
   * Runs a query on a read connection once the writes called before it are done. An abort before it starts leaves it
   * unrun; one while it runs interrupts the connection, which is then closed rather than reused (an interrupt that
   * lands as the query ends must not stop the next one on it).
   */
  private async read<R>(run: (connection: DuckDBConnection) => Promise<R>, signal?: AbortSignal): Promise<R> {
    const reading = (async () => {
      await this.queue;
      signal?.throwIfAborted();
      let connection = await this.reader();
      let interrupted = false;
      const interrupt = () => {
        interrupted = true;
        connection.interrupt();
      };
      try {
        signal?.throwIfAborted();
        signal?.addEventListener('abort', interrupt, { once: true });
        return await run(connection);
      } catch (error) {
        throw signal?.aborted ? signal.reason : error;
      } finally {
        signal?.removeEventListener('abort', interrupt);
        if (interrupted) {
          connection.closeSync();
          connection = await this.instance.connect();
        }
        const next = this.waiting.shift();
        if (next) next(connection);
        else this.idle.push(connection);
      }
    })();
    this.running.add(reading);
    return reading.finally(() => this.running.delete(reading));
  }

  /** An idle read connection, a new one while there are fewer than READERS, else the next one freed. */
  private async reader(): Promise<DuckDBConnection> {
    const idle = this.idle.pop();
    if (idle) return idle;
    if (this.readers >= READERS) return new Promise((give) => this.waiting.push(give));
    this.readers++;
    return this.instance.connect();
  }

  async memoryBytes(): Promise<number | undefined> {
    const [row] = await this.query<{ bytes: number }>('SELECT sum(memory_usage_bytes) AS bytes FROM duckdb_memory()');
    return row?.bytes ?? undefined;
  }

  async close(): Promise<void> {
    await this.serial(async () => {
      await Promise.allSettled([...this.running]);
      for (const connection of this.idle) connection.closeSync();
      this.connection.closeSync();
      this.instance.closeSync();
    });
  }
}

/** A quoted string or identifier (to its closing quote or the end of the text), left as it is; or a `$n`. */
const QUOTED_OR_VALUE = /'(?:[^']|'')*(?:'|$)|"(?:[^"]|"")*(?:"|$)|\$(\d+)/g;

/**
 * The statement with each `$n` outside quotes replaced by the n-th value as a typed literal: a string quoted (its
 * quotes doubled; DuckDB reads no backslash escapes) and cast to VARCHAR, as a bound string is; an integer as itself
 * (a negative one in parentheses, so that no `--` can start a comment); any other number cast to DOUBLE; a boolean as
 * TRUE or FALSE; null as NULL. Refused: a value DuckDB could not be given as written (a string with a NUL, which ends
 * the statement's text in DuckDB's C API; a number that is not finite) and a `$n` with no value.
 *
 * Why not DuckDB's prepared statements: a prepare, a bind and a run are three calls through Node's thread pool, each
 * a wait for a thread and then for the event loop. On a replay of the ledger bench's requests, one call instead took
 * a page's p99 from 14.8–16.3 to 13.5–14.2 ms (docs/benchmarks.md, run 17). A kept prepared statement is no way round
 * it either: DuckDB plans with the statistics the table had when it was prepared (see the engine spec).
 */
export function sqlWithValues(sql: string, params: readonly AnalyticParam[]): string {
  return sql.replace(QUOTED_OR_VALUE, (match: string, n: string | undefined) => {
    if (n === undefined) return match;
    const at = Number(n);
    if (at < 1 || at > params.length) throw new Error(`query: $${at} has no value (${params.length} given)`);
    return literal(params[at - 1], at);
  });
}

function literal(value: AnalyticParam, n: number): string {
  if (value === null) return 'NULL';
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`query: $${n} is ${value}, not a finite number`);
    if (Number.isSafeInteger(value)) return value < 0 ? `(${value})` : String(value);
    return `CAST('${value}' AS DOUBLE)`;
  }
  if (value.includes('\u0000')) throw new Error(`query: $${n} holds a NUL character, which DuckDB cannot be given in a statement`);
  return `CAST('${value.replaceAll("'", "''")}' AS VARCHAR)`;
}

/** A result's rows as objects of JavaScript values, BIGINTs as numbers, read from its chunks in memory. */
function rowObjects(result: DuckDBMaterializedResult): Array<Record<string, unknown>> {
  const names = result.columnNames();
  const rows: Array<Record<string, unknown>> = [];
  for (let k = 0; k < result.chunkCount; k++) {
    const chunk = result.getChunk(k);
    for (let r = 0; r < chunk.rowCount; r++) {
      const row: Record<string, unknown> = {};
      chunk.visitRowValues(r, (value, _row, c, type) => {
        const js = JSDuckDBValueConverter(value, type, JSDuckDBValueConverter);
        row[names[c]] = typeof js === 'bigint' ? Number(js) : js;
      });
      rows.push(row);
    }
  }
  return rows;
}

/** Column types queryNumbers reads (each value as a JavaScript number). */
const NUMERIC_TYPES = new Set<DuckDBTypeId>([
  DuckDBTypeId.DOUBLE,
  DuckDBTypeId.FLOAT,
  DuckDBTypeId.TINYINT,
  DuckDBTypeId.SMALLINT,
  DuckDBTypeId.INTEGER,
  DuckDBTypeId.BIGINT,
  DuckDBTypeId.UTINYINT,
  DuckDBTypeId.USMALLINT,
  DuckDBTypeId.UINTEGER,
  DuckDBTypeId.UBIGINT,
  DuckDBTypeId.HUGEINT,
]);

/** A materialized result's columns as Float64Arrays (NaN for NULL), read from its chunks' vectors. */
function numberColumns(result: DuckDBMaterializedResult): NumberColumns {
  const names = result.columnNames();
  names.forEach((name, c) => {
    const type = result.columnTypeId(c);
    if (!NUMERIC_TYPES.has(type)) throw new Error(`queryNumbers: column ${name} is ${DuckDBTypeId[type]}, not a number`);
  });
  const chunks = Array.from({ length: result.chunkCount }, (_, k) => result.getChunk(k));
  const length = chunks.reduce((sum, chunk) => sum + chunk.rowCount, 0);
  const columns = names.map(() => new Float64Array(length));
  let at = 0;
  for (const chunk of chunks) {
    const count = chunk.rowCount;
    names.forEach((_, c) => {
      const vector = chunk.getColumnVector(c);
      const into = columns[c];
      for (let i = 0; i < count; i++) {
        const value = vector.getItem(i);
        into[at + i] = value === null ? NaN : Number(value);
      }
    });
    at += count;
  }
  return { length, columns: Object.fromEntries(names.map((name, c) => [name, columns[c]])) };
}

/** Runs `work` in a transaction on the connection, rolled back if it fails. */
async function inTransaction(connection: DuckDBConnection, work: () => Promise<void>): Promise<void> {
  await connection.run('BEGIN TRANSACTION');
  try {
    await work();
    await connection.run('COMMIT');
  } catch (error) {
    await connection.run('ROLLBACK');
    throw error;
  }
}

function createTable(table: AnalyticTable, name: string): string {
  const columns = table.columns.map((c) => `${c.name} ${SQL_TYPES[c.type]}`);
  return `CREATE OR REPLACE TABLE ${name} (${columns.join(', ')})`;
}

/**
 * The projection's rows from `from` (the table or its loading copy) as table `into`: its columns and key, the rows
 * at either end of the key's range first (by their rank from the nearer end); rows with no key left out.
 */
function createProjection(projection: AnalyticProjection, from: string, into: string): string {
  const ranked = `SELECT ${projection.columns.join(', ')}, ${projection.key} AS ${PROJECTION_KEY}, row_number() OVER (ORDER BY ${projection.key}) AS up, count(*) OVER () AS n FROM ${from} WHERE ${projection.key} IS NOT NULL`;
  return `CREATE OR REPLACE TABLE ${into} AS SELECT * EXCLUDE (up, n) FROM (${ranked}) ORDER BY least(up, n + 1 - up)`;
}

function append(appender: DuckDBAppender, column: AnalyticColumn, value: unknown): void {
  if (value === null || value === undefined) return appender.appendNull();
  switch (column.type) {
    case 'varchar':
      return appender.appendVarchar(String(value));
    case 'bigint':
      return appender.appendBigInt(BigInt(typeof value === 'number' ? Math.trunc(value) : (value as string | bigint)));
    case 'double':
      return appender.appendDouble(Number(value));
    case 'boolean':
      return appender.appendBoolean(value === true || value === 1 || value === 'true' || value === 't');
    case 'timestamp': {
      const ms = value instanceof Date ? value.getTime() : Date.parse(String(value));
      if (Number.isNaN(ms)) throw new Error(`column ${column.name}: ${String(value)} is not a time`);
      return appender.appendTimestamp(new DuckDBTimestampValue(BigInt(ms) * 1000n));
    }
    case 'date': {
      const ms = Date.parse(`${String(value)}T00:00:00Z`);
      if (Number.isNaN(ms)) throw new Error(`column ${column.name}: ${String(value)} is not a date`);
      return appender.appendDate(new DuckDBDateValue(ms / 86_400_000));
    }
  }
}
