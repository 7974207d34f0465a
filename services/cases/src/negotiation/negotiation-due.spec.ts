import { join } from 'node:path';
import { HolidayCalendar, WorkingCalendar } from '@jm/platform';
import { negotiationDueAt } from './negotiation-due';

/** The calendar the project ships (config/holidays: 2025 and 2026). */
const shipped = new WorkingCalendar(HolidayCalendar.fromDir(join(__dirname, '..', '..', '..', '..', 'config', 'holidays')));
/** No calendar file at all: Monday to Friday. */
const weekdaysOnly = new WorkingCalendar(new HolidayCalendar([]));

describe('negotiationDueAt (China time, the opening day not counted, on the working-day calendar)', () => {
  it('given a Monday morning without holidays ahead, when 10 working days are added, then the end of the Monday two weeks on', () => {
    // Mon 1 June 2026 10:00 China time → end of Mon 15 June China time (16:00 UTC).
    expect(negotiationDueAt(shipped, '2026-06-01T02:00:00.000Z', 10)).toEqual({ value: '2026-06-15T16:00:00.000Z', gaps: [] });
  });

  it('given a Friday late evening China time, when 1 working day is added, then it skips the weekend to the end of Monday', () => {
    // Fri 5 June 2026 23:30 China time is 15:30 UTC the same day.
    expect(negotiationDueAt(shipped, '2026-06-05T15:30:00.000Z', 1).value).toBe('2026-06-08T16:00:00.000Z');
  });

  it('given the National Day holiday (1–7 October 2026, Saturday 10 October worked), then its days are skipped and the adjusted Saturday counts', () => {
    // Opened Wed 30 September 2026 10:00 China time; 1–7 October are off.
    const due = negotiationDueAt(shipped, '2026-09-30T02:00:00.000Z', 3);
    // Thu 8 Oct, Fri 9 Oct, Sat 10 Oct (调休上班) → end of Sat 10 October China time.
    expect(due.value).toBe('2026-10-10T16:00:00.000Z');
    // Monday to Friday alone would have made it the end of Mon 5 October, in the middle of the holiday.
    expect(negotiationDueAt(weekdaysOnly, '2026-09-30T02:00:00.000Z', 3).value).toBe('2026-10-05T16:00:00.000Z');
  });

  it('given a year without a calendar file, then Monday to Friday are counted and the year is named as a gap', () => {
    const due = negotiationDueAt(shipped, '2030-06-03T02:00:00.000Z', 1);
    expect(due).toEqual({ value: '2030-06-04T16:00:00.000Z', gaps: [2030] });
  });

  it('given 0 days, then it is due at once', () => {
    expect(negotiationDueAt(shipped, '2026-06-01T02:00:00.000Z', 0)).toEqual({ value: '2026-06-01T02:00:00.000Z', gaps: [] });
  });
});
