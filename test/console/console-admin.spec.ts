/**
 * The admin API and the account holder's TOTP, on the embedded store. Each /admin route against each kind of
 * caller: no session (401), a session of another role (403), an admin whose reach does not cover the agency or
 * account (404), an admin who manages it (2xx). Then what each change does to sign-in and sessions.
 */
import request from 'supertest';
import { hotp, base32Decode, totpStep } from '../../services/console/src/accounts/credentials/totp';
import { Client, ConsoleUnderTest, firstAdmins, removeDir, signIn, signInChanged, startConsole, STRONG } from './support';

jest.setTimeout(90_000);

let c: ConsoleUnderTest;
/** fj-office (province) admin: manages every agency. */
let province: Client;
/** lc-office (district) admin: manages the Licheng agencies only. */
let district: Client;
/** An office officer of lc-office (no admin role). */
let officer: Client;
const ids: Record<string, string> = {};

async function create(admin: Client, agency: string, username: string, roles: string[]): Promise<string> {
  const res = await admin.post('/admin/accounts', { agency, username, displayName: username, roles });
  if (res.status !== 201) throw new Error(`create ${username}: ${res.status} ${JSON.stringify(res.body)}`);
  ids[username] = res.body.account.id;
  return res.body.oneTimePassword as string;
}

beforeAll(async () => {
  c = await startConsole();
  province = await signInChanged(c.http, 'fj-office-admin', firstAdmins(c.printed)['fj-office-admin']);
  district = await signInChanged(c.http, 'lc.admin', await create(province, 'lc-office', 'lc.admin', ['admin']));
  officer = await signInChanged(c.http, 'lc.officer', await create(province, 'lc-office', 'lc.officer', ['office_officer']));
  await create(province, 'fz-office', 'fz.officer', ['office_officer']);
  await create(province, 'lc-market', 'market.one', ['unit_officer']);
});

afterAll(async () => {
  await c?.close();
  if (c) removeDir(c.dir);
});

type Call = (client: Client | undefined) => Promise<request.Response>;
const call =
  (method: 'get' | 'post' | 'put', path: () => string, body: () => object = () => ({})): Call =>
  (client) =>
    client ? client[method](path(), body()) : request(c.http)[method](path()).send(body());

/** Each route: how to call it on something only the province admin manages (fz-…), and on something the district admin manages. */
const ROUTES: Array<{ name: string; outside: Call; inside: Call; ok: number }> = [
  { name: 'GET /admin/agencies', outside: call('get', () => '/admin/agencies'), inside: call('get', () => '/admin/agencies'), ok: 200 },
  {
    name: 'PUT /admin/agencies/:code/security',
    outside: call(
      'put',
      () => '/admin/agencies/fz-office/security',
      () => ({ totpRequired: false }),
    ),
    inside: call(
      'put',
      () => '/admin/agencies/lc-finance/security',
      () => ({ totpRequired: false }),
    ),
    ok: 200,
  },
  {
    name: 'GET /admin/accounts',
    outside: call('get', () => '/admin/accounts?agency=fz-office'),
    inside: call('get', () => '/admin/accounts?agency=lc-office'),
    ok: 200,
  },
  {
    name: 'POST /admin/accounts',
    outside: call(
      'post',
      () => '/admin/accounts',
      () => ({ agency: 'fz-office', username: 'x.fz', displayName: 'x', roles: ['analyst'] }),
    ),
    inside: call(
      'post',
      () => '/admin/accounts',
      () => ({ agency: 'lc-finance', username: `x.lc${Object.keys(ids).length}`, displayName: 'x', roles: ['analyst'] }),
    ),
    ok: 201,
  },
  {
    name: 'POST /admin/accounts/:id/disable',
    outside: call(
      'post',
      () => `/admin/accounts/${ids['fz.officer']}/disable`,
      () => ({ reason: '测试' }),
    ),
    inside: call(
      'post',
      () => `/admin/accounts/${ids['market.one']}/disable`,
      () => ({ reason: '测试' }),
    ),
    ok: 200,
  },
  {
    name: 'POST /admin/accounts/:id/enable',
    outside: call('post', () => `/admin/accounts/${ids['fz.officer']}/enable`),
    inside: call('post', () => `/admin/accounts/${ids['market.one']}/enable`),
    ok: 200,
  },
  {
    name: 'POST /admin/accounts/:id/reset-password',
    outside: call('post', () => `/admin/accounts/${ids['fz.officer']}/reset-password`),
    inside: call('post', () => `/admin/accounts/${ids['market.one']}/reset-password`),
    ok: 200,
  },
  {
    name: 'PUT /admin/accounts/:id/roles',
    outside: call(
      'put',
      () => `/admin/accounts/${ids['fz.officer']}/roles`,
      () => ({ roles: ['analyst'] }),
    ),
    inside: call(
      'put',
      () => `/admin/accounts/${ids['market.one']}/roles`,
      () => ({ roles: ['unit_officer', 'analyst'] }),
    ),
    ok: 200,
  },
  {
    name: 'POST /admin/accounts/:id/revoke-sessions',
    outside: call('post', () => `/admin/accounts/${ids['fz.officer']}/revoke-sessions`),
    inside: call('post', () => `/admin/accounts/${ids['market.one']}/revoke-sessions`),
    ok: 204,
  },
  {
    name: 'GET /admin/accounts/:id/sessions',
    outside: call('get', () => `/admin/accounts/${ids['fz.officer']}/sessions`),
    inside: call('get', () => `/admin/accounts/${ids['market.one']}/sessions`),
    ok: 200,
  },
];

