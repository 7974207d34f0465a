/**
 * The working-day calendar of mainland China as data: one `<year>.json` per
 * year in HOLIDAY_CALENDAR_DIR with the public holidays (every day off of each
 * period) and the adjusted working days (调休上班: weekend dates that are
 * working days). Validated when read; a bad file stops the service (at boot)
 * or is refused (PUT /calendar/:year) with every problem named: file, entry,
 * date, what is allowed. Dates are China time (UTC+8, no daylight saving).
 *
 * A day is a working day when it is a workday entry, else not when it is a
 * holiday, else when it is Monday to Friday. A year without a file counts
 * Monday to Friday only; whoever asks gets that year back as a gap, and the
 * clock records it (docs/deadlines.md, "A year without data").
 */
import { readableTextProblem } from '../nest/readable-text';
import { ConfigFileError } from '@jm/reference';
import { readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Label } from '@jm/reference';

export interface HolidayPeriod {
  from: string;
  to: string;
  name: Label;
}

export interface AdjustedWorkday {
  date: string;
  name: Label;
}

export interface HolidayYear {
  year: number;
  source?: string;
  holidays: HolidayPeriod[];
  workdays: AdjustedWorkday[];
}

export class HolidayCalendarError extends ConfigFileError {
  constructor(source: string, problems: string[]) {
    super('VALIDATION_FAILED', 'Holiday calendar', source, problems);
  }
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const YEAR_FILE = /^(\d{4})\.json$/;

/** Day of week of a YYYY-MM-DD date (0 = Sunday), or undefined when it is not a real date. */
export function weekdayOf(date: string): number | undefined {
  const m = DATE.exec(date);
  if (!m) return undefined;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === date ? d.getUTCDay() : undefined;
}

function nextDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
}

function checkName(name: unknown, where: string, problems: string[]): void {
  const label = name as Partial<Label> | undefined;
  if (typeof label?.['zh-CN'] !== 'string' || !label['zh-CN'].trim() || typeof label?.en !== 'string' || !label.en.trim()) {
    problems.push(`${where}.name: an object with non-empty "zh-CN" and "en" strings, e.g. {"zh-CN": "春节", "en": "Spring Festival"}`);
    return;
  }
  // Holiday names show in deadlines and notices: the rule of every text people read (docs/api-contract.md).
  for (const lang of ['zh-CN', 'en'] as const) {
    const problem = readableTextProblem(label[lang], { max: 100 });
    if (problem) problems.push(`${where}.name.${lang} ${problem}`);
  }
}

/** Validates one year's content; `expectedYear` is the year its file name or URL names. Returns it typed, or throws with every problem. */
export function parseHolidayYear(raw: unknown, source: string, expectedYear: number): HolidayYear {
  const problems: string[] = [];
  const input = raw as Partial<HolidayYear> | null;
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    throw new HolidayCalendarError(source, ['expected an object with "year", "holidays" and "workdays"']);
  if (input.year !== expectedYear)
    problems.push(`year: must be ${expectedYear} (the year the file is named after), found ${JSON.stringify(input.year)}`);
  if (input.source !== undefined && typeof input.source !== 'string') problems.push('source: text naming the notice the dates come from, when given');
  const inYear = (date: unknown, where: string): date is string => {
    if (typeof date !== 'string' || weekdayOf(date) === undefined) {
      problems.push(`${where}: a real date written YYYY-MM-DD, found ${JSON.stringify(date)}`);
      return false;
    }
    if (Number(date.slice(0, 4)) !== expectedYear) {
      problems.push(`${where}: ${date} is not in ${expectedYear}; each year's dates go in that year's file`);
      return false;
    }
    return true;
  };
  const offDays = new Map<string, string>();
  if (!Array.isArray(input.holidays))
    problems.push('holidays: a list of {"from", "to", "name"} periods (days off, weekends inside the period included)');
  else {
    input.holidays.forEach((h, i) => {
      const where = `holidays[${i}]`;
      checkName(h?.name, where, problems);
      const fromOk = inYear(h?.from, `${where}.from`);
      const toOk = inYear(h?.to, `${where}.to`);
      if (!fromOk || !toOk) return;
      if (h.to < h.from) {
        problems.push(`${where}: "to" (${h.to}) is before "from" (${h.from})`);
        return;
      }
      for (let d = h.from; d <= h.to; d = nextDate(d)) {
        if (offDays.has(d)) problems.push(`${where}: ${d} is already a holiday in ${offDays.get(d)}`);
        offDays.set(d, where);
      }
    });
  }
  const workDays = new Set<string>();
  if (!Array.isArray(input.workdays))
    problems.push('workdays: a list of {"date", "name"} adjusted working days (调休上班), an empty list when there are none');
  else {
    input.workdays.forEach((w, i) => {
      const where = `workdays[${i}]`;
      checkName(w?.name, where, problems);
      if (!inYear(w?.date, `${where}.date`)) return;
      const day = weekdayOf(w.date);
      if (day !== 0 && day !== 6)
        problems.push(`${where}.date: ${w.date} is a weekday; an adjusted working day is a Saturday or Sunday that is worked`);
      if (offDays.has(w.date)) problems.push(`${where}.date: ${w.date} is also a holiday in ${offDays.get(w.date)}; a date is one or the other`);
      if (workDays.has(w.date)) problems.push(`${where}.date: ${w.date} is listed twice`);
      workDays.add(w.date);
    });
  }
  if (problems.length) throw new HolidayCalendarError(source, problems);
  return {
    year: expectedYear,
    ...(input.source !== undefined ? { source: input.source } : {}),
    holidays: input.holidays!.map((h) => ({ from: h.from, to: h.to, name: { 'zh-CN': h.name['zh-CN'], en: h.name.en } })),
    workdays: input.workdays!.map((w) => ({ date: w.date, name: { 'zh-CN': w.name['zh-CN'], en: w.name.en } })),
  };
}

