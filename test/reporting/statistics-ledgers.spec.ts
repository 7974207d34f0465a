/**
 * Ledger queries over HTTP (GET /ledgers/leads, /ledgers/risks) on the embedded
 * reporting app, with rows seeded through the read-model repositories: filters,
 * sorting, pages and cursors, need-to-know scope, labels, 422 and 403, the
 * access log; then the main queries once on a PostgreSQL read model.
 */
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { EventStore } from '@jm/event-sourcing';
import { EVENT_STORE_TOKEN } from '@jm/platform';
import { Role } from '@jm/reference';
import { bearer } from '@jm/platform/testing';
import { leadRow, riskRow, seedLeads, seedRisks, startReportingApp, startReportingOnPostgres, TestReportingApp } from './support/ledger-rows';

const as = (agency: string, roles: Role[]) => bearer(agency, roles, `${agency}-user`);
const office = as('lc-office', ['office_officer']);
const analyst = as('lc-office', ['analyst']);
const haibin = as('lc-st-haibin', ['street_officer']);
const market = as('lc-market', ['unit_officer']);
const fengze = as('fz-office', ['office_officer']);
const city = as('qz-office', ['analyst']);

// Clock: 2026-03-20 10:00 China time.
const L1 = leadRow({
  leadId: 'lead-1',
  title: '养老院高息揽储',
  receivedAt: '2026-03-01T02:00:00.000Z',
  amountFen: 150_000_050,
  verificationDeadline: '2026-03-10T02:00:00.000Z',
  lastEventAt: '2026-03-02T00:00:00.000Z',
});
const L2 = leadRow({
  leadId: 'lead-2',
  title: '虚拟货币挖矿理财',
  street: 'lc-st-linjiang',
  routedStreet: 'lc-st-linjiang',
  receivedBy: 'lc-st-linjiang',
  unit: 'lc-social-affairs',
  field: 'virtual_currency',
  category: 'illegal_securities',
  source: 'big_data_monitoring',
  receivedAt: '2026-03-05T02:00:00.000Z',
  amountFen: 20_000,
  status: 'founded',
  triageStatus: 'founded',
  feedbackAt: '2026-03-08T02:00:00.000Z',
  caseId: 'case-2',
  lastEventAt: '2026-03-08T02:00:00.000Z',
});
const L3 = leadRow({
  leadId: 'lead-3',
  title: '=HYPERLINK("http://x")某农业合作社',
  field: 'agriculture',
  major: true,
  unit: null,
  routedStreet: null,
  routedAt: null,
  verificationDeadline: null,
  receivedAt: '2026-02-10T02:00:00.000Z',
  reportDeadline: '2026-02-11T02:00:00.000Z',
  reportedAt: null,
  intakeStatus: 'received',
  triageStatus: null,
  status: 'received',
  amountFen: null,
  lastEventAt: '2026-02-10T02:00:00.000Z',
});
const L4 = leadRow({
  leadId: 'lead-4',
  jurisdiction: '350503',
  street: 'fz-st-donghai',
  routedStreet: 'fz-st-donghai',
  receivedBy: 'fz-st-donghai',
  office: 'fz-office',
  unit: 'fz-police',
});
const L5 = leadRow({ leadId: 'lead-5', receivedAt: null, jurisdiction: null, street: null, office: null, receivedBy: null });

const C1 = riskRow({
  caseId: 'case-1',
  caseNo: 'LC-2026-001',
  riskGrade: 'high',
  keyFlags: 'amount_over_100m,cross_region',
  keyCase: true,
  crossRegions: '440300',
  crossProvince: true,
  amountInvolvedFen: 15_000_000_000,
  amountRecoveredFen: 120_000,
  openedAt: '2025-01-01T02:00:00.000Z',
});
const C2 = riskRow({
  caseId: 'case-2',
  caseNo: 'LC-2026-002',
  street: 'lc-st-linjiang',
  leadUnit: 'lc-social-affairs',
  cooperatingUnits: '',
  units: ',lc-social-affairs,lc-st-linjiang,',
  riskGrade: 'low',
  status: 'closed',
  writtenOff: true,
  amountInvolvedFen: null,
  openedAt: '2026-01-05T02:00:00.000Z',
  closedAt: '2026-02-04T02:00:00.000Z',
  writtenOffAt: '2026-02-05T02:00:00.000Z',
});
const C3 = riskRow({
  caseId: 'case-3',
  caseNo: 'FZ-2026-001',
  jurisdiction: '350503',
  street: 'fz-st-donghai',
  office: 'fz-office',
  leadUnit: 'fz-police',
  cooperatingUnits: '',
  units: ',fz-police,fz-st-donghai,',
});

