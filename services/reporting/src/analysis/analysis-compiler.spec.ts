/**
 * The analysis compiler against a real DuckDB engine loaded with seeded random
 * risk facts: every dimension and measure, periods in China time with gaps,
 * yoy/mom, scope, filters, sort, top-N and totals, each checked against figures
 * this spec computes itself from the same rows.
 */
import { DuckDbEngine } from '../analytic-engine/engine/duckdb-engine';
import { RISK_FACTS, riskFactOf } from '../analytic-engine/risk-facts';
import { compileAnalysis, readAnalysis, AnalysisAnswer } from './analysis-compiler';
import { Dimension, DIMENSIONS, Measure, MEASURES } from './analysis-allow-list';
import { AnalysisQuery, analysisQueryErrors, InvalidAnalysisQuery } from './analysis-query';
import type { ReportScope } from '../statistics/access/report-scope';

const NOW = new Date('2026-06-15T04:00:00.000Z');
const DAY = 86_400_000;
const CITY: ReportScope = { kind: 'region', region: '350500', agency: 'qz-office' };

interface Fact {
  case_id: string;
  status: string;
  written_off: boolean;
  category: string;
  field: string;
  jurisdiction: string;
  street: string | null;
  office: string;
  lead_unit: string;
  cooperating_units: string;
  units: string;
  risk_grade: string | null;
  key_case: boolean;
  cross_province: boolean;
  amount_involved_fen: number | null;
  amount_refunded_fen: number;
  amount_recovered_fen: number;
  participants: number | null;
  opened_at: string;
  closed_at: string | null;
}

