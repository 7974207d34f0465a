/**
 * The working-day calendar as data (config/holidays) and the arithmetic on it:
 * the 2026 Spring Festival and National Day with their adjusted working days,
 * a 24-hour clock across a weekend, a working-day clock across a holiday,
 * pause/resume on working days, a year without data, and bad files refused.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CalendarSpanError, MAX_WALK_DAYS, WorkingCalendar, DAY_MS, HOUR_MS } from '@jm/platform';
import { HolidayCalendar, HolidayCalendarError } from '@jm/platform';

const holidays = HolidayCalendar.fromDir(join(__dirname, '../../config/holidays'));
const calendar = new WorkingCalendar(holidays);
/** A China-time wall clock reading as an instant. */
const cst = (text: string): number => Date.parse(`${text}+08:00`);
const iso = (ms: number): string => new Date(ms).toISOString();

describe('the 2026 calendar', () => {
  it('given the Spring Festival, then Feb 15–23 are off and Saturdays Feb 14 and Feb 28 are worked', () => {
    for (let d = 15; d <= 23; d++) expect(holidays.day(`2026-02-${d}`)).toMatchObject({ working: false, known: true, holiday: { 'zh-CN': '春节' } });
    expect(holidays.day('2026-02-14')).toMatchObject({ working: true, adjustedWorkday: { en: 'Spring Festival make-up working day' } });
    expect(holidays.day('2026-02-28')).toMatchObject({ working: true });
    expect(holidays.day('2026-02-13').working).toBe(true); // a plain Friday
    expect(holidays.day('2026-02-24').working).toBe(true); // back to work on Tuesday
    expect(holidays.day('2026-03-01').working).toBe(false); // a plain Sunday
  });

  it('given National Day, then Oct 1–7 are off, Sun Sep 20 and Sat Oct 10 are worked, and Mid-Autumn Sep 25–27 is off', () => {
    for (let d = 1; d <= 7; d++) expect(holidays.day(`2026-10-0${d}`)).toMatchObject({ working: false, holiday: { 'zh-CN': '国庆节' } });
    expect(holidays.day('2026-09-20').working).toBe(true);
    expect(holidays.day('2026-10-10').working).toBe(true);
    for (const d of ['2026-09-25', '2026-09-26', '2026-09-27'])
      expect(holidays.day(d)).toMatchObject({ working: false, holiday: { 'zh-CN': '中秋节' } });
    expect(holidays.day('2026-10-08').working).toBe(true);
  });

  it('knows 2025 and 2026 and counts an unknown year Monday to Friday, naming it as a gap', () => {
    expect(holidays.knownYears()).toEqual([2025, 2026]);
    expect(holidays.day('2027-01-01')).toEqual({ date: '2027-01-01', working: true, known: false });
    const due = calendar.addAllowance(cst('2026-12-30T10:00:00'), 3, 'working_days');
    // Thu Dec 31 (2026), then Fri Jan 1 and Mon Jan 4 of 2027 taken as working days.
    expect(iso(due.value)).toBe(iso(cst('2027-01-05T00:00:00')));
    expect(due.gaps).toEqual([2027]);
  });
});

