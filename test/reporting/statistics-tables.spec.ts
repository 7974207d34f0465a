/**
 * The statistics tables over HTTP (GET /statistics, /statistics/:table) on the
 * embedded reporting app, with ledger rows and facts seeded through the
 * read-model repositories: each table's figures for a quarter by street, month
 * and unit, China-time month boundaries, period-end snapshots, the
 * cross-province register, scope, labels, 422 and 404.
 */
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { Role } from '@jm/reference';
import { bearer } from '@jm/platform/testing';
import {
  factRow,
  leadRow,
  riskRow,
  seedFacts,
  seedLeads,
  seedRisks,
  startReportingApp,
  startReportingOnPostgres,
  TestReportingApp,
} from './support/ledger-rows';

const as = (agency: string, roles: Role[]) => bearer(agency, roles, `${agency}-user`);
const analyst = as('lc-office', ['analyst']);
const haibin = as('lc-st-haibin', ['street_officer']);
const fengze = as('fz-office', ['office_officer']);

const LA = leadRow({ leadId: 'lead-a', street: 'lc-st-haibin', source: 'public_report' });
const LB = leadRow({ leadId: 'lead-b', street: 'lc-st-linjiang', field: 'virtual_currency', source: 'grid_worker' });
const LC = leadRow({ leadId: 'lead-c', street: 'lc-st-haibin', source: 'grid_worker' });
const CA = riskRow({
  caseId: 'case-a',
  caseNo: 'LC-2026-A',
  crossProvince: true,
  crossRegions: '350503,440300',
  transferStatus: 'pending',
  police: 'lc-police',
  openedAt: '2026-01-10T02:00:00.000Z',
  amountInvolvedFen: 500_000_000,
  amountRecoveredFen: 123_456,
  participants: 120,
});
const CB = riskRow({
  caseId: 'case-b',
  caseNo: 'LC-2026-B',
  street: 'lc-st-linjiang',
  field: 'virtual_currency',
  leadUnit: 'lc-social-affairs',
  cooperatingUnits: '',
  units: ',lc-social-affairs,lc-st-linjiang,',
  openedAt: '2026-02-01T02:00:00.000Z',
  closedAt: '2026-03-15T02:00:00.000Z',
  status: 'closed',
  writtenOff: true,
});
const CF = riskRow({
  caseId: 'case-f',
  jurisdiction: '350503',
  street: 'fz-st-donghai',
  office: 'fz-office',
  leadUnit: 'fz-police',
  cooperatingUnits: '',
  units: ',fz-police,fz-st-donghai,',
  openedAt: '2026-02-02T02:00:00.000Z',
});

const lead = (kind: string, id: string, at: string, o: Parameters<typeof factRow>[3] = {}) => factRow(kind, id, at, { subjectType: 'lead', ...o });
const FACTS = [
  lead('lead_received', 'lead-a', '2026-01-05T02:00:00.000Z', { detail: 'public_report', unit: 'lc-st-haibin' }),
  lead('lead_received', 'lead-b', '2026-02-03T02:00:00.000Z', { detail: 'grid_worker', unit: 'lc-st-linjiang' }),
  // 2026-04-01 01:00 China time: April, outside the first quarter.
  lead('lead_received', 'lead-c', '2026-03-31T17:00:00.000Z', { detail: 'grid_worker', unit: 'lc-st-haibin' }),
  lead('lead_reported', 'lead-a', '2026-01-05T03:00:00.000Z', { detail: 'on_time', unit: 'lc-st-haibin' }),
  lead('lead_reported', 'lead-b', '2026-02-05T03:00:00.000Z', { detail: 'late', unit: 'lc-st-linjiang' }),
  lead('lead_founded', 'lead-a', '2026-01-09T03:00:00.000Z', { unit: 'lc-market' }),
  lead('lead_closed_unfounded', 'lead-b', '2026-02-20T03:00:00.000Z', { unit: 'lc-social-affairs' }),
  factRow('case_opened', 'case-a', '2026-01-10T02:00:00.000Z', { unit: 'lc-market', amountFen: 500_000_000, quantity: 120 }),
  factRow('case_opened', 'case-b', '2026-02-01T02:00:00.000Z', { unit: 'lc-social-affairs' }),
  factRow('case_opened', 'case-f', '2026-02-02T02:00:00.000Z', { unit: 'fz-police' }),
  factRow('measure_taken', 'case-a', '2026-01-20T02:00:00.000Z', { unit: 'lc-market', detail: 'warning_talk' }),
  factRow('measure_taken', 'case-a', '2026-02-10T02:00:00.000Z', { unit: 'lc-market', detail: 'penalty', amountFen: 20_000_000 }),
  factRow('determination_issued', 'case-a', '2026-02-11T02:00:00.000Z', { unit: 'lc-finance', detail: 'illegal_fundraising' }),
  factRow('nature_determined', 'case-a', '2026-02-12T02:00:00.000Z', { unit: 'lc-finance', detail: 'authority' }),
  factRow('transferred_to_police', 'case-a', '2026-02-15T02:00:00.000Z', { unit: 'lc-market', detail: 'lc-police' }),
  factRow('transferred_to_police', 'case-b', '2026-02-16T02:00:00.000Z', { unit: 'lc-social-affairs', detail: 'lc-police' }),
  factRow('police_declined', 'case-b', '2026-03-01T02:00:00.000Z', { unit: 'lc-police' }),
  factRow('funds_recovered', 'case-a', '2026-03-01T02:00:00.000Z', { unit: 'lc-police', amountFen: 123_456 }),
  factRow('case_closed', 'case-b', '2026-03-15T02:00:00.000Z', { unit: 'lc-office' }),
  factRow('risk_written_off', 'case-b', '2026-03-16T02:00:00.000Z', { unit: 'lc-office' }),
  factRow('meeting_held', 'meeting-1', '2026-02-05T02:00:00.000Z', {
    subjectType: 'meeting',
    unit: 'lc-office',
    jurisdiction: '350502',
    detail: 'district',
  }),
];

