/**
 * Each service's read-model database as its migrations leave it, for read-model-schemas.spec.ts: the migration
 * lists the services boot with, a run of them that records every statement, and a dump of the resulting schema
 * (SQLite: sqlite_master; PostgreSQL: information_schema and pg_indexes) that does not depend on the schema name.
 */
import type { DataSource, DataSourceOptions, Logger } from 'typeorm';
import { DataSource as TypeOrmDataSource } from 'typeorm';
import { BUS_CONSUMER_ENTITIES, BUS_CONSUMER_MIGRATIONS } from '@jm/bus';
import { CASES_READ_MODEL } from '../../../services/cases/src/cases.read-model';
import { INTAKE_READ_MODEL } from '../../../services/intake/src/intake.read-model';
import { NOTIFICATIONS_READ_MODEL } from '../../../services/notifications/src/notifications.read-model';
import { REPORTING_READ_MODEL } from '../../../services/reporting/src/reporting.read-model';

/** Statements that change the database: what a recording keeps. */
const CHANGES = /^\s*(CREATE|ALTER|DROP|INSERT|BEGIN|START|COMMIT)\b/i;
/** Stands for the PostgreSQL schema name in recorded statements and in dumps. */
const SCHEMA_TOKEN = '__schema__';

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- TypeORM's own type for entity and migration classes
type Listed = Function | string | object;
interface ServiceSchema {
  entities: Listed[];
  migrations: Listed[];
}

/** As adapterFactories.readModel lists them: the bus consumer's tables, then the service's own. */
export const SERVICE_SCHEMAS: Record<string, ServiceSchema> = Object.fromEntries(
  Object.entries({
    intake: INTAKE_READ_MODEL,
    cases: CASES_READ_MODEL,
    notifications: NOTIFICATIONS_READ_MODEL,
    reporting: REPORTING_READ_MODEL,
  }).map(([service, model]) => [
    service,
    {
      entities: [...BUS_CONSUMER_ENTITIES, ...(model.entities as Listed[])],
      migrations: [...BUS_CONSUMER_MIGRATIONS, ...(model.migrations as Listed[])],
    },
  ]),
);

export type Target = { kind: 'sqlite'; path: string } | { kind: 'postgres'; url: string; schema: string };
export interface Statement {
  query: string;
  parameters?: unknown[];
}
export type SchemaDump = Record<string, unknown[]>;

export function dataSourceOf(target: Target, schema: ServiceSchema, statements?: Statement[]): DataSource {
  const common = {
    entities: schema.entities,
    migrations: schema.migrations,
    synchronize: false,
    logging: true,
    logger: recorder(target, statements),
  } as Partial<DataSourceOptions>;
  return new TypeOrmDataSource(
    (target.kind === 'sqlite'
      ? { type: 'better-sqlite3', database: target.path, ...common }
      : { type: 'postgres', url: target.url, schema: target.schema, ...common }) as DataSourceOptions,
  );
}

/** Runs the migrations on an empty database; `statements` receives what they executed, the schema name as a token. */
export async function migrateRecording(target: Target, schema: ServiceSchema, statements: Statement[]): Promise<SchemaDump> {
  const db = await dataSourceOf(target, schema, statements).initialize();
  try {
    await db.runMigrations({ transaction: 'each' });
    return await dumpSchema(db, target);
  } finally {
    await db.destroy();
  }
}

/** Replays recorded statements, as an earlier release's migrations executed them. */
export async function replay(target: Target, statements: readonly Statement[]): Promise<void> {
  const db = await dataSourceOf(target, { entities: [], migrations: [] }).initialize();
  try {
    for (const { query, parameters } of statements) {
      await db.query(
        withSchema(query, target),
        parameters?.map((p) => (typeof p === 'string' ? withSchema(p, target) : p)),
      );
    }
  } finally {
    await db.destroy();
  }
}

