/** The logging surface the bus needs; a pino Logger satisfies it. */
import pino from 'pino';

export interface BusLogger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export function defaultBusLogger(): BusLogger {
  return pino({ name: 'bus', level: process.env.LOG_LEVEL ?? 'info' });
}
