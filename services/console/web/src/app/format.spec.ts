/** How a due time reads: a deadline at 24:00 China time as its last day with 24:00, any other instant as it is. */
import { describe, expect, it } from '@jest/globals';
import { formatDateTime, formatDeadline } from './format';

describe('formatDeadline', () => {
  it('given the end of a day China time (stored as 00:00 of the next), then that day with 24:00', () => {
    // 2026-12-19 00:00 China time = 2026-12-18 16:00 UTC: the end of Friday 18 December.
    expect(formatDeadline('2026-12-18T16:00:00.000Z', 'zh-CN')).toBe('2026/12/18 24:00');
    expect(formatDeadline('2026-12-18T16:00:00.000Z', 'en')).toBe('12/18/2026 24:00');
  });

  it('given any other instant, then the date and time as formatDateTime shows them', () => {
    expect(formatDeadline('2026-12-18T16:00:00.001Z', 'zh-CN')).toBe(formatDateTime('2026-12-18T16:00:00.001Z', 'zh-CN'));
    expect(formatDeadline('2026-12-18T02:30:00.000Z', 'zh-CN')).toBe('2026/12/18 10:30');
  });

  it('given nothing or something that is not an instant, then a dash or the text as sent', () => {
    expect(formatDeadline(null, 'zh-CN')).toBe('—');
    expect(formatDeadline('not a date', 'zh-CN')).toBe('not a date');
  });
});
