/**
 * One declaration per table (docs/decisions.md "One declaration per table"): a TableSpec names each column's
 * row property, SQL name, type, key and nullability, and the table's indexes. The TypeORM entity (entityOf), the
 * migration's DDL (createTables) and reporting's bulk SQL (column lists, createTableStatements) all derive from it.
 * TypeORM only, no Nest: reporting's rebuild workers load this (`@jm/read-model`).
 */
import { EntitySchema, EntitySchemaColumnOptions, MigrationInterface, QueryRunner, Table, TableIndex, ValueTransformer } from 'typeorm';

export type Dialect = 'sqlite' | 'postgres';

export type ColumnKind = 'varchar' | 'integer' | 'bigint' | 'boolean' | 'text';

export interface ColumnSpec<Property extends string = string> {
  /** Property name on the row object. */
  property: Property;
  /** SQL column name. */
  column: string;
  kind: ColumnKind;
  /** varchar only. */
  length?: number;
  nullable?: boolean;
  primary?: boolean;
  /** How the entity reads and writes the value (e.g. a PostgreSQL bigint as a number). */
  transformer?: ValueTransformer;
}

/** One key of an index: a column by name, or an SQL expression over the table's columns (written as the queries write it). */
export type IndexKey = string | { expression: string };

export interface IndexSpec {
  name: string;
  keys: readonly IndexKey[];
  /** A partial index: only the rows meeting this SQL condition. */
  where?: string;
  /** Only on these databases (an expression the other one lacks); all when absent. */
  dialects?: readonly Dialect[];
}

/** `Row`: the row type, whose properties the columns name (checked by the compiler). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any row, for code that reads specs of every table
export interface TableSpec<Row = any> {
  table: string;
  columns: readonly ColumnSpec<keyof Row & string>[];
  /** Secondary indexes, created in this order. */
  indexes: readonly IndexSpec[];
  /**
   * How the DDL is written, fixed per table so that a database created by an earlier release matches a new one:
   * - `table-api`: TypeORM's Table API (SQLite `varchar(n)` and `boolean`; PostgreSQL's primary key named `PK_<hash>`);
   * - `sql`: createTableStatements (SQLite `varchar` and `integer` for booleans; PostgreSQL `<table>_pkey`), which
   *   reporting's rebuild also uses for its shadow tables.
   */
  ddl: 'table-api' | 'sql';
}

type ColumnOptions = Pick<ColumnSpec, 'nullable' | 'primary' | 'transformer'>;

/** Column builders: `column.varchar('leadId', 'lead_id', 64, { primary: true })`. */
export const column = {
  varchar: <P extends string>(property: P, name: string, length: number, options: ColumnOptions = {}): ColumnSpec<P> => ({
    property,
    column: name,
    kind: 'varchar',
    length,
    ...options,
  }),
  integer: <P extends string>(property: P, name: string, options: ColumnOptions = {}): ColumnSpec<P> => ({
    property,
    column: name,
    kind: 'integer',
    ...options,
  }),
  bigint: <P extends string>(property: P, name: string, options: ColumnOptions = {}): ColumnSpec<P> => ({
    property,
    column: name,
    kind: 'bigint',
    ...options,
  }),
  boolean: <P extends string>(property: P, name: string, options: ColumnOptions = {}): ColumnSpec<P> => ({
    property,
    column: name,
    kind: 'boolean',
    ...options,
  }),
  text: <P extends string>(property: P, name: string, options: ColumnOptions = {}): ColumnSpec<P> => ({
    property,
    column: name,
    kind: 'text',
    ...options,
  }),
};

/** The indexes of a table on one database. */
export const indexesOn = (spec: TableSpec, dialect: Dialect): IndexSpec[] => spec.indexes.filter((i) => !i.dialects || i.dialects.includes(dialect));

/** The TypeORM entity of a table. */
export function entityOf<Row>(name: string, spec: TableSpec<Row>): EntitySchema<Row> {
  return new EntitySchema<Row>({
    name,
    tableName: spec.table,
    columns: Object.fromEntries(spec.columns.map((c) => [c.property, entityColumn(c)])) as never,
  });
}

function entityColumn(column: ColumnSpec): EntitySchemaColumnOptions {
  return {
    name: column.column,
    type: column.kind,
    ...(column.length === undefined ? {} : { length: column.length }),
    nullable: column.nullable ?? false,
    primary: column.primary ?? false,
    ...(column.transformer ? { transformer: column.transformer } : {}),
  };
}

/**
 * A migration that creates the tables (down: drops them). `name` is what the migrations table records: a
 * migration keeps its name for ever, or databases that ran it would run it again.
 */
export function createTablesMigration(name: string, specs: readonly TableSpec[]): new () => MigrationInterface {
  return class implements MigrationInterface {
    name = name;
    up = (queryRunner: QueryRunner): Promise<void> => createTables(queryRunner, specs);
    down = (queryRunner: QueryRunner): Promise<void> => dropTables(queryRunner, specs);
  };
}