type Row = Record<string, string | number | null>;
const rowOf = (body: { rows: Row[] }, code: string | null) => body.rows.find((r) => r.dimensionCode === code) as Row;

async function seedAll(t: TestReportingApp): Promise<void> {
  await seedLeads(t.db, [LA, LB, LC]);
  await seedRisks(t.db, [CA, CB, CF]);
  await seedFacts(t.db, FACTS);
}

function expectWorkStatisticsByStreet(body: { rows: Row[]; total: Row; columns: Array<{ key: string; label: string }> }): void {
  expect(body.rows.map((r) => r.dimensionCode)).toEqual(['lc-st-haibin', 'lc-st-linjiang', null]);
  expect(rowOf(body, 'lc-st-haibin')).toMatchObject({
    dimension: '鲤城区海滨街道办事处',
    leadsReceived: 1,
    leadsReported: 1,
    leadsReportedLate: 0,
    casesOpened: 1,
    warningTalks: 1,
    penalties: 1,
    penaltyAmount: '200000.00',
    transfersToPolice: 1,
    fundsRecovered: '1234.56',
    meetingsHeld: 0,
  });
  expect(rowOf(body, 'lc-st-linjiang')).toMatchObject({
    leadsReceived: 1,
    leadsReportedLate: 1,
    casesOpened: 1,
    transfersToPolice: 1,
    casesClosed: 1,
    risksWrittenOff: 1,
    penaltyAmount: '0.00',
  });
  expect(rowOf(body, null)).toMatchObject({ dimension: '未指定', meetingsHeld: 1, leadsReceived: 0 });
  expect(body.total).toMatchObject({
    dimension: '合计',
    leadsReceived: 2,
    leadsReported: 2,
    leadsReportedLate: 1,
    casesOpened: 2,
    meetingsHeld: 1,
    transfersToPolice: 2,
    penaltyAmount: '200000.00',
    fundsRecovered: '1234.56',
  });
}

