/**
 * WIRING POINT — the one place where the concrete event store, read-model
 * database and bus are constructed from config. ServiceCoreModule turns these
 * factories into Nest providers; tests replace any of them through
 * createServiceApp(..., { infrastructure }). Swapping or adding an adapter
 * (e.g. KurrentDB) touches this file only.
 */
import type { Logger as PinoLogger } from 'pino';
import { Client } from 'pg';
import { DataSource, EntitySchema, MixedList } from 'typeorm';
import type { Bus } from '@jm/bus';
import { BUS_CONSUMER_ENTITIES, BUS_CONSUMER_MIGRATIONS, createBus } from '@jm/bus';
import type { BusSettings, EventStoreSettings, ReadModelSettings, ServiceConfig } from '../config/service-config';
import type { CheckpointStore, EventStore, LeaseStore } from '@jm/event-sourcing';
import { PostgresEventStore, preparePrivateDatabaseFile, SqliteEventStore } from '@jm/event-sourcing';

/** What a domain module adds to its service's own database: entities and the migrations that create them. */
export interface ReadModelSchema {
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- TypeORM's own type for entity classes
  entities?: MixedList<Function | string | EntitySchema>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- TypeORM's own type for migration classes
  migrations?: MixedList<Function | string>;
}

export interface InfrastructureFactoryContext {
  config: ServiceConfig;
  logger: PinoLogger;
}

export interface BusFactoryContext extends InfrastructureFactoryContext {
  /** The service's event store: the embedded bus tails it; the Kafka relay reads from it. */
  store: EventStore;
  /** The service's own database: consumer dedup rows and checkpoints commit there with the read-model write. */
  dataSource: DataSource;
}

export interface InfrastructureFactories {
  eventStore(settings: EventStoreSettings, context: InfrastructureFactoryContext): Promise<EventStore>;
  readModel(settings: ReadModelSettings, context: InfrastructureFactoryContext & { schema: ReadModelSchema }): Promise<DataSource>;
  bus(settings: BusSettings, context: BusFactoryContext): Promise<Bus>;
}

export const adapterFactories: InfrastructureFactories = {
  async eventStore(settings) {
    switch (settings.kind) {
      case 'sqlite':
        // Relative paths resolve against the working directory (npm start runs from the repo root).
        return SqliteEventStore.open({ path: settings.path });
      case 'postgres':
        return PostgresEventStore.connect({ url: settings.url, schema: settings.schema });
    }
  },

  async readModel(settings, { schema }) {
    const common = {
      entities: [...BUS_CONSUMER_ENTITIES, ...toArray(schema.entities)],
      migrations: [...BUS_CONSUMER_MIGRATIONS, ...toArray(schema.migrations)],
      // Schema changes are migrations (style.md 13); never synchronize outside tests.
      migrationsRun: true,
      synchronize: false,
      logging: false,
    };
    let dataSource: DataSource;
    switch (settings.kind) {
      case 'sqlite':
        preparePrivateDatabaseFile(settings.path);
        dataSource = new DataSource({
          type: 'better-sqlite3',
          database: settings.path,
          prepareDatabase: (db: { pragma(sql: string): unknown }) => {
            db.pragma('journal_mode = WAL');
          },
          ...common,
        });
        break;
      case 'postgres':
        await ensurePostgresSchema(settings.url, settings.schema);
        dataSource = new DataSource({ type: 'postgres', url: settings.url, schema: settings.schema, ...common });
        break;
    }
    return dataSource.initialize();
  },

  async bus(settings, { store, dataSource, logger }) {
    const { leases, checkpoints } = leasesAndCheckpointsOf(store);
    const busLogger = logger.child({ component: 'bus' });
    return settings.kind === 'kafka'
      ? createBus(
          { kind: 'kafka', brokers: settings.brokers, clientId: settings.clientId, ...(settings.sasl ? { sasl: settings.sasl } : {}) },
          { store, leases, checkpoints, dataSource, logger: busLogger },
        )
      : createBus({ kind: 'embedded' }, { store, leases, checkpoints, dataSource, logger: busLogger });
  },
};

/** TypeORM does not create the schema its tables and migrations table go in. */
async function ensurePostgresSchema(url: string, schema: string): Promise<void> {
  if (schema === 'public') return;
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
  } finally {
    await client.end();
  }
}

function toArray<T>(list: MixedList<T> | undefined): T[] {
  if (list === undefined) return [];
  return Array.isArray(list) ? list : Object.values(list);
}

/** Both store adapters keep relay leases and checkpoints next to the log; the port does not promise it. */
function leasesAndCheckpointsOf(store: EventStore): { leases: LeaseStore; checkpoints: CheckpointStore } {
  const candidate = store as Partial<{ leases: LeaseStore; checkpoints: CheckpointStore }>;
  if (!candidate.leases || !candidate.checkpoints) {
    throw new Error(`the event store (${store.constructor.name}) keeps no leases or checkpoints, which the bus needs`);
  }
  return { leases: candidate.leases, checkpoints: candidate.checkpoints };
}
