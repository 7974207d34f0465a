import { addWorkingDays } from './working-days';

describe('addWorkingDays (China time, Monday to Friday, the opening day not counted)', () => {
  it('given a Monday morning, when 10 working days are added, then the due time is the end of the Monday two weeks on', () => {
    // Mon 1 June 2026 10:00 China time → end of Mon 15 June China time (16:00 UTC).
    expect(addWorkingDays('2026-06-01T02:00:00.000Z', 10)).toBe('2026-06-15T16:00:00.000Z');
  });
  it('given a Friday late evening China time, when 1 working day is added, then it skips the weekend to the end of Monday', () => {
    // Fri 5 June 2026 23:30 China time is 15:30 UTC the same day.
    expect(addWorkingDays('2026-06-05T15:30:00.000Z', 1)).toBe('2026-06-08T16:00:00.000Z');
  });
  it('given 0 days, then it is due at once', () => {
    expect(addWorkingDays('2026-06-01T02:00:00.000Z', 0)).toBe('2026-06-01T02:00:00.000Z');
  });
});