describe('clock arithmetic', () => {
  it('a 24-hour clock started on a Friday evening falls due on Saturday evening: hours run through weekends', () => {
    const start = cst('2026-03-06T18:30:00'); // Friday
    expect(iso(calendar.addAllowance(start, 24, 'hours').value)).toBe(iso(cst('2026-03-07T18:30:00')));
    expect(iso(calendar.addAllowance(start, 72, 'hours').value)).toBe(iso(cst('2026-03-09T18:30:00')));
  });

  it('calendar days end at 24:00 China time of the Nth day after the start day', () => {
    expect(iso(calendar.addAllowance(cst('2026-03-02T23:59:00'), 3, 'calendar_days').value)).toBe(iso(cst('2026-03-06T00:00:00')));
    expect(iso(calendar.addAllowance(cst('2026-03-03T00:00:00'), 3, 'calendar_days').value)).toBe(iso(cst('2026-03-07T00:00:00')));
  });

  it('a working-day clock across the Spring Festival skips the nine days off and counts the worked Saturday', () => {
    // Started Thu Feb 12: Fri 13, Sat 14 (worked), then Feb 15–23 off, Tue 24, Wed 25 → 4 working days end at 24:00 on Feb 25.
    const start = cst('2026-02-12T15:00:00');
    expect(iso(calendar.addAllowance(start, 4, 'working_days').value)).toBe(iso(cst('2026-02-26T00:00:00')));
    expect(iso(calendar.addAllowance(start, 5, 'working_days').value)).toBe(iso(cst('2026-02-27T00:00:00')));
    // Across National Day: started Tue Sep 29 → Wed 30, Thu Oct 8, Fri 9, Sat 10 (worked) → 4 working days end at 24:00 on Oct 10.
    expect(iso(calendar.addAllowance(cst('2026-09-29T09:00:00'), 4, 'working_days').value)).toBe(iso(cst('2026-10-11T00:00:00')));
  });

  it('counted working time leaves out holidays, and advancing it from a resume skips them again', () => {
    const pausedAt = cst('2026-02-13T12:00:00'); // Fri noon
    const due = cst('2026-02-26T00:00:00');
    const left = calendar.counted(pausedAt, due, 'working_days').value;
    expect(left).toBe(12 * HOUR_MS + 3 * DAY_MS); // rest of Fri, Sat 14, Tue 24, Wed 25
    // Resumed on Tuesday Feb 24 at noon, the same working time runs out at 24:00 on Fri Feb 27.
    const resumed = calendar.advance(cst('2026-02-24T12:00:00'), left, 'working_days').value;
    expect(iso(resumed)).toBe(iso(cst('2026-02-28T00:00:00')));
    expect(calendar.counted(due, pausedAt, 'working_days').value).toBe(-left);
  });

  it('a span before a day-end deadline lands on working-day boundaries', () => {
    const due = cst('2026-02-26T00:00:00'); // end of Wed Feb 25
    expect(iso(calendar.shift(due, { amount: 1, unit: 'working_days' }, -1).value)).toBe(iso(cst('2026-02-25T00:00:00')));
    expect(iso(calendar.shift(due, { amount: 2, unit: 'working_days' }, -1).value)).toBe(iso(cst('2026-02-24T00:00:00')));
    // A third working day back crosses the festival to the start of the worked Saturday Feb 14.
    expect(iso(calendar.shift(due, { amount: 3, unit: 'working_days' }, -1).value)).toBe(iso(cst('2026-02-14T00:00:00')));
    expect(iso(calendar.shift(due, { amount: 2, unit: 'working_days' }, 1).value)).toBe(iso(cst('2026-02-28T00:00:00')));
  });
});