async function seedAll(t: TestReportingApp): Promise<void> {
  await seedLeads(t.db, [L1, L2, L3, L4, L5]);
  await seedRisks(t.db, [C1, C2, C3]);
}

const ids = (body: { items: Array<{ leadId?: string; caseId?: string }> }) => body.items.map((i) => i.leadId ?? i.caseId);

describe('ledger queries (embedded, SQLite)', () => {
  let t: TestReportingApp;
  let app: INestApplication;
  const get = (url: string, who: Record<string, string>) => request(app.getHttpServer()).get(url).set(who);

  beforeAll(async () => {
    t = await startReportingApp();
    app = t.app;
    await seedAll(t);
  });
  afterAll(async () => t?.close());

  it('answers the office its region, newest first, with labelled items, yuan strings and no state', async () => {
    const res = await get('/ledgers/leads', office).expect(200);
    // Ledgers name subjects and amounts: no cache may keep them (nor a refusal).
    expect(res.headers['cache-control']).toBe('no-store');
    expect((await get('/ledgers/leads?page=0', office).expect(422)).headers['cache-control']).toBe('no-store');
    expect(ids(res.body)).toEqual(['lead-2', 'lead-1', 'lead-3']);
    expect(res.body).toMatchObject({ page: 1, pageSize: 50, total: 3, totalIsExact: true, nextCursor: null });
    const first = res.body.items.find((i: { leadId: string }) => i.leadId === 'lead-1');
    expect(first).toMatchObject({
      amountYuan: '1500000.50',
      categoryLabel: '非法集资',
      fieldLabel: '养老服务',
      sourceLabel: '群众举报',
      streetLabel: '鲤城区海滨街道办事处',
      unitLabel: '鲤城区市场监督管理局',
      statusLabel: '已分办',
      overdue: true,
      ageDays: 19,
    });
    expect(first).not.toHaveProperty('leadVersion');
    const risks = await get('/ledgers/risks', office).expect(200);
    expect(ids(risks.body)).toEqual(['case-2', 'case-1']);
    expect(risks.body.items[1]).toMatchObject({
      amountInvolvedYuan: '150000000.00',
      amountRecoveredYuan: '1200.00',
      keyFlags: ['amount_over_100m', 'cross_region'],
      riskGradeLabel: '高风险',
      crossRegionsLabel: '440300（广东省）',
      ageDays: 443,
    });
    expect(risks.body.items[0]).toMatchObject({ amountInvolvedYuan: null, ageDays: 30, statusLabel: '已办结', writtenOff: true });
    for (const item of risks.body.items) expect(item).not.toHaveProperty('state');
  });

  it('answers English labels with lang=en', async () => {
    const res = await get('/ledgers/risks?lang=en&status=investigating', office).expect(200);
    expect(res.body.items[0]).toMatchObject({
      caseId: 'case-1',
      statusLabel: 'Under investigation',
      leadUnitLabel: 'Licheng District Market Regulation Bureau',
      riskGradeLabel: 'High',
      crossRegionsLabel: '440300 (Guangdong)',
    });
    expect(res.body.items[0].keyFlagsLabel).toBe('Amount of 100 million yuan or more; Cross-region');
  });

  it.each([
    ['street=lc-st-linjiang', ['lead-2']],
    ['unit=lc-market', ['lead-1']],
    ['field=agriculture', ['lead-3']],
    ['category=illegal_securities', ['lead-2']],
    ['source=big_data_monitoring', ['lead-2']],
    ['major=true', ['lead-3']],
    ['major=false', ['lead-2', 'lead-1']],
    ['status=founded', ['lead-2']],
    ['receivedFrom=2026-03-01&receivedTo=2026-03-04', ['lead-1']],
    ['receivedTo=2026-02-28', ['lead-3']],
    ['overdue=true', ['lead-1', 'lead-3']],
    ['overdue=false', ['lead-2']],
    ['q=' + encodeURIComponent('揽储'), ['lead-1']],
    ['sort=amount&order=asc', ['lead-3', 'lead-2', 'lead-1']],
    ['sort=updatedAt&order=desc', ['lead-2', 'lead-1', 'lead-3']],
    ['sort=status&order=asc', ['lead-2', 'lead-3', 'lead-1']],
  ])('filters and sorts the lead ledger: %s', async (query, expected) => {
    const res = await get(`/ledgers/leads?${query}`, office).expect(200);
    expect(ids(res.body)).toEqual(expected);
  });

  it.each([
    ['keyFlag=cross_region', ['case-1']],
    ['keyCase=false', ['case-2']],
    ['crossProvince=true', ['case-1']],
    ['writtenOff=true', ['case-2']],
    ['open=true', ['case-1']],
    ['open=false', ['case-2']],
    ['riskGrade=low', ['case-2']],
    ['unit=lc-police', ['case-1']],
    ['unit=lc-social-affairs', ['case-2']],
    ['street=lc-st-linjiang', ['case-2']],
    ['openedFrom=2026-01-01', ['case-2']],
    ['ageOver=100', ['case-1']],
    ['ageOver=29', ['case-2', 'case-1']],
    ['sort=age&order=asc', ['case-2', 'case-1']],
    ['sort=amountInvolved&order=asc', ['case-2', 'case-1']],
    ['sort=amountRecovered&order=desc', ['case-1', 'case-2']],
    ['sort=riskGrade&order=desc', ['case-1', 'case-2']],
  ])('filters and sorts the risk ledger: %s', async (query, expected) => {
    const res = await get(`/ledgers/risks?${query}`, office).expect(200);
    expect(ids(res.body)).toEqual(expected);
  });

  it('pages by page/pageSize and by cursor to the same rows', async () => {
    const p1 = await get('/ledgers/leads?pageSize=2', analyst).expect(200);
    const p2 = await get('/ledgers/leads?pageSize=2&page=2', analyst).expect(200);
    expect([...ids(p1.body), ...ids(p2.body)]).toEqual(['lead-2', 'lead-1', 'lead-3']);
    expect(p1.body.total).toBe(3);
    const c2 = await get(`/ledgers/leads?pageSize=2&cursor=${p1.body.nextCursor}`, analyst).expect(200);
    expect(ids(c2.body)).toEqual(['lead-3']);
    expect(c2.body.nextCursor).toBeNull();
    const wrongSort = await get(`/ledgers/leads?pageSize=2&sort=amount&cursor=${p1.body.nextCursor}`, analyst).expect(422);
    expect(wrongSort.body.errors[0].field).toBe('cursor');
  });

  it('scopes by need-to-know: a street its street, a unit its cases, another district nothing of ours, a city all its districts', async () => {
    expect(ids((await get('/ledgers/leads', haibin).expect(200)).body)).toEqual(['lead-1', 'lead-3']);
    expect(ids((await get('/ledgers/risks', haibin).expect(200)).body)).toEqual(['case-1']);
    expect(ids((await get('/ledgers/leads', market).expect(200)).body)).toEqual(['lead-1']);
    expect(ids((await get('/ledgers/risks', market).expect(200)).body)).toEqual(['case-1']);
    expect(ids((await get('/ledgers/leads', fengze).expect(200)).body)).toEqual(['lead-4']);
    expect(ids((await get('/ledgers/risks', fengze).expect(200)).body)).toEqual(['case-3']);
    // A filter never widens the scope.
    expect(ids((await get('/ledgers/risks?street=lc-st-haibin', fengze).expect(200)).body)).toEqual([]);
    expect((await get('/ledgers/risks', city).expect(200)).body.total).toBe(3);
  });

  it.each([
    ['/ledgers/leads?status=open', 'status', 'status: one of received, reported'],
    ['/ledgers/leads?pageSize=500', 'pageSize', 'pageSize: an integer from 1 to 200'],
    ['/ledgers/leads?receivedFrom=2026-13-01', 'receivedFrom', 'receivedFrom: a date YYYY-MM-DD'],
    ['/ledgers/leads?sort=title', 'sort', 'sort: one of receivedAt, amount, status, updatedAt'],
    ['/ledgers/leads?major=yes', 'major', 'major: true or false'],
    ['/ledgers/leads?unit=LC%20MARKET', 'unit', 'unit: an agency code'],
    ['/ledgers/risks?ageOver=-1', 'ageOver', 'ageOver: a whole number of days'],
    ['/ledgers/risks?riskGrade=extreme', 'riskGrade', 'riskGrade: one of low, medium, high, major'],
    ['/ledgers/risks?keyFlag=vip', 'keyFlag', 'keyFlag: one of leader_instruction'],
    ['/ledgers/risks?leadUnit=LC%20MARKET', 'leadUnit', 'leadUnit: an agency code'],
    ['/ledgers/risks?bogus=1', 'bogus', 'should not exist'],
  ])('refuses %s with 422 naming %s and what is allowed', async (url, field, message) => {
    const res = await get(url, office).expect(422);
    expect(res.body.errors).toEqual(
      expect.arrayContaining([expect.objectContaining({ field, messages: expect.arrayContaining([expect.stringContaining(message)]) })]),
    );
  });

  it('refuses a token with no reading role (403) and records the refusal; records each granted read, concurrent ones included', async () => {
    const store = app.get<EventStore>(EVENT_STORE_TOKEN);
    const before = (await store.readStream('access-report-ledger-risks')).length;
    const nobody = as('lc-office', []);
    const refused = await get('/ledgers/risks', nobody).expect(403);
    expect(refused.body.detail).toContain('office_officer');
    const responses = await Promise.all(
      Array.from({ length: 12 }, () => get('/ledgers/risks', analyst).set('X-Access-Purpose', encodeURIComponent('月度分析'))),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(12).fill(200));
    const records = (await store.readStream('access-report-ledger-risks')).slice(before);
    expect(records).toHaveLength(13);
    expect(records[0].data).toMatchObject({ resourceType: 'report', resourceId: 'ledger-risks', granted: false, roles: [] });
    expect(records[12].data).toMatchObject({ agency: 'lc-office', roles: ['analyst'], purpose: '月度分析', granted: true });
  });
});

