/**
 * Compiles a checked analysis query to ONE parameterised SQL statement over
 * RISK_FACTS (docs/analysis.md, "The compiler"): the caller's scope and the
 * filters as conditions, the dimensions and measures from the allow-list,
 * periods of opening in China time with gaps filled, the previous period's
 * figures for yoy/mom, sort, top-N and totals. SQL text comes only from the
 * allow-list; every value of the request is a `$n` parameter.
 *
 * The statement answers the top-N rows (part 0, in order, one more than the
 * limit to tell truncation) and then one totals row (part 1) over every
 * matching case of the window; readAnalysis turns that into figures.
 */
import type { AnalyticParam } from '../analytic-engine/engine/analytic-engine.port';
import { CodedColumn, codedEquals, RISK_FACTS, riskFactsScopeSql } from '../analytic-engine/risk-facts';
import type { ReportScope } from '../statistics/access/report-scope';
import { COMPARE_LABELS, Dimension, DIMENSION_SPECS, Measure, MEASURE_SPECS, OPENED_DAY, PERIOD_SPECS } from './analysis-allow-list';
import { AnalysisFilters, AnalysisQuery, NormalisedQuery, normaliseAnalysisQuery } from './analysis-query';

export interface CompiledAnalysis {
  sql: string;
  params: AnalyticParam[];
  query: NormalisedQuery;
}

export type DimensionValue = string | boolean | null;

export interface AnalysisFigures {
  dimensions: Partial<Record<Dimension, DimensionValue>>;
  values: Partial<Record<Measure, number | null>>;
  previous?: Partial<Record<Measure, number | null>>;
  change?: Partial<Record<Measure, number | null>>;
}

export interface AnalysisAnswer {
  rows: AnalysisFigures[];
  totals: Partial<Record<Measure, number | null>>;
  truncated: boolean;
}

class Params {
  readonly values: AnalyticParam[] = [];
  private nowParam?: string;
  constructor(private readonly instant: Date) {}
  add(value: AnalyticParam): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
  /** The query's now (ages of open cases), bound once when a measure needs it. */
  readonly now = (): string => (this.nowParam ??= this.add(naiveUtc(this.instant)));
}

/** An instant as the engine's naive UTC timestamp text. */
const naiveUtc = (instant: Date) => instant.toISOString().slice(0, 23).replace('T', ' ');

/** Filters on a code: its integer column (CODED), FALSE for a code no case carries. */
const CODE_FILTERS = {
  status: 'status',
  street: 'street',
  leadUnit: 'lead_unit',
  field: 'field',
  category: 'category',
  riskGrade: 'risk_grade',
} as const satisfies Partial<Record<keyof AnalysisFilters, CodedColumn>>;

const FLAG_FILTERS = { keyCase: 'key_case', crossProvince: 'cross_province', writtenOff: 'written_off' } as const satisfies Partial<
  Record<keyof AnalysisFilters, string>
>;

function filterSql(filters: AnalysisFilters, p: Params): string[] {
  const out: string[] = [];
  const bind = p.add.bind(p);
  for (const [key, column] of Object.entries(CODE_FILTERS)) {
    const value = filters[key as keyof typeof CODE_FILTERS];
    if (value !== undefined) out.push(codedEquals(column, value, bind));
  }
  for (const [key, column] of Object.entries(FLAG_FILTERS)) {
    const value = filters[key as keyof typeof FLAG_FILTERS];
    if (value !== undefined) out.push(`${column} = ${p.add(value)}`);
  }
  // As the ledger's `unit`: the lead unit or one of the cooperating units.
  if (filters.unit !== undefined)
    out.push(`(${codedEquals('lead_unit', filters.unit, bind)} OR contains(',' || cooperating_units || ',', ${p.add(`,${filters.unit},`)}))`);
  if (filters.open !== undefined) out.push(filters.open ? 'closed_at IS NULL' : 'closed_at IS NOT NULL');
  return out;
}

/**
 * Opened within [from, to] (China-time days, both inclusive), moved back by `shift` when given: DATE bounds on the
 * opening day (a day shifted by whole days, months or years stays a day).
 */
function windowSql(from: string | undefined, to: string | undefined, p: Params, shift?: string): string[] {
  const back = shift ? ` - ${shift}` : '';
  const out: string[] = [];
  if (from) out.push(`${OPENED_DAY} >= CAST(CAST(${p.add(from)} AS DATE)${back} AS DATE)`);
  if (to) out.push(`${OPENED_DAY} < CAST(CAST(${p.add(to)} AS DATE) + INTERVAL 1 DAY${back} AS DATE)`);
  return out;
}