describe('statistics tables (embedded, SQLite)', () => {
  let t: TestReportingApp;
  let app: INestApplication;
  const get = (url: string, who: Record<string, string> = analyst) => request(app.getHttpServer()).get(url).set(who);

  beforeAll(async () => {
    t = await startReportingApp();
    app = t.app;
    await seedAll(t);
  });
  afterAll(async () => t?.close());

  it('lists the tables with zh-CN and English titles and their columns', async () => {
    const res = await get('/statistics').expect(200);
    expect(res.body.tables.map((x: { code: string }) => x.code)).toEqual(['work-statistics', 'lead-screening', 'enforcement', 'cross-province']);
    const screening = res.body.tables[1];
    expect(screening.title).toEqual({ 'zh-CN': '风险线索排查处置情况统计表', en: 'Risk lead screening and handling' });
    expect(screening.columns.filter((c: { key: string }) => c.key.startsWith('received_'))).toHaveLength(9);
    expect(res.body.by.map((b: { code: string }) => b.code)).toEqual(['unit', 'street', 'field', 'category', 'month']);
  });

  it('work statistics for a quarter by street: counts and amounts per street, meetings unassigned, a total row', async () => {
    const res = await get('/statistics/work-statistics?period=2026-Q1&by=street').expect(200);
    expect(res.body).toMatchObject({
      table: 'work-statistics',
      title: '打击非法集资专项行动工作情况统计表',
      period: '2026-Q1',
      periodLabel: '2026年第一季度',
      by: 'street',
    });
    expect(res.body.columns[0]).toEqual({ key: 'dimension', label: '街道（园区）', type: 'text' });
    expect(res.body.columns.find((c: { key: string }) => c.key === 'penaltyAmount')).toEqual({
      key: 'penaltyAmount',
      label: '罚没金额（元）',
      type: 'yuan',
    });
    expectWorkStatisticsByStreet(res.body);
  });

  it('lead screening by month: leads by source in China-time months, verified, and cases in progress at each month end', async () => {
    const res = await get('/statistics/lead-screening?period=2026-Q1&by=month').expect(200);
    expect(res.body.rows.map((r: Row) => r.dimension)).toEqual(['2026-01', '2026-02', '2026-03']);
    expect(rowOf(res.body, '2026-01')).toMatchObject({
      received_public_report: 1,
      received_grid_worker: 0,
      receivedTotal: 1,
      founded: 1,
      verified: 1,
      casesOpened: 1,
      inProgress: 1,
    });
    expect(rowOf(res.body, '2026-02')).toMatchObject({
      received_grid_worker: 1,
      receivedTotal: 1,
      unfounded: 1,
      verified: 1,
      casesOpened: 1,
      inProgress: 2,
    });
    expect(rowOf(res.body, '2026-03')).toMatchObject({ receivedTotal: 0, casesClosed: 1, writtenOff: 1, inProgress: 1 });
    // A snapshot column's total is the state at the period end, not a sum of month ends.
    expect(res.body.total).toMatchObject({ receivedTotal: 2, verified: 2, casesOpened: 2, inProgress: 1 });
    const april = await get('/statistics/lead-screening?period=2026-04&by=street').expect(200);
    expect(april.body.total).toMatchObject({ received_grid_worker: 1, receivedTotal: 1, inProgress: 1 });
  });

  it('enforcement by unit: measures, determinations, transfers and their outcomes, awaiting the police at period end', async () => {
    const res = await get('/statistics/enforcement?period=2026-H1&by=unit').expect(200);
    expect(rowOf(res.body, 'lc-market')).toMatchObject({
      dimension: '鲤城区市场监督管理局',
      casesOpened: 1,
      penalties: 1,
      penaltyAmount: '200000.00',
      otherMeasures: 1,
      transfersToPolice: 1,
      policePending: 1,
      casesInvestigated: 1,
    });
    expect(rowOf(res.body, 'lc-finance')).toMatchObject({
      determinationsIssued: 1,
      determinedIllegal: 1,
      determinedNotIllegal: 0,
      natureBy_authority: 1,
    });
    expect(rowOf(res.body, 'lc-police')).toMatchObject({ policeDeclined: 1, fundsRecovered: '1234.56' });
    expect(rowOf(res.body, 'lc-social-affairs')).toMatchObject({ transfersToPolice: 1, policePending: 0 });
    expect(res.body.total).toMatchObject({ transfersToPolice: 2, policeDeclined: 1, policeAccepted: 0, policePending: 1, casesInvestigated: 1 });
    const february = await get('/statistics/enforcement?period=2026-02&by=month').expect(200);
    expect(february.body.total).toMatchObject({ transfersToPolice: 2, policePending: 2, casesInvestigated: 2 });
  });

  it('the cross-province register: one row per case with other provinces named, measures, police status, and summed amounts', async () => {
    const res = await get('/statistics/cross-province?period=2026&by=street').expect(200);
    expect(res.body.rows).toHaveLength(1);
    expect(res.body.rows[0]).toMatchObject({
      caseNo: 'LC-2026-A',
      dimension: '鲤城区海滨街道办事处',
      otherRegions: '440300（广东省）',
      amountInvolved: '5000000.00',
      amountRecovered: '1234.56',
      participants: 120,
      measures: '行政处罚、约谈警示',
      policeStatus: '待公安答复',
      writtenOff: '否',
      leadUnit: '鲤城区市场监督管理局',
      cooperatingUnits: '泉州市公安局鲤城分局',
    });
    expect(res.body.total).toMatchObject({ caseNo: '共1起', amountInvolved: '5000000.00', participants: 120 });
    const before = await get('/statistics/cross-province?period=2025&by=street').expect(200);
    expect(before.body.rows).toHaveLength(0);
  });

  it('answers in English with lang=en', async () => {
    const res = await get('/statistics/work-statistics?period=2026-Q1&by=field&lang=en').expect(200);
    expect(res.body).toMatchObject({ title: 'Campaign work statistics', periodLabel: '2026 Q1' });
    expect(res.body.columns[0].label).toBe('Field');
    expect(res.body.rows.map((r: Row) => r.dimension)).toEqual(['Elderly care', 'Virtual currency', 'Unspecified']);
    expect(res.body.total.dimension).toBe('Total');
  });

  it('scopes: a street sees its own street only, another district none of ours', async () => {
    const street = await get('/statistics/work-statistics?period=2026-Q1&by=street', haibin).expect(200);
    expect(street.body.rows.map((r: Row) => r.dimensionCode)).toEqual(['lc-st-haibin']);
    expect(street.body.total).toMatchObject({ leadsReceived: 1, casesOpened: 1, meetingsHeld: 0 });
    const other = await get('/statistics/work-statistics?period=2026-Q1&by=street', fengze).expect(200);
    expect(other.body.rows.map((r: Row) => r.dimensionCode)).toEqual(['fz-st-donghai']);
    expect(other.body.total).toMatchObject({ casesOpened: 1, leadsReceived: 0 });
  });

  it.each([
    ['/statistics/work-statistics?period=2026-Q5', 'period', 'period: a month YYYY-MM (2026-03), a quarter YYYY-Qn'],
    ['/statistics/work-statistics?period=26-03', 'period', 'a half-year YYYY-Hn (2026-H1) or a year YYYY (2026)'],
    ['/statistics/work-statistics?period=1999', 'period', 'with a year from 2000 to 2100'],
    ['/statistics/work-statistics', 'period', 'period: required'],
    ['/statistics/work-statistics?period=2026&by=district', 'by', 'by: one of unit, street, field, category, month'],
    ['/statistics/work-statistics?period=2026&lang=fr', 'lang', 'lang: one of zh-CN, en'],
  ])('refuses %s with 422 naming %s and the allowed forms', async (url, field, message) => {
    const res = await get(url).expect(422);
    expect(res.body.errors).toEqual(
      expect.arrayContaining([expect.objectContaining({ field, messages: expect.arrayContaining([expect.stringContaining(message)]) })]),
    );
  });

  it('answers 404 naming the tables for an unknown table, and 403 for a token without a reading role', async () => {
    const missing = await get('/statistics/petitions?period=2026').expect(404);
    expect(missing.body.detail).toContain('work-statistics, lead-screening, enforcement, cross-province');
    await get('/statistics/work-statistics?period=2026', as('lc-office', [])).expect(403);
  });
});

describe('statistics tables on a PostgreSQL read model', () => {
  let t: TestReportingApp;

  beforeAll(async () => {
    t = await startReportingOnPostgres('rpt_stats_tables');
    await seedAll(t);
  });
  afterAll(async () => t?.close());

  it('gives the same figures', async () => {
    const get = (url: string) => request(t.app.getHttpServer()).get(url).set(analyst).expect(200);
    expectWorkStatisticsByStreet((await get('/statistics/work-statistics?period=2026-Q1&by=street')).body);
    expect((await get('/statistics/lead-screening?period=2026-Q1&by=month')).body.total).toMatchObject({
      receivedTotal: 2,
      verified: 2,
      inProgress: 1,
    });
    expect((await get('/statistics/enforcement?period=2026-H1&by=unit')).body.total).toMatchObject({
      transfersToPolice: 2,
      policePending: 1,
      penaltyAmount: '200000.00',
    });
    expect((await get('/statistics/cross-province?period=2026&by=month')).body.rows.map((r: Row) => r.caseNo)).toEqual(['LC-2026-A']);
  });
});
