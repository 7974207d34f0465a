/**
 * The gateway between a real intake and a real reporting app (embedded store,
 * started here), an echo server that shows exactly what crosses, and a port
 * nobody listens on. Sessions are a small in-test SessionPort: the thing under
 * test is the gateway, not sign-in.
 */
import { randomUUID } from 'node:crypto';
import { createServer, IncomingMessage, request as httpRequest, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INestApplication, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { toLeadStreamId } from '@jm/contracts';
import { ProblemDetailsFilter, verifyToken } from '@jm/platform';
import { bearer, TEST_JWT_SECRET } from '@jm/platform/testing';
import { allEvents, agencyLead, IntakeHarness, publicLead, startIntake } from '../../../../test/intake/support';
import { ReportingTestApp, startReportingApp } from '../../../../test/reporting/support/reporting-app';
import { ConsoleSession, CSRF_HEADER, SESSION_COOKIE, SESSION_PORT, SessionPort } from '../session/session.port';
import { GatewayConfig } from './gateway.config';
import { GatewayModule } from './gateway.module';

/** Sessions by cookie value; what the accounts module does for real. */
class TestSessions implements SessionPort {
  readonly byCookie = new Map<string, ConsoleSession>();

  open(agency: string, roles: string[], flags: Partial<ConsoleSession> = {}): { cookie: string; csrf: string; session: ConsoleSession } {
    const cookie = randomUUID();
    const session: ConsoleSession = {
      id: randomUUID(),
      accountId: `acct-${randomUUID().slice(0, 8)}`,
      agency,
      roles,
      displayName: '测试用户',
      mustChangePassword: false,
      totpEnrolmentRequired: false,
      csrfToken: randomUUID(),
      idleExpiresAt: new Date(Date.now() + 3600_000).toISOString(),
      absoluteExpiresAt: new Date(Date.now() + 8 * 3600_000).toISOString(),
      ...flags,
    };
    this.byCookie.set(cookie, session);
    return { cookie: `${SESSION_COOKIE}=${cookie}; jm_csrf=${session.csrfToken}`, csrf: session.csrfToken, session };
  }

  async fromRequest(req: IncomingMessage): Promise<ConsoleSession | undefined> {
    const value = /(?:^|;\s*)jm_session=([^;]+)/.exec(req.headers.cookie ?? '')?.[1];
    return value ? this.byCookie.get(value) : undefined;
  }

  csrfValid(req: IncomingMessage, session: ConsoleSession): boolean {
    return req.headers[CSRF_HEADER] === session.csrfToken;
  }

  openExternal(): Promise<ConsoleSession> {
    throw new Error('not used by the gateway');
  }
}

interface Answer {
  status: number;
  headers: IncomingMessage['headers'];
  body: Buffer;
  json: () => Record<string, unknown>;
}

/** A raw HTTP call: the path goes out exactly as written (no client-side normalisation of .. or %2F). */
function call(base: string, method: string, path: string, headers: Record<string, string> = {}, body?: Buffer | string): Promise<Answer> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ hostname: url.hostname, port: url.port, method, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const all = Buffer.concat(chunks);
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: all,
          json: () => JSON.parse(all.toString('utf8')) as Record<string, unknown>,
        });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

const listen = (server: Server): Promise<string> =>
  new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));

/** The gateway alone, as the console sets it up (createServiceApp): no X-Powered-By, problem details for what Express refuses itself. */
async function startGateway(config: GatewayConfig, sessions: SessionPort): Promise<{ gateway: INestApplication; base: string }> {
  @Module({ providers: [{ provide: SESSION_PORT, useValue: sessions }], exports: [SESSION_PORT] })
  class TestSessionModule {}
  @Module({ imports: [GatewayModule.forRoot({ config, imports: [TestSessionModule] })] })
  class TestConsoleModule {}
  const gateway = await NestFactory.create(TestConsoleModule, { bodyParser: false, logger: false });
  (gateway.getHttpAdapter().getInstance() as { disable(setting: string): void }).disable('x-powered-by');
  gateway.useGlobalFilters(new ProblemDetailsFilter());
  await gateway.listen(0, '127.0.0.1');
  return { gateway, base: (await gateway.getUrl()).replace('[::1]', '127.0.0.1') };
}

