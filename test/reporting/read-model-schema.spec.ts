/**
 * The reporting migration creates every table with exactly the columns of its
 * spec (read-model.tables.ts), on SQLite and on PostgreSQL, through the
 * service's own bootstrap.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { createServiceApp, READ_MODEL_TOKEN } from '@jm/platform';
import { TEST_SECURITY_ENV } from '@jm/platform/testing';
import { createTestSchema } from '@jm/testing';
import { REPORTING_TABLES } from '../../services/reporting/src/read-model/read-model.tables';
import { REPORTING_READ_MODEL } from '../../services/reporting/src/reporting.read-model';
import { ReportingModule } from '../../services/reporting/src/reporting.module';

const dir = mkdtempSync(join(tmpdir(), 'jm-reporting-schema-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function columnsOf(db: DataSource, table: string): Promise<string[]> {
  if (db.options.type === 'postgres') {
    // The service's own schema (READ_MODEL_PG_SCHEMA), not whatever the search path finds first.
    const schema = (db.driver as { schema?: string }).schema ?? 'public';
    const rows = (await db.query('SELECT column_name FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2', [
      schema,
      table,
    ])) as Array<{ column_name: string }>;
    return rows.map((r) => r.column_name).sort();
  }
  const rows = (await db.query(`PRAGMA table_info("${table}")`)) as Array<{ name: string }>;
  return rows.map((r) => r.name).sort();
}

async function expectTables(env: Record<string, string>): Promise<void> {
  const { app } = await createServiceApp('reporting', ReportingModule, {
    env: { ...TEST_SECURITY_ENV, LOG_LEVEL: 'silent', INSTANCE_ID: `schema-${randomUUID().slice(0, 8)}`, ...env },
    readModel: REPORTING_READ_MODEL,
  });
  try {
    const db = app.get<DataSource>(READ_MODEL_TOKEN);
    for (const spec of REPORTING_TABLES) {
      expect({ table: spec.table, columns: await columnsOf(db, spec.table) }).toEqual({
        table: spec.table,
        columns: spec.columns.map((c) => c.column).sort(),
      });
    }
  } finally {
    await app.close();
  }
}

describe('reporting read-model schema', () => {
  it('is created by the migration on SQLite', async () => {
    await expectTables({ SQLITE_PATH: join(dir, 'events.sqlite'), READ_MODEL_SQLITE_PATH: join(dir, 'reporting.sqlite') });
  });

  it('is created by the migration on PostgreSQL', async () => {
    const pg = await createTestSchema('rpt_schema');
    try {
      await expectTables({
        SQLITE_PATH: join(dir, 'events2.sqlite'),
        READ_MODEL_DB: 'postgres',
        READ_MODEL_PG_URL: pg.url,
        READ_MODEL_PG_SCHEMA: pg.schema,
      });
    } finally {
      await pg.drop();
    }
  });
});
