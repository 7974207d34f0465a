/** The HTTP edge of security as every service gets it: the global guard (and JWT_SECRET's rotation), command metadata from headers, and the access log. */
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Controller, Get, Inject, INestApplication, Module, Param, Post } from '@nestjs/common';
import request from 'supertest';
import type { Clock, EventStore } from '@jm/event-sourcing';
import { createServiceApp } from '../nest/service-app';
import { connectServiceConsumer } from '../nest/service-messaging';
import { EVENT_STORE_TOKEN } from '../nest/tokens';
import { bearer, TEST_SECURITY_ENV, testToken } from '../testing/auth';
import { AccessLog } from './access-log';
import { signToken } from './jwt';
import { RECORD_ACCESSED, toAccessStreamId } from '@jm/contracts';
import { CurrentPrincipal, Public } from './auth.guard';
import { ManualClock } from '@jm/event-sourcing';
import { commandFromRequest, RawRequest } from './command-context';
import type { Principal } from './principal';
import { CLOCK } from './tokens';

@Controller('probe')
class ProbeController {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly accessLog: AccessLog,
  ) {}

  @Get('who')
  who(@CurrentPrincipal() principal: Principal): Principal {
    return principal;
  }

  @Public()
  @Get('open')
  open(@CurrentPrincipal() principal: Principal | undefined): { principal: Principal | null } {
    return { principal: principal ?? null };
  }

  @Post('command')
  command(@RawRequest() req: Parameters<typeof commandFromRequest>[0]): unknown {
    return commandFromRequest(req, this.clock).metadata;
  }

  @Get('things/:id')
  async read(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<{ id: string }> {
    await this.accessLog.record(principal, { resourceType: 'thing', resourceId: id, purpose: '核查需要' });
    return { id };
  }
}

@Module({ controllers: [ProbeController] })
class ProbeModule {}

/** The probe service on files of its own, with the security variables given. */
async function probeApp(security: Record<string, string>, clock?: Clock) {
  const dir = mkdtempSync(join(tmpdir(), 'jm-auth-'));
  return createServiceApp('cases', ProbeModule, {
    env: { ...security, LOG_LEVEL: 'silent', SQLITE_PATH: join(dir, 'events.sqlite'), READ_MODEL_SQLITE_PATH: join(dir, 'read.sqlite') },
    ...(clock ? { clock } : {}),
  });
}

