/**
 * Periods of periodic obligations in China time: a month (2026-03), a quarter
 * (2026-Q1), a half year (2026-H1) or a year (2026); each runs from 00:00 China
 * time on its first day to 24:00 on its last. The due time is the period's end
 * (period_end) or the end of day N of the month after it (day_of_next_period:
 * "the monthly ledger by the 5th" is 24:00 China time on the 5th).
 */
import { DAY_MS, HOUR_MS } from '@jm/platform';
import type { ObligationDueRule, ObligationPeriodKind } from '../policy/deadline-policies';

export interface ObligationPeriod {
  period: string;
  start: number;
  end: number;
}

const chinaMidnight = (year: number, monthIndex: number): number => Date.UTC(year, monthIndex, 1) - 8 * HOUR_MS;
const MONTHS: Record<ObligationPeriodKind, number> = { month: 1, quarter: 3, half_year: 6, year: 12 };

/** The period of the given kind that contains an instant. */
export function periodContaining(kind: ObligationPeriodKind, at: number): ObligationPeriod {
  const china = new Date(at + 8 * HOUR_MS);
  const year = china.getUTCFullYear();
  const months = MONTHS[kind];
  const first = Math.floor(china.getUTCMonth() / months) * months;
  const index = first / months + 1;
  const period =
    kind === 'month'
      ? `${year}-${String(first + 1).padStart(2, '0')}`
      : kind === 'quarter'
        ? `${year}-Q${index}`
        : kind === 'half_year'
          ? `${year}-H${index}`
          : `${year}`;
  return { period, start: chinaMidnight(year, first), end: chinaMidnight(year, first + months) };
}

export function dueOf(period: ObligationPeriod, rule: ObligationDueRule): number {
  return rule.rule === 'period_end' ? period.end : period.end + rule.day * DAY_MS;
}

/** Obligation id = kind + unit + period (e.g. monthly_risk_ledger.lc-st-haibin.2026-03): opening it twice opens one obligation. */
export const obligationIdOf = (kind: string, unit: string, period: string): string => `${kind}.${unit}.${period}`;
