/**
 * The service's logging through its one pino instance (createServiceLogger):
 *
 * - ServiceNestLogger: Nest's LoggerService over pino. `new Logger('Relay').warn({ lag }, 'relay behind')` logs
 *   `{"context":"Relay","lag":…,"msg":"relay behind"}`; an Error as the message is logged under `err`; Nest's own
 *   `error(message, stack, context)` keeps the stack.
 * - requestLog: one `request completed` line per HTTP request (method, url, headers as the logger redacts them,
 *   status, response time), at info, none for the probe paths. When the logger's level is above info it costs a
 *   level check. It replaces nestjs-pino's pino-http middleware and its AsyncLocalStorage, which cost intake about
 *   0.5 ms of CPU per request (a quarter of a lead submission): every promise of the process paid the async hook
 *   once the first request had entered the storage (docs/benchmarks.md).
 */
import type { LoggerService, LogLevel } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger as PinoLogger, Level } from 'pino';
import { context, isSpanContextValid, trace } from '@opentelemetry/api';
import { failedEventSpan } from '@jm/bus';

/** Paths probes hit every few seconds; logging each would bury everything else. */
export const QUIET_PATHS: ReadonlySet<string> = new Set(['/health', '/ready']);

const PINO_LEVEL: Record<LogLevel, Level> = { log: 'info', error: 'error', warn: 'warn', debug: 'debug', verbose: 'trace', fatal: 'fatal' };

export class ServiceNestLogger implements LoggerService {
  constructor(private readonly logger: PinoLogger) {}

  log(message: unknown, ...params: unknown[]): void {
    this.write('log', message, params);
  }
  error(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params);
  }
  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }
  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }
  verbose(message: unknown, ...params: unknown[]): void {
    this.write('verbose', message, params);
  }
  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params);
  }

  /**
   * Nest calls with the context last (`new Logger('Ctx').warn(obj, 'text')` arrives as (obj, 'text', 'Ctx')); a
   * message object is merged into the line, an Error goes under `err`, a string is the line's text.
   */
  private write(level: LogLevel, message: unknown, params: unknown[]): void {
    const pinoLevel = PINO_LEVEL[level];
    if (!this.logger.isLevelEnabled(pinoLevel)) return;
    const rest = [...params];
    const fields: Record<string, unknown> = {};
    if (rest.length > 0 && typeof rest[rest.length - 1] === 'string') fields.context = rest.pop();
    let text: string | undefined;
    if (message instanceof Error) fields.err = message;
    else if (typeof message === 'object' && message !== null) Object.assign(fields, message);
    else text = String(message);
    // Nest's error(message, stack[, context]): keep the stack with the message.
    if (level === 'error' && text !== undefined && typeof rest[0] === 'string' && rest[0].includes('\n    at ')) fields.stack = rest.shift();
    if (text === undefined && typeof rest[0] === 'string') text = rest.shift() as string;
    if (rest.length > 0) fields.params = rest;
    this.logger[pinoLevel](fields, text);
  }
}

/**
 * pino mixin while tracing is on: the active span's trace and span ids on every line written inside a trace (a
 * request, a consumer's event), so a log line leads to its trace (docs/operations/tracing.md). A bus line about an
 * event whose handler failed (`eventId`), written after its span ended, gets that span's.
 */
export function traceLogFields(fields?: object): { trace_id?: string; span_id?: string } {
  const active = trace.getSpan(context.active())?.spanContext();
  const ids = active && isSpanContextValid(active) ? active : failedEventSpan((fields as { eventId?: unknown } | undefined)?.eventId);
  return ids && isSpanContextValid(ids) ? { trace_id: ids.traceId, span_id: ids.spanId } : {};
}

/** Express-style middleware: one `request completed` line per request, if the logger logs info. */
export function requestLog(logger: PinoLogger): (req: IncomingMessage, res: ServerResponse, next: () => void) => void {
  return (req, res, next) => {
    if (!logger.isLevelEnabled('info')) return next();
    const url = req.url ?? '';
    const query = url.indexOf('?');
    if (QUIET_PATHS.has(query < 0 ? url : url.slice(0, query))) return next();
    const started = process.hrtime.bigint();
    res.once('finish', () => {
      const responseTime = Math.round(Number(process.hrtime.bigint() - started) / 1e4) / 100;
      logger.info({ req: { method: req.method, url, headers: req.headers }, res: { statusCode: res.statusCode }, responseTime }, 'request completed');
    });
    next();
  };
}
