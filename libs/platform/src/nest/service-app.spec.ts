import { Controller, Get, INestApplication, Module } from '@nestjs/common';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import type { Bus } from '@jm/bus';
import type { EventStore } from '@jm/event-sourcing';
import { pollUntil } from '@jm/testing';
import { TEST_SECURITY_ENV } from '../testing/auth';
import { Public } from '../security/auth.guard';
import { ReadinessRegistry } from './readiness';
import { createServiceApp, createServiceLogger, serviceUrl } from './service-app';
import { loadConfig } from '../config/service-config';
import { InjectEventStore } from './tokens';

const QUIET = { LOG_LEVEL: 'silent', PORT: '0', ...TEST_SECURITY_ENV };

/** A store or bus double: ping, close and the relay's start and stop matter to the core module. */
function fake<T extends EventStore | Bus>(calls: string[], name: string, ping: () => Promise<void> = async () => {}): T {
  return {
    kind: 'embedded',
    ping,
    close: async () => {
      calls.push(`${name}.close`);
    },
    startRelay: async () => ({
      isActive: () => true,
      stop: async () => {
        calls.push(`${name}.relay.stop`);
      },
    }),
  } as unknown as T;
}

function fakeDataSource(calls: string[], query: () => Promise<unknown> = async () => [{ ok: 1 }]): DataSource {
  return {
    query,
    destroy: async () => {
      calls.push('read-model.destroy');
    },
  } as unknown as DataSource;
}

@Public()
@Controller('probe')
class ProbeController {
  constructor(@InjectEventStore() private readonly store: EventStore) {}

  @Get()
  async probe(): Promise<{ injected: boolean }> {
    await this.store.ping();
    return { injected: true };
  }
}

/** A request that stays in flight until the test releases it. */
const slow = { entered: false, release: (): void => undefined, done: [] as string[] };

@Public()
@Controller('slow')
class SlowController {
  @Get()
  async handle(): Promise<{ done: true }> {
    slow.entered = true;
    await new Promise<void>((resolve) => (slow.release = resolve));
    slow.done.push('request.done');
    return { done: true };
  }
}

@Module({ controllers: [ProbeController, SlowController] })
class DomainModule {}

