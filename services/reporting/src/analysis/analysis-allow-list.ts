/**
 * What an analysis may ask (issue 19, docs/analysis.md): each dimension and
 * measure with its SQL expression over RISK_FACTS, its label and its unit. The
 * compiler splices SQL only from this table; every value a request brings is
 * bound as a parameter.
 */
import type { Label } from '@jm/reference';

export const DIMENSIONS = ['unit', 'street', 'field', 'category', 'riskGrade', 'status', 'keyCase', 'period'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

export const MEASURES = [
  'cases',
  'openCases',
  'writtenOffCases',
  'amountInvolved',
  'amountRefunded',
  'amountRecovered',
  'participants',
  'averageAgeDays',
  'maxAgeDays',
] as const;
export type Measure = (typeof MEASURES)[number];

export const PERIOD_BYS = ['month', 'quarter', 'year'] as const;
export type PeriodBy = (typeof PERIOD_BYS)[number];

export const COMPARES = ['yoy', 'mom'] as const;
export type Compare = (typeof COMPARES)[number];

export type MeasureUnit = 'cases' | 'yuan' | 'persons' | 'days' | 'ratio';

/** The China-time day a case was opened (risk_facts derives it: the engine's TIMESTAMP columns hold UTC). */
export const OPENED_DAY = 'opened_day';

/** Ages in days, to the case's closure or to the query's now (a parameter). */
const ageDays = (now: string) => `(epoch(COALESCE(closed_at, CAST(${now} AS TIMESTAMP)) - opened_at) / 86400.0)`;

export interface DimensionSpec {
  /** The SQL expression a row groups by (period: see PERIOD_SPECS). */
  sql: string;
  label: Label;
  /** The GET /ledgers/risks filter a row's value drills down with (period: openedFrom/openedTo). */
  drill?: string;
}

export const DIMENSION_SPECS: Readonly<Record<Dimension, DimensionSpec>> = {
  unit: { sql: 'lead_unit', label: { 'zh-CN': '牵头单位', en: 'Lead unit' }, drill: 'leadUnit' },
  street: { sql: 'street', label: { 'zh-CN': '街道', en: 'Street' }, drill: 'street' },
  field: { sql: 'field', label: { 'zh-CN': '行业领域', en: 'Field' }, drill: 'field' },
  category: { sql: 'category', label: { 'zh-CN': '活动类别', en: 'Category' }, drill: 'category' },
  riskGrade: { sql: 'risk_grade', label: { 'zh-CN': '风险等级', en: 'Risk grade' }, drill: 'riskGrade' },
  status: { sql: 'status', label: { 'zh-CN': '案件状态', en: 'Status' }, drill: 'status' },
  keyCase: { sql: 'key_case', label: { 'zh-CN': '重点案件', en: 'Key case' }, drill: 'keyCase' },
  // Grouped by PERIOD_SPECS[period.by], not by this.
  period: { sql: '', label: { 'zh-CN': '立案期间', en: 'Period opened' } },
};

export interface PeriodSpec {
  /** The risk_facts column holding a case's period of opening (its first day, China time). */
  column: string;
  /** The period's first day (China time) of a China-time timestamp or date x. */
  start: (x: string) => string;
  /** Its code: 2026-03, 2026-Q1, 2026. */
  code: (d: string) => string;
  step: string;
}

export const PERIOD_SPECS: Readonly<Record<PeriodBy, PeriodSpec>> = {
  month: {
    column: 'opened_month',
    start: (x) => `CAST(date_trunc('month', ${x}) AS DATE)`,
    code: (d) => `strftime(${d}, '%Y-%m')`,
    step: 'INTERVAL 1 MONTH',
  },
  quarter: {
    column: 'opened_quarter',
    start: (x) => `CAST(date_trunc('quarter', ${x}) AS DATE)`,
    code: (d) => `(strftime(${d}, '%Y') || '-Q' || CAST(quarter(${d}) AS VARCHAR))`,
    step: 'INTERVAL 3 MONTH',
  },
  year: {
    column: 'opened_year',
    start: (x) => `CAST(date_trunc('year', ${x}) AS DATE)`,
    code: (d) => `strftime(${d}, '%Y')`,
    step: 'INTERVAL 1 YEAR',
  },
};

export interface MeasureSpec {
  /** An aggregate over risk_facts rows; `now()` binds the query's now and gives its parameter. */
  sql: (now: () => string) => string;
  /** Its value where a group has no cases (a gap in a period series). */
  empty: number | null;
  label: Label;
  unit: MeasureUnit;
  /** From the engine's raw figure (fen, fractional days) to the answer's: yuan with 2 decimals, days with 1. */
  read: (raw: number) => number;
}

const count = (label: Label, where?: string): MeasureSpec => ({
  sql: () => (where ? `count(*) FILTER (WHERE ${where})` : 'count(*)'),
  empty: 0,
  label,
  unit: 'cases',
  read: (raw) => raw,
});
const amount = (column: string, label: Label): MeasureSpec => ({
  sql: () => `COALESCE(sum(${column}), 0)`,
  empty: 0,
  label,
  unit: 'yuan',
  read: (fen) => Math.round(fen) / 100,
});
const days = (aggregate: string, label: Label): MeasureSpec => ({
  sql: (now) => `${aggregate}(${ageDays(now())})`,
  empty: null,
  label,
  unit: 'days',
  read: (raw) => Math.round(raw * 10) / 10,
});

export const MEASURE_SPECS: Readonly<Record<Measure, MeasureSpec>> = {
  cases: count({ 'zh-CN': '案件数', en: 'Cases' }),
  openCases: count({ 'zh-CN': '在办案件数', en: 'Open cases' }, 'closed_at IS NULL'),
  writtenOffCases: count({ 'zh-CN': '销号案件数', en: 'Written-off cases' }, 'written_off'),
  amountInvolved: amount('amount_involved_fen', { 'zh-CN': '涉案金额（元）', en: 'Amount involved (yuan)' }),
  amountRefunded: amount('amount_refunded_fen', { 'zh-CN': '清退金额（元）', en: 'Amount refunded (yuan)' }),
  amountRecovered: amount('amount_recovered_fen', { 'zh-CN': '追缴金额（元）', en: 'Amount recovered (yuan)' }),
  participants: {
    sql: () => 'COALESCE(sum(participants), 0)',
    empty: 0,
    label: { 'zh-CN': '参与人数', en: 'Participants' },
    unit: 'persons',
    read: (n) => n,
  },
  averageAgeDays: days('avg', { 'zh-CN': '平均办理天数', en: 'Average age (days)' }),
  maxAgeDays: days('max', { 'zh-CN': '最长办理天数', en: 'Longest age (days)' }),
};

export const COMPARE_LABELS: Readonly<Record<Compare, { previous: Label; change: Label; shift: (by: PeriodBy) => string }>> = {
  yoy: {
    previous: { 'zh-CN': '去年同期', en: 'Same period last year' },
    change: { 'zh-CN': '同比增减', en: 'change year on year' },
    shift: () => 'INTERVAL 1 YEAR',
  },
  mom: {
    previous: { 'zh-CN': '上期', en: 'Previous period' },
    change: { 'zh-CN': '环比增减', en: 'change on the previous period' },
    shift: (by) => PERIOD_SPECS[by].step,
  },
};
