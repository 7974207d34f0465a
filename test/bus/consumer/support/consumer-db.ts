/**
 * Consumer databases for the bus tests: the bus_* tables come from the real
 * migration; `applied` is the tests' read model, deliberately WITHOUT a unique
 * constraint on event_id so a double application would show up as a count.
 */
import { DataSource, EntitySchema } from 'typeorm';
import { BUS_CONSUMER_ENTITIES, BUS_CONSUMER_MIGRATIONS } from '@jm/bus';

export interface AppliedRow {
  n: number;
  eventId: string;
  streamId: string;
  streamVersion: number;
  eventType: string;
}

export const AppliedEntity = new EntitySchema<AppliedRow>({
  name: 'TestApplied',
  tableName: 'applied',
  columns: {
    n: { type: 'integer', primary: true, generated: 'increment' },
    eventId: { name: 'event_id', type: 'varchar' },
    streamId: { name: 'stream_id', type: 'varchar' },
    streamVersion: { name: 'stream_version', type: 'integer' },
    eventType: { name: 'event_type', type: 'varchar' },
  },
});

export type ConsumerDbSpec = { kind: 'sqlite'; path: string } | { kind: 'postgres'; url: string; schema: string };

export async function openConsumerDb(spec: ConsumerDbSpec): Promise<DataSource> {
  const common = {
    entities: [...BUS_CONSUMER_ENTITIES, AppliedEntity],
    migrations: BUS_CONSUMER_MIGRATIONS,
    migrationsRun: true,
    logging: false,
  };
  const dataSource =
    spec.kind === 'sqlite'
      ? new DataSource({ type: 'better-sqlite3', database: spec.path, ...common, prepareDatabase: (db) => db.pragma('journal_mode = WAL') })
      : new DataSource({
          type: 'postgres',
          url: spec.url,
          schema: spec.schema,
          extra: { options: `-c search_path=${spec.schema}`, max: 5 },
          ...common,
        });
  await dataSource.initialize();
  await dataSource.query(
    spec.kind === 'sqlite'
      ? `CREATE TABLE IF NOT EXISTS applied (n INTEGER PRIMARY KEY AUTOINCREMENT, event_id VARCHAR NOT NULL, stream_id VARCHAR NOT NULL, stream_version INTEGER NOT NULL, event_type VARCHAR NOT NULL)`
      : `CREATE TABLE IF NOT EXISTS applied (n SERIAL PRIMARY KEY, event_id VARCHAR NOT NULL, stream_id VARCHAR NOT NULL, stream_version INTEGER NOT NULL, event_type VARCHAR NOT NULL)`,
  );
  return dataSource;
}

export async function appliedRows(dataSource: DataSource): Promise<AppliedRow[]> {
  return dataSource.getRepository(AppliedEntity).find({ order: { n: 'ASC' } });
}

export async function appliedCounts(dataSource: DataSource): Promise<{ total: number; distinct: number }> {
  const [row] = await dataSource.query(`SELECT COUNT(*) AS total, COUNT(DISTINCT event_id) AS dist FROM applied`);
  return { total: Number(row.total), distinct: Number(row.dist) };
}