describe('working time after counting has begun', () => {
  it('given counting started on Fri Feb 13 at noon, then 2 working days skip the festival and end on Tue Feb 24 at noon', () => {
    // Fri 13 12:00-24:00 (half a day), Sat 14 worked (one), Feb 15-23 off, Tue 24 00:00-12:00 (half a day).
    const from = cst('2026-02-13T12:00:00');
    const twoDays = 2 * DAY_MS;
    expect(iso(calendar.advance(from, twoDays, 'working_days').value)).toBe(iso(cst('2026-02-24T12:00:00')));
    expect(iso(calendar.shift(from, { amount: 2, unit: 'working_days' }, 1).value)).toBe(iso(cst('2026-02-24T12:00:00')));
    expect(calendar.counted(from, cst('2026-02-24T12:00:00'), 'working_days').value).toBe(twoDays);
    // And back: 2 working days before Tue Feb 24 at noon is Fri Feb 13 at noon.
    expect(iso(calendar.advance(cst('2026-02-24T12:00:00'), -twoDays, 'working_days').value)).toBe(iso(from));
  });

  it('given counting started on a plain Friday, then the weekend after it is skipped both ways', () => {
    const friday = cst('2026-03-06T15:30:00');
    expect(iso(calendar.advance(friday, DAY_MS, 'working_days').value)).toBe(iso(cst('2026-03-09T15:30:00')));
    expect(iso(calendar.advance(friday, 6 * DAY_MS, 'working_days').value)).toBe(iso(cst('2026-03-16T15:30:00')));
    expect(iso(calendar.advance(cst('2026-03-09T15:30:00'), -DAY_MS, 'working_days').value)).toBe(iso(friday));
    expect(calendar.counted(friday, cst('2026-03-16T15:30:00'), 'working_days').value).toBe(6 * DAY_MS);
  });

  it('given counting starts inside the festival, then nothing counts until the first working day', () => {
    expect(iso(calendar.advance(cst('2026-02-15T10:00:00'), DAY_MS, 'working_days').value)).toBe(iso(cst('2026-02-25T00:00:00')));
    expect(calendar.counted(cst('2026-02-15T10:00:00'), cst('2026-02-24T00:00:00'), 'working_days').value).toBe(0);
    expect(iso(calendar.advance(cst('2026-02-23T10:00:00'), -HOUR_MS, 'working_days').value)).toBe(iso(cst('2026-02-14T23:00:00')));
  });

  it('given hours or calendar days, then advancing adds the time as it is, weekends and holidays included, with no calendar gaps', () => {
    const friday = cst('2026-02-13T12:00:00');
    expect(calendar.advance(friday, 2 * DAY_MS, 'hours')).toEqual({ value: friday + 2 * DAY_MS, gaps: [] });
    expect(calendar.advance(friday, -2 * DAY_MS, 'calendar_days')).toEqual({ value: friday - 2 * DAY_MS, gaps: [] });
    expect(calendar.counted(friday, friday + 3 * DAY_MS, 'calendar_days')).toEqual({ value: 3 * DAY_MS, gaps: [] });
    expect(calendar.addAllowance(friday, 5, 'hours')).toEqual({ value: friday + 5 * HOUR_MS, gaps: [] });
    // Three calendar days from Friday 13 February: Sat 14, Sun 15, Mon 16 (a festival day) all count.
    expect(iso(calendar.addAllowance(friday, 3, 'calendar_days').value)).toBe(iso(cst('2026-02-17T00:00:00')));
    expect(iso(calendar.shift(friday, { amount: 2, unit: 'hours' }, -1).value)).toBe(iso(cst('2026-02-13T10:00:00')));
    expect(iso(calendar.shift(friday, { amount: 2, unit: 'calendar_days' }, 1).value)).toBe(iso(cst('2026-02-15T12:00:00')));
  });

  it('given the same instant twice, then no working time lies between them', () => {
    const friday = cst('2026-02-13T12:00:00');
    expect(calendar.counted(friday, friday, 'working_days')).toEqual({ value: 0, gaps: [] });
    expect(calendar.advance(friday, 0, 'working_days')).toEqual({ value: friday, gaps: [] });
  });
});

describe('the walk is bounded', () => {
  const from = cst('2026-02-13T12:00:00');
  it('given a span beyond 100 years, then each computation fails at once naming where it started and the bound', () => {
    const tooLong = (MAX_WALK_DAYS + 1) * DAY_MS;
    expect(() => calendar.advance(from, tooLong, 'working_days')).toThrow(CalendarSpanError);
    expect(() => calendar.advance(from, -tooLong, 'working_days')).toThrow(
      /from 2026-02-13T04:00:00.000Z advancing -\d+ ms of working time walked more than 36525 days \(100 years\)/,
    );
    expect(() => calendar.addAllowance(from, MAX_WALK_DAYS + 1, 'working_days')).toThrow(/adding 36526 working_days walked more than 36525 days/);
    expect(() => calendar.addAllowance(from, MAX_WALK_DAYS + 1, 'calendar_days')).toThrow(CalendarSpanError);
    expect(() => calendar.counted(from, from + tooLong, 'working_days')).toThrow(/counting to .* walked more than 36525 days/);
    const thrown = (() => {
      try {
        calendar.addAllowance(from, MAX_WALK_DAYS + 1, 'calendar_days');
      } catch (error) {
        return error;
      }
    })();
    expect(thrown).toMatchObject({ code: 'CALENDAR_SPAN_TOO_LONG', name: 'CalendarSpanError' });
  });

  it('given a span of exactly the bound, then it is computed', () => {
    expect(calendar.addAllowance(from, MAX_WALK_DAYS, 'calendar_days').value).toBe(Date.parse('2126-02-14T16:00:00.000Z'));
  });

  it('given five years of working time (the longest clocks), then it is well inside the bound and comes back to the same instant', () => {
    const due = cst('2031-02-13T12:00:00'); // a Thursday; 2027-2031 have no calendar file and count Monday to Friday
    const counted = calendar.counted(from, due, 'working_days');
    expect(counted.gaps).toEqual([2027, 2028, 2029, 2030, 2031]);
    expect(calendar.advance(from, counted.value, 'working_days')).toEqual({ value: due, gaps: [2027, 2028, 2029, 2030, 2031] });
    expect(calendar.advance(due, -counted.value, 'working_days').value).toBe(from);
  });
});

