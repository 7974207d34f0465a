import { Logger } from '@nestjs/common';
import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { TEST_SECURITY_ENV } from '../testing/auth';
import { loadConfig } from '../config/service-config';
import { createServiceLogger } from './service-app';
import { requestLog, ServiceNestLogger } from './service-logging';

const linesOf = (level: string) => {
  const lines: string[] = [];
  const logger = createServiceLogger(loadConfig('intake', { ...TEST_SECURITY_ENV, PORT: '0', LOG_LEVEL: level }), {
    write: (line: string) => lines.push(line),
  });
  return { logger, lines, parsed: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
};

describe('ServiceNestLogger', () => {
  afterEach(() => Logger.overrideLogger(false));

  it('given Nest loggers with a context, then each line has the context, the message and the fields given', () => {
    const { logger, parsed } = linesOf('info');
    Logger.overrideLogger(new ServiceNestLogger(logger));
    new Logger('Relay').log('relay active');
    new Logger('Consumer').error({ parked: { eventId: 'e1' } }, 'event e1 parked');
    new Logger('Shutdown').warn('slow hook', { hook: 'bus' });
    const failure = new Error('store unreachable');
    new Logger('Errors').error(failure);
    new Logger('Boot').error('failed to start', 'Error: x\n    at main (main.ts:1:1)');
    const [active, parkedLine, slow, err, boot] = parsed();
    expect(active).toMatchObject({ level: 30, context: 'Relay', msg: 'relay active', service: 'intake' });
    expect(parkedLine).toMatchObject({ level: 50, context: 'Consumer', parked: { eventId: 'e1' }, msg: 'event e1 parked' });
    expect(slow).toMatchObject({ level: 40, context: 'Shutdown', msg: 'slow hook', params: [{ hook: 'bus' }] });
    expect(err).toMatchObject({ level: 50, context: 'Errors', err: { message: 'store unreachable', type: 'Error' } });
    expect(boot).toMatchObject({ level: 50, context: 'Boot', msg: 'failed to start', stack: 'Error: x\n    at main (main.ts:1:1)' });
  });

  it('given a level above the call, then nothing is written', () => {
    const { logger, lines } = linesOf('warn');
    const nest = new ServiceNestLogger(logger);
    nest.log('hidden', 'Ctx');
    nest.debug?.('hidden', 'Ctx');
    nest.warn('shown', 'Ctx');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0])).toMatchObject({ msg: 'shown', context: 'Ctx' });
  });
});

describe('requestLog', () => {
  let server: Server | undefined;
  afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

  const serve = async (level: string) => {
    const log = linesOf(level);
    const middleware = requestLog(log.logger);
    server = createServer((req, res) =>
      middleware(req, res, () => {
        res.statusCode = req.url?.startsWith('/missing') ? 404 : 200;
        res.end('ok');
      }),
    );
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const { port } = server!.address() as AddressInfo;
    const call = (path: string, headers: Record<string, string> = {}) =>
      fetch(`http://127.0.0.1:${port}${path}`, { headers }).then((res) => res.text());
    return { ...log, call };
  };

  it('given requests, then one line each with method, url, status and time, credentials redacted, probes left out', async () => {
    const { call, lines, parsed } = await serve('info');
    await call('/leads?page=2', {
      authorization: 'Bearer eyJsecret',
      'x-receipt-secret': 'informant-secret',
      'x-receipt-no': 'JB-1',
      cookie: 'jm_session=session-handle',
      'x-csrf-token': 'csrf-of-the-session',
    });
    await call('/missing');
    await call('/health');
    await call('/ready?x=1');
    const deadline = Date.now() + 5000;
    while (lines.length < 2 && Date.now() < deadline) await new Promise((resolve) => setImmediate(resolve));
    const [first, second] = parsed();
    expect(lines).toHaveLength(2);
    expect(first).toMatchObject({ msg: 'request completed', req: { method: 'GET', url: '/leads?page=2' }, res: { statusCode: 200 } });
    expect((first.req as { headers: Record<string, string> }).headers).toMatchObject({
      authorization: '[redacted]',
      'x-receipt-secret': '[redacted]',
      'x-receipt-no': 'JB-1',
      cookie: '[redacted]',
      'x-csrf-token': '[redacted]',
    });
    expect(typeof first.responseTime).toBe('number');
    expect(second).toMatchObject({ req: { url: '/missing' }, res: { statusCode: 404 } });
    expect(lines.join('\n')).not.toContain('eyJsecret');
    expect(lines.join('\n')).not.toContain('informant-secret');
    expect(lines.join('\n')).not.toMatch(/session-handle|csrf-of-the-session/);
  });

  it('given a level above info, then requests are served and nothing is logged', async () => {
    const { call, lines } = await serve('warn');
    expect(await call('/leads')).toBe('ok');
    expect(lines).toEqual([]);
  });
});