export async function dumpSchema(db: DataSource, target: Target): Promise<SchemaDump> {
  if (target.kind === 'sqlite') {
    return {
      objects: await db.query(`SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name`),
      migrations: await db.query('SELECT "timestamp", name FROM migrations ORDER BY id'),
    };
  }
  const s = target.schema;
  const rows = async (sql: string): Promise<unknown[]> => JSON.parse(tokenized(JSON.stringify(await db.query(sql, [s])), target)) as unknown[];
  return {
    columns: await rows(
      'SELECT table_name, column_name, ordinal_position, data_type, character_maximum_length, is_nullable, column_default FROM information_schema.columns WHERE table_schema = $1 ORDER BY table_name, ordinal_position',
    ),
    // NOT NULL is in is_nullable; its CHECK constraints are named after object ids.
    constraints: await rows(
      `SELECT tc.table_name, tc.constraint_name, tc.constraint_type, k.column_name, k.ordinal_position FROM information_schema.table_constraints tc
       LEFT JOIN information_schema.key_column_usage k ON k.constraint_schema = tc.constraint_schema AND k.constraint_name = tc.constraint_name AND k.table_name = tc.table_name
       WHERE tc.table_schema = $1 AND tc.constraint_type <> 'CHECK' ORDER BY tc.table_name, tc.constraint_name, k.ordinal_position`,
    ),
    indexes: await rows('SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = $1 ORDER BY tablename, indexname'),
    migrations: await rows(`SELECT "timestamp"::text AS "timestamp", name FROM "${s}".migrations WHERE $1::text IS NOT NULL ORDER BY id`),
  };
}

function recorder(target: Target, statements: Statement[] | undefined): Logger {
  const none = (): void => undefined;
  return {
    logQuery: (query, parameters) => {
      if (statements && CHANGES.test(query))
        statements.push({
          query: tokenized(query, target),
          ...(parameters?.length ? { parameters: parameters.map((p) => (typeof p === 'string' ? tokenized(p, target) : p)) } : {}),
        });
    },
    logQueryError: none,
    logQuerySlow: none,
    logSchemaBuild: none,
    logMigration: none,
    log: none,
  };
}

const tokenized = (text: string, target: Target): string => (target.kind === 'postgres' ? text.split(target.schema).join(SCHEMA_TOKEN) : text);
const withSchema = (text: string, target: Target): string => (target.kind === 'postgres' ? text.split(SCHEMA_TOKEN).join(target.schema) : text);

export interface RecordedSchema {
  statements: Statement[];
  dump: SchemaDump;
}

/**
 * Every service's migrations on an empty SQLite file and PostgreSQL schema: what read-model-schemas.spec.ts
 * compares with. The fixture was written by this at d7725bf, before the tables had one declaration:
 * `node -r @swc-node/register -e "require('./test/workspace/support/read-model-schema').writeFixture()"`.
 */
export async function recordSchemas(
  dir: string,
  pg: (service: string) => Promise<{ url: string; schema: string; drop: () => Promise<void> }>,
): Promise<Record<string, Record<'sqlite' | 'postgres', RecordedSchema>>> {
  const out: Record<string, Record<'sqlite' | 'postgres', RecordedSchema>> = {};
  for (const [service, schema] of Object.entries(SERVICE_SCHEMAS)) {
    const sqliteStatements: Statement[] = [];
    const sqliteDump = await migrateRecording({ kind: 'sqlite', path: `${dir}/${service}.sqlite` }, schema, sqliteStatements);
    const created = await pg(service);
    try {
      const pgStatements: Statement[] = [];
      const pgDump = await migrateRecording({ kind: 'postgres', url: created.url, schema: created.schema }, schema, pgStatements);
      out[service] = { sqlite: { statements: sqliteStatements, dump: sqliteDump }, postgres: { statements: pgStatements, dump: pgDump } };
    } finally {
      await created.drop();
    }
  }
  return out;
}

export const FIXTURE = `${__dirname}/../fixtures/read-model-schemas.d7725bf.json`;

export async function writeFixture(): Promise<void> {
  const { mkdtempSync, writeFileSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { createTestSchema } = await import('@jm/testing/infra');
  const recorded = await recordSchemas(mkdtempSync(`${tmpdir()}/jm-schemas-`), (service) => createTestSchema(`schemas_${service}`));
  writeFileSync(FIXTURE, `${oneRowPerLine(recorded, '')}\n`);
}

/** JSON with each statement and dump row on a line of its own, so that a change to the fixture reads as a diff. */
function oneRowPerLine(value: unknown, indent: string): string {
  const inner = `${indent} `;
  if (Array.isArray(value)) return value.length ? `[\n${value.map((v) => `${inner}${JSON.stringify(v)}`).join(',\n')}\n${indent}]` : '[]';
  const entries = Object.entries(value as Record<string, unknown>).map(([k, v]) => `${inner}${JSON.stringify(k)}: ${oneRowPerLine(v, inner)}`);
  return `{\n${entries.join(',\n')}\n${indent}}`;
}
