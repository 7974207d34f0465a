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
