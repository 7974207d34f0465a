/** Dates in China time, money in 元 with thousands separators, whatever the browser's zone. */
import type { Locale } from './i18n';

const ZONE = 'Asia/Shanghai';

export function formatDateTime(value: string | undefined | null, locale: Locale): string {
  if (!value) return '—';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  return new Intl.DateTimeFormat(locale, {
    timeZone: ZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).format(date);
}

const DAY_MS = 86_400_000;
const CHINA_OFFSET_MS = 8 * 3_600_000;

/**
 * A due time. Statutory deadlines end at 24:00 China time of their last day, stored as 00:00 of the next day; shown
 * as that next day's 00:00 it reads as one day later than the law's wording (截止至某日24时), so such an instant is
 * shown as its last day with 24:00. Any other instant is shown as formatDateTime shows it.
 */
export function formatDeadline(value: string | undefined | null, locale: Locale): string {
  if (!value) return '—';
  const ms = new Date(value).getTime();
  if (Number.isNaN(ms) || (ms + CHINA_OFFSET_MS) % DAY_MS !== 0) return formatDateTime(value, locale);
  return `${formatDate(new Date(ms - DAY_MS).toISOString(), locale)} 24:00`;
}

/** A calendar date ("2026-12-04") is shown as it is; an instant as its China date. */
export function formatDate(value: string | undefined | null, locale: Locale): string {
  if (!value) return '—';
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  return new Intl.DateTimeFormat(locale, { timeZone: ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).format(date);
}

/** "1234567.5" → "¥1,234,567.50" (zh-CN: "1,234,567.50 元"). Amounts travel as decimal strings. */
export function formatYuan(value: string | number | undefined | null, locale: Locale): string {
  if (value === undefined || value === null || value === '') return '—';
  const [whole, fraction = ''] = String(value).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const amount = `${grouped}.${fraction.padEnd(2, '0').slice(0, 2)}`;
  return locale === 'zh-CN' ? `${amount} 元` : `¥${amount}`;
}
