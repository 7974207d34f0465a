/**
 * AddParkedEventDiscard on a consumer database made before parked events could be discarded, on SQLite and
 * PostgreSQL: it adds the three nullable columns, the rows parked before keep theirs empty, and one can be discarded.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource, DataSourceOptions } from 'typeorm';
import {
  BUS_CONSUMER_ENTITIES,
  BUS_CONSUMER_MIGRATIONS,
  BUS_CONSUMER_TABLES,
  BUS_PARKED_EVENTS,
  discardParked,
  findParked,
  PARKED_DISCARD_COLUMNS,
} from '@jm/bus';
import { createTablesMigration, TableSpec } from '@jm/read-model';
import { createTestSchema } from '@jm/testing';

const discardColumns = new Set<string>(PARKED_DISCARD_COLUMNS.map((c) => c.column));
/** The consumer tables as the first migration made them before the discard columns. */
const BEFORE: TableSpec[] = BUS_CONSUMER_TABLES.map((spec) =>
  spec === BUS_PARKED_EVENTS ? { ...spec, columns: spec.columns.filter((c) => !discardColumns.has(c.column)) } : spec,
);
const OldCreate = createTablesMigration('CreateBusConsumerTables1763780000000', BEFORE);

const dir = mkdtempSync(join(tmpdir(), 'jm-parked-migration-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function open(
  target: { kind: 'sqlite'; path: string } | { kind: 'postgres'; url: string; schema: string },
  migrations: DataSourceOptions['migrations'],
) {
  const common = { entities: BUS_CONSUMER_ENTITIES, migrations, logging: false } as const;
  const ds = new DataSource(
    target.kind === 'sqlite'
      ? { type: 'better-sqlite3', database: target.path, ...common }
      : { type: 'postgres', url: target.url, schema: target.schema, ...common },
  );
  return ds.initialize();
}

it.each(['sqlite', 'postgres'] as const)('on %s, an older consumer database gets the discard columns and keeps its parked rows', async (dialect) => {
  const pg = dialect === 'postgres' ? await createTestSchema('parked_mig') : undefined;
  const target = pg ? { kind: 'postgres' as const, url: pg.url, schema: pg.schema } : { kind: 'sqlite' as const, path: join(dir, 'old.sqlite') };
  try {
    const old = await open(target, [OldCreate]);
    await old.runMigrations({ transaction: 'each' });
    const table = pg ? `"${pg.schema}"."bus_parked_events"` : '"bus_parked_events"';
    await old.query(
      `INSERT INTO ${table} (consumer_group, event_id, event_type, stream_id, topic, source, position, payload_format, payload, error, attempts, parked_at, status) ` +
        `VALUES ('cases', 'e1', 'LeadReceived', 'lead-1', 'intake.events.v1', 'embedded', 7, 'event', '{}', 'Error: x', 5, '2026-01-01T00:00:00.000Z', 'parked')`,
    );
    await old.destroy();

    const db = await open(target, BUS_CONSUMER_MIGRATIONS);
    try {
      expect((await db.runMigrations({ transaction: 'each' })).map((m) => m.name)).toEqual(['AddParkedEventDiscard1767600000000']);
      expect(await findParked(db, 'cases', 'e1')).toMatchObject({ status: 'parked', discardedAt: null, discardedBy: null, discardReason: null });
      expect(await discardParked(db, 'cases', 'e1', { by: 'fj-office/admin', reason: '重复', at: '2026-01-02T00:00:00.000Z' })).toBe(true);
      expect(await findParked(db, 'cases', 'e1')).toMatchObject({ status: 'discarded', discardedBy: 'fj-office/admin', discardReason: '重复' });
      expect(await discardParked(db, 'cases', 'e1', { by: 'fj-office/admin', reason: '再次', at: '2026-01-03T00:00:00.000Z' })).toBe(false);
    } finally {
      await db.destroy();
    }
  } finally {
    await pg?.drop();
  }
});