/** What the calendar says about one China-time date. */
export interface DayInfo {
  date: string;
  working: boolean;
  /** false when no file covers the date's year (the answer is Monday to Friday). */
  known: boolean;
  holiday?: Label;
  adjustedWorkday?: Label;
}

export class HolidayCalendar {
  private years = new Map<number, HolidayYear>();
  private holidays = new Map<string, Label>();
  private workdays = new Map<string, Label>();

  constructor(years: HolidayYear[] = []) {
    for (const y of years) this.years.set(y.year, y);
    this.index();
  }

  /** Reads every `<year>.json` in the directory; every bad file is reported together. */
  static fromDir(dir: string): HolidayCalendar {
    let files: string[];
    try {
      files = readdirSync(dir)
        .filter((f) => YEAR_FILE.test(f))
        .sort();
    } catch (error) {
      throw new HolidayCalendarError(dir, [`cannot list the directory (HOLIDAY_CALENDAR_DIR): ${(error as Error).message}`]);
    }
    const years: HolidayYear[] = [];
    const problems: string[] = [];
    for (const file of files) {
      const path = join(dir, file);
      try {
        years.push(readYearFile(path, Number(YEAR_FILE.exec(file)![1])));
      } catch (error) {
        if (error instanceof HolidayCalendarError) problems.push(...error.problems.map((p) => `${path}: ${p}`));
        else throw error;
      }
    }
    if (problems.length) throw new HolidayCalendarError(dir, problems);
    return new HolidayCalendar(years);
  }

  /** Validates a year and writes it to `<dir>/<year>.json` (a temporary file renamed over it, so readers never see half a file), then serves it. */
  writeYear(dir: string, year: number, raw: unknown): HolidayYear {
    const parsed = parseHolidayYear(raw, `PUT /calendar/${year}`, year);
    const path = join(dir, `${year}.json`);
    const tmp = `${path}.${process.pid}.tmp`;
    writeFileSync(tmp, `${JSON.stringify(parsed, null, 2)}\n`, 'utf8');
    renameSync(tmp, path);
    this.years.set(year, parsed);
    this.index();
    return parsed;
  }

  knownYears(): number[] {
    return [...this.years.keys()].sort((a, b) => a - b);
  }

  year(year: number): HolidayYear | undefined {
    return this.years.get(year);
  }

  day(date: string): DayInfo {
    const known = this.years.has(Number(date.slice(0, 4)));
    const adjusted = this.workdays.get(date);
    if (adjusted) return { date, working: true, known, adjustedWorkday: adjusted };
    const holiday = this.holidays.get(date);
    if (holiday) return { date, working: false, known, holiday };
    const weekday = weekdayOf(date) ?? 0;
    return { date, working: weekday >= 1 && weekday <= 5, known };
  }

  private index(): void {
    this.holidays = new Map();
    this.workdays = new Map();
    for (const y of this.years.values()) {
      for (const h of y.holidays) for (let d = h.from; d <= h.to; d = nextDate(d)) this.holidays.set(d, h.name);
      for (const w of y.workdays) this.workdays.set(w.date, w.name);
    }
  }
}

function readYearFile(path: string, year: number): HolidayYear {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new HolidayCalendarError(path, [`cannot be read as JSON: ${(error as Error).message}`]);
  }
  return parseHolidayYear(raw, path, year);
}