describe('bad calendar files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'jm-holidays-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const good = JSON.parse(readFileSync(join(__dirname, '../../config/holidays/2026.json'), 'utf8')) as Record<string, unknown>;

  it('refuses, naming the file, the entry and what is allowed', () => {
    writeFileSync(
      join(dir, '2026.json'),
      JSON.stringify({
        ...good,
        year: 2025,
        holidays: [
          { from: '2026-02-30', to: '2026-02-23', name: { 'zh-CN': '春节', en: 'Spring Festival' } },
          { from: '2026-05-05', to: '2026-05-01', name: { 'zh-CN': '劳动节' } },
        ],
        workdays: [
          { date: '2026-02-16', name: { 'zh-CN': '调休', en: 'x' } },
          { date: '2027-01-02', name: { 'zh-CN': '调休', en: 'x' } },
        ],
      }),
    );
    let error: HolidayCalendarError | undefined;
    try {
      HolidayCalendar.fromDir(dir);
    } catch (e) {
      error = e as HolidayCalendarError;
    }
    expect(error).toBeInstanceOf(HolidayCalendarError);
    const file = join(dir, '2026.json');
    expect(error!.problems).toEqual([
      `${file}: year: must be 2026 (the year the file is named after), found 2025`,
      `${file}: holidays[0].from: a real date written YYYY-MM-DD, found "2026-02-30"`,
      `${file}: holidays[1].name: an object with non-empty "zh-CN" and "en" strings, e.g. {"zh-CN": "春节", "en": "Spring Festival"}`,
      `${file}: holidays[1]: "to" (2026-05-01) is before "from" (2026-05-05)`,
      `${file}: workdays[0].date: 2026-02-16 is a weekday; an adjusted working day is a Saturday or Sunday that is worked`,
      `${file}: workdays[1].date: 2027-01-02 is not in 2026; each year's dates go in that year's file`,
    ]);
  });

  it('refuses a holiday name with a text-direction or zero-width character (names show in deadlines and notices)', () => {
    const holidays = (good.holidays as { name: Record<string, string> }[]).map((h, i) =>
      i === 0 ? { ...h, name: { 'zh-CN': '元\u202e旦', en: 'New\u200bYear' } } : h,
    );
    writeFileSync(join(dir, '2026.json'), JSON.stringify({ ...good, holidays }));
    let error: HolidayCalendarError | undefined;
    try {
      HolidayCalendar.fromDir(dir);
    } catch (e) {
      error = e as HolidayCalendarError;
    }
    expect(error?.problems).toEqual([
      expect.stringMatching(/holidays\[0\]\.name\.zh-CN must not contain .*U\+202E at character 2/),
      expect.stringMatching(/holidays\[0\]\.name\.en must not contain .*U\+200B at character 4/),
    ]);
  });

  it('refuses a date that is both a holiday and a worked day, and a file that is not JSON', () => {
    writeFileSync(join(dir, '2026.json'), JSON.stringify({ ...good, workdays: [{ date: '2026-02-15', name: { 'zh-CN': '调休', en: 'x' } }] }));
    expect(() => HolidayCalendar.fromDir(dir)).toThrow(/2026-02-15 is also a holiday in holidays\[1\]/);
    writeFileSync(join(dir, '2026.json'), '{ "year": 2026,');
    expect(() => HolidayCalendar.fromDir(dir)).toThrow(/2026\.json: cannot be read as JSON/);
  });
});