const and = (conditions: string[]) => (conditions.length ? conditions.join(' AND ') : 'TRUE');
const dimAlias = (i: number) => `d${i}`;
const measureAlias = (i: number) => `m${i}`;
const previousAlias = (i: number) => `pm${i}`;

export function compileAnalysis(input: AnalysisQuery, scope: ReportScope, now: Date): CompiledAnalysis {
  const query = normaliseAnalysisQuery(input);
  const p = new Params(now);
  const where = and([riskFactsScopeSql(scope, p.add.bind(p)), ...filterSql(query.filters ?? {}, p)]);
  const { from, to } = query.period ?? {};
  const current = and(windowSql(from, to, p));
  const measures = query.measures.map((m, i) => `${MEASURE_SPECS[m].sql(p.now)} AS ${measureAlias(i)}`).join(', ');
  const periodAt = query.dimensions.indexOf('period');
  // Non-period dimensions, as grouped: "<expr> AS dN".
  const plain = query.dimensions.map((d, i) => ({ d, i })).filter(({ d }) => d !== 'period');
  const plainSelect = plain.map(({ d, i }) => `${DIMENSION_SPECS[d].sql} AS ${dimAlias(i)}`);
  const sortKey = (key: Dimension | Measure) =>
    key === 'period'
      ? 'ps'
      : query.dimensions.includes(key as Dimension)
        ? dimAlias(query.dimensions.indexOf(key as Dimension))
        : measureAlias(query.measures.indexOf(key as Measure));
  const tieBreak = query.dimensions.filter((d) => d !== query.sort.by).map((d) => `${sortKey(d)} ASC NULLS LAST`);
  const order = [`${sortKey(query.sort.by)} ${query.sort.order === 'asc' ? 'ASC' : 'DESC'} NULLS LAST`, ...tieBreak].join(', ');
  const limit = p.add(query.limit + 1);
  const nulls = (n: number, alias: (i: number) => string) => Array.from({ length: n }, (_, i) => `NULL AS ${alias(i)}`);
  const totals = `SELECT 1 AS part, 0 AS ord, ${[...nulls(query.dimensions.length, dimAlias), `${measures}`].join(', ')}${query.compare ? `, ${nulls(query.measures.length, previousAlias).join(', ')}` : ''} FROM f WHERE ${current}`;

  if (periodAt < 0) {
    const select = [...plainSelect, measures].join(', ');
    const sql = [
      `WITH f AS (SELECT * FROM ${RISK_FACTS.name} WHERE ${where} AND ${current}),`,
      `g AS (SELECT ${select} FROM f${plain.length ? ' GROUP BY ALL' : ''}),`,
      `r AS (SELECT *, row_number() OVER (ORDER BY ${order}) AS ord FROM g)`,
      `SELECT 0 AS part, ord, ${[...query.dimensions.map((_, i) => dimAlias(i)), ...query.measures.map((_, i) => measureAlias(i))].join(', ')} FROM r WHERE ord <= ${limit}`,
      `UNION ALL ${totals}`,
      'ORDER BY part, ord',
    ].join('\n');
    return { sql, params: p.values, query };
  }

  const spec = PERIOD_SPECS[query.period!.by];
  const shift = query.compare ? COMPARE_LABELS[query.compare].shift(query.period!.by) : undefined;
  const previous = shift ? and(windowSql(from, to, p, shift)) : 'FALSE';
  const scopeOfFacts = shift && (from || to) ? `(${current} OR ${previous})` : 'TRUE';
  const groupSelect = [...plainSelect, 'ps', measures].join(', ');
  const dimsMatch = (other: string) =>
    ['ps', ...plain.map(({ i }) => dimAlias(i))].map((c) => `${other}.${c} IS NOT DISTINCT FROM grid.${c}`).join(' AND ');
  const measureOf = (source: string, alias: (i: number) => string) =>
    query.measures.map((m, i) => {
      const empty = MEASURE_SPECS[m].empty;
      return `${empty === null ? `${source}.${measureAlias(i)}` : `COALESCE(${source}.${measureAlias(i)}, ${empty})`} AS ${alias(i)}`;
    });
  // The series runs over the periods of from..to, else over those with cases.
  const lo = from ? spec.start(`CAST(${p.add(from)} AS DATE)`) : 'first_ps';
  const hi = to ? spec.start(`CAST(${p.add(to)} AS DATE)`) : 'last_ps';
  const combos = plain.length
    ? `combos AS (SELECT DISTINCT ${plain.map(({ i }) => dimAlias(i)).join(', ')} FROM cur${shift ? ` UNION SELECT DISTINCT ${plain.map(({ i }) => dimAlias(i)).join(', ')} FROM prv` : ''}),`
    : '';
  const outDims = query.dimensions.map((d, i) => (d === 'period' ? `${spec.code('ps')} AS ${dimAlias(i)}` : dimAlias(i)));
  const outMeasures = query.measures.map((_, i) => measureAlias(i));
  const outPrevious = shift ? query.measures.map((_, i) => previousAlias(i)) : [];
  const sql = [
    `WITH f AS (SELECT *, ${spec.column} AS ps FROM ${RISK_FACTS.name} WHERE ${where} AND ${scopeOfFacts}),`,
    `cur AS (SELECT ${groupSelect} FROM f WHERE ${current} GROUP BY ALL),`,
    shift
      ? `prv AS (SELECT ${[...plainSelect, `CAST(ps + ${shift} AS DATE) AS ps`, measures].join(', ')} FROM f WHERE ${previous} GROUP BY ALL),`
      : '',
    `span AS (SELECT ${lo} AS lo, ${hi} AS hi FROM (SELECT min(ps) AS first_ps, max(ps) AS last_ps FROM cur)),`,
    `periods AS (SELECT CAST(unnest(generate_series(CAST(lo AS TIMESTAMP), CAST(hi AS TIMESTAMP), ${spec.step})) AS DATE) AS ps FROM span),`,
    combos,
    `grid AS (SELECT * FROM periods${plain.length ? ' CROSS JOIN combos' : ''}),`,
    `g AS (SELECT grid.*, ${[...measureOf('cur', measureAlias), ...(shift ? measureOf('prv', previousAlias) : [])].join(', ')} FROM grid`,
    `  LEFT JOIN cur ON ${dimsMatch('cur')}${shift ? ` LEFT JOIN prv ON ${dimsMatch('prv')}` : ''}),`,
    `r AS (SELECT *, row_number() OVER (ORDER BY ${order}) AS ord FROM g)`,
    `SELECT 0 AS part, ord, ${[...outDims, ...outMeasures, ...outPrevious].join(', ')} FROM r WHERE ord <= ${limit}`,
    `UNION ALL ${totals}`,
    'ORDER BY part, ord',
  ]
    .filter(Boolean)
    .join('\n');
  return { sql, params: p.values, query };
}

