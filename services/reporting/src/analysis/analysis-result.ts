/**
 * An analysis answer as people and the console read it (docs/analysis.md):
 * the columns with their labels and units, each row's codes with labels
 * (zh-CN or English), and the GET /ledgers/risks query string of the ledger
 * rows behind it (its drill-down).
 */
import { ACTIVITY_CATEGORIES, AgencyRegistry, FIELDS, Lang, labelOf, RISK_GRADES } from '@jm/reference';
import type { ReportScope } from '../statistics/access/report-scope';
import { parsePeriod, periodTitle } from '../statistics/vocabulary/period';
import { CASE_STATUS_LABELS, UNSPECIFIED, yesNo } from '../statistics/vocabulary/reporting-labels';
import { COMPARE_LABELS, Dimension, DIMENSION_SPECS, Measure, MEASURE_SPECS, MeasureUnit } from './analysis-allow-list';
import type { AnalysisAnswer, DimensionValue } from './analysis-compiler';
import type { NormalisedQuery } from './analysis-query';

export interface AnalysisColumn {
  key: string;
  kind: 'dimension' | 'measure' | 'previous' | 'change';
  label: string;
  unit?: MeasureUnit;
}

export interface AnalysisRow {
  dimensions: Partial<Record<Dimension, DimensionValue>>;
  labels: Partial<Record<Dimension, string>>;
  values: Partial<Record<Measure, number | null>>;
  previous?: Partial<Record<Measure, number | null>>;
  change?: Partial<Record<Measure, number | null>>;
  drill: string;
}

export interface AnalysisResult {
  query: NormalisedQuery;
  scope: { kind: ReportScope['kind']; code: string; label: string };
  asOf: string;
  truncated: boolean;
  columns: AnalysisColumn[];
  rows: AnalysisRow[];
  totals: Partial<Record<Measure, number | null>>;
}

export function analysisColumns(query: NormalisedQuery, lang: Lang): AnalysisColumn[] {
  const columns: AnalysisColumn[] = [
    ...query.dimensions.map((d) => ({ key: d, kind: 'dimension' as const, label: DIMENSION_SPECS[d].label[lang] })),
    ...query.measures.map((m) => ({ key: m, kind: 'measure' as const, label: MEASURE_SPECS[m].label[lang], unit: MEASURE_SPECS[m].unit })),
  ];
  if (query.compare) {
    const compare = COMPARE_LABELS[query.compare];
    const joined = (a: string, b: string) => (lang === 'en' ? `${a}: ${b}` : `${a}${b}`);
    for (const m of query.measures)
      columns.push({
        key: `previous.${m}`,
        kind: 'previous',
        label: joined(compare.previous[lang], MEASURE_SPECS[m].label[lang]),
        unit: MEASURE_SPECS[m].unit,
      });
    // A change is a ratio: the measure named without its unit, then 同比增减 (案件数同比增减, 追缴金额同比增减).
    const bare = (m: Measure) => MEASURE_SPECS[m].label[lang].replace(/（[^（）]*）$| \([^()]*\)$/, '');
    for (const m of query.measures)
      columns.push({
        key: `change.${m}`,
        kind: 'change',
        label: lang === 'en' ? `${bare(m)}: ${compare.change.en}` : `${bare(m)}${compare.change['zh-CN']}`,
        unit: 'ratio',
      });
  }
  return columns;
}

function dimensionLabel(dimension: Dimension, value: DimensionValue, lang: Lang, registry: AgencyRegistry): string {
  if (value === null) return UNSPECIFIED[lang];
  switch (dimension) {
    case 'unit':
    case 'street':
      return registry.name(String(value), lang);
    case 'field':
      return labelOf(FIELDS, String(value), lang);
    case 'category':
      return labelOf(ACTIVITY_CATEGORIES, String(value), lang);
    case 'riskGrade':
      return labelOf(RISK_GRADES, String(value), lang);
    case 'status':
      return labelOf(CASE_STATUS_LABELS, String(value), lang);
    case 'keyCase':
      return yesNo(value === true, lang);
    case 'period': {
      const period = parsePeriod(String(value));
      return period ? periodTitle(period, lang) : String(value);
    }
  }
}

const pad = (n: number) => String(n).padStart(2, '0');

/** First and last China-time day of a period code (2026-03, 2026-Q1, 2026). */
function periodDays(code: string): [string, string] {
  const period = parsePeriod(code)!;
  const [first, last] = [period.months[0], period.months.at(-1)!];
  const [y, m] = last.split('-').map(Number);
  const lastDay = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return [`${first}-01`, `${last}-${pad(lastDay)}`];
}

/**
 * The ledger query of a row: the analysis's filters, the row's codes (the
 * lead unit as leadUnit) and its opening window. A row whose code is null
 * (no street, no grade yet) has no ledger filter for "none": its drill leaves
 * that dimension open.
 */
export function drillOf(query: NormalisedQuery, dimensions: Partial<Record<Dimension, DimensionValue>>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query.filters ?? {})) params.set(key, String(value));
  let [from, to] = [query.period?.from, query.period?.to];
  for (const [dimension, value] of Object.entries(dimensions) as [Dimension, DimensionValue][]) {
    if (value === null) continue;
    if (dimension === 'period') {
      const [first, last] = periodDays(String(value));
      from = from && from > first ? from : first;
      to = to && to < last ? to : last;
    } else params.set(DIMENSION_SPECS[dimension].drill!, String(value));
  }
  if (from) params.set('openedFrom', from);
  if (to) params.set('openedTo', to);
  return params.toString();
}

export function scopeView(scope: ReportScope, lang: Lang, registry: AgencyRegistry): AnalysisResult['scope'] {
  // A region reads as the office whose region it is, not as its code.
  if (scope.kind === 'region') return { kind: 'region', code: scope.region, label: registry.name(scope.agency, lang) };
  const code = scope.kind === 'street' ? scope.street : scope.unit;
  return { kind: scope.kind, code, label: registry.name(code, lang) };
}

export function analysisResult(
  query: NormalisedQuery,
  answer: AnalysisAnswer,
  context: { scope: ReportScope; lang: Lang; registry: AgencyRegistry; asOf: Date },
): AnalysisResult {
  const { lang, registry } = context;
  return {
    query,
    scope: scopeView(context.scope, lang, registry),
    asOf: context.asOf.toISOString(),
    truncated: answer.truncated,
    columns: analysisColumns(query, lang),
    rows: answer.rows.map((row) => ({
      dimensions: row.dimensions,
      labels: Object.fromEntries(query.dimensions.map((d) => [d, dimensionLabel(d, row.dimensions[d] ?? null, lang, registry)])),
      values: row.values,
      ...(row.previous ? { previous: row.previous, change: row.change } : {}),
      drill: drillOf(query, row.dimensions),
    })),
    totals: answer.totals,
  };
}
