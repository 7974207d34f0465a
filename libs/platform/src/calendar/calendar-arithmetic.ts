/**
 * Time arithmetic of the deadline engine on China time (UTC+8, no daylight
 * saving) and the working-day calendar (docs/deadlines.md, "Counting"):
 * - hours: elapsed time; weekends and holidays count like any hour.
 * - calendar_days: N days after the start day; the deadline is the end of
 *   the Nth day, 24:00 China time (00:00 of the next day).
 * - working_days: the same on working days only: the start day never counts,
 *   the deadline is 24:00 China time at the end of the Nth working day.
 * "Counted time" is what a clock consumes: every millisecond for hours and
 * calendar days, only milliseconds inside working days for working days.
 * Pausing keeps the counted time left; resuming spends it again from the
 * resume instant. Every answer names the years it had to count without a
 * calendar file (`gaps`), where Monday to Friday were taken as working days.
 */
import type { ClockUnit } from '@jm/contracts';
import type { HolidayCalendar } from './holiday-calendar';

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;
const CHINA_OFFSET_MS = 8 * HOUR_MS;

/** The China-time date (YYYY-MM-DD) an instant falls on. */
export function chinaDay(ms: number): string {
  return new Date(ms + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

/** The instant a China-time day starts (00:00 +08:00). */
export function startOfChinaDay(ms: number): number {
  return Math.floor((ms + CHINA_OFFSET_MS) / DAY_MS) * DAY_MS - CHINA_OFFSET_MS;
}

/**
 * The most days one computation walks: 100 years. No policy comes near it (the
 * longest clock is 5 years); a walk past it is a span nobody configured or a
 * loop that makes no progress, and it fails at once instead of hanging the
 * process that runs it.
 */
export const MAX_WALK_DAYS = 36_525;

export class CalendarSpanError extends RangeError {
  readonly code = 'CALENDAR_SPAN_TOO_LONG';
  constructor(
    readonly from: number,
    what: string,
  ) {
    super(
      `working-day arithmetic from ${new Date(from).toISOString()} ${what} walked more than ${MAX_WALK_DAYS} days (100 years), the most a deadline may span`,
    );
    this.name = 'CalendarSpanError';
  }
}

/** Counts the days a walk visits and stops it past MAX_WALK_DAYS. */
function walkBudget(from: number, what: string): () => void {
  let days = 0;
  return () => {
    if (++days > MAX_WALK_DAYS) throw new CalendarSpanError(from, what);
  };
}

export interface Counted<T> {
  value: T;
  /** Years counted without a calendar file (Monday to Friday taken as working days). */
  gaps: number[];
}

/** A span of a policy: amount in hours, calendar days or working days. */
export interface Span {
  amount: number;
  unit: ClockUnit;
}

export class WorkingCalendar {
  constructor(readonly holidays: HolidayCalendar) {}

  /** The deadline `amount` units after `start` (see the header for what each unit means). */
  addAllowance(start: number, amount: number, unit: ClockUnit): Counted<number> {
    if (unit === 'hours') return { value: start + amount * HOUR_MS, gaps: [] };
    const gaps = new Set<number>();
    const walk = walkBudget(start, `adding ${amount} ${unit}`);
    let day = startOfChinaDay(start);
    for (let left = amount; left > 0;) {
      walk();
      day += DAY_MS;
      if (unit === 'calendar_days' || this.isWorking(day, gaps)) left--;
    }
    return { value: day + DAY_MS, gaps: [...gaps] };
  }

  /** Counted time between two instants (negative when `to` is before `from`). */
  counted(from: number, to: number, unit: ClockUnit): Counted<number> {
    if (unit !== 'working_days') return { value: to - from, gaps: [] };
    if (to < from) {
      const back = this.counted(to, from, unit);
      return { value: -back.value, gaps: back.gaps };
    }
    const gaps = new Set<number>();
    const walk = walkBudget(from, `counting to ${new Date(to).toISOString()}`);
    let total = 0;
    for (let day = startOfChinaDay(from); day < to; day += DAY_MS) {
      walk();
      if (!this.isWorking(day, gaps)) continue;
      total += Math.min(to, day + DAY_MS) - Math.max(from, day);
    }
    return { value: total, gaps: [...gaps] };
  }

  /** The instant at which `ms` of counted time has passed since `from` (backwards when negative). */
  advance(from: number, ms: number, unit: ClockUnit): Counted<number> {
    if (unit !== 'working_days') return { value: from + ms, gaps: [] };
    const gaps = new Set<number>();
    const walk = walkBudget(from, `advancing ${ms} ms of working time`);
    let cursor = from;
    let left = Math.abs(ms);
    if (ms >= 0) {
      while (left > 0) {
        walk();
        const day = startOfChinaDay(cursor);
        if (this.isWorking(day, gaps)) {
          const take = Math.min(left, day + DAY_MS - cursor);
          left -= take;
          cursor += take;
        } else cursor = day + DAY_MS;
      }
    } else {
      while (left > 0) {
        walk();
        // The day the instant just before the cursor lies in (a cursor at 00:00 belongs to the previous day's end).
        const day = startOfChinaDay(cursor - 1);
        if (this.isWorking(day, gaps)) {
          const take = Math.min(left, cursor - day);
          left -= take;
          cursor -= take;
        } else cursor = day;
      }
    }
    return { value: cursor, gaps: [...gaps] };
  }

  /** A span before or after an instant: whole days of the unit are whole days of counted time (a day-end deadline minus 1 working day is the end of the previous working day). */
  shift(at: number, span: Span, direction: 1 | -1): Counted<number> {
    const perUnit = span.unit === 'hours' ? HOUR_MS : DAY_MS;
    return this.advance(at, direction * span.amount * perUnit, span.unit);
  }

  private isWorking(dayStart: number, gaps: Set<number>): boolean {
    const info = this.holidays.day(chinaDay(dayStart));
    if (!info.known) gaps.add(Number(info.date.slice(0, 4)));
    return info.working;
  }
}