const read = (m: Measure, raw: unknown): number | null => (raw === null || raw === undefined ? null : MEASURE_SPECS[m].read(Number(raw)));

/** The change ratio (current − previous) / previous, 4 decimals; null where there is no previous figure to compare with. */
function changeOf(current: unknown, previous: unknown): number | null {
  if (current === null || current === undefined || previous === null || previous === undefined || Number(previous) === 0) return null;
  return Math.round(((Number(current) - Number(previous)) / Number(previous)) * 10_000) / 10_000;
}

/** The engine's rows of a compiled statement as figures: codes, yuan (2 decimals), days (1 decimal), change ratios. */
export function readAnalysis(compiled: CompiledAnalysis, raw: readonly Record<string, unknown>[]): AnalysisAnswer {
  const { query } = compiled;
  const rows: AnalysisFigures[] = [];
  let totals: AnalysisAnswer['totals'] = {};
  for (const row of raw) {
    const values = Object.fromEntries(query.measures.map((m, i) => [m, read(m, row[measureAlias(i)])]));
    if (Number(row.part) === 1) {
      totals = values;
      continue;
    }
    const figures: AnalysisFigures = {
      dimensions: Object.fromEntries(query.dimensions.map((d, i) => [d, (row[dimAlias(i)] ?? null) as DimensionValue])),
      values,
    };
    if (query.compare) {
      figures.previous = Object.fromEntries(query.measures.map((m, i) => [m, read(m, row[previousAlias(i)])]));
      figures.change = Object.fromEntries(query.measures.map((m, i) => [m, changeOf(row[measureAlias(i)], row[previousAlias(i)])]));
    }
    rows.push(figures);
  }
  const truncated = rows.length > query.limit;
  return { rows: truncated ? rows.slice(0, query.limit) : rows, totals, truncated };
}
