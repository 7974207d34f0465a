import { Logger } from '@nestjs/common';
import { TEST_SECURITY_ENV } from '../testing/auth';
import { loadConfig } from '../config/service-config';
import { createServiceLogger } from './service-app';
import { chooseLogFormat, formatLogLine } from './service-log-format';
import { ServiceNestLogger } from './service-logging';

const time = (iso: string) => {
  const d = new Date(iso);
  return [d.getHours(), d.getMinutes(), d.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':');
};

describe('terminal log format', () => {
  afterEach(() => Logger.overrideLogger(false));

  it.each([
    ['auto', true, 'pretty'],
    ['auto', false, 'json'],
    ['json', true, 'json'],
    ['pretty', false, 'pretty'],
  ] as const)('given LOG_FORMAT=%s and a terminal %s, then %s', (format, terminal, chosen) => {
    expect(chooseLogFormat(format, terminal)).toBe(chosen);
  });

  it('given a request line, then time, level, service, method, url, status and milliseconds', () => {
    const line = JSON.stringify({
      level: 30,
      time: '2026-03-01T04:03:04.120Z',
      service: 'cases',
      instance: 'h-1',
      pid: 1,
      req: { method: 'POST', url: '/cases/123/route', headers: { authorization: '[redacted]' } },
      res: { statusCode: 201 },
      responseTime: 11.6,
      msg: 'request completed',
    });
    expect(formatLogLine(line)).toBe(`${time('2026-03-01T04:03:04.120Z')} INFO  cases  POST /cases/123/route 201 12ms`);
  });

  it('given an error, then its message on the line and its stack under it; other fields compact; not JSON as it was', () => {
    const err = { type: 'Error', message: 'store unreachable', stack: 'Error: store unreachable\n    at connect (store.ts:1:1)' };
    const line = JSON.stringify({
      level: 50,
      time: '2026-03-01T04:03:05.000Z',
      service: 'cases',
      context: 'Consumer',
      err,
      eventId: 'e1',
      msg: 'event parked',
    });
    expect(formatLogLine(line)).toBe(
      `${time('2026-03-01T04:03:05.000Z')} ERROR cases  [Consumer] event parked {"eventId":"e1"}: Error: store unreachable\n    at connect (store.ts:1:1)`,
    );
    const warn = JSON.stringify({
      level: 40,
      time: '2026-03-01T04:03:05.000Z',
      service: 'intake',
      err: { type: 'TypeError', message: 'x', stack: 'TypeError: x\n    at y' },
    });
    expect(formatLogLine(warn)).toBe(`${time('2026-03-01T04:03:05.000Z')} WARN  intake  TypeError: x`);
    expect(formatLogLine('intake listening on http://127.0.0.1:3001\n')).toBe('intake listening on http://127.0.0.1:3001');
  });

  it('given LOG_FORMAT=pretty, then a service writes readable lines; json and auto (not a terminal) stay JSON', async () => {
    const lines: string[] = [];
    const config = loadConfig('intake', { ...TEST_SECURITY_ENV, PORT: '0', LOG_FORMAT: 'pretty' });
    const logger = createServiceLogger(config, { write: (text: string) => lines.push(text) });
    Logger.overrideLogger(new ServiceNestLogger(logger));
    new Logger('Relay').warn('relay behind');
    expect(lines).toEqual([expect.stringMatching(/^\d\d:\d\d:\d\d WARN {2}intake {2}\[Relay\] relay behind\n$/)]);

    for (const format of ['json', 'auto']) {
      const json: string[] = [];
      createServiceLogger(loadConfig('intake', { ...TEST_SECURITY_ENV, LOG_FORMAT: format }), { write: (text: string) => json.push(text) }).info('x');
      expect(JSON.parse(json[0])).toMatchObject({ msg: 'x', service: 'intake' });
    }
  });

  it('given a bad LOG_FORMAT, then the configuration error names it', () => {
    expect(() => loadConfig('intake', { ...TEST_SECURITY_ENV, LOG_FORMAT: 'yaml' })).toThrow(
      /LOG_FORMAT: given "yaml"; allowed: one of auto, json, pretty/,
    );
  });
});