/** Mulberry32: the same rows on every run. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function facts(n: number): Fact[] {
  const r = random(19);
  const pick = <T>(list: readonly T[]) => list[Math.floor(r() * list.length)];
  const units = ['lc-finance', 'lc-market', 'lc-police', "lc-x'y"];
  return Array.from({ length: n }, (_, i) => {
    // Opened between 2024-01 and 2026-06, some near China midnight at month ends.
    const opened = new Date(
      Date.UTC(2024, 0, 1) + Math.floor(r() * 896) * DAY + Math.floor(r() * 24) * 3_600_000 - (i % 7 === 0 ? 8 * 3_600_000 : 0),
    );
    const closed = r() < 0.4 ? new Date(opened.getTime() + Math.floor(r() * 200 * DAY)) : null;
    const lead = pick(units);
    const cooperating = r() < 0.5 ? pick(units.filter((u) => u !== lead)) : '';
    const street = r() < 0.15 ? null : pick(['lc-st-a', 'lc-st-b', 'lc-st-c']);
    return {
      case_id: `case-${i}`,
      status: closed ? 'closed' : pick(['investigating', 'determined', 'transferred_to_police']),
      written_off: closed !== null && r() < 0.5,
      category: pick(['illegal_fundraising', 'financial_fraud', 'illegal_securities']),
      field: pick(['pension', 'agriculture', 'blockchain', 'other']),
      jurisdiction: pick(['350502', '350503', '350503', '350600']),
      street,
      office: 'qz-office',
      lead_unit: lead,
      cooperating_units: cooperating,
      units: `,${[...new Set([lead, cooperating, street].filter(Boolean))].sort().join(',')},`,
      risk_grade: r() < 0.2 ? null : pick(['low', 'medium', 'high', 'major']),
      key_case: r() < 0.3,
      cross_province: r() < 0.1,
      amount_involved_fen: r() < 0.2 ? null : Math.floor(r() * 1e10),
      amount_refunded_fen: Math.floor(r() * 1e8),
      amount_recovered_fen: Math.floor(r() * 1e8),
      participants: r() < 0.2 ? null : Math.floor(r() * 5000),
      opened_at: opened.toISOString(),
      closed_at: closed?.toISOString() ?? null,
    };
  });
}

const ROWS = facts(1500);

// ---- figures computed here, independently of the compiler ----
const china = (iso: string) => new Date(new Date(iso).getTime() + 8 * 3_600_000);
const chinaDate = (iso: string) => china(iso).toISOString().slice(0, 10);
function periodOf(iso: string, by: 'month' | 'quarter' | 'year'): string {
  const t = china(iso);
  const y = t.getUTCFullYear();
  const m = t.getUTCMonth() + 1;
  return by === 'year' ? `${y}` : by === 'quarter' ? `${y}-Q${Math.ceil(m / 3)}` : `${y}-${String(m).padStart(2, '0')}`;
}
const age = (f: Fact) => ((f.closed_at ? Date.parse(f.closed_at) : NOW.getTime()) - Date.parse(f.opened_at)) / DAY;
const sum = (list: Fact[], get: (f: Fact) => number | null) => list.reduce((s, f) => s + (get(f) ?? 0), 0);

function figures(list: Fact[]): Record<Measure, number | null> {
  const ages = list.map(age);
  return {
    cases: list.length,
    openCases: list.filter((f) => f.closed_at === null).length,
    writtenOffCases: list.filter((f) => f.written_off).length,
    amountInvolved: Math.round(sum(list, (f) => f.amount_involved_fen)) / 100,
    amountRefunded: Math.round(sum(list, (f) => f.amount_refunded_fen)) / 100,
    amountRecovered: Math.round(sum(list, (f) => f.amount_recovered_fen)) / 100,
    participants: sum(list, (f) => f.participants),
    averageAgeDays: ages.length ? Math.round((ages.reduce((a, b) => a + b, 0) / ages.length) * 10) / 10 : null,
    maxAgeDays: ages.length ? Math.round(Math.max(...ages) * 10) / 10 : null,
  };
}

const inCity = (f: Fact) => f.jurisdiction.startsWith('3505');
const VALUE_OF: Record<Exclude<Dimension, 'period'>, (f: Fact) => string | boolean | null> = {
  unit: (f) => f.lead_unit,
  street: (f) => f.street,
  field: (f) => f.field,
  category: (f) => f.category,
  riskGrade: (f) => f.risk_grade,
  status: (f) => f.status,
  keyCase: (f) => f.key_case,
};

function groupBy<K>(list: Fact[], key: (f: Fact) => K): Map<K, Fact[]> {
  const out = new Map<K, Fact[]>();
  for (const f of list) out.set(key(f), [...(out.get(key(f)) ?? []), f]);
  return out;
}

/** Two figures agree: equal, or (sums of doubles) within a rounding step. */
function expectClose(actual: Record<string, number | null | undefined>, expected: Record<string, number | null>): void {
  for (const [key, value] of Object.entries(expected)) {
    if (value === null) expect({ [key]: actual[key] }).toEqual({ [key]: null });
    else expect({ [key]: Math.abs((actual[key] as number) - value) <= 0.1 + 1e-9 ? value : actual[key] }).toEqual({ [key]: value });
  }
}