describe('console gateway', () => {
  let intake: IntakeHarness;
  let reporting: ReportingTestApp;
  let reportingDir: string;
  let echo: Server;
  let echoed: { method?: string; url?: string; headers: IncomingMessage['headers']; body: Buffer }[];
  let gateway: INestApplication;
  let base: string;
  let deadPort: string;
  const sessions = new TestSessions();

  beforeAll(async () => {
    intake = await startIntake();
    reportingDir = mkdtempSync(join(tmpdir(), 'jm-gateway-reporting-'));
    reporting = await startReportingApp({
      PORT: '0',
      SQLITE_PATH: join(reportingDir, 'events.sqlite'),
      READ_MODEL_SQLITE_PATH: join(reportingDir, 'reporting-read.sqlite'),
    });
    echoed = [];
    echo = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        echoed.push({ method: req.method, url: req.url, headers: req.headers, body: Buffer.concat(chunks) });
        res.setHeader('Set-Cookie', 'upstream=1');
        res.setHeader('X-Powered-By', 'echo');
        res.setHeader('ETag', '"7"');
        res.setHeader('Location', '/cases/c-1');
        res.setHeader('Content-Type', 'application/json');
        res.statusCode = 201;
        res.end(JSON.stringify({ ok: true }));
      });
    });
    const echoUrl = await listen(echo);
    const dead = createServer();
    deadPort = new URL(await listen(dead)).port;
    await new Promise((resolve) => dead.close(resolve));

    const config: GatewayConfig = {
      upstreams: {
        intake: new URL(await intake.app.getUrl()),
        cases: new URL(echoUrl),
        notifications: new URL(`http://127.0.0.1:${deadPort}`),
        reporting: new URL(await reporting.app.getUrl()),
      },
      jwtSecret: TEST_JWT_SECRET,
      tokenTtlSeconds: 300,
      trustProxy: false,
    };
    ({ gateway, base } = await startGateway(config, sessions));
  });

  afterAll(async () => {
    await gateway?.close();
    await new Promise((resolve) => echo?.close(resolve));
    await reporting?.close();
    rmSync(reportingDir, { recursive: true, force: true });
    await intake?.close();
  });

  const street = () => sessions.open('lc-st-haibin', ['street_officer']);
  const json = (who: { cookie: string; csrf?: string }, extra: Record<string, string> = {}) => ({
    cookie: who.cookie,
    ...(who.csrf ? { [CSRF_HEADER]: who.csrf } : {}),
    'content-type': 'application/json',
    ...extra,
  });

  describe('who may call', () => {
    it('given no session, then 401 SESSION_REQUIRED in problem details (zh-CN, or English when asked), and nothing reaches the service', async () => {
      const before = echoed.length;
      const zh = await call(base, 'GET', '/api/cases/cases');
      expect(zh.status).toBe(401);
      expect(zh.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(zh.json()).toMatchObject({ status: 401, code: 'SESSION_REQUIRED', title: '请先登录', instance: '/api/cases/cases' });
      const en = await call(base, 'GET', '/api/cases/cases', { 'accept-language': 'en', cookie: `${SESSION_COOKIE}=unknown` });
      expect(en.json()).toMatchObject({ status: 401, code: 'SESSION_REQUIRED', title: 'Sign-in required' });
      expect(echoed.length).toBe(before);
    });

    it('given a bearer token (even beside a live session, even on a public route), then 401 UNAUTHENTICATED and nothing reaches the service', async () => {
      const before = echoed.length;
      const who = street();
      for (const path of ['/api/intake/leads', '/api/intake/public/leads/status', '/api/nowhere/x']) {
        const res = await call(base, 'GET', path, { cookie: who.cookie, authorization: 'Bearer not-a-token' });
        expect([path, res.status, res.json().code]).toEqual([path, 401, 'UNAUTHENTICATED']);
      }
      expect(echoed.length).toBe(before);
    });

    it('given a session but no or a wrong CSRF token on a state change, then 403 CSRF_TOKEN_INVALID and nothing is stored', async () => {
      const who = street();
      const before = (await allEvents(intake)).length;
      for (const csrf of [undefined, 'not-the-token']) {
        const res = await call(base, 'POST', '/api/intake/leads', json({ cookie: who.cookie, csrf }), JSON.stringify(agencyLead()));
        expect(res.status).toBe(403);
        expect(res.json()).toMatchObject({ code: 'CSRF_TOKEN_INVALID' });
      }
      expect((await allEvents(intake)).length).toBe(before);
      // GET needs no CSRF token.
      expect((await call(base, 'GET', '/api/intake/leads', { cookie: who.cookie })).status).toBe(200);
    });

    it('given a session that must change its password or enrol TOTP first, then 403 with that code on reads too', async () => {
      const password = sessions.open('lc-office', ['office_officer'], { mustChangePassword: true });
      const totp = sessions.open('lc-office', ['office_officer'], { totpEnrolmentRequired: true });
      const a = await call(base, 'GET', '/api/intake/leads', { cookie: password.cookie });
      expect([a.status, a.json().code]).toEqual([403, 'PASSWORD_CHANGE_REQUIRED']);
      const b = await call(base, 'POST', '/api/intake/leads', json(totp), JSON.stringify(agencyLead()));
      expect([b.status, b.json().code]).toEqual([403, 'TOTP_ENROLMENT_REQUIRED']);
    });

    it("given a street officer's session, then the lead is stored as that account of that agency, and another agency's unit does not see it", async () => {
      const who = street();
      const res = await call(base, 'POST', '/api/intake/leads', json(who), JSON.stringify(agencyLead()));
      expect(res.status).toBe(201);
      const { leadId, version } = res.json() as { leadId: string; version: number };
      expect(res.headers.etag).toBe(`"${version}"`);
      const [received] = await intake.store.readStream(toLeadStreamId(leadId));
      expect(received.actor).toEqual({ agency: 'lc-st-haibin', user: who.session.accountId });
      const own = await call(base, 'GET', `/api/intake/leads/${leadId}`, { cookie: who.cookie });
      expect(own.status).toBe(200);
      const other = sessions.open('lc-st-kaiyuan', ['street_officer']);
      expect((await call(base, 'GET', `/api/intake/leads/${leadId}`, { cookie: other.cookie })).status).toBe(404);
      const analyst = sessions.open('lc-office', ['analyst']);
      expect((await call(base, 'GET', `/api/intake/leads/${leadId}`, { cookie: analyst.cookie })).status).toBe(403);
    });
  });

  describe('what crosses', () => {
    it("passes on only allow-listed request headers and a bearer token of the session's identity; cookies and the CSRF token stay", async () => {
      const who = sessions.open('lc-office', ['office_officer', 'convener']);
      echoed.length = 0;
      const res = await call(
        base,
        'POST',
        '/api/cases/cases/c-1/route?x=1&y=%E4%B8%AD',
        json(who, {
          'accept-language': 'en',
          'if-match': '"3"',
          'idempotency-key': '2b0e3c1a-1c1d-4a4e-9f0e-0a1b2c3d4e5f',
          'x-correlation-id': 'corr-1',
          'x-access-purpose': 'case-work',
          'x-receipt-secret': 'not-on-agency-routes',
          'x-forwarded-for': '10.0.0.1',
        }),
        '{"to":"lc-market"}',
      );
      expect(res.status).toBe(201);
      const [seen] = echoed;
      expect(seen.url).toBe('/cases/c-1/route?x=1&y=%E4%B8%AD');
      expect(seen.body.toString()).toBe('{"to":"lc-market"}');
      expect(seen.headers).toMatchObject({
        'content-type': 'application/json',
        'accept-language': 'en',
        'if-match': '"3"',
        'idempotency-key': '2b0e3c1a-1c1d-4a4e-9f0e-0a1b2c3d4e5f',
        'x-correlation-id': 'corr-1',
        'x-access-purpose': 'case-work',
      });
      for (const name of ['cookie', CSRF_HEADER, 'x-receipt-secret', 'x-forwarded-for']) expect(seen.headers[name]).toBeUndefined();
      const token = String(seen.headers.authorization).replace(/^Bearer /, '');
      const claims = verifyToken(token, TEST_JWT_SECRET);
      expect(claims).toMatchObject({ sub: who.session.accountId, agency: 'lc-office', roles: ['office_officer', 'convener'], name: '测试用户' });
      expect(claims.exp - claims.iat).toBeLessThanOrEqual(300);
    });

    it('reuses one token per session within its lifetime, and another session gets its own', async () => {
      const who = sessions.open('lc-office', ['office_officer']);
      const other = sessions.open('lc-office', ['office_officer']);
      echoed.length = 0;
      await call(base, 'GET', '/api/cases/cases', { cookie: who.cookie });
      await call(base, 'GET', '/api/cases/cases', { cookie: who.cookie });
      await call(base, 'GET', '/api/cases/cases', { cookie: other.cookie });
      const [first, second, third] = echoed.map((e) => e.headers.authorization);
      expect(second).toBe(first);
      expect(third).not.toBe(first);
    });

    it('passes back only allow-listed response headers, a Location under /api/<service>, and keeps no cookie of the service', async () => {
      const res = await call(base, 'GET', '/api/cases/cases/c-1', { cookie: street().cookie });
      expect(res.status).toBe(201);
      expect(res.headers).toMatchObject({ etag: '"7"', location: '/api/cases/cases/c-1', 'content-type': 'application/json' });
      expect(res.headers['set-cookie']).toBeUndefined();
      expect(res.headers['x-powered-by']).toBeUndefined();
      expect(res.headers['cache-control']).toBe('no-store');
    });

    it('streams a body it does not parse, byte for byte (not JSON, 2 MiB)', async () => {
      const body = Buffer.alloc(2 * 1024 * 1024, 7);
      const who = street();
      echoed.length = 0;
      const res = await call(
        base,
        'PUT',
        '/api/cases/blob',
        { cookie: who.cookie, [CSRF_HEADER]: who.csrf, 'content-type': 'application/octet-stream' },
        body,
      );
      expect(res.status).toBe(201);
      expect(echoed[0].body.equals(body)).toBe(true);
    });

    it("passes the service's problem details back unchanged (422 naming fields, 400 for malformed JSON)", async () => {
      const who = street();
      const invalid = await call(base, 'POST', '/api/intake/leads', json(who), JSON.stringify(agencyLead({ title: '' })));
      expect(invalid.status).toBe(422);
      expect(invalid.headers['content-type']).toMatch(/^application\/problem\+json/);
      const problem = invalid.json() as { code: string; errors: { field: string }[]; instance: string };
      expect(problem.code).toBe('VALIDATION_FAILED');
      expect(problem.errors.map((e) => e.field)).toContain('title');
      expect(problem.instance).toBe('/leads');
      const malformed = await call(base, 'POST', '/api/intake/leads', json(who), '{"title":');
      expect([malformed.status, malformed.json().code]).toEqual([400, 'MALFORMED_JSON']);
    });

    it('passes a file download back whole: the same bytes, Content-Type and Content-Disposition as the service sends', async () => {
      const analyst = sessions.open('lc-office', ['analyst']);
      const viaGateway = await call(base, 'GET', '/api/reporting/exports/leads?format=csv', { cookie: analyst.cookie });
      const direct = await call(await reporting.app.getUrl(), 'GET', '/exports/leads?format=csv', bearer('lc-office', ['analyst']));
      expect(viaGateway.status).toBe(200);
      expect(direct.status).toBe(200);
      expect(viaGateway.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(viaGateway.headers['content-disposition']).toBe(direct.headers['content-disposition']);
      expect(viaGateway.headers['content-disposition']).toMatch(/^attachment; filename="lead-ledger-/);
      expect(viaGateway.body.equals(direct.body)).toBe(true);
      expect(viaGateway.body.length).toBeGreaterThan(3);
    });
  });

  describe('public routes', () => {
    it('forwards intake/public/… without a session and without identity, with the receipt credentials', async () => {
      const submitted = await call(base, 'POST', '/api/intake/public/leads', { 'content-type': 'application/json' }, JSON.stringify(publicLead()));
      expect(submitted.status).toBe(201);
      const { receiptNo, secret } = submitted.json() as { receiptNo: string; secret: string };
      const status = await call(base, 'GET', '/api/intake/public/leads/status', { 'x-receipt-no': receiptNo, 'x-receipt-secret': secret });
      expect(status.status).toBe(200);
      expect(status.json()).toMatchObject({ receiptNo, status: 'received' });
      const wrong = await call(base, 'GET', '/api/intake/public/leads/status', { 'x-receipt-no': receiptNo, 'x-receipt-secret': 'wrong' });
      expect(wrong.status).toBe(404);
      // The anonymous route carries no identity even for a signed-in caller: the lead is the public's.
      const who = street();
      const again = await call(base, 'POST', '/api/intake/public/leads', json(who), JSON.stringify(publicLead()));
      expect(again.status).toBe(201);
      const stored = (await allEvents(intake)).filter((e) => e.type === 'LeadReceived').at(-1);
      expect(stored?.data).toMatchObject({ channel: 'website' });
      expect(stored?.actor.user).not.toBe(who.session.accountId);
      expect(JSON.stringify(stored)).not.toContain(who.session.accountId);
    });
  });

  describe('paths that try to leave the service', () => {
    it.each([
      ['/api/intake/../cases/cases', 400],
      ['/api/intake/leads/..', 400],
      ['/api/intake/leads/./x', 400],
      ['/api/intake/%2e%2e/cases/cases', 400],
      ['/api/intake/leads%2F..%2F..%2Fcases', 400],
      ['/api/intake/leads%5c..', 400],
      ['/api/intake//127.0.0.1:3002/cases', 400],
      ['/api/intake/http://127.0.0.1/x', 400],
      ['/api/intake/leads\\..\\x', 400],
      ['/api/intake/leads/%00', 400],
      ['/api/intake/leads/%zz', 400],
      ['/api/127.0.0.1:3002/cases', 404],
      ['/api/evil/cases', 404],
      ['/api/%69ntake/leads', 404],
    ])('given %s, then %i and nothing is forwarded', async (path, status) => {
      const who = street();
      echoed.length = 0;
      const res = await call(base, 'GET', path, { cookie: who.cookie });
      expect(res.status).toBe(status);
      expect(res.json()).toMatchObject({ status, code: status === 400 ? 'BAD_REQUEST' : 'ROUTE_NOT_FOUND' });
      expect(echoed).toEqual([]);
    });
  });

  describe('a service that does not answer', () => {
    it('answers 502 UPSTREAM_UNAVAILABLE naming the service, never its address', async () => {
      const who = street();
      const res = await call(base, 'POST', '/api/notifications/inbox/read', json(who), '{}');
      expect(res.status).toBe(502);
      const problem = res.json();
      expect(problem).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', title: '后台服务暂无响应' });
      expect(problem.detail).toContain('notifications');
      expect(JSON.stringify(problem)).not.toMatch(new RegExp(`127\\.0\\.0\\.1|${deadPort}`));
    });
  });

  describe('OpenAPI', () => {
    it('declares the forwarded route with every status the gateway answers itself', () => {
      const document = SwaggerModule.createDocument(gateway, new DocumentBuilder().build());
      const item = document.paths['/api/{service}/{path}'] as Record<string, { responses: Record<string, unknown> }>;
      expect(Object.keys(item).sort()).toEqual(['delete', 'get', 'patch', 'post', 'put']);
      for (const operation of Object.values(item))
        expect(Object.keys(operation.responses)).toEqual(expect.arrayContaining(['400', '401', '403', '404', '502']));
    });
  });
});

describe('console gateway: the public behind it', () => {
  let intake: IntakeHarness;
  let gateway: INestApplication;
  let base: string;

  beforeAll(async () => {
    // Intake believes the console's X-Forwarded-For (TRUSTED_PROXIES), and lets each client follow up twice a minute.
    intake = await startIntake({ TRUSTED_PROXIES: 'loopback', PUBLIC_RATE_LIMIT_PER_MINUTE: '2' });
    const upstream = new URL(await intake.app.getUrl());
    ({ gateway, base } = await startGateway(
      {
        upstreams: { intake: upstream, cases: upstream, notifications: upstream, reporting: upstream },
        jwtSecret: TEST_JWT_SECRET,
        tokenTtlSeconds: 300,
        trustProxy: false,
      },
      new TestSessions(),
    ));
  });
  afterAll(async () => {
    await gateway?.close();
    await intake?.close();
  });

  /** A follow-up from one loopback address (127.0.0.x): two members of the public on one machine. */
  const followUp = (from: string, forwardedFor?: string): Promise<number> =>
    new Promise((resolve, reject) => {
      const url = new URL(base);
      const headers: Record<string, string> = { 'x-receipt-no': 'JB-20200101-AAAAAA', 'x-receipt-secret': 'x' };
      if (forwardedFor) headers['x-forwarded-for'] = forwardedFor;
      const req = httpRequest(
        { hostname: url.hostname, port: url.port, localAddress: from, method: 'GET', path: '/api/intake/public/leads/status', headers },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        },
      );
      req.on('error', reject);
      req.end();
    });

  it('given two members of the public, each has a rate-limit window of its own at intake, and a forged X-Forwarded-For does not buy another', async () => {
    expect([await followUp('127.0.0.1'), await followUp('127.0.0.1')]).toEqual([404, 404]);
    // The console does not trust its callers' X-Forwarded-For (CONSOLE_TRUST_PROXY unset): it sends the address it sees.
    expect(await followUp('127.0.0.1', '203.0.113.99')).toBe(429);
    expect(await followUp('127.0.0.2')).toBe(404);
  });
});
