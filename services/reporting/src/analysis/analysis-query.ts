/**
 * The structured analysis query (docs/analysis.md): what a request may name,
 * checked against the allow-list and normalised (sort and limit filled in)
 * before the compiler sees it. The DTO checks shapes; the rules between fields
 * live here, so the compiler refuses a bad query from any caller.
 */
import { isCalendarDate } from '@jm/platform';
import type { FieldError } from '@jm/platform';
import type { RiskLedgerFilter } from '../statistics/ledger-queries/ledger-filters';
import { Compare, COMPARES, Dimension, DIMENSIONS, Measure, MEASURES, PeriodBy, PERIOD_BYS } from './analysis-allow-list';

/** The risk ledger's filters an analysis takes, as GET /ledgers/risks takes them (`unit`: lead or cooperating; `leadUnit`: lead only). */
export type AnalysisFilters = Pick<
  RiskLedgerFilter,
  'status' | 'street' | 'unit' | 'leadUnit' | 'field' | 'category' | 'riskGrade' | 'keyCase' | 'crossProvince' | 'writtenOff' | 'open'
>;

export interface AnalysisPeriod {
  by: PeriodBy;
  /** China-time dates of opening (立案), both inclusive. */
  from?: string;
  to?: string;
}

export interface AnalysisQuery {
  dimensions: Dimension[];
  measures: Measure[];
  period?: AnalysisPeriod;
  filters?: AnalysisFilters;
  compare?: Compare;
  sort?: { by: Dimension | Measure; order: 'asc' | 'desc' };
  limit?: number;
}

/** A query as the compiler runs it: sort and limit always set. */
export type NormalisedQuery = AnalysisQuery & { sort: NonNullable<AnalysisQuery['sort']>; limit: number };

export const MAX_DIMENSIONS = 3;
export const MAX_LIMIT = 1000;
export const DEFAULT_LIMIT = 100;

export class InvalidAnalysisQuery extends Error {
  constructor(readonly fields: FieldError[]) {
    super(fields.map((f) => `${f.field}: ${f.messages.join('; ')}`).join('; '));
  }
}

/** Dates an analysis may name: a series of periods stays bounded (at most 1,212 months). */
export const FIRST_DATE = '2000-01-01';
export const LAST_DATE = '2100-12-31';
const isDateInRange = (value: unknown): value is string => isCalendarDate(value) && value >= FIRST_DATE && value <= LAST_DATE;

const oneOf = (allowed: readonly string[]) => `one of ${allowed.join(', ')}`;
const duplicates = (list: readonly string[]) => list.filter((x, i) => list.indexOf(x) !== i);

/** The query's rule breaches, each naming the field and what is allowed there; empty when it may run. */
export function analysisQueryErrors(query: AnalysisQuery): FieldError[] {
  const errors: FieldError[] = [];
  const fail = (field: string, message: string) => errors.push({ field, messages: [message] });
  const dims = Array.isArray(query.dimensions) ? query.dimensions : [];
  const measures = Array.isArray(query.measures) ? query.measures : [];
  if (!Array.isArray(query.dimensions) || dims.length > MAX_DIMENSIONS || dims.some((d) => !DIMENSIONS.includes(d)) || duplicates(dims).length)
    fail('dimensions', `0 to ${MAX_DIMENSIONS} distinct dimensions, each ${oneOf(DIMENSIONS)}`);
  if (!Array.isArray(query.measures) || measures.length < 1 || measures.some((m) => !MEASURES.includes(m)) || duplicates(measures).length)
    fail('measures', `1 to ${MEASURES.length} distinct measures, each ${oneOf(MEASURES)}`);
  // The DTO lets null through where a field is optional: say so instead of reading it.
  const NULLABLE = {
    period: 'period { by, from?, to? }',
    filters: 'filters { … }',
    compare: 'compare yoy or mom',
    sort: 'sort { by, order }',
    limit: 'limit 1 to 1000',
  };
  for (const [key, what] of Object.entries(NULLABLE))
    if ((query as unknown as Record<string, unknown>)[key] === null) fail(key, `not null: omit it, or give ${what}`);
  // The OpenAPI declares each filter's type, never null: a null filter is refused, not read as no filter.
  for (const [key, value] of Object.entries(query.filters ?? {})) if (value === null) fail(`filters.${key}`, 'not null: omit it, or give a value');
  if (errors.length) return errors;
  const period = query.period;
  if (period !== undefined) {
    if (!PERIOD_BYS.includes(period.by)) fail('period.by', oneOf(PERIOD_BYS));
    for (const key of ['from', 'to'] as const)
      if (period[key] !== undefined && !isDateInRange(period[key]))
        fail(`period.${key}`, `a date YYYY-MM-DD (China time) from ${FIRST_DATE} to ${LAST_DATE}`);
    if (isDateInRange(period.from) && isDateInRange(period.to) && period.from > period.to)
      fail('period.to', `a date on or after period.from (${period.from})`);
  }
  if (dims.includes('period') && period === undefined)
    fail('period', "required with the dimension 'period': { by: month, quarter or year, from?, to? }");
  if (query.compare !== undefined) {
    if (!COMPARES.includes(query.compare)) fail('compare', oneOf(COMPARES));
    else if (!dims.includes('period') || period === undefined)
      fail('compare', "needs the dimension 'period' and period { by: month, quarter or year }: yoy and mom compare periods");
  }
  if (query.sort !== undefined) {
    const asked: string[] = [...dims, ...measures];
    if (!asked.includes(query.sort.by)) fail('sort.by', `one of the dimensions or measures asked: ${asked.join(', ')}`);
    if (query.sort.order !== 'asc' && query.sort.order !== 'desc') fail('sort.order', oneOf(['asc', 'desc']));
  }
  if (query.limit !== undefined && !(Number.isInteger(query.limit) && query.limit >= 1 && query.limit <= MAX_LIMIT))
    fail('limit', `a whole number from 1 to ${MAX_LIMIT}`);
  return errors;
}

/** The query checked and with its defaults: sort by period ascending when asked, else by the first measure descending; limit 100. */
export function normaliseAnalysisQuery(query: AnalysisQuery): NormalisedQuery {
  const errors = analysisQueryErrors(query);
  if (errors.length) throw new InvalidAnalysisQuery(errors);
  const sort =
    query.sort ??
    (query.dimensions.includes('period') ? { by: 'period' as const, order: 'asc' as const } : { by: query.measures[0], order: 'desc' as const });
  // A filter given as null filters nothing, as one left out.
  const given = Object.entries(query.filters ?? {}).filter(([, value]) => value !== undefined && value !== null);
  const filters = given.length ? (Object.fromEntries(given) as AnalysisFilters) : undefined;
  return {
    dimensions: [...query.dimensions],
    measures: [...query.measures],
    ...(query.period ? { period: { ...query.period } } : {}),
    ...(filters ? { filters } : {}),
    ...(query.compare ? { compare: query.compare } : {}),
    sort: { ...sort },
    limit: query.limit ?? DEFAULT_LIMIT,
  };
}
