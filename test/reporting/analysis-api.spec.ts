/**
 * The analysis API over HTTP (POST /analysis/queries, /analysis/exports) on the
 * reporting service with risk-ledger rows seeded through the read model: every
 * dimension and measure against figures computed here from the same cases, the
 * scope of each role and agency, labels in both languages, drill-downs that the
 * ledger answers with the same cases, refused requests (422 naming what is
 * allowed), 401/403, 503 while the engine loads, the export's headers and the
 * OpenAPI statuses; the main query again on a PostgreSQL read model.
 */
import request from 'supertest';
import { ManualClock } from '@jm/event-sourcing';
import { bearer } from '@jm/platform/testing';
import { Role } from '@jm/reference';
import type { RiskLedgerRow } from '../../services/reporting/src/read-model/read-model.tables';
import { Measure, MEASURES as ALLOWED_MEASURES } from '../../services/reporting/src/analysis/analysis-allow-list';
import { RiskFactsFeedService } from '../../services/reporting/src/statistics/ledger-queries/risk-facts-feed.service';
import { riskRow, seedRisks, startReportingApp, startReportingOnPostgres, TestReportingApp } from './support/ledger-rows';

const NOW = new Date('2026-06-20T02:00:00.000Z');
const DAY = 86_400_000;
const as = (agency: string, roles: Role[], user = `${agency}-user`) => bearer(agency, roles, user);
const cityAnalyst = as('qz-office', ['analyst']);
const lcAnalyst = as('lc-office', ['analyst']);
const fzOfficer = as('fz-office', ['office_officer']);
const haibin = as('lc-st-haibin', ['street_officer']);
const market = as('lc-market', ['unit_officer']);
const nobody = as('lc-office', []);

/** The service with the cases seeded and its analytic engine loaded with them. */
async function withCases(start: () => Promise<TestReportingApp>): Promise<TestReportingApp> {
  const t = await start();
  await seedRisks(t.db, CASES);
  await (await t.app.get(RiskFactsFeedService).liveFeed())!.ready();
  return t;
}

// ---- the cases: two districts of the city (350502 lc-…, 350503 fz-…) and one outside it ----
const LC_STREETS = ['lc-st-haibin', 'lc-st-linjiang'];
const LC_UNITS = ['lc-market', 'lc-police', 'lc-social-affairs'];
function cases(): RiskLedgerRow[] {
  let seed = 7;
  const r = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
  const pick = <T>(list: readonly T[]) => list[Math.floor(r() * list.length)];
  return Array.from({ length: 60 }, (_, i) => {
    const district = i % 5 === 0 ? 'fz' : i % 11 === 0 ? 'other' : 'lc';
    const opened = new Date(Date.UTC(2025, 0, 1) + Math.floor(r() * 520) * DAY + Math.floor(r() * 24) * 3_600_000);
    const closed = r() < 0.35 ? new Date(opened.getTime() + Math.floor(1 + r() * 90) * DAY) : null;
    const lead = district === 'lc' ? pick(LC_UNITS) : district === 'fz' ? 'fz-police' : 'xm-police';
    const cooperating = district === 'lc' && r() < 0.5 ? pick(LC_UNITS.filter((u) => u !== lead)) : '';
    const street = district === 'lc' ? (r() < 0.2 ? null : pick(LC_STREETS)) : district === 'fz' ? 'fz-st-donghai' : null;
    return riskRow({
      caseId: `case-${String(i).padStart(2, '0')}`,
      jurisdiction: district === 'lc' ? '350502' : district === 'fz' ? '350503' : '350203',
      office: district === 'lc' ? 'lc-office' : district === 'fz' ? 'fz-office' : 'xm-office',
      street,
      leadUnit: lead,
      cooperatingUnits: cooperating,
      units: `,${[...new Set([lead, cooperating, street].filter(Boolean) as string[])].sort().join(',')},`,
      status: closed ? 'closed' : pick(['investigating', 'determined', 'transferred_to_police']),
      writtenOff: closed !== null && r() < 0.6,
      field: pick(['pension', 'agriculture', 'virtual_currency']),
      category: pick(['illegal_fundraising', 'financial_fraud']),
      riskGrade: r() < 0.2 ? null : pick(['low', 'medium', 'high', 'major']),
      keyCase: r() < 0.3,
      amountInvolvedFen: r() < 0.2 ? null : Math.floor(r() * 1e9),
      amountRefundedFen: Math.floor(r() * 1e6),
      amountRecoveredFen: Math.floor(r() * 1e6),
      participants: r() < 0.2 ? null : Math.floor(r() * 300),
      openedAt: opened.toISOString(),
      closedAt: closed?.toISOString() ?? null,
    });
  });
}
const CASES = cases();

