/**
 * The due time of a negotiation: the end (24:00 China time) of the Nth working day after the day it was opened,
 * the opening day never counting; 0 days is due at once. Working days are the deadline engine's
 * (docs/deadlines.md): the calendar in HOLIDAY_CALENDAR_DIR, statutory holidays skipped and adjusted working days
 * (调休上班) counted; a year without a file counts Monday to Friday and is named in `gaps`.
 */
import type { Counted, WorkingCalendar } from '@jm/platform';

export function negotiationDueAt(calendar: WorkingCalendar, openedAt: string, days: number): Counted<string> {
  if (days <= 0) return { value: new Date(openedAt).toISOString(), gaps: [] };
  const due = calendar.addAllowance(Date.parse(openedAt), days, 'working_days');
  return { value: new Date(due.value).toISOString(), gaps: due.gaps };
}