describe('analysis compiler on DuckDB', () => {
  let engine: DuckDbEngine;
  beforeAll(async () => {
    engine = await DuckDbEngine.open();
    await engine.define(RISK_FACTS);
    await engine.upsert(RISK_FACTS, (ROWS as unknown as Record<string, unknown>[]).map(riskFactOf));
  });
  afterAll(async () => engine.close());

  const run = async (query: AnalysisQuery, scope: ReportScope = CITY): Promise<AnalysisAnswer> => {
    const compiled = compileAnalysis(query, scope, NOW);
    return readAnalysis(compiled, await engine.query(compiled.sql, compiled.params));
  };

  it.each(DIMENSIONS.filter((d) => d !== 'period') as Exclude<Dimension, 'period'>[])(
    'given the dimension %s and every measure, then each group and the totals equal the figures of its cases',
    async (dimension) => {
      const answer = await run({ dimensions: [dimension], measures: [...MEASURES], limit: 1000 });
      const scoped = ROWS.filter(inCity);
      const groups = groupBy(scoped, VALUE_OF[dimension]);
      expect(answer.rows.map((r) => r.dimensions[dimension]).sort()).toEqual([...groups.keys()].sort());
      for (const row of answer.rows) expectClose(row.values, figures(groups.get(row.dimensions[dimension] as never)!));
      expectClose(answer.totals, figures(scoped));
      expect(answer.truncated).toBe(false);
      // Default order: the first measure descending.
      const cases = answer.rows.map((r) => r.values.cases as number);
      expect(cases).toEqual([...cases].sort((a, b) => b - a));
    },
  );

  it.each(['month', 'quarter', 'year'] as const)(
    'given periods by %s in China time within from..to, then every period is a row (a gap is zero) in order',
    async (by) => {
      const [from, to] = ['2024-02-10', '2026-03-31'];
      const answer = await run({
        dimensions: ['period'],
        measures: ['cases', 'amountInvolved', 'maxAgeDays'],
        period: { by, from, to },
        limit: 1000,
      });
      const inWindow = ROWS.filter((f) => inCity(f) && chinaDate(f.opened_at) >= from && chinaDate(f.opened_at) <= to);
      const groups = groupBy(inWindow, (f) => periodOf(f.opened_at, by));
      const expectedPeriods = { month: 26, quarter: 9, year: 3 }[by];
      expect(answer.rows).toHaveLength(expectedPeriods);
      expect(answer.rows[0].dimensions.period).toBe(periodOf('2024-02-10T00:00:00+08:00', by));
      expect(answer.rows.at(-1)!.dimensions.period).toBe(periodOf('2026-03-31T00:00:00+08:00', by));
      const periods = answer.rows.map((r) => r.dimensions.period as string);
      expect(periods).toEqual([...periods].sort());
      for (const row of answer.rows) expectClose(row.values, pick(figures(groups.get(row.dimensions.period as string) ?? [])));
      expectClose(answer.totals, pick(figures(inWindow)));
    },
  );

  it('given a month with no cases inside from..to, then it is a row of zeros, not a missing row', async () => {
    // Only key cases of one unit in one street: sparse enough to leave months empty.
    const filters = { keyCase: true, leadUnit: 'lc-police', street: 'lc-st-a' };
    const answer = await run({
      dimensions: ['period'],
      measures: ['cases', 'averageAgeDays'],
      period: { by: 'month', from: '2024-01-01', to: '2026-06-30' },
      filters,
      limit: 1000,
    });
    const matching = ROWS.filter((f) => inCity(f) && f.key_case && f.lead_unit === 'lc-police' && f.street === 'lc-st-a');
    const months = new Set(matching.map((f) => periodOf(f.opened_at, 'month')));
    expect(answer.rows).toHaveLength(30);
    const empty = answer.rows.filter((r) => !months.has(r.dimensions.period as string));
    expect(empty.length).toBeGreaterThan(0);
    for (const row of empty) expect(row.values).toEqual({ cases: 0, averageAgeDays: null });
    expect(answer.totals.cases).toBe(matching.length);
  });

  it.each(['yoy', 'mom'] as const)(
    'given compare %s, then each period carries the previous period’s figures and the change ratio',
    async (compare) => {
      const [from, to] = ['2025-01-01', '2026-05-31'];
      const answer = await run({
        dimensions: ['period', 'keyCase'],
        measures: ['cases', 'amountRecovered'],
        period: { by: 'month', from, to },
        compare,
        limit: 1000,
      });
      const scoped = ROWS.filter(inCity);
      const groups = groupBy(scoped, (f) => `${periodOf(f.opened_at, 'month')}|${f.key_case}`);
      const previousOf = (period: string) => {
        const [y, m] = period.split('-').map(Number);
        const back = compare === 'yoy' ? new Date(Date.UTC(y - 1, m - 1, 1)) : new Date(Date.UTC(y, m - 2, 1));
        return back.toISOString().slice(0, 7);
      };
      expect(answer.rows).toHaveLength(17 * 2);
      for (const row of answer.rows) {
        const current = figures(groups.get(`${row.dimensions.period}|${row.dimensions.keyCase}`) ?? []);
        const previous = figures(groups.get(`${previousOf(row.dimensions.period as string)}|${row.dimensions.keyCase}`) ?? []);
        expectClose(row.values, { cases: current.cases, amountRecovered: current.amountRecovered });
        expectClose(row.previous!, { cases: previous.cases, amountRecovered: previous.amountRecovered });
        const ratio = previous.cases ? Math.round(((current.cases! - previous.cases) / previous.cases) * 10_000) / 10_000 : null;
        expect(row.change!.cases).toBe(ratio);
      }
      // The previous year's January is outside from..to but still the previous of 2025-01.
      expect(answer.rows[0].previous!.cases).toBeGreaterThan(0);
    },
  );

  it('given each scope, then only its cases count: a district, a street, a unit involved as lead or cooperating', async () => {
    const scopes: [ReportScope, (f: Fact) => boolean][] = [
      [{ kind: 'region', region: '350503', agency: 'fz-office' }, (f) => f.jurisdiction === '350503'],
      [{ kind: 'region', region: '350000', agency: 'fj-office' }, (f) => f.jurisdiction.startsWith('35')],
      [{ kind: 'street', street: 'lc-st-b' }, (f) => f.street === 'lc-st-b'],
      [{ kind: 'unit', unit: "lc-x'y" }, (f) => f.units.includes(",lc-x'y,")],
    ];
    for (const [scope, within] of scopes) {
      const answer = await run({ dimensions: [], measures: ['cases', 'participants'] }, scope);
      expect({ scope, totals: answer.totals }).toEqual({
        scope,
        totals: { cases: ROWS.filter(within).length, participants: sum(ROWS.filter(within), (f) => f.participants) },
      });
      expect(answer.rows).toEqual([{ dimensions: {}, values: answer.totals }]);
    }
  });

  it('given every filter, then each narrows to the cases the ledger filter of that name would', async () => {
    const cases: [AnalysisQuery['filters'], (f: Fact) => boolean][] = [
      [{ status: 'determined' }, (f) => f.status === 'determined'],
      [{ street: 'lc-st-c' }, (f) => f.street === 'lc-st-c'],
      [{ unit: 'lc-market' }, (f) => f.lead_unit === 'lc-market' || f.cooperating_units === 'lc-market'],
      [{ leadUnit: 'lc-market' }, (f) => f.lead_unit === 'lc-market'],
      [{ field: 'pension' }, (f) => f.field === 'pension'],
      [{ category: 'financial_fraud' }, (f) => f.category === 'financial_fraud'],
      [{ riskGrade: 'major' }, (f) => f.risk_grade === 'major'],
      [{ keyCase: false }, (f) => !f.key_case],
      [{ crossProvince: true }, (f) => f.cross_province],
      [{ writtenOff: true }, (f) => f.written_off],
      [{ open: true }, (f) => f.closed_at === null],
      [{ open: false, field: 'other' }, (f) => f.closed_at !== null && f.field === 'other'],
    ];
    for (const [filters, keep] of cases) {
      const answer = await run({ dimensions: [], measures: ['cases'], filters });
      expect({ filters, cases: answer.totals.cases }).toEqual({ filters, cases: ROWS.filter((f) => inCity(f) && keep(f)).length });
    }
  });

  it('given two dimensions, a sort and a limit, then the top rows come in that order and the answer says it is truncated', async () => {
    const answer = await run({
      dimensions: ['field', 'riskGrade'],
      measures: ['amountInvolved', 'cases'],
      sort: { by: 'amountInvolved', order: 'asc' },
      limit: 5,
    });
    const groups = [...groupBy(ROWS.filter(inCity), (f) => `${f.field}|${f.risk_grade}`).entries()].map(([key, list]) => ({
      key,
      amount: figures(list).amountInvolved!,
    }));
    groups.sort((a, b) => a.amount - b.amount);
    expect(answer.rows.map((r) => `${r.dimensions.field}|${r.dimensions.riskGrade}`)).toEqual(groups.slice(0, 5).map((g) => g.key));
    expect(answer.truncated).toBe(true);
    const byField = await run({ dimensions: ['field', 'riskGrade'], measures: ['cases'], sort: { by: 'field', order: 'desc' }, limit: 1000 });
    const fields = byField.rows.map((r) => r.dimensions.field as string);
    expect(fields).toEqual([...fields].sort().reverse());
    expect(byField.truncated).toBe(false);
  });

  it('given values that look like SQL, then they are bound, never spliced', async () => {
    const compiled = compileAnalysis({ dimensions: ['unit'], measures: ['cases'], filters: { leadUnit: "lc-x'y" } }, CITY, NOW);
    expect(compiled.sql).not.toContain("lc-x'y");
    const answer = readAnalysis(compiled, await engine.query(compiled.sql, compiled.params));
    expect(answer.rows.map((r) => r.dimensions.unit)).toEqual(ROWS.some((f) => inCity(f) && f.lead_unit === "lc-x'y") ? ["lc-x'y"] : []);
  });

  it('given queries the allow-list does not allow, then the compiler refuses them naming the field and what is allowed', () => {
    const refused: [unknown, string, string][] = [
      [{ dimensions: ['title'], measures: ['cases'] }, 'dimensions', 'each one of unit, street'],
      [{ dimensions: ['unit', 'street', 'field', 'status'], measures: ['cases'] }, 'dimensions', '0 to 3 distinct'],
      [{ dimensions: ['unit', 'unit'], measures: ['cases'] }, 'dimensions', '0 to 3 distinct'],
      [{ dimensions: [], measures: [] }, 'measures', '1 to 9 distinct measures'],
      [{ dimensions: [], measures: ['sum(amount)'] }, 'measures', 'averageAgeDays, maxAgeDays'],
      [{ dimensions: ['period'], measures: ['cases'] }, 'period', 'required'],
      [{ dimensions: ['unit'], measures: ['cases'], period: { by: 'month' }, compare: 'yoy' }, 'compare', "needs the dimension 'period'"],
      [{ dimensions: ['unit'], measures: ['cases'], sort: { by: 'street', order: 'asc' } }, 'sort.by', 'asked: unit, cases'],
      [{ dimensions: [], measures: ['cases'], limit: 1001 }, 'limit', '1 to 1000'],
      [{ dimensions: [], measures: ['cases'], period: { by: 'month', from: '2026-02-30' } }, 'period.from', 'YYYY-MM-DD'],
      [{ dimensions: [], measures: ['cases'], period: { by: 'month', from: '1900-01-01' } }, 'period.from', 'from 2000-01-01 to 2100-12-31'],
      [{ dimensions: [], measures: ['cases'], period: { by: 'week' } }, 'period.by', 'one of month, quarter, year'],
      [
        { dimensions: [], measures: ['cases'], period: { by: 'month', from: '2026-03-02', to: '2026-03-01' } },
        'period.to',
        'on or after period.from',
      ],
      [{ dimensions: [], measures: ['cases'], sort: null }, 'sort', 'not null: omit it'],
      // The OpenAPI declares each filter's type, never null.
      [{ dimensions: [], measures: ['cases'], filters: { field: 'pension', writtenOff: null } }, 'filters.writtenOff', 'not null: omit it'],
    ];
    for (const [query, field, allowed] of refused) {
      const errors = analysisQueryErrors(query as AnalysisQuery);
      expect({ query, errors: errors.map((e) => e.field) }).toEqual({ query, errors: [field] });
      expect(errors[0].messages.join()).toContain(allowed);
      expect(() => compileAnalysis(query as AnalysisQuery, CITY, NOW)).toThrow(InvalidAnalysisQuery);
    }
  });
});

function pick(all: Record<Measure, number | null>): Record<string, number | null> {
  return { cases: all.cases, amountInvolved: all.amountInvolved, maxAgeDays: all.maxAgeDays };
}
