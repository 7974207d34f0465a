/**
 * The reporting service in a test: started with its consumer on the given
 * environment (embedded bus by default), a wait until its consumer has
 * handled everything in the store, and a snapshot of every reporting table
 * (every column, rows in key order) to compare projections row by row.
 */
import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { ConsumerCheckpointEntity } from '@jm/bus';
import { Clock, EventStore } from '@jm/event-sourcing';
import { connectServiceConsumer, createServiceApp, EVENT_STORE_TOKEN, READ_MODEL_TOKEN } from '@jm/platform';
import { TEST_SECURITY_ENV } from '@jm/platform/testing';
import { createTestSchema, pollUntil } from '@jm/testing';
import { ProjectionGate } from '../../../services/reporting/src/ledgers/projection-gate';
import { rowFromDb, quoteTable, sqlTargetOf } from '../../../services/reporting/src/ledgers/table-sql';
import { REPORTING_TABLES } from '../../../services/reporting/src/read-model/read-model.tables';
import { REPORTING_READ_MODEL } from '../../../services/reporting/src/reporting.read-model';
import { ReportingModule } from '../../../services/reporting/src/reporting.module';

export interface ReportingTestApp {
  app: INestApplication;
  store: EventStore;
  dataSource: DataSource;
  gate: ProjectionGate;
  close(): Promise<void>;
}

/** Starts reporting with its bus consumer and an HTTP listener on a free port. */
export async function startReportingApp(env: Record<string, string>, clock?: Clock): Promise<ReportingTestApp> {
  const { app, config } = await createServiceApp('reporting', ReportingModule, {
    env: {
      ...TEST_SECURITY_ENV,
      LOG_LEVEL: process.env.REPORTING_TEST_LOG ?? 'silent',
      INSTANCE_ID: `reporting-${randomUUID().slice(0, 8)}`,
      ...env,
    },
    readModel: REPORTING_READ_MODEL,
    ...(clock ? { clock } : {}),
  });
  connectServiceConsumer(app, config);
  await app.startAllMicroservices();
  await app.listen(0, '127.0.0.1');
  return {
    app,
    store: app.get<EventStore>(EVENT_STORE_TOKEN),
    dataSource: app.get<DataSource>(READ_MODEL_TOKEN),
    gate: app.get(ProjectionGate),
    close: () => app.close(),
  };
}

/**
 * Waits until the embedded consumer's checkpoint reached the store's head, or,
 * given the stream of the last append, that append's position. On PostgreSQL
 * the head is what readers may see (the log up to the oldest transaction open
 * on the cluster, another suite's perhaps), so it can lag the last append; a
 * stream read by id does not.
 */
export async function awaitCaughtUp(target: ReportingTestApp, lastStreamId?: string, timeoutMs = 60_000): Promise<void> {
  const head = lastStreamId ? ((await target.store.readStream(lastStreamId)).at(-1)?.position ?? 0) : await target.store.headPosition();
  await pollUntil(
    async () => {
      const row = await target.dataSource.getRepository(ConsumerCheckpointEntity).findOne({ where: { group: 'reporting', source: 'embedded' } });
      return row && Number(row.position) >= head ? true : undefined;
    },
    { timeoutMs, what: `reporting consumer at position ${head}` },
  );
}

export type TableSnapshot = Record<string, Array<Record<string, unknown>>>;

/** Every row of every reporting table, every column, in primary-key order. */
export async function snapshotTables(dataSource: DataSource): Promise<TableSnapshot> {
  const target = sqlTargetOf(dataSource);
  const snapshot: TableSnapshot = {};
  for (const spec of REPORTING_TABLES) {
    const key = spec.columns.find((c) => c.primary)!.column;
    const rows = (await dataSource.query(`SELECT * FROM ${quoteTable(target, spec.table)} ORDER BY "${key}"`)) as Array<Record<string, unknown>>;
    snapshot[spec.table] = rows.map((raw) => rowFromDb<Record<string, unknown>>(spec, raw));
  }
  return snapshot;
}

/** Reporting on PostgreSQL (embedded bus): its own store schema and read-model schema, both dropped by close(). */
export async function startReportingOnPostgres(prefix: string, env: Record<string, string> = {}): Promise<ReportingTestApp> {
  const store = await createTestSchema(`${prefix}_store`);
  const read = await createTestSchema(`${prefix}_read`);
  const started = await startReportingApp({
    EVENT_STORE: 'postgres',
    PG_URL: store.url,
    PG_SCHEMA: store.schema,
    READ_MODEL_DB: 'postgres',
    READ_MODEL_PG_URL: read.url,
    READ_MODEL_PG_SCHEMA: read.schema,
    ...env,
  });
  return {
    ...started,
    close: async () => {
      try {
        await started.close();
      } finally {
        await store.drop();
        await read.drop();
      }
    },
  };
}
