/**
 * Test fixtures for the statistics specs: complete ledger and fact rows with
 * plausible defaults (Licheng district, 2026), written straight through the
 * read-model repositories, and the embedded reporting app they run against.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import type { DataSource, EntitySchema, ObjectLiteral } from 'typeorm';
import { DomainActor } from '@jm/contracts';
import { ManualClock } from '@jm/event-sourcing';
import { createServiceApp, READ_MODEL_TOKEN } from '@jm/platform';
import { TEST_SECURITY_ENV } from '@jm/platform/testing';
import { createTestSchema } from '@jm/testing';
import { sqlTargetOf } from '../../../services/reporting/src/ledgers/table-sql';
import { notifyRiskLedger } from '../../../services/reporting/src/statistics/ledger-queries/risk-ledger-feed';
import {
  LeadLedgerEntity,
  LeadLedgerRow,
  ReportFactEntity,
  ReportFactRow,
  RiskLedgerEntity,
  RiskLedgerRow,
} from '../../../services/reporting/src/read-model/read-model.tables';
import { REPORTING_READ_MODEL } from '../../../services/reporting/src/reporting.read-model';
import { ReportingModule } from '../../../services/reporting/src/reporting.module';

export function leadRow(overrides: Partial<LeadLedgerRow> = {}): LeadLedgerRow {
  const leadId = overrides.leadId ?? randomUUID();
  return {
    leadId,
    receiptNo: `R-${leadId.slice(0, 8)}`,
    title: '某养老服务公司以高额回报吸收资金',
    category: 'illegal_fundraising',
    field: 'pension',
    source: 'public_report',
    channel: 'hotline',
    jurisdiction: '350502',
    street: 'lc-st-haibin',
    receivedBy: 'lc-st-haibin',
    receivedAt: '2026-03-01T02:00:00.000Z',
    office: 'lc-office',
    major: false,
    amountFen: 150_000_000,
    participants: 30,
    companies: '泉州某某养老服务有限公司',
    reportDeadline: '2026-03-02T02:00:00.000Z',
    reportedAt: '2026-03-01T03:00:00.000Z',
    intakeStatus: 'reported',
    triageStatus: 'routed',
    status: 'routed',
    unit: 'lc-market',
    routedStreet: 'lc-st-haibin',
    routingRule: 'field:pension',
    routedAt: '2026-03-01T04:00:00.000Z',
    verificationDeadline: '2026-03-31T04:00:00.000Z',
    feedbackAt: null,
    referredTo: null,
    caseId: null,
    confirmedLinks: 0,
    confirmedLinkTargets: '',
    lastEventType: 'LeadRouted',
    lastEventAt: '2026-03-01T04:00:00.000Z',
    lastEventId: randomUUID(),
    leadVersion: 1,
    routingVersion: 1,
    ...overrides,
  };
}

/** A reader of the ledgers: an office's analyst, a street's officer or a member unit's officer. */
export const ledgerReader = (agency: string, agencyKind: DomainActor['agencyKind'], jurisdiction = '350502'): DomainActor => ({
  user: `${agency}-user`,
  agency,
  agencyKind,
  level: 'district',
  jurisdiction,
  roles: [agencyKind === 'member' ? 'unit_officer' : agencyKind === 'street' ? 'street_officer' : 'analyst'],
});

export function riskRow(overrides: Partial<RiskLedgerRow> = {}): RiskLedgerRow {
  const caseId = overrides.caseId ?? randomUUID();
  return {
    caseId,
    caseNo: `LC-2026-${caseId.slice(0, 6)}`,
    title: '某养老服务公司涉嫌非法集资',
    status: 'investigating',
    writtenOff: false,
    category: 'illegal_fundraising',
    field: 'pension',
    jurisdiction: '350502',
    street: 'lc-st-haibin',
    office: 'lc-office',
    leadUnit: 'lc-market',
    cooperatingUnits: 'lc-police',
    units: ',lc-market,lc-police,lc-st-haibin,',
    riskGrade: 'medium',
    keyFlags: '',
    keyCase: false,
    companies: '泉州某某养老服务有限公司',
    amountInvolvedFen: 500_000_000,
    amountFrozenFen: 0,
    amountFinedFen: 0,
    amountRefundedFen: 0,
    amountRecoveredFen: 0,
    amountClaimedFen: 0,
    participants: 120,
    claimants: 0,
    petitions: 0,
    petitioners: 0,
    leadCount: 1,
    nature: null,
    determinedAt: null,
    determinedBy: null,
    transferStatus: null,
    police: null,
    transferredAt: null,
    transferDeadline: null,
    policeFiledOn: null,
    crossRegions: '',
    crossProvince: false,
    openedAt: '2026-01-10T02:00:00.000Z',
    closedAt: null,
    writtenOffAt: null,
    lastEventType: 'CaseOpened',
    lastEventAt: '2026-01-10T02:00:00.000Z',
    lastEventId: randomUUID(),
    version: 0,
    state: '{"status":"investigating"}',
    registerVersion: null,
    register: null,
    registerPersons: null,
    personsRefunded: null,
    petitionsOpen: null,
    petitionsClosed: null,
    ...overrides,
  };
}

