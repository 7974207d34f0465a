/**
 * Every table has one declaration (a TableSpec) and the migrations derive from it. Against the schema the
 * hand-written migrations of d7725bf made (fixtures/read-model-schemas.d7725bf.json, see recordSchemas), on SQLite
 * and on PostgreSQL, for each service's database:
 * - a new database gets exactly that schema: tables, column types, keys, indexes, their names and the migrations;
 * - a database those migrations made is accepted as it is: no migration runs, nothing changes.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestSchema } from '@jm/testing';
import { dataSourceOf, dumpSchema, FIXTURE, migrateRecording, RecordedSchema, replay, SERVICE_SCHEMAS, Target } from './support/read-model-schema';

const recorded = JSON.parse(readFileSync(FIXTURE, 'utf8')) as Record<string, Record<'sqlite' | 'postgres', RecordedSchema>>;
const dir = mkdtempSync(join(tmpdir(), 'jm-read-model-schemas-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function onEach(dialect: 'sqlite' | 'postgres', name: string, test: (target: Target) => Promise<void>): Promise<void> {
  if (dialect === 'sqlite') return test({ kind: 'sqlite', path: join(dir, `${name}.sqlite`) });
  const pg = await createTestSchema('schemas');
  try {
    await test({ kind: 'postgres', url: pg.url, schema: pg.schema });
  } finally {
    await pg.drop();
  }
}

describe.each(Object.keys(SERVICE_SCHEMAS))('the %s read model', (service) => {
  it.each(['sqlite', 'postgres'] as const)('is created on %s exactly as the earlier migrations created it', async (dialect) => {
    await onEach(dialect, `${service}-new`, async (target) => {
      expect(await migrateRecording(target, SERVICE_SCHEMAS[service], [])).toEqual(recorded[service][dialect].dump);
    });
  });

  it.each(['sqlite', 'postgres'] as const)('on %s, a database the earlier migrations made is accepted unchanged', async (dialect) => {
    await onEach(dialect, `${service}-old`, async (target) => {
      await replay(target, recorded[service][dialect].statements);
      const db = await dataSourceOf(target, SERVICE_SCHEMAS[service]).initialize();
      try {
        expect(await db.runMigrations({ transaction: 'each' })).toEqual([]);
        expect(await dumpSchema(db, target)).toEqual(recorded[service][dialect].dump);
      } finally {
        await db.destroy();
      }
    });
  });
});