describe.each(ROUTES)('$name', ({ outside, inside, ok }) => {
  it('without a session: 401 SESSION_REQUIRED', async () => {
    expect((await inside(undefined)).body).toMatchObject({ status: 401, code: 'SESSION_REQUIRED' });
  });

  it('an office officer (no admin role): 403 FORBIDDEN', async () => {
    expect((await inside(officer)).body).toMatchObject({ status: 403, code: 'FORBIDDEN' });
  });

  it('the district admin on another district: 404; on its own district: done', async () => {
    if (outside !== inside) {
      const refused = await outside(district);
      // GET /admin/agencies has nothing outside to ask for: it lists only the admin's reach.
      if (refused.status !== 200) expect(refused.body).toMatchObject({ status: 404, code: 'NOT_FOUND' });
      else expect(refused.body.map((a: { code: string }) => a.code)).not.toContain('fz-office');
    }
    expect((await inside(district)).status).toBe(ok);
  });

  it('the province admin on any agency: done', async () => {
    expect((await outside(province)).status).toBe(ok);
  });
});

describe('account changes', () => {
  it('lists the agencies an admin manages with their allowed roles', async () => {
    const agencies = (await district.get('/admin/agencies')).body as Array<{ code: string; allowedRoles: string[]; totpRequired: boolean }>;
    expect(agencies.find((a) => a.code === 'lc-market')).toMatchObject({ allowedRoles: ['unit_officer', 'analyst', 'auditor'], totpRequired: false });
    expect(agencies.map((a) => a.code)).not.toContain('qz-office');
  });

  it('refuses a role the agency kind does not allow (422), a taken or malformed username, and changes nothing', async () => {
    const before = (await province.get('/admin/accounts?pageSize=200')).body.total;
    const admin = await province.post('/admin/accounts', { agency: 'lc-market', username: 'bad.role', displayName: 'x', roles: ['admin'] });
    expect(admin.body).toMatchObject({ status: 422, code: 'DOMAIN_RULE_VIOLATED' });
    expect((await province.post('/admin/accounts', { agency: 'lc-market', username: 'bad.role', displayName: 'x', roles: ['analyst'] })).status).toBe(
      201,
    );
    expect(
      (await province.post('/admin/accounts', { agency: 'lc-office', username: 'bad.role', displayName: 'x', roles: ['analyst'] })).body.code,
    ).toBe('USERNAME_TAKEN');
    const malformed = await province.post('/admin/accounts', { agency: 'lc-office', username: 'Bad Name', displayName: 'x', roles: ['nope'] });
    expect(malformed.status).toBe(422);
    expect(malformed.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['roles', 'username']);
    expect((await province.get('/admin/accounts?pageSize=200')).body.total).toBe(before + 1);
  });

  it('disabling ends the sessions and refuses sign-in with the same answer as a wrong password; enabling restores it', async () => {
    const password = await create(province, 'lc-finance', 'to.disable', ['unit_officer']);
    const holder = await signInChanged(c.http, 'to.disable', password);
    expect((await district.post(`/admin/accounts/${ids['to.disable']}/disable`, { reason: '调离' })).body.status).toBe('disabled');
    expect((await holder.get('/auth/session')).status).toBe(204);
    expect((await signIn(c.http, 'to.disable', STRONG)).res.body.code).toBe('SIGN_IN_FAILED');
    expect((await district.post(`/admin/accounts/${ids['to.disable']}/disable`, { reason: 'again' })).body.code).toBe('INVALID_TRANSITION');
    await district.post(`/admin/accounts/${ids['to.disable']}/enable`);
    expect((await signIn(c.http, 'to.disable', STRONG)).res.status).toBe(200);
    expect((await district.post(`/admin/accounts/${ids['lc.admin']}/disable`, { reason: 'self' })).body.code).toBe('DOMAIN_RULE_VIOLATED');
  });

  it('a reset gives a new one-time password that forces a change, and ends the sessions; roles reach open sessions at once', async () => {
    const holder = (await signIn(c.http, 'to.disable', STRONG)).client;
    const roles = await district.put(`/admin/accounts/${ids['to.disable']}/roles`, { roles: ['unit_officer', 'auditor'] });
    expect(roles.body.roles).toEqual(['unit_officer', 'auditor']);
    expect((await holder.get('/auth/session')).body.roles).toEqual(['unit_officer', 'auditor']);
    const sessions = (await district.get(`/admin/accounts/${ids['to.disable']}/sessions`)).body;
    expect(sessions.length).toBeGreaterThanOrEqual(1);
    expect(Object.keys(sessions[0]).sort()).toEqual(['absoluteExpiresAt', 'client', 'createdAt', 'id', 'idleExpiresAt', 'lastSeenAt', 'method']);

    const reset = await district.post(`/admin/accounts/${ids['to.disable']}/reset-password`);
    expect(reset.body.oneTimePassword).toMatch(/^[A-Za-z2-9]{20}$/);
    expect((await holder.get('/auth/session')).status).toBe(204);
    expect((await signIn(c.http, 'to.disable', STRONG)).res.body.code).toBe('SIGN_IN_FAILED');
    const again = await signIn(c.http, 'to.disable', reset.body.oneTimePassword);
    expect(again.res.body.session.mustChangePassword).toBe(true);
    expect((await again.client.get('/admin/agencies')).body.code).toBe('PASSWORD_CHANGE_REQUIRED');
  });

  it('revoking ends every session of the account', async () => {
    const a = (await signIn(c.http, 'lc.officer', STRONG)).client;
    expect((await district.post(`/admin/accounts/${ids['lc.officer']}/revoke-sessions`)).status).toBe(204);
    expect((await a.get('/auth/session')).status).toBe(204);
    expect((await district.get(`/admin/accounts/${ids['lc.officer']}/sessions`)).body).toEqual([]);
    officer = (await signIn(c.http, 'lc.officer', STRONG)).client;
  });
});

