/**
 * The due time of a negotiation: the end (24:00 China time) of the Nth working day after the day it was
 * opened, the opening day never counting; 0 days is due at once. Working days here are Monday to Friday:
 * the holiday calendar lives in notifications (docs/deadlines.md), which cases does not import.
 */
const DAY_MS = 24 * 60 * 60 * 1000;
const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000;

export function addWorkingDays(fromIso: string, days: number): string {
  if (days <= 0) return new Date(fromIso).toISOString();
  // Midnight China time at the start of the opening day, as a UTC instant.
  const china = new Date(new Date(fromIso).getTime() + CHINA_OFFSET_MS);
  let day = Date.UTC(china.getUTCFullYear(), china.getUTCMonth(), china.getUTCDate());
  for (let left = days; left > 0;) {
    day += DAY_MS;
    const weekday = new Date(day).getUTCDay();
    if (weekday !== 0 && weekday !== 6) left -= 1;
  }
  return new Date(day + DAY_MS - CHINA_OFFSET_MS).toISOString();
}