describe('createServiceApp', () => {
  let app: INestApplication | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  async function given(
    options: { storePing?: () => Promise<void>; busPing?: () => Promise<void>; readModelQuery?: () => Promise<unknown>; calls?: string[] } = {},
  ): Promise<INestApplication> {
    const calls = options.calls ?? [];
    ({ app } = await createServiceApp('intake', DomainModule, {
      env: QUIET,
      infrastructure: {
        eventStore: async () => fake<EventStore>(calls, 'store', options.storePing),
        readModel: async () => fakeDataSource(calls, options.readModelQuery),
        bus: async () => fake<Bus>(calls, 'bus', options.busPing),
      },
    }));
    await app.init();
    return app;
  }

  it('given a running app, when /health is asked, then it answers 200 ok', async () => {
    const server = (await given()).getHttpServer();
    await request(server).get('/health').expect(200, { status: 'ok' });
  });

  it('given store, read model and bus answer, when /ready is asked, then it answers 200 with each check up', async () => {
    const server = (await given()).getHttpServer();
    const response = await request(server).get('/ready').expect(200);
    expect(response.body).toEqual({
      status: 'ready',
      checks: { 'event-store': { status: 'up' }, 'read-model': { status: 'up' }, bus: { status: 'up' } },
    });
  });

  it('given the store is down, when /ready is asked, then it answers 503 naming the check and why', async () => {
    const server = (
      await given({
        storePing: async () => {
          throw new Error('database is locked');
        },
      })
    ).getHttpServer();
    const response = await request(server).get('/ready').expect(503);
    expect(response.body).toEqual({
      status: 'not-ready',
      failed: ['event-store'],
      checks: { 'event-store': { status: 'down', error: 'database is locked' }, 'read-model': { status: 'up' }, bus: { status: 'up' } },
    });
  });

  it('given the bus hangs, when readiness is evaluated, then the bus is down after the time limit instead of hanging', async () => {
    const nestApp = await given({ busPing: () => new Promise<void>(() => {}) });
    const registry = nestApp.get(ReadinessRegistry);
    const report = await registry.evaluate(50);
    expect(report).toMatchObject({ ready: false, failed: ['bus'], checks: { bus: { status: 'down', error: 'no answer within 50 ms' } } });
  });

  it('given a domain module, when it injects the event store, then it gets the one built by the factory', async () => {
    const server = (await given()).getHttpServer();
    await request(server).get('/probe').expect(200, { injected: true });
  });

  it('given a domain check, when it fails, then /ready names it too', async () => {
    const nestApp = await given();
    nestApp.get(ReadinessRegistry).register('projection-lag', async () => {
      throw new Error('behind by 500 events');
    });
    const response = await request(nestApp.getHttpServer()).get('/ready').expect(503);
    expect(response.body.failed).toEqual(['projection-lag']);
  });

  it('given the read-model database is down, when /ready is asked, then it answers 503 naming it', async () => {
    const server = (
      await given({
        readModelQuery: async () => {
          throw new Error('connect ECONNREFUSED 127.0.0.1:5432');
        },
      })
    ).getHttpServer();
    const response = await request(server).get('/ready').expect(503);
    expect(response.body).toMatchObject({ failed: ['read-model'], checks: { 'read-model': { error: 'connect ECONNREFUSED 127.0.0.1:5432' } } });
  });

  it('given a running app, when it closes, then the bus closes first and the store last', async () => {
    const calls: string[] = [];
    const nestApp = await given({ calls });
    await nestApp.close();
    app = undefined;
    expect(calls).toEqual(['bus.relay.stop', 'bus.close', 'read-model.destroy', 'store.close']);
  });

  it('given a request in flight, when the app closes, then the request completes before the bus, read model and store close', async () => {
    const calls = slow.done;
    const nestApp = await given({ calls });
    await nestApp.listen(0, '127.0.0.1');
    const response = fetch(`${await nestApp.getUrl()}/slow`);
    await pollUntil(() => slow.entered, { what: 'the request to reach the handler' });

    const closing = nestApp.close();
    app = undefined;
    // The server stopped accepting; the request is still being handled, so nothing may be closed yet.
    await pollUntil(() => !nestApp.getHttpServer().listening, { what: 'the server to stop listening' });
    expect(calls).toEqual([]);

    slow.release();
    expect((await response).status).toBe(200);
    await closing;
    expect(calls).toEqual(['request.done', 'bus.relay.stop', 'bus.close', 'read-model.destroy', 'store.close']);
  });

  it('given a bad environment, when the app is created, then a ConfigError names the variable', async () => {
    await expect(createServiceApp('cases', DomainModule, { env: { ...TEST_SECURITY_ENV, EVENT_STORE: 'oracle' } })).rejects.toMatchObject({
      name: 'ConfigError',
      issues: [expect.objectContaining({ variable: 'EVENT_STORE', given: 'oracle' })],
    });
  });
});

describe('serviceUrl', () => {
  it('shows host and the port actually bound', () => {
    expect(serviceUrl('127.0.0.1', { address: '127.0.0.1', family: 'IPv4', port: 3001 })).toBe('http://127.0.0.1:3001');
    expect(serviceUrl('::1', { address: '::1', family: 'IPv6', port: 3002 })).toBe('http://[::1]:3002');
  });
});

describe('service logs', () => {
  it('given a request with a bearer token and a receipt secret, then neither reaches the log line', () => {
    const lines: string[] = [];
    const logger = createServiceLogger(loadConfig('intake', { ...QUIET, LOG_LEVEL: 'info' }), { write: (line: string) => lines.push(line) });
    logger.info(
      {
        req: {
          method: 'GET',
          url: '/public/leads/status',
          headers: { authorization: 'Bearer eyJsecret', 'x-receipt-secret': 'informant-secret', cookie: 'sid=1', 'x-receipt-no': 'JB-1' },
        },
      },
      'request completed',
    );
    const logged = JSON.parse(lines[0]) as { req: { headers: Record<string, string> } };
    expect(logged.req.headers).toEqual({
      authorization: '[redacted]',
      'x-receipt-secret': '[redacted]',
      cookie: '[redacted]',
      'x-receipt-no': 'JB-1',
    });
    expect(lines[0]).not.toContain('informant-secret');
    expect(lines[0]).not.toContain('eyJsecret');
  });
});