/** Migration step: creates the tables with their indexes, in order, each as its `ddl` says. */
export async function createTables(queryRunner: QueryRunner, specs: readonly TableSpec[]): Promise<void> {
  const dialect = dialectOf(queryRunner.connection.options.type);
  const schema = schemaOf(queryRunner.connection);
  for (const spec of specs) {
    if (spec.ddl === 'sql') {
      for (const statement of createTableStatements(spec, dialect, { schema })) await queryRunner.query(statement);
      continue;
    }
    await queryRunner.createTable(tableOf(spec), true);
    for (const index of indexesOn(spec, dialect)) await queryRunner.createIndex(spec.table, tableIndexOf(spec, index));
  }
}

/** Migration step: drops the tables, in reverse order. */
export async function dropTables(queryRunner: QueryRunner, specs: readonly TableSpec[]): Promise<void> {
  const schema = schemaOf(queryRunner.connection);
  for (const spec of [...specs].reverse()) {
    if (spec.ddl === 'sql') await queryRunner.query(`DROP TABLE ${qualifiedTable(schema, spec.table)}`);
    else await queryRunner.dropTable(spec.table, true);
  }
}

function tableOf(spec: TableSpec): Table {
  return new Table({
    name: spec.table,
    columns: spec.columns.map((c) => ({
      name: c.column,
      type: c.kind,
      ...(c.length === undefined ? {} : { length: String(c.length) }),
      isPrimary: c.primary ?? false,
      isNullable: c.nullable ?? false,
    })),
  });
}

function tableIndexOf(spec: TableSpec, index: IndexSpec): TableIndex {
  const columnNames = index.keys.map((key) => {
    if (typeof key !== 'string') throw new Error(`${spec.table}.${index.name}: an expression key needs ddl 'sql'`);
    return key;
  });
  return new TableIndex({ name: index.name, columnNames, ...(index.where ? { where: index.where } : {}) });
}

function sqlType(column: ColumnSpec, dialect: Dialect): string {
  switch (column.kind) {
    case 'varchar':
      return dialect === 'postgres' ? `varchar(${column.length})` : 'varchar';
    case 'integer':
      return 'integer';
    case 'bigint':
      return dialect === 'postgres' ? 'bigint' : 'integer';
    case 'boolean':
      return dialect === 'postgres' ? 'boolean' : 'integer';
    case 'text':
      return 'text';
  }
}

/** The quoted, possibly schema-qualified name of a table. */
export const qualifiedTable = (schema: string | undefined, table: string): string => (schema ? `"${schema}"."${table}"` : `"${table}"`);

/**
 * CREATE TABLE and CREATE INDEX statements of a `sql` table, under an optional
 * name prefix (the rebuild builds `<prefix><table>` beside the live one).
 * `indexTag` keeps index names unique while both generations exist.
 * `primaryKeyLast` (PostgreSQL only): the table without its primary key, which
 * comes first after it (ALTER TABLE … ADD PRIMARY KEY: the same constraint and
 * name). The rebuild loads rows that need no key before it: one sorted build
 * costs the server far less than a key maintained row by row.
 */
export function createTableStatements(
  spec: TableSpec,
  dialect: Dialect,
  options: { prefix?: string; indexTag?: string; schema?: string; primaryKeyLast?: boolean } = {},
): string[] {
  const prefix = options.prefix ?? '';
  const tag = options.indexTag ? `_${options.indexTag}` : '';
  // PostgreSQL: qualified by the read model's schema (TypeORM sets no search_path); an index lives in its table's schema.
  const qualified = qualifiedTable(options.schema, `${prefix}${spec.table}`);
  const columns = spec.columns.map((c) => `"${c.column}" ${sqlType(c, dialect)}${c.nullable ? '' : ' NOT NULL'}`);
  const primary = `PRIMARY KEY (${spec.columns
    .filter((c) => c.primary)
    .map((c) => `"${c.column}"`)
    .join(', ')})`;
  const indexes = indexesOn(spec, dialect).map((index) => createIndexStatement(qualified, index, tag));
  if (!options.primaryKeyLast) return [`CREATE TABLE ${qualified} (${columns.join(', ')}, ${primary})`, ...indexes];
  if (dialect !== 'postgres')
    throw new Error(`createTableStatements: primaryKeyLast needs PostgreSQL (${dialect} cannot add a primary key to a table)`);
  return [`CREATE TABLE ${qualified} (${columns.join(', ')})`, `ALTER TABLE ${qualified} ADD ${primary}`, ...indexes];
}

/** CREATE INDEX for one index of a table (`qualified`: the quoted, possibly schema-qualified table name). */
export function createIndexStatement(qualified: string, index: IndexSpec, tag = ''): string {
  const keys = index.keys.map((k) => (typeof k === 'string' ? `"${k}"` : `(${k.expression})`));
  return `CREATE INDEX "${index.name}${tag}" ON ${qualified} (${keys.join(', ')})${index.where ? ` WHERE ${index.where}` : ''}`;
}

/** The PostgreSQL schema of a TypeORM connection (undefined on SQLite). */
export function schemaOf(dataSource: { options: { type: string }; driver: unknown }): string | undefined {
  return dataSource.options.type === 'postgres' ? (dataSource.driver as { schema?: string }).schema : undefined;
}

/** Dialect of a TypeORM connection. */
export function dialectOf(type: string): Dialect {
  return type === 'postgres' ? 'postgres' : 'sqlite';
}
