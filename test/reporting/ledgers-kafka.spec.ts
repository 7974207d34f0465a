/**
 * Reporting projects what other services append, through Kafka and on
 * PostgreSQL: "intake" and "cases" are service apps with nothing but their
 * relays (each publishes its own streams to its topic), sharing one event
 * store schema with reporting; reporting consumes the topics into its own
 * read-model schema. The topics interleave the lead and routing streams in
 * no fixed order, and the tables still come out as the pure fold of the log
 * says, and identical to a rebuild from the store.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Module } from '@nestjs/common';
import type { INestApplication } from '@nestjs/common';
import { StoredEvent } from '@jm/event-sourcing';
import { createServiceApp } from '@jm/platform';
import { TEST_SECURITY_ENV } from '@jm/platform/testing';
import { createTestSchema, pollUntil, testKafkaBrokers, uniqueName } from '@jm/testing';
import { LedgerFold } from '../../services/reporting/src/ledgers/ledger.projector';
import { rebuildProjections } from '../../services/reporting/src/rebuild/projection-rebuild';
import { riskLedgerFeedListener } from '../../services/reporting/src/statistics/ledger-queries/risk-ledger-feed';
import { appendScenario, generateScenario } from './support/reporting-scenario';
import { ReportingTestApp, snapshotTables, startReportingApp, TableSnapshot } from './support/reporting-app';

jest.setTimeout(180_000);

/** A writer service: its store and its relay, no handlers. */
@Module({})
class RelayOnlyModule {}

const dir = mkdtempSync(join(tmpdir(), 'jm-ledgers-kafka-'));
const schemas: Array<{ drop(): Promise<void> }> = [];
const writers: INestApplication[] = [];
let reporting: ReportingTestApp | undefined;

afterAll(async () => {
  await reporting?.close();
  for (const app of writers) await app.close();
  for (const schema of schemas) await schema.drop();
  rmSync(dir, { recursive: true, force: true });
});

/** What the tables must hold: the pure fold of everything in the store, keyed like the snapshot. */
async function expectedTables(events: StoredEvent[]): Promise<TableSnapshot> {
  const fold = new LedgerFold();
  for (const e of events) fold.apply(e);
  const changes = fold.takeChanges();
  const by = (key: string) => (a: Record<string, unknown>, b: Record<string, unknown>) =>
    String(a[key]) < String(b[key]) ? -1 : String(a[key]) > String(b[key]) ? 1 : 0;
  return {
    lead_ledger: (changes.leads as unknown as Array<Record<string, unknown>>).sort(by('leadId')),
    risk_ledger: (changes.risks as unknown as Array<Record<string, unknown>>).sort(by('caseId')),
    report_fact: (changes.facts as unknown as Array<Record<string, unknown>>).sort(by('eventId')),
    access_log: (changes.access as unknown as Array<Record<string, unknown>>).sort(by('eventId')),
    saved_analysis: (changes.saved ?? []).map((row) => ({ ...row }) as Record<string, unknown>).sort(by('analysisId')),
  };
}

/** Snapshot rows sorted the way JavaScript compares (the database's collation may differ). */
function jsSorted(snapshot: TableSnapshot): TableSnapshot {
  const keys: Record<string, string> = {
    lead_ledger: 'leadId',
    risk_ledger: 'caseId',
    report_fact: 'eventId',
    access_log: 'eventId',
    saved_analysis: 'analysisId',
  };
  return Object.fromEntries(
    Object.entries(snapshot).map(([table, rows]) => [table, [...rows].sort((a, b) => (String(a[keys[table]]) < String(b[keys[table]]) ? -1 : 1))]),
  );
}

describe('ledgers over Kafka on PostgreSQL', () => {
  it('given intake and cases appending to their streams, then reporting projects them from the topics exactly as the fold of the log, identical to a rebuild', async () => {
    const store = await createTestSchema('rpt_kafka_store');
    const read = await createTestSchema('rpt_kafka_read');
    schemas.push(store, read);
    const topicPrefix = `${uniqueName('rptk').toLowerCase()}.`;
    const shared = {
      ...TEST_SECURITY_ENV,
      LOG_LEVEL: 'silent',
      EVENT_STORE: 'postgres',
      PG_URL: store.url,
      PG_SCHEMA: store.schema,
      BUS: 'kafka',
      KAFKA_BROKERS: testKafkaBrokers().join(','),
      KAFKA_TOPIC_PREFIX: topicPrefix,
    };

    for (const service of ['intake', 'cases'] as const) {
      const { app } = await createServiceApp(service, RelayOnlyModule, {
        env: { ...shared, INSTANCE_ID: `${service}-${randomUUID().slice(0, 8)}`, READ_MODEL_SQLITE_PATH: join(dir, `${service}.sqlite`) },
      });
      await app.init();
      writers.push(app);
    }
    reporting = await startReportingApp({ ...shared, READ_MODEL_DB: 'postgres', READ_MODEL_PG_URL: read.url, READ_MODEL_PG_SCHEMA: read.schema });

    const appended = await appendScenario(reporting.store, generateScenario({ seed: 77, leads: 80 }));
    // A PostgreSQL reader sees the log up to the oldest transaction still open in the cluster (the consumer's,
    // another suite's), so the last appends may show a moment later: read until all of them are there.
    const events: StoredEvent[] = [];
    await pollUntil(
      async () => {
        for (
          let page = await reporting!.store.readAll({ from: events.at(-1)?.position, limit: 5000 });
          page.length > 0;
          page = await reporting!.store.readAll({ from: events.at(-1)!.position, limit: 5000 })
        )
          events.push(...page);
        return events.length >= appended || undefined;
      },
      { timeoutMs: 60_000, intervalMs: 100, what: `all ${appended} appended events readable from the store` },
    );
    expect(events).toHaveLength(appended);
    const expected = await expectedTables(events);
    expect(expected.lead_ledger.length).toBe(80);
    expect(expected.risk_ledger.length).toBeGreaterThan(5);

    // Poll until equal; on a timeout, show how the tables differ rather than only that they do.
    const live = await pollUntil(
      async () => {
        const snapshot = jsSorted(await snapshotTables(reporting!.dataSource));
        return snapshot.report_fact.length === expected.report_fact.length &&
          snapshot.access_log.length === expected.access_log.length &&
          JSON.stringify(snapshot) === JSON.stringify(expected)
          ? snapshot
          : undefined;
      },
      { timeoutMs: 90_000, intervalMs: 250, what: 'reporting to project every event from Kafka' },
    ).catch(async (timedOut: Error) => {
      const snapshot = jsSorted(await snapshotTables(reporting!.dataSource));
      const counts = (t: TableSnapshot) => Object.fromEntries(Object.entries(t).map(([table, rows]) => [table, rows.length]));
      expect({ counts: counts(snapshot), snapshot }).toEqual({ counts: counts(expected), snapshot: expected });
      throw timedOut;
    });
    expect(live).toEqual(expected);

    await rebuildProjections({ store: reporting.store, dataSource: reporting.dataSource, riskLedger: riskLedgerFeedListener, gate: reporting.gate });
    expect(jsSorted(await snapshotTables(reporting.dataSource))).toEqual(live);
  });
});
