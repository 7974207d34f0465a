/**
 * The figures a deployment below reported up, in this deployment's tables (on the service's own SQLite read
 * model): added to its own facts for an office whose region covers the sender, by every grouping, with the
 * period-end snapshots and distinct subjects; a later revision replaces an earlier one, never the reverse.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { StatisticsMonthFigures, StatisticsReportedUpData, toDomainActor } from '@jm/contracts';
import { createServiceApp, READ_MODEL_TOKEN } from '@jm/platform';
import { TEST_SECURITY_ENV } from '@jm/platform/testing';
import { Agency, AgencyRegistry, Role } from '@jm/reference';
import { REPORTING_READ_MODEL } from '../reporting.read-model';
import { ReportingModule } from '../reporting.module';
import { parsePeriod, Period } from '../statistics/vocabulary/period';
import { statisticsTable } from '../statistics/statistics-tables/statistics-tables';
import { saveReportedStatistics } from './federated-records';

const dir = mkdtempSync(join(tmpdir(), 'jm-federated-statistics-'));
const registry = AgencyRegistry.fromFile('config/agencies.json');
let app: INestApplication;
let db: DataSource;

const reader = (agency: string, roles: Role[] = ['analyst']) => toDomainActor(registry.get(agency) as Agency, `${agency}-user`, roles);
const period = (code: string) => parsePeriod(code) as Period;
const ctx = { lang: 'zh-CN' as const, registry };

const lcMarch: StatisticsMonthFigures = {
  facts: [
    {
      unit: 'lc-st-haibin',
      street: 'lc-st-haibin',
      field: 'pension',
      category: 'illegal_fundraising',
      kind: 'lead_received',
      detail: 'grid_worker',
      n: 2,
      fen: '0',
      qty: 30,
      subjects: 2,
    },
    {
      unit: 'lc-market',
      street: null,
      field: 'pension',
      category: 'illegal_fundraising',
      kind: 'measure_taken',
      detail: 'penalty',
      n: 1,
      fen: '150050',
      qty: 0,
      subjects: 1,
    },
    {
      unit: 'lc-office',
      street: 'lc-st-haibin',
      field: 'pension',
      category: 'illegal_fundraising',
      kind: 'lead_referred_up',
      detail: 'qz-office',
      n: 2,
      fen: '0',
      qty: 0,
      subjects: 1,
    },
  ],
  snapshots: [{ unit: 'lc-market', street: 'lc-st-haibin', field: 'pension', category: 'illegal_fundraising', inProgress: 3, policePending: 1 }],
  subjects: { lead_received: 2, measure_taken: 1, lead_referred_up: 1 },
};
const lcFebruary: StatisticsMonthFigures = {
  facts: [],
  snapshots: [{ unit: 'lc-market', street: 'lc-st-haibin', field: 'pension', category: 'illegal_fundraising', inProgress: 2, policePending: 0 }],
  subjects: {},
};

async function report(deployment: string, jurisdiction: string, month: string, revision: number, figures: StatisticsMonthFigures): Promise<void> {
  const data: StatisticsReportedUpData = { month, revision, asOf: `${month}-28T00:00:00.000Z`, digest: randomUUID(), figures, includes: [] };
  await saveReportedStatistics(db.manager, { deployment, jurisdiction, messageId: randomUUID(), receivedAt: new Date().toISOString() }, data);
}

beforeAll(async () => {
  ({ app } = await createServiceApp('reporting', ReportingModule, {
    env: {
      ...TEST_SECURITY_ENV,
      LOG_LEVEL: 'silent',
      SQLITE_PATH: join(dir, 'events.sqlite'),
      READ_MODEL_SQLITE_PATH: join(dir, 'reporting.sqlite'),
      INSTANCE_ID: `federated-statistics-${randomUUID().slice(0, 8)}`,
      AUDIT_ANCHOR_INTERVAL_MINUTES: '0',
    },
    readModel: REPORTING_READ_MODEL,
  }));
  db = app.get<DataSource>(READ_MODEL_TOKEN);
  // The city's own fact: a city joint meeting in March.
  await db.query(
    `INSERT INTO report_fact (event_id, kind, subject_type, subject_id, unit, jurisdiction, occurred_at, month, detail, amount_fen, quantity)
     VALUES (?, 'meeting_held', 'meeting', 'M-1', 'qz-office', '350500', '2026-03-05T02:00:00.000Z', '2026-03', 'city', NULL, NULL)`,
    [randomUUID()],
  );
  await report('lc', '350502', '2026-03', 0, lcFebruary);
  await report('lc', '350502', '2026-03', 2, lcMarch);
  await report('lc', '350502', '2026-03', 1, lcFebruary);
  await report('lc', '350502', '2026-02', 0, lcFebruary);
});

afterAll(async () => {
  await app?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('figures reported up, in the tables of the deployment above', () => {
  it('adds a district’s figures to the city’s own facts by unit, and keeps the latest revision of a month', async () => {
    const table = await statisticsTable(db, reader('qz-office'), 'work-statistics', period('2026-03'), 'unit', ctx);
    const rows = Object.fromEntries(table.rows.map((r) => [r.dimensionCode, r]));
    expect(rows['lc-st-haibin']).toMatchObject({ leadsReceived: 2 });
    expect(rows['lc-market']).toMatchObject({ penalties: 1, penaltyAmount: '1500.50' });
    expect(rows['qz-office']).toMatchObject({ meetingsHeld: 1 });
    expect(table.total).toMatchObject({ leadsReceived: 2, meetingsHeld: 1, penalties: 1, penaltyAmount: '1500.50' });
    expect(table.includes).toEqual([{ deployment: 'lc', month: '2026-03', revision: 2, asOf: '2026-03-28T00:00:00.000Z', includes: [] }]);
  });

  it('takes the period-end snapshots of the last month, or of each month by month, and subjects once per month', async () => {
    const byUnit = await statisticsTable(db, reader('qz-office'), 'lead-screening', period('2026-Q1'), 'unit', ctx);
    expect(byUnit.total).toMatchObject({ inProgress: 3, referredUp: 1, referralSteps: 2, receivedTotal: 2 });
    const byMonth = await statisticsTable(db, reader('qz-office'), 'lead-screening', period('2026-Q1'), 'month', ctx);
    expect(byMonth.rows.map((r) => [r.dimensionCode, r.inProgress])).toEqual([
      ['2026-01', 0],
      ['2026-02', 2],
      ['2026-03', 3],
    ]);
    expect(byMonth.total).toMatchObject({ inProgress: 3 });
    const enforcement = await statisticsTable(db, reader('qz-office'), 'enforcement', period('2026-03'), 'category', ctx);
    expect(enforcement.total).toMatchObject({ casesInvestigated: 3, policePending: 1 });
  });

  it('shows them to no reader whose scope does not cover the district: another district, a city unit', async () => {
    for (const agency of ['fz-office', 'qz-police']) {
      const table = await statisticsTable(db, reader(agency, ['analyst']), 'work-statistics', period('2026-03'), 'unit', ctx);
      expect(table.total).toMatchObject({ leadsReceived: 0, penalties: 0 });
      expect(table.includes).toBeUndefined();
    }
  });
});