describe('security at the HTTP edge', () => {
  let app: INestApplication;
  const clock = new ManualClock(new Date());

  beforeAll(async () => {
    const created = await probeApp(TEST_SECURITY_ENV, clock);
    app = created.app;
    // As bootstrapService does: the bus consumer shares the app's filters, and HTTP errors must stay problem details.
    connectServiceConsumer(app, created.config);
    await app.startAllMicroservices();
    await app.init();
  });
  afterAll(async () => app.close());

  it('given no token, then 401 with a problem body saying what to send, in zh-CN and in English', async () => {
    const zh = await request(app.getHttpServer()).get('/probe/who').expect(401);
    expect(zh.body).toMatchObject({ status: 401, code: 'UNAUTHENTICATED', title: '未登录或凭证无效' });
    expect(zh.body.detail).toContain('Authorization: Bearer');
    const en = await request(app.getHttpServer()).get('/probe/who').set('Accept-Language', 'en').expect(401);
    expect(en.body.title).toBe('Not authenticated');
  });

  it('given a valid token, then the principal carries the registry facts of its agency', async () => {
    const res = await request(app.getHttpServer())
      .get('/probe/who')
      .set(bearer('lc-police', ['unit_officer'], 'li'))
      .expect(200);
    expect(res.body).toEqual({
      user: 'li',
      agency: 'lc-police',
      agencyKind: 'member',
      duty: 'police',
      level: 'district',
      jurisdiction: '350502',
      roles: ['unit_officer'],
    });
  });

  it('given a token that expired by the service clock, a wrong scheme, or a role the agency cannot hold, then 401 with the reason', async () => {
    const token = testToken('lc-office', ['office_officer'], 'zhang', 60);
    clock.advance(61_000);
    const expired = await request(app.getHttpServer()).get('/probe/who').set('Authorization', `Bearer ${token}`).expect(401);
    expect(expired.body.detail).toContain('expired');
    const scheme = await request(app.getHttpServer()).get('/probe/who').set('Authorization', `Basic ${token}`).expect(401);
    expect(scheme.body.detail).toContain('Bearer <token>');
    const misplaced = await request(app.getHttpServer())
      .get('/probe/who')
      .set(bearer('lc-st-haibin', ['office_officer']))
      .expect(401);
    expect(misplaced.body.detail).toContain('cannot be held at a street agency');
  });

  it('given a public route, then anonymous callers pass and agency callers are still recognised', async () => {
    expect((await request(app.getHttpServer()).get('/probe/open').expect(200)).body).toEqual({ principal: null });
    const res = await request(app.getHttpServer())
      .get('/probe/open')
      .set(bearer('lc-office', ['office_officer']))
      .expect(200);
    expect(res.body.principal.agency).toBe('lc-office');
  });

  it('given command headers, then If-Match, Idempotency-Key and X-Correlation-Id become the command metadata', async () => {
    const key = '0b7f7c3e-8d4a-4c1e-9a39-2f1d2f7b9a10';
    const res = await request(app.getHttpServer())
      .post('/probe/command')
      .set(bearer('lc-office', ['office_officer'], 'zhang'))
      .set('If-Match', 'W/"7"')
      .set('Idempotency-Key', key)
      .set('X-Correlation-Id', 'demo-42')
      .expect(201);
    expect(res.body).toEqual({
      commandId: key,
      time: clock.now().toISOString(),
      actor: { agency: 'lc-office', user: 'zhang' },
      correlationId: 'demo-42',
      expectedVersion: 7,
    });
  });

  it('given a malformed If-Match or Idempotency-Key, then 422 naming the header', async () => {
    const ifMatch = await request(app.getHttpServer())
      .post('/probe/command')
      .set(bearer('lc-office', ['office_officer']))
      .set('If-Match', 'latest')
      .expect(422);
    expect(ifMatch.body.errors).toEqual([expect.objectContaining({ field: 'If-Match' })]);
    const key = await request(app.getHttpServer())
      .post('/probe/command')
      .set(bearer('lc-office', ['office_officer']))
      .set('Idempotency-Key', 'again')
      .expect(422);
    expect(key.body.errors).toEqual([expect.objectContaining({ field: 'Idempotency-Key' })]);
  });

  it('given a read, then the access log stream records who read what, when and why', async () => {
    await request(app.getHttpServer())
      .get('/probe/things/t-1')
      .set(bearer('lc-market', ['unit_officer'], 'wang'))
      .expect(200);
    const events = await app.get<EventStore>(EVENT_STORE_TOKEN).readStream(toAccessStreamId('thing', 't-1'));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      type: RECORD_ACCESSED,
      time: clock.now().toISOString(),
      actor: { agency: 'lc-market', user: 'wang' },
      data: {
        resourceType: 'thing',
        resourceId: 't-1',
        agency: 'lc-market',
        user: 'wang',
        roles: ['unit_officer'],
        fields: ['summary'],
        purpose: '核查需要',
        granted: true,
      },
    });
  });

  it('serves the OpenAPI document and Swagger UI without a token', async () => {
    const doc = await request(app.getHttpServer()).get('/docs-json').expect(200);
    expect(Object.keys(doc.body.paths)).toContain('/probe/who');
    await request(app.getHttpServer()).get('/docs').expect(200);
  });
});

describe('rotating JWT_SECRET (docs/operations/secrets.md)', () => {
  const NEW = randomBytes(32).toString('base64url');
  const signed = (secret: string) => ({
    Authorization: `Bearer ${signToken({ sub: 'li', agency: 'lc-police', roles: ['unit_officer'] }, secret, { ttlSeconds: 600 })}`,
  });
  const who = (app: INestApplication, auth: { Authorization: string }) => request(app.getHttpServer()).get('/probe/who').set(auth);
  const oldToken = () => bearer('lc-police', ['unit_officer'], 'li');
  let during: INestApplication;
  let after: INestApplication;

  beforeAll(async () => {
    // The old secret is the one the tokens of the other specs are signed with (TEST_JWT_SECRET).
    during = (await probeApp({ ...TEST_SECURITY_ENV, JWT_SECRET: NEW, JWT_PREVIOUS_SECRETS: TEST_SECURITY_ENV.JWT_SECRET })).app;
    after = (await probeApp({ ...TEST_SECURITY_ENV, JWT_SECRET: NEW })).app;
    await Promise.all([during.init(), after.init()]);
  });
  afterAll(async () => Promise.all([during?.close(), after?.close()]));

  it('given the new secret current and the old one previous, then tokens of both are accepted and of no other secret', async () => {
    await who(during, oldToken()).expect(200);
    await who(during, signed(NEW)).expect(200);
    const unknown = await who(during, signed(randomBytes(32).toString('base64url'))).expect(401);
    expect(unknown.body.detail).toContain('signature is not valid');
  });

  it('given the old secret removed, then its tokens are refused and the new ones still accepted', async () => {
    const old = await who(after, oldToken()).expect(401);
    expect(old.body.detail).toContain('signature is not valid');
    await who(after, signed(NEW)).expect(200);
  });
});