describe('TOTP', () => {
  const codeAt = (secret: string, step: number) => hotp(base32Decode(secret), step);

  it('enrols with setup and confirm; then sign-in asks for the code, takes it once, refuses it twice', async () => {
    const setup = await officer.post('/auth/totp/setup');
    expect(setup.body.otpauthUri).toMatch(/^otpauth:\/\/totp\/.*lc\.officer\?secret=[A-Z2-7]{32}&/);
    const secret = setup.body.secret as string;
    const step = totpStep(c.clock.now());
    expect((await officer.post('/auth/totp/confirm', { code: '000000' === codeAt(secret, step) ? '111111' : '000000' })).body.errors).toEqual([
      { field: 'code', messages: ['is not the current code of the authenticator app'] },
    ]);
    expect((await officer.post('/auth/totp/confirm', { code: codeAt(secret, step) })).status).toBe(204);
    expect((await officer.get('/auth/session')).body.totpEnabled).toBe(true);

    expect((await signIn(c.http, 'lc.officer', STRONG)).res.body).toMatchObject({ status: 401, code: 'TOTP_REQUIRED' });
    // The step that confirmed is spent; the next one signs in, once.
    c.clock.advance(30_000);
    const code = codeAt(secret, step + 1);
    expect((await signIn(c.http, 'lc.officer', STRONG, code)).res.status).toBe(200);
    expect((await signIn(c.http, 'lc.officer', STRONG, code)).res.body.code).toBe('SIGN_IN_FAILED');
    c.clock.advance(30_000);
    officer = (await signIn(c.http, 'lc.officer', STRONG, codeAt(secret, step + 2))).client;
    expect((await officer.get('/auth/session')).status).toBe(200);

    // Turned off with a current code; sign-in needs the password only again.
    c.clock.advance(30_000);
    expect((await officer.post('/auth/totp/disable', { code: codeAt(secret, step + 3) })).status).toBe(204);
    expect((await signIn(c.http, 'lc.officer', STRONG)).res.status).toBe(200);
  });

  it('where the agency requires TOTP, an unenrolled account may only enrol, and cannot turn it off', async () => {
    expect((await district.put('/admin/agencies/lc-office/security', { totpRequired: true })).body).toEqual({
      agency: 'lc-office',
      totpRequired: true,
    });
    const { res, client } = await signIn(c.http, 'lc.officer', STRONG);
    expect(res.body.session.totpEnrolmentRequired).toBe(true);
    expect((await client.get('/admin/agencies')).body.code).toBe('TOTP_ENROLMENT_REQUIRED');
    const secret = (await client.post('/auth/totp/setup')).body.secret as string;
    const step = totpStep(c.clock.now());
    expect((await client.post('/auth/totp/confirm', { code: codeAt(secret, step) })).status).toBe(204);
    expect((await client.get('/auth/session')).body).toMatchObject({ totpEnrolmentRequired: false, totpEnabled: true });
    c.clock.advance(30_000);
    expect((await client.post('/auth/totp/disable', { code: codeAt(secret, step + 1) })).body).toMatchObject({
      status: 409,
      code: 'TOTP_REQUIRED_BY_AGENCY',
    });
    await district.put('/admin/agencies/lc-office/security', { totpRequired: false });
  });
});
