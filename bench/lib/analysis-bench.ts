/**
 * Case analysis (issue 19): analysts' structured analyses over the risk ledger of N cases (the ledger-query case's
 * seeded ledger), each compiled by the service's own compiler (compileAnalysis: one parameterised statement) and
 * answered by the analytic engine loaded from the table as the service loads it (loadRiskFacts), one at a time:
 * group-bys by unit, street, field, category, grade, status and key case, two dimensions, time series by month,
 * quarter and year with and without year-on-year and month-on-month, for the city, a district, a street and a unit,
 * with a filter a third of the time. Latency is compile, query and reading the figures.
 */
import { DataSource } from 'typeorm';
import { DuckDbEngine } from '../../services/reporting/src/analytic-engine/engine/duckdb-engine';
import { compileAnalysis, readAnalysis } from '../../services/reporting/src/analysis/analysis-compiler';
import type { AnalysisQuery } from '../../services/reporting/src/analysis/analysis-query';
import type { ReportScope } from '../../services/reporting/src/statistics/access/report-scope';
import { loadRiskFacts } from '../../services/reporting/src/statistics/ledger-queries/risk-ledger-feed';
import { sqlTargetOf } from '../../services/reporting/src/ledgers/table-sql';
import { BENCH_CATEGORIES, BENCH_FIELDS, DISTRICTS } from './bench-world';
import { fmt, log, Schemas } from './bench-env';
import { logLatencies, seedRiskLedger } from './ledger-query-bench';
import { seededRandom } from './reporting-history';

const NOW = new Date('2026-06-30T04:00:00.000Z');
const SCOPES: Array<[string, ReportScope]> = [
  ['city', { kind: 'region', region: '350500', agency: 'qz-office' }],
  ['district', { kind: 'region', region: DISTRICTS[0].jurisdiction, agency: DISTRICTS[0].office }],
  ['street', { kind: 'street', street: DISTRICTS[0].streets[0] }],
  ['unit', { kind: 'unit', unit: DISTRICTS[0].units[0] }],
];
const MEASURES = ['cases', 'openCases', 'amountInvolved', 'amountRecovered', 'participants', 'averageAgeDays'] as const;

/** The shapes asked: group-bys, two dimensions, and time series with and without comparison. */
const SHAPES: Array<{ label: string; query: AnalysisQuery }> = [
  ...(['unit', 'street', 'field', 'category', 'riskGrade', 'status', 'keyCase'] as const).map((d) => ({
    label: `by ${d}`,
    query: { dimensions: [d], measures: [...MEASURES] },
  })),
  { label: 'by unit × status', query: { dimensions: ['unit', 'status'], measures: ['cases', 'amountInvolved'] } },
  ...(['month', 'quarter', 'year'] as const).flatMap((by) => [
    { label: `series by ${by}`, query: { dimensions: ['period'], measures: ['cases', 'amountInvolved'], period: { by, from: '2022-01-01' } } },
    {
      label: `series by ${by}, yoy`,
      query: { dimensions: ['period'], measures: ['cases', 'amountInvolved'], period: { by, from: '2024-01-01' }, compare: 'yoy' },
    },
  ]),
  {
    label: 'series by month × field, mom',
    query: { dimensions: ['period', 'field'], measures: ['cases'], period: { by: 'month', from: '2025-07-01' }, compare: 'mom' },
  },
  {
    label: 'top 10 units by amount',
    query: { dimensions: ['unit'], measures: ['amountInvolved'], sort: { by: 'amountInvolved', order: 'desc' }, limit: 10 },
  },
] as Array<{ label: string; query: AnalysisQuery }>;

export interface AnalysisResult {
  p50: number;
  p99: number;
  queries: number;
  loadSeconds: number;
  engineMB: number;
}

export async function analysisCase(url: string, schemas: Schemas, cases: number, seconds: number): Promise<AnalysisResult> {
  const schema = await schemas.create('analysis');
  await seedRiskLedger(url, schema, cases);
  const db = await new DataSource({ type: 'postgres', url, schema, synchronize: false, logging: false, extra: { max: 4 } }).initialize();
  const engine = await DuckDbEngine.open({ threads: 2 });
  try {
    const t0 = Date.now();
    const loaded = await loadRiskFacts(db, sqlTargetOf(db), engine);
    const loadSeconds = (Date.now() - t0) / 1000;
    const engineMB = Math.round(((await engine.memoryBytes()) ?? 0) / 1048576);
    log(`  engine: ${fmt(loaded)} rows loaded in ${loadSeconds.toFixed(1)} s, engine memory ${engineMB} MB`);
    const random = seededRandom(1919);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
    const latencies: number[] = [];
    const byShape = new Map<string, number[]>();
    const run = async (timed: boolean): Promise<void> => {
      const shape = pick(SHAPES);
      const [scopeName, scope] = pick(SCOPES);
      const filters =
        random() < 0.33 ? pick([{ open: true }, { field: pick(BENCH_FIELDS) }, { category: pick(BENCH_CATEGORIES) }, { keyCase: true }]) : undefined;
      const started = process.hrtime.bigint();
      const compiled = compileAnalysis({ ...shape.query, ...(filters ? { filters } : {}) }, scope, NOW);
      readAnalysis(compiled, await engine.query(compiled.sql, compiled.params));
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      if (!timed) return;
      latencies.push(ms);
      const kind = `${scopeName}: ${shape.label}`;
      (byShape.get(kind) ?? byShape.set(kind, []).get(kind)!).push(ms);
    };
    for (let i = 0; i < 50; i++) await run(false);
    const deadline = Date.now() + seconds * 1000;
    while (Date.now() < deadline) await run(true);
    const { p50, p99, queries } = logLatencies(latencies, byShape, 'analyses', 'scope: shape');
    return { p50, p99, queries, loadSeconds, engineMB };
  } finally {
    await engine.close();
    await db.destroy();
  }
}
