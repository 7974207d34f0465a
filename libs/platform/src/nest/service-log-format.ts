/**
 * Log lines a person reads in a terminal: `12:03:04 INFO  cases  POST /cases/123/route 201 12ms`,
 * `12:03:05 ERROR cases  [Consumer] event e1 parked: Error: store unreachable` (with the stack
 * under it). JSON stays the format when the output is not a terminal (files, collectors, and the
 * children of `npm start`, which pipes them and says with LOG_FORMAT what its own output is).
 * LOG_FORMAT: auto (the default: pretty on a terminal), json, pretty.
 */
import type { DestinationStream } from 'pino';
import type { LogFormat } from '../config/environment-variables';

export function chooseLogFormat(format: LogFormat, isTerminal: boolean): 'json' | 'pretty' {
  if (format === 'auto') return isTerminal ? 'pretty' : 'json';
  return format;
}

const LEVELS: Readonly<Record<number, string>> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };
const COLORS: Readonly<Record<number, string>> = { 10: '\x1b[90m', 20: '\x1b[90m', 30: '\x1b[32m', 40: '\x1b[33m', 50: '\x1b[31m', 60: '\x1b[41m' };
/** Fields every line has, or that the readable line shows in its own place. */
const SHOWN = new Set(['level', 'time', 'pid', 'hostname', 'service', 'instance', 'msg', 'context', 'err', 'stack', 'req', 'res', 'responseTime']);

interface LogRecord {
  level?: number;
  time?: string | number;
  service?: string;
  msg?: string;
  context?: string;
  err?: { type?: string; message?: string; stack?: string };
  stack?: string;
  req?: { method?: string; url?: string };
  res?: { statusCode?: number };
  responseTime?: number;
  [field: string]: unknown;
}

const two = (n: number): string => String(n).padStart(2, '0');

/** One pino JSON line as a readable line (local time); a line that is not pino's JSON comes back as it was. */
export function formatLogLine(line: string, options: { color?: boolean } = {}): string {
  let record: LogRecord;
  try {
    record = JSON.parse(line) as LogRecord;
  } catch {
    return line.replace(/\n$/, '');
  }
  if (typeof record !== 'object' || record === null || typeof record.level !== 'number') return line.replace(/\n$/, '');
  const at = new Date(record.time ?? Date.now());
  const time = Number.isNaN(at.getTime()) ? '--:--:--' : `${two(at.getHours())}:${two(at.getMinutes())}:${two(at.getSeconds())}`;
  const label = (LEVELS[record.level] ?? String(record.level)).padEnd(5);
  const level = options.color ? `${COLORS[record.level] ?? ''}${label}\x1b[0m` : label;
  const parts = [time, level, record.service ?? '', ''];
  if (record.msg === 'request completed' && record.req && record.res) {
    parts.push(`${record.req.method ?? ''} ${record.req.url ?? ''} ${record.res.statusCode ?? ''} ${Math.round(record.responseTime ?? 0)}ms`);
  } else {
    if (record.context) parts.push(`[${record.context}]`);
    if (record.msg) parts.push(record.msg);
    const extra = Object.fromEntries(Object.entries(record).filter(([key]) => !SHOWN.has(key)));
    if (Object.keys(extra).length > 0) parts.push(JSON.stringify(extra));
  }
  let text = parts.join(' ');
  if (record.err) text += `${record.msg ? ':' : ''} ${record.err.type ?? 'Error'}: ${record.err.message ?? ''}`;
  const stack = record.level >= 50 ? (record.err?.stack ?? record.stack) : undefined;
  if (stack)
    text += `\n${stack
      .split('\n')
      .slice(stack.startsWith(`${record.err?.type}:`) ? 1 : 0)
      .join('\n')}`;
  return text;
}

/** A pino destination writing readable lines to out. */
export function prettyDestination(out: { write(text: string): unknown }, options: { color?: boolean } = {}): DestinationStream {
  return { write: (line: string) => void out.write(`${formatLogLine(line, options)}\n`) };
}