export function factRow(kind: string, subjectId: string, occurredAt: string, overrides: Partial<ReportFactRow> = {}): ReportFactRow {
  const china = new Date(new Date(occurredAt).getTime() + 8 * 3600_000).toISOString();
  return {
    eventId: randomUUID(),
    kind,
    subjectType: 'case',
    subjectId,
    unit: null,
    jurisdiction: null,
    occurredAt,
    month: china.slice(0, 7),
    detail: null,
    amountFen: null,
    quantity: null,
    ...overrides,
  };
}

/** Inserts rows in chunks (SQLite binds at most a few thousand parameters per statement). */
export async function seed<Row extends ObjectLiteral>(db: DataSource, entity: EntitySchema<Row>, rows: Row[], chunk = 200): Promise<void> {
  for (let i = 0; i < rows.length; i += chunk) {
    await db.getRepository(entity).insert(rows.slice(i, i + chunk) as never);
  }
}

export const seedLeads = (db: DataSource, rows: LeadLedgerRow[]) => seed(db, LeadLedgerEntity, rows);
/** Risk rows, notified like every writer of the table notifies (the in-memory index on PostgreSQL reads them then). */
export async function seedRisks(db: DataSource, rows: RiskLedgerRow[]): Promise<void> {
  await seed(db, RiskLedgerEntity, rows);
  await notifyRiskLedger(
    db,
    sqlTargetOf(db),
    rows.map((r) => r.caseId),
  );
}
export const seedFacts = (db: DataSource, rows: ReportFactRow[]) => seed(db, ReportFactEntity, rows);

export interface TestReportingApp {
  app: INestApplication;
  db: DataSource;
  clock: ManualClock;
  close(): Promise<void>;
}

/** The reporting service on the embedded mode (SQLite store and read model), or with a PostgreSQL read model when given. */
export async function startReportingApp(options: { clock?: ManualClock; env?: Record<string, string> } = {}): Promise<TestReportingApp> {
  const dir = mkdtempSync(join(tmpdir(), 'jm-statistics-'));
  const clock = options.clock ?? new ManualClock(new Date('2026-03-20T02:00:00.000Z'));
  const env = {
    ...TEST_SECURITY_ENV,
    LOG_LEVEL: process.env.REPORTING_TEST_LOG ?? 'silent',
    SQLITE_PATH: join(dir, 'events.sqlite'),
    READ_MODEL_SQLITE_PATH: join(dir, 'reporting.sqlite'),
    INSTANCE_ID: `statistics-${randomUUID().slice(0, 8)}`,
    ...options.env,
  };
  const { app } = await createServiceApp('reporting', ReportingModule, { env, readModel: REPORTING_READ_MODEL, clock });
  await app.listen(0, '127.0.0.1');
  return {
    app,
    db: app.get<DataSource>(READ_MODEL_TOKEN),
    clock,
    async close() {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The same app on a PostgreSQL read model in a schema of its own, dropped on close. */
export async function startReportingOnPostgres(prefix: string): Promise<TestReportingApp> {
  const pg = await createTestSchema(prefix);
  const t = await startReportingApp({ env: { READ_MODEL_DB: 'postgres', READ_MODEL_PG_URL: pg.url, READ_MODEL_PG_SCHEMA: pg.schema } });
  return {
    ...t,
    async close() {
      await t.close();
      await pg.drop();
    },
  };
}
