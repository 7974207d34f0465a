/**
 * The structured analysis query and answer of reporting's /analysis API
 * (docs/analysis.md), the allow-list the form offers, and the pivot the page
 * draws from an answer: rows of the first dimension, columns of the second.
 */
import type { components } from '../../api/reporting';
import reporting from '../../api/openapi/reporting.json';

/** The API's allow-list, in its order, read from its OpenAPI document (as generated for this build). */
type ApiQuery = components['schemas']['AnalysisQueryDto'];
const QUERY_SCHEMA = reporting.components.schemas.AnalysisQueryDto.properties;
export const DIMENSIONS = QUERY_SCHEMA.dimensions.items.enum as ApiQuery['dimensions'];
export const MEASURES = QUERY_SCHEMA.measures.items.enum as ApiQuery['measures'];
export type Dimension = ApiQuery['dimensions'][number];
export type Measure = ApiQuery['measures'][number];
export type PeriodBy = 'month' | 'quarter' | 'year';
export type Compare = 'yoy' | 'mom';
export const MAX_DIMENSIONS = 3;

/** Code filters (a label table of cases' enums, or an agency kind) and flag filters, as GET /ledgers/risks takes them. */
export const ENUM_FILTERS = { status: 'status', field: 'field', category: 'category', riskGrade: 'grade' } as const;
export const AGENCY_FILTERS = { street: 'street', leadUnit: 'member', unit: 'member' } as const;
export const FLAG_FILTERS = ['keyCase', 'crossProvince', 'writtenOff', 'open'] as const;
export type EnumFilter = keyof typeof ENUM_FILTERS;
export type AgencyFilter = keyof typeof AGENCY_FILTERS;
export type FlagFilter = (typeof FLAG_FILTERS)[number];
export type Filters = Partial<Record<EnumFilter | AgencyFilter, string> & Record<FlagFilter, boolean>>;

export interface AnalysisQuery {
  dimensions: Dimension[];
  measures: Measure[];
  period?: { by: PeriodBy; from?: string; to?: string };
  filters?: Filters;
  compare?: Compare;
  sort?: { by: Dimension | Measure; order: 'asc' | 'desc' };
  limit?: number;
}

export type ColumnUnit = 'cases' | 'yuan' | 'persons' | 'days' | 'ratio';
export interface AnalysisColumn {
  key: string;
  kind: 'dimension' | 'measure' | 'previous' | 'change';
  label: string;
  unit?: ColumnUnit;
}
type Values = Partial<Record<Measure, number | null>>;
export interface AnalysisRow {
  dimensions: Partial<Record<Dimension, string | boolean | null>>;
  labels: Partial<Record<Dimension, string>>;
  values: Values;
  previous?: Values;
  change?: Values;
  drill: string;
}
export interface AnalysisResult {
  query: AnalysisQuery;
  scope: { kind: string; code: string; label: string };
  asOf: string;
  truncated: boolean;
  columns: AnalysisColumn[];
  rows: AnalysisRow[];
  totals: Values;
}
export interface SavedAnalysis {
  id: string;
  name: string;
  query: AnalysisQuery;
  savedAt: string;
  changedAt: string;
}

export const DEFAULT_QUERY: AnalysisQuery = { dimensions: ['unit'], measures: ['cases', 'amountInvolved'], limit: 100 };

/** What the form holds, as the API takes it: empty filters and an unused period dropped. */
export function normalise(query: AnalysisQuery): AnalysisQuery {
  const filters = Object.fromEntries(Object.entries(query.filters ?? {}).filter(([, v]) => v !== undefined && v !== null && v !== '')) as Filters;
  const needsPeriod = query.dimensions.includes('period') || !!query.compare;
  const period = query.period
    ? Object.fromEntries(Object.entries(query.period).filter(([, v]) => v !== undefined && v !== null && v !== ''))
    : undefined;
  const usePeriod = period && (needsPeriod || period.from || period.to);
  return {
    dimensions: query.dimensions,
    measures: query.measures,
    ...(usePeriod ? { period: { by: 'month', ...period } as AnalysisQuery['period'] } : {}),
    ...(Object.keys(filters).length ? { filters } : {}),
    ...(query.compare ? { compare: query.compare } : {}),
    ...(query.sort ? { sort: query.sort } : {}),
    ...(query.limit ? { limit: query.limit } : {}),
  };
}

/** The query in the page's URL (?q=…), so a drill into the ledger comes back to the same analysis. */
export function queryFromUrl(raw: string | null): AnalysisQuery | undefined {
  if (!raw) return undefined;
  try {
    const parsed = JSON.parse(raw) as AnalysisQuery;
    return Array.isArray(parsed.dimensions) && Array.isArray(parsed.measures) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** The key of a row's value of one dimension (codes; null and booleans as text). */
export const codeOf = (row: AnalysisRow, dimension: Dimension): string => String(row.dimensions[dimension] ?? '—');
export const labelOf = (row: AnalysisRow, dimension: Dimension): string => row.labels[dimension] ?? codeOf(row, dimension);

/** The distinct values of a dimension in the order the rows bring them. */
export function valuesOf(rows: AnalysisRow[], dimension: Dimension): Array<{ code: string; label: string }> {
  const seen = new Map<string, string>();
  for (const row of rows) if (!seen.has(codeOf(row, dimension))) seen.set(codeOf(row, dimension), labelOf(row, dimension));
  return [...seen].map(([code, label]) => ({ code, label }));
}

/**
 * Two dimensions: one line per value of the first, a cell per value of the
 * second (the answer's row behind each cell, for its figures and its drill).
 */
export interface PivotLine {
  code: string;
  label: string;
  cells: Map<string, AnalysisRow>;
}
export function pivot(
  rows: AnalysisRow[],
  [first, second]: [Dimension, Dimension],
): { lines: PivotLine[]; columns: Array<{ code: string; label: string }> } {
  const lines = new Map<string, PivotLine>();
  for (const row of rows) {
    const code = codeOf(row, first);
    const line = lines.get(code) ?? { code, label: labelOf(row, first), cells: new Map() };
    line.cells.set(codeOf(row, second), row);
    lines.set(code, line);
  }
  return { lines: [...lines.values()], columns: valuesOf(rows, second) };
}