const MEASURES = [...ALLOWED_MEASURES];

function figures(list: RiskLedgerRow[]): Record<Measure, number | null> {
  const ages = list.map((c) => ((c.closedAt ? Date.parse(c.closedAt) : NOW.getTime()) - Date.parse(c.openedAt)) / DAY);
  const fen = (get: (c: RiskLedgerRow) => number | null) => Math.round(list.reduce((s, c) => s + (get(c) ?? 0), 0)) / 100;
  return {
    cases: list.length,
    openCases: list.filter((c) => !c.closedAt).length,
    writtenOffCases: list.filter((c) => c.writtenOff).length,
    amountInvolved: fen((c) => c.amountInvolvedFen),
    amountRefunded: fen((c) => c.amountRefundedFen),
    amountRecovered: fen((c) => c.amountRecoveredFen),
    participants: list.reduce((s, c) => s + (c.participants ?? 0), 0),
    averageAgeDays: ages.length ? Math.round((ages.reduce((a, b) => a + b, 0) / ages.length) * 10) / 10 : null,
    maxAgeDays: ages.length ? Math.round(Math.max(...ages) * 10) / 10 : null,
  };
}

const chinaMonth = (iso: string) => new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 7);
const VALUE: Record<string, (c: RiskLedgerRow) => string | boolean | null> = {
  unit: (c) => c.leadUnit,
  street: (c) => c.street,
  field: (c) => c.field,
  category: (c) => c.category,
  riskGrade: (c) => c.riskGrade,
  status: (c) => c.status,
  keyCase: (c) => c.keyCase,
  period: (c) => chinaMonth(c.openedAt),
};
const inCity = (c: RiskLedgerRow) => c.jurisdiction.startsWith('3505');

interface Row {
  dimensions: Record<string, string | boolean | null>;
  labels: Record<string, string>;
  values: Record<string, number | null>;
  previous?: Record<string, number | null>;
  change?: Record<string, number | null>;
  drill: string;
}