describe('ledger queries on a PostgreSQL read model', () => {
  let t: TestReportingApp;

  beforeAll(async () => {
    t = await startReportingOnPostgres('rpt_stats_ledgers');
    await seedAll(t);
  });
  afterAll(async () => t?.close());

  it('filters, sorts, pages and scopes the same way', async () => {
    const get = (url: string, who: Record<string, string>) => request(t.app.getHttpServer()).get(url).set(who).expect(200);
    expect(ids((await get('/ledgers/leads', office)).body)).toEqual(['lead-2', 'lead-1', 'lead-3']);
    expect(ids((await get('/ledgers/leads?overdue=true&major=false', office)).body)).toEqual(['lead-1']);
    expect(ids((await get('/ledgers/leads?sort=amount&order=asc', office)).body)).toEqual(['lead-3', 'lead-2', 'lead-1']);
    expect(ids((await get('/ledgers/risks?sort=age&order=desc', office)).body)).toEqual(['case-1', 'case-2']);
    expect(ids((await get('/ledgers/risks?keyFlag=cross_region&ageOver=100', office)).body)).toEqual(['case-1']);
    expect(ids((await get('/ledgers/risks?riskGrade=low&writtenOff=true', office)).body)).toEqual(['case-2']);
    // leadUnit: the lead unit only; unit: lead or cooperating (case-1 is led by lc-market with lc-police).
    expect(ids((await get('/ledgers/risks?leadUnit=lc-market', office)).body)).toEqual(['case-1']);
    expect(ids((await get('/ledgers/risks?leadUnit=lc-police', office)).body)).toEqual([]);
    expect(ids((await get('/ledgers/risks?unit=lc-police', office)).body)).toEqual(['case-1']);
    expect(ids((await get('/ledgers/risks', market)).body)).toEqual(['case-1']);
    expect(ids((await get('/ledgers/leads', haibin)).body)).toEqual(['lead-1', 'lead-3']);
    const p1 = await get('/ledgers/risks?pageSize=1&sort=age', city);
    const p2 = await get(`/ledgers/risks?pageSize=1&sort=age&cursor=${p1.body.nextCursor}`, city);
    const p3 = await get(`/ledgers/risks?pageSize=1&sort=age&cursor=${p2.body.nextCursor}`, city);
    expect([...ids(p1.body), ...ids(p2.body), ...ids(p3.body)]).toEqual(['case-1', 'case-3', 'case-2']);
    expect(p1.body.items[0]).toMatchObject({ amountInvolvedYuan: '150000000.00', keyCase: true, crossProvince: true });
  });
});
