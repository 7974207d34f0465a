/**
 * Reporting periods and China Standard Time. A statistics period is a month
 * (2026-03), a quarter (2026-Q1), a half-year (2026-H1) or a year (2026); it
 * covers whole months, so the facts' `month` column (YYYY-MM in UTC+8) selects
 * it exactly. Timestamps in the read model are ISO UTC strings; dates people
 * read and type are in China time.
 */
import type { Lang } from '@jm/reference';

const CST_OFFSET_MS = 8 * 3600_000;

export const PERIOD_FORMS = 'a month YYYY-MM (2026-03), a quarter YYYY-Qn (2026-Q1), a half-year YYYY-Hn (2026-H1) or a year YYYY (2026)';
export const PERIOD_PATTERN = /^([0-9]{4})(?:-(0[1-9]|1[0-2])|-Q([1-4])|-H([12]))?$/;

export interface Period {
  code: string;
  kind: 'month' | 'quarter' | 'half' | 'year';
  months: string[];
  /** Start and end (exclusive) as ISO UTC instants of China-time month boundaries. */
  start: string;
  end: string;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The UTC instant of 00:00 China time on the first of a month (month may overflow into the next year). */
export function monthStart(year: number, month: number): string {
  return new Date(Date.UTC(year, month - 1, 1) - CST_OFFSET_MS).toISOString();
}

/** Parses a period; undefined when it does not match one of PERIOD_FORMS. */
export function parsePeriod(code: string): Period | undefined {
  const m = PERIOD_PATTERN.exec(code);
  if (!m) return undefined;
  const year = Number(m[1]);
  if (year < 2000 || year > 2100) return undefined;
  let first = 1;
  let count = 12;
  let kind: Period['kind'] = 'year';
  if (m[2]) [first, count, kind] = [Number(m[2]), 1, 'month'];
  else if (m[3]) [first, count, kind] = [(Number(m[3]) - 1) * 3 + 1, 3, 'quarter'];
  else if (m[4]) [first, count, kind] = [(Number(m[4]) - 1) * 6 + 1, 6, 'half'];
  const months = Array.from({ length: count }, (_, i) => `${year}-${pad(first + i)}`);
  return { code, kind, months, start: monthStart(year, first), end: monthStart(year, first + count) };
}

/** The exclusive end instant of one YYYY-MM month. */
export function monthEnd(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return monthStart(y, m + 1);
}

/** How a period reads in a title: 2026年第一季度 / 2026 Q1. */
export function periodTitle(period: Period, lang: Lang): string {
  const year = period.code.slice(0, 4);
  const part = period.code.slice(5);
  if (lang === 'en') {
    if (period.kind === 'month') return `${year}-${part}`;
    if (period.kind === 'quarter') return `${year} ${part}`;
    if (period.kind === 'half') return `${year} ${part === 'H1' ? 'first half' : 'second half'}`;
    return year;
  }
  if (period.kind === 'month') return `${year}年${Number(part)}月`;
  if (period.kind === 'quarter') return `${year}年第${'一二三四'[Number(part[1]) - 1]}季度`;
  if (period.kind === 'half') return `${year}年${part === 'H1' ? '上' : '下'}半年`;
  return `${year}年`;
}

/** A China-time calendar date (YYYY-MM-DD) as the UTC instant of its midnight; `nextDay` gives the exclusive end of that day. */
export function chinaDayStart(date: string, nextDay = false): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + (nextDay ? 1 : 0)) - CST_OFFSET_MS).toISOString();
}

/** An ISO instant as China time "YYYY-MM-DD HH:mm" (what an export shows). */
export function chinaDateTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const t = new Date(new Date(iso).getTime() + CST_OFFSET_MS);
  if (Number.isNaN(t.getTime())) return iso;
  return `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())} ${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}`;
}

/** Whole days from one instant to another (age in days). */
export function daysBetween(from: string, to: string): number {
  return Math.max(0, Math.floor((new Date(to).getTime() - new Date(from).getTime()) / 86_400_000));
}