describe('analysis API (embedded: SQLite read model, DuckDB engine)', () => {
  let t: TestReportingApp;
  beforeAll(async () => {
    t = await withCases(() => startReportingApp({ clock: new ManualClock(NOW) }));
  });
  afterAll(async () => t?.close());

  const post = (body: unknown, who: Record<string, string> = cityAnalyst) =>
    request(t.app.getHttpServer())
      .post('/analysis/queries')
      .set(who)
      .send(body as object);

  it.each(['unit', 'street', 'field', 'category', 'riskGrade', 'status', 'keyCase', 'period'])(
    'given the dimension %s and every measure (city analyst), then each row and the totals are the figures of its cases',
    async (dimension) => {
      const period = dimension === 'period' ? { by: 'month', from: '2025-01-01', to: '2026-06-30' } : undefined;
      const res = await post({ dimensions: [dimension], measures: MEASURES, period, limit: 1000 }).expect(200);
      const scoped = CASES.filter(inCity);
      const groups = new Map<unknown, RiskLedgerRow[]>();
      for (const c of scoped) groups.set(VALUE[dimension](c), [...(groups.get(VALUE[dimension](c)) ?? []), c]);
      const rows = res.body.rows as Row[];
      if (dimension === 'period')
        expect(rows).toHaveLength(18); // every month of the window, empty ones too
      else expect(rows.map((r) => r.dimensions[dimension]).sort()).toEqual([...groups.keys()].sort());
      for (const row of rows)
        expect({ key: row.dimensions[dimension], values: row.values }).toEqual({
          key: row.dimensions[dimension],
          values: figures(groups.get(row.dimensions[dimension]) ?? []),
        });
      expect(res.body.totals).toEqual(figures(scoped));
      expect(res.body.scope).toEqual({ kind: 'region', code: '350500', label: '泉州市打击非法金融活动联席会议办公室' });
      expect(res.body.asOf).toBe(NOW.toISOString());
      expect(res.body.columns.map((c: { key: string }) => c.key)).toEqual([dimension, ...MEASURES]);
    },
  );

  it('given compare yoy by quarter, then each quarter carries last year’s figures and the change', async () => {
    const res = await post({
      dimensions: ['period'],
      measures: ['cases', 'amountRecovered'],
      period: { by: 'quarter', from: '2026-01-01', to: '2026-06-30' },
      compare: 'yoy',
    }).expect(200);
    const quarter = (iso: string) => {
      const m = chinaMonth(iso);
      return `${m.slice(0, 4)}-Q${Math.ceil(Number(m.slice(5)) / 3)}`;
    };
    const of = (q: string) => figures(CASES.filter((c) => inCity(c) && quarter(c.openedAt) === q));
    expect(res.body.rows.map((r: Row) => [r.dimensions.period, r.values.cases, r.previous!.cases])).toEqual([
      ['2026-Q1', of('2026-Q1').cases, of('2025-Q1').cases],
      ['2026-Q2', of('2026-Q2').cases, of('2025-Q2').cases],
    ]);
    const [q1] = res.body.rows as Row[];
    expect(q1.change!.cases).toBe(Math.round(((of('2026-Q1').cases! - of('2025-Q1').cases!) / of('2025-Q1').cases!) * 10_000) / 10_000);
    expect(res.body.columns.map((c: { label: string }) => c.label)).toEqual([
      '立案期间',
      '案件数',
      '追缴金额（元）',
      '去年同期案件数',
      '去年同期追缴金额（元）',
      '案件数同比增减',
      '追缴金额同比增减',
    ]);
  });

  it.each([
    ['a district office analyst sees its district', lcAnalyst, (c: RiskLedgerRow) => c.jurisdiction === '350502'],
    ['another district’s office officer sees that district', fzOfficer, (c: RiskLedgerRow) => c.jurisdiction === '350503'],
    ['the city office analyst sees both districts', cityAnalyst, inCity],
    ['a street officer sees its street', haibin, (c: RiskLedgerRow) => c.street === 'lc-st-haibin'],
    ['a unit officer sees the cases its unit is involved in', market, (c: RiskLedgerRow) => c.units.includes(',lc-market,')],
  ])('scope: %s', async (_, who, within) => {
    const res = await post({ dimensions: ['unit'], measures: ['cases', 'participants'] }, who).expect(200);
    expect(res.body.totals).toEqual({
      cases: CASES.filter(within).length,
      participants: CASES.filter(within).reduce((s, c) => s + (c.participants ?? 0), 0),
    });
    expect((res.body.rows as Row[]).reduce((s, r) => s + r.values.cases!, 0)).toBe(CASES.filter(within).length);
  });

  it('refuses a token without a reading role (403) and no token (401)', async () => {
    const refused = await post({ dimensions: [], measures: ['cases'] }, nobody).expect(403);
    expect(refused.body.detail).toContain('analyst');
    await request(t.app.getHttpServer())
      .post('/analysis/queries')
      .send({ dimensions: [], measures: ['cases'] })
      .expect(401);
  });

  it('labels codes in zh-CN by default and in English with Accept-Language: en', async () => {
    const body = { dimensions: ['field', 'keyCase'], measures: ['cases'], filters: { field: 'pension' }, limit: 1000 };
    const zh = await post(body).expect(200);
    const en = await post(body).set('Accept-Language', 'en').expect(200);
    const labels = (res: request.Response) => new Set((res.body.rows as Row[]).map((r) => `${r.labels.field}|${r.labels.keyCase}`));
    expect(labels(zh)).toEqual(new Set(['养老服务|是', '养老服务|否']));
    expect(labels(en)).toEqual(new Set(['Elderly care|Yes', 'Elderly care|No']));
    expect(en.body.columns.map((c: { label: string }) => c.label)).toEqual(['Field', 'Key case', 'Cases']);
  });

  it('given a row’s drill, then GET /ledgers/risks answers exactly the cases behind the row', async () => {
    const res = await post({
      dimensions: ['unit', 'field', 'period'],
      measures: ['cases'],
      period: { by: 'quarter', from: '2025-02-15', to: '2026-05-31' },
      filters: { writtenOff: false },
    }).expect(200);
    const rows = (res.body.rows as Row[]).filter((r) => r.values.cases! > 0);
    expect(rows.length).toBeGreaterThan(3);
    for (const row of rows.slice(0, 8)) {
      expect(row.drill).toContain('writtenOff=false');
      expect(row.drill).toContain(`leadUnit=${row.dimensions.unit}`);
      const ledger = await request(t.app.getHttpServer()).get(`/ledgers/risks?${row.drill}&pageSize=200`).set(cityAnalyst);
      expect({ status: ledger.status, body: ledger.status === 200 ? undefined : ledger.body }).toEqual({ status: 200 });
      expect({ drill: row.drill, total: ledger.body.total }).toEqual({ drill: row.drill, total: row.values.cases });
    }
  });

  it('answers 503 with Retry-After while the engine is not loaded (here: switched off)', async () => {
    const off = await startReportingApp({ clock: new ManualClock(NOW), env: { LEDGER_INDEX: 'off' } });
    try {
      const res = await request(off.app.getHttpServer())
        .post('/analysis/queries')
        .set(cityAnalyst)
        .send({ dimensions: [], measures: ['cases'] })
        .expect(503);
      expect(res.headers['retry-after']).toBe('5');
      expect(res.body.code).toBe('SERVICE_UNAVAILABLE');
      await request(off.app.getHttpServer())
        .post('/analysis/exports')
        .set(cityAnalyst)
        .send({ dimensions: [], measures: ['cases'] })
        .expect(503);
    } finally {
      await off.close();
    }
  });

  it.each([
    [{ dimensions: ['title'], measures: ['cases'] }, 'dimensions', 'each one of unit, street, field, category, riskGrade, status, keyCase, period'],
    [{ dimensions: ['unit', 'street', 'field', 'status'], measures: ['cases'] }, 'dimensions', 'at most 3'],
    [{ dimensions: ['unit', 'unit'], measures: ['cases'] }, 'dimensions', 'each at most once'],
    [{ dimensions: [], measures: ['cases', 'cases'] }, 'measures', 'each at most once'],
    [{ dimensions: [], measures: [] }, 'measures', 'at least one of cases'],
    [{ dimensions: [], measures: ['name'] }, 'measures', 'each one of cases, openCases'],
    [{ dimensions: ['unit'], measures: ['cases'], period: { by: 'month' }, compare: 'yoy' }, 'compare', "needs the dimension 'period'"],
    [{ dimensions: ['period'], measures: ['cases'] }, 'period', "required with the dimension 'period'"],
    [
      { dimensions: ['unit'], measures: ['cases'], sort: { by: 'street', order: 'asc' } },
      'sort.by',
      'one of the dimensions or measures asked: unit, cases',
    ],
    [{ dimensions: [], measures: ['cases'], limit: 0 }, 'limit', 'from 1 to 1000'],
    [{ dimensions: [], measures: ['cases'], limit: 1e308 }, 'limit', 'from 1 to 1000'],
    [{ dimensions: [], measures: ['cases'], limit: 2.5 }, 'limit', 'a whole number'],
    [{ dimensions: [], measures: ['cases'], period: { by: 'month', from: '2026-02-30' } }, 'period.from', 'YYYY-MM-DD'],
    [{ dimensions: [], measures: ['cases'], period: { by: 'month', from: '0001-01-01' } }, 'period.from', '2000-01-01 to 2100-12-31'],
    [{ dimensions: [], measures: ['cases'], period: { by: 'month', from: '2026-03-02', to: '2026-03-01' } }, 'period.to', 'on or after period.from'],
    [{ dimensions: [], measures: ['cases'], period: { by: 'week' } }, 'period.by', 'one of month, quarter, year'],
    [{ dimensions: ['ｕｎｉｔ\u202e'], measures: ['cases'] }, 'dimensions', 'each one of unit'],
    [{ dimensions: [], measures: ['cases'], filters: { field: '养老\u0000' } }, 'filters.field', 'one of private_investment_intermediary'],
    [{ dimensions: [], measures: ['cases'], filters: { leadUnit: "x' OR 1=1" } }, 'filters.leadUnit', 'an agency code'],
    [{ dimensions: [], measures: ['cases'], filters: { sql: 'DROP' } }, 'filters.sql', 'should not exist'],
    [{ dimensions: 'unit', measures: ['cases'] }, 'dimensions', 'a list of 0 to 3'],
    [{ measures: ['cases'] }, 'dimensions', 'a list of 0 to 3'],
    [{ dimensions: [], measures: ['cases'], period: { by: 'year' }, compare: 'mom', sort: null }, 'sort', 'not null: omit it, or give sort'],
    [{ dimensions: [], measures: ['cases'], limit: null }, 'limit', 'not null: omit it, or give limit'],
  ])('refuses %j with 422 naming %s and what is allowed', async (body, field, allowed) => {
    const res = await post(body).expect(422);
    expect(res.body.errors).toEqual(
      expect.arrayContaining([expect.objectContaining({ field, messages: expect.arrayContaining([expect.stringContaining(allowed)]) })]),
    );
  });

  it('refuses an oversized body before reading it', async () => {
    const res = await post({ dimensions: [], measures: ['cases'], filters: { street: 'x'.repeat(2_000_000) } });
    expect([413, 422]).toContain(res.status);
  });

  it('exports the analysis as CSV with Chinese headers (English with Accept-Language: en) and as XLSX', async () => {
    const body = { dimensions: ['riskGrade'], measures: ['cases', 'amountInvolved'], limit: 1000 };
    const csv = await request(t.app.getHttpServer()).post('/analysis/exports?format=csv').set(cityAnalyst).send(body).expect(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.text
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe('风险等级,案件数,涉案金额（元）');
    expect(lines.at(-1)).toBe(`合计,${CASES.filter(inCity).length},${figures(CASES.filter(inCity)).amountInvolved}`);
    const en = await request(t.app.getHttpServer())
      .post('/analysis/exports?format=csv')
      .set(cityAnalyst)
      .set('Accept-Language', 'en')
      .send(body)
      .expect(200);
    expect(en.text.replace(/^\uFEFF/, '').split('\r\n')[0]).toBe('Risk grade,Cases,Amount involved (yuan)');
    const xlsx = await request(t.app.getHttpServer()).post('/analysis/exports').set(cityAnalyst).send(body).buffer(true).expect(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    await request(t.app.getHttpServer()).post('/analysis/exports?format=pdf').set(cityAnalyst).send(body).expect(422);
  });

  it('declares every status it answers in OpenAPI', async () => {
    const doc = await request(t.app.getHttpServer()).get('/docs-json').expect(200);
    // Every schema the bodies name is in the document (the nested period, filters and sort too).
    expect(JSON.stringify(doc.body)).not.toContain('"#/components/schemas/"');
    expect(Object.keys(doc.body.components.schemas)).toEqual(expect.arrayContaining(['AnalysisPeriodDto', 'AnalysisFiltersDto', 'AnalysisSortDto']));
    for (const path of ['/analysis/queries', '/analysis/exports'])
      expect(Object.keys(doc.body.paths[path].post.responses).sort()).toEqual(expect.arrayContaining(['200', '401', '403', '422', '503']));
  });
});

describe('analysis API on a PostgreSQL read model', () => {
  it('answers the same figures', async () => {
    const t = await withCases(() => startReportingOnPostgres('analysis_api'));
    try {
      const res = await request(t.app.getHttpServer())
        .post('/analysis/queries')
        .set(lcAnalyst)
        .send({ dimensions: ['street'], measures: ['cases', 'participants', 'amountInvolved'] })
        .expect(200);
      const lc = CASES.filter((c) => c.jurisdiction === '350502');
      const all = figures(lc);
      expect(res.body.totals).toEqual({ cases: all.cases, participants: all.participants, amountInvolved: all.amountInvolved });
    } finally {
      await t.close();
    }
  });
});
