/**
 * The rebuild's worker threads on PostgreSQL (services/reporting/src/rebuild/
 * partition-worker.ts): a failure inside a worker reaches the caller as the
 * rebuild's error and leaves the live tables as they were (the shadow tables
 * are dropped), a bad partition count is refused before anything is touched, and
 * a worker that cannot reach the store says so. Rows the rebuild inserts with
 * COPY (pg-runner.ts) keep what the COPY text format escapes.
 */
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { PostgresEventStore } from '@jm/event-sourcing';
import { BUS_CONSUMER_ENTITIES, BUS_CONSUMER_MIGRATIONS } from '@jm/bus';
import { newEvent } from '@jm/event-sourcing/testing/fixtures';
import { createTestSchema } from '@jm/testing';
import { sqlTargetOf } from '../../services/reporting/src/ledgers/table-sql';
import { WorkerPart } from '../../services/reporting/src/rebuild/partition-worker';
import { rebuildProjections } from '../../services/reporting/src/rebuild/projection-rebuild';
import { riskLedgerFeedListener } from '../../services/reporting/src/statistics/ledger-queries/risk-ledger-feed';
import { REPORTING_READ_MODEL } from '../../services/reporting/src/reporting.read-model';
import { appendScenario, generateScenario } from './support/reporting-scenario';
import { snapshotTables } from './support/reporting-app';

jest.setTimeout(120_000);

describe('rebuild worker threads (PostgreSQL)', () => {
  let storeSchema: Awaited<ReturnType<typeof createTestSchema>>;
  let readSchema: Awaited<ReturnType<typeof createTestSchema>>;
  let store: PostgresEventStore;
  let dataSource: DataSource;

  beforeAll(async () => {
    storeSchema = await createTestSchema('rbw_es');
    readSchema = await createTestSchema('rbw_rm');
    store = await PostgresEventStore.connect({ url: storeSchema.url, schema: storeSchema.schema, poolSize: 4 });
    dataSource = await new DataSource({
      type: 'postgres',
      url: readSchema.url,
      schema: readSchema.schema,
      entities: [...BUS_CONSUMER_ENTITIES, ...REPORTING_READ_MODEL.entities],
      migrations: [...BUS_CONSUMER_MIGRATIONS, ...REPORTING_READ_MODEL.migrations],
      migrationsRun: true,
      synchronize: false,
      logging: false,
    }).initialize();
    await appendScenario(store, generateScenario({ seed: 77, leads: 60 }));
  });

  afterAll(async () => {
    await store?.close();
    await dataSource?.destroy();
    await storeSchema?.drop();
    await readSchema?.drop();
  });

  const shadowTables = async (): Promise<string[]> =>
    (
      (await dataSource.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = $1 AND table_name LIKE 'rb\\_%'`, [
        sqlTargetOf(dataSource).schema,
      ])) as Array<{ table_name: string }>
    ).map((r) => r.table_name);

  it('refuses a bad partition count before touching anything', async () => {
    for (const partitions of [0, -1, 1.5, Number.NaN, 17]) {
      await expect(rebuildProjections({ store, dataSource, riskLedger: riskLedgerFeedListener, partitions })).rejects.toThrow(
        /partitions .* is invalid: an integer from 1 to 16/,
      );
    }
    expect(await shadowTables()).toEqual([]);
  });

  it('rows written with COPY keep backslashes, tabs, line breaks and nulls; the append-only tables get their keys', async () => {
    const tricky = 'a\\b\tc\nd\re \\N \\. 引';
    const access = (purpose: string | undefined) =>
      newEvent('RecordAccessed', {
        resourceType: 'lead',
        resourceId: randomUUID(),
        agency: 'office',
        user: 'u\t1',
        roles: ['analyst'],
        fields: ['summary'],
        purpose,
        granted: true,
      });
    const [withPurpose, without] = [access(tricky), access(undefined)];
    // One access stream per partition (ids ending in 0 and 1), so the rebuild's thread and the worker both COPY one.
    await store.append(`access-lead-${randomUUID().slice(0, -1)}0`, [withPurpose], 'no_stream');
    await store.append(`access-lead-${randomUUID().slice(0, -1)}1`, [without], 'no_stream');
    await rebuildProjections({ store, dataSource, riskLedger: riskLedgerFeedListener });

    const { schema } = sqlTargetOf(dataSource);
    const rows = (await dataSource.query(
      `SELECT event_id, purpose, user_id FROM "${schema}".access_log WHERE event_id = ANY($1) ORDER BY purpose NULLS LAST`,
      [[withPurpose.id, without.id]],
    )) as Array<{ event_id: string; purpose: string | null; user_id: string }>;
    expect(rows).toEqual([
      { event_id: withPurpose.id, purpose: tricky, user_id: 'u\t1' },
      { event_id: without.id, purpose: null, user_id: 'u\t1' },
    ]);
    const keys = (await dataSource.query(
      `SELECT conrelid::regclass::text AS table_name, conname FROM pg_constraint WHERE contype = 'p' AND connamespace = $1::regnamespace ORDER BY conname`,
      [schema],
    )) as Array<{ conname: string }>;
    expect(keys.map((k) => k.conname)).toEqual(
      expect.arrayContaining(['access_log_pkey', 'lead_ledger_pkey', 'report_fact_pkey', 'risk_ledger_pkey']),
    );
  });

  it('a row a worker cannot write fails the rebuild with its error; the live tables stay as they were', async () => {
    const first = await rebuildProjections({ store, dataSource, riskLedger: riskLedgerFeedListener });
    expect(first.workers).toBe(1);
    expect(first.rows.lead_ledger).toBe(60);
    const before = await snapshotTables(dataSource);

    // The receiving unit is longer than its column (varchar(64)): the lead's row and its fact cannot be written. The id
    // ends in '1' (code 49): partition 1 of 2, the worker's.
    const leadId = `${randomUUID().slice(0, -1)}1`;
    await store.append(
      `lead-${leadId}`,
      [
        newEvent('LeadReceived', {
          leadId,
          receiptNo: 'R1',
          title: 't',
          receivedBy: 'x'.repeat(100),
          receivedAt: '2026-03-02T01:00:00.000Z',
          subjects: [],
        }),
      ],
      'no_stream',
    );
    await expect(rebuildProjections({ store, dataSource, riskLedger: riskLedgerFeedListener, streamBatch: 10 })).rejects.toThrow(/too long/);

    expect(await shadowTables()).toEqual([]);
    expect(await snapshotTables(dataSource)).toEqual(before);
  });

  it('a worker that cannot reach the store rejects with the connection error', async () => {
    const part = WorkerPart.start(
      {
        store: { url: 'postgres://jm:jm@127.0.0.1:1/jm_test', schema: 'nowhere' },
        readModel: { connectionString: readSchema.url },
        target: sqlTargetOf(dataSource),
        options: { pageSize: 100, streamBatch: 100, settledAfterEvents: 100, partition: { count: 2, index: 0 } },
      },
      () => undefined,
    );
    try {
      await expect(part.load()).rejects.toThrow(/ECONNREFUSED|connect/);
      await expect(part.catchUp()).rejects.toThrow(/ECONNREFUSED|connect/);
    } finally {
      await part.close();
    }
  });
});
