/**
 * Sign-in on the embedded store: first start's admin, the forced password change, the session cookies and CSRF,
 * throttling and lockout, timeouts, sign-out, and what never reaches the log (passwords, hashes, secrets).
 */
import request from 'supertest';
import { DataSource } from 'typeorm';
import { READ_MODEL_TOKEN } from '@jm/platform';
import { CredentialEntity } from '../../services/console/src/accounts/credentials/credentials.table';
import { clientOf, ConsoleUnderTest, firstAdmins, removeDir, signIn, signInChanged, startConsole, STRONG } from './support';

jest.setTimeout(60_000);

let c: ConsoleUnderTest;
let adminPassword: string;

beforeAll(async () => {
  c = await startConsole();
  adminPassword = firstAdmins(c.printed)['fj-office-admin'];
});

afterAll(async () => {
  await c?.close();
  if (c) removeDir(c.dir);
});

async function allEventsText(): Promise<string> {
  const events = await c.store.readAll({ from: 0, limit: 10_000 });
  return JSON.stringify(events);
}

describe('first start', () => {
  it('creates one admin per top office and prints its one-time password once, in the contract line', async () => {
    expect(Object.keys(firstAdmins(c.printed))).toEqual(['fj-office-admin']);
    expect(adminPassword).toMatch(/^[A-Za-z2-9]{20}$/);
    expect(c.printed).toContain(`[console] first start: admin account fj-office-admin one-time password: ${adminPassword}\n首次启动：`);
    const rows = await c.app.get<DataSource>(READ_MODEL_TOKEN).getRepository(CredentialEntity).find();
    expect(rows.map((r) => r.username)).toEqual(['fj-office-admin']);
    expect(rows[0].passwordHash).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(await allEventsText()).not.toContain(adminPassword);
  });

  it('given accounts exist, when the console starts again on the same data, then it creates and prints nothing', async () => {
    const again = await startConsole({ INSTANCE_ID: 'second' }, c.dir);
    try {
      expect(again.printed).toBe('');
    } finally {
      await again.close();
    }
  });
});

describe('the forced password change and the session', () => {
  it('signs in with the one-time password into a session that may only change it; cookies are httpOnly/readable, SameSite=Strict', async () => {
    const { res, client } = await signIn(c.http, 'fj-office-admin', adminPassword);
    expect(res.status).toBe(200);
    expect(res.body.session).toMatchObject({
      username: 'fj-office-admin',
      agency: 'fj-office',
      roles: ['admin'],
      mustChangePassword: true,
      totpEnrolmentRequired: false,
    });
    const cookies = res.headers['set-cookie'] as unknown as string[];
    expect(cookies.find((x) => x.startsWith('jm_session='))).toMatch(/; Path=\/; Max-Age=43200; SameSite=Strict; HttpOnly$/);
    expect(cookies.find((x) => x.startsWith('jm_csrf='))).toMatch(/; Path=\/; Max-Age=43200; SameSite=Strict$/);
    expect(res.body.session.csrfToken).toBe(client.csrf);

    expect((await client.get('/admin/agencies')).body).toMatchObject({ status: 403, code: 'PASSWORD_CHANGE_REQUIRED' });
    // A state-changing request without the CSRF header is refused and changes nothing.
    const noCsrf = await request(c.http)
      .post('/auth/password')
      .set('Cookie', client.cookie)
      .send({ currentPassword: adminPassword, newPassword: STRONG });
    expect(noCsrf.body).toMatchObject({ status: 403, code: 'CSRF_TOKEN_INVALID' });
    const wrongCsrf = await request(c.http)
      .post('/auth/password')
      .set('Cookie', client.cookie)
      .set('X-CSRF-Token', 'x'.repeat(43))
      .send({ currentPassword: adminPassword, newPassword: STRONG });
    expect(wrongCsrf.body).toMatchObject({ status: 403, code: 'CSRF_TOKEN_INVALID' });

    const weak = await client.post('/auth/password', { currentPassword: adminPassword, newPassword: 'my-fj-office-admin' });
    expect(weak.status).toBe(422);
    expect(weak.body.errors).toEqual([
      { field: 'newPassword', messages: ['at least 3 of: lowercase letters, uppercase letters, digits, symbols', 'must not contain the username'] },
    ]);
    const wrongCurrent = await client.post('/auth/password', { currentPassword: 'not-it', newPassword: STRONG });
    expect(wrongCurrent.body.errors).toEqual([{ field: 'currentPassword', messages: ['is not the current password'] }]);

    expect((await client.post('/auth/password', { currentPassword: adminPassword, newPassword: STRONG })).status).toBe(204);
    expect((await client.get('/auth/session')).body).toMatchObject({ mustChangePassword: false, agencyName: expect.stringContaining('福建') });
    expect((await client.get('/admin/agencies')).status).toBe(200);
    // The one-time password is spent.
    expect((await signIn(c.http, 'fj-office-admin', adminPassword)).res.body.code).toBe('SIGN_IN_FAILED');
  });

  it('without a session: 401 SESSION_REQUIRED; sign-out ends the session and clears the cookies', async () => {
    expect((await request(c.http).get('/auth/session')).status).toBe(204);
    expect((await request(c.http).get('/auth/session').set('Cookie', 'jm_session=forged')).status).toBe(204);
    const { client } = await signIn(c.http, 'fj-office-admin', STRONG);
    const out = await client.post('/auth/sign-out');
    expect(out.status).toBe(204);
    expect(out.headers['set-cookie']).toEqual([expect.stringMatching(/^jm_session=; .*Max-Age=0/), expect.stringMatching(/^jm_csrf=; .*Max-Age=0/)]);
    expect((await client.get('/auth/session')).status).toBe(204);
  });

  it('ends a session after 30 idle minutes, and after 12 hours however active', async () => {
    const idle = (await signIn(c.http, 'fj-office-admin', STRONG)).client;
    c.clock.advance(29 * 60_000);
    expect((await idle.get('/auth/session')).status).toBe(200);
    c.clock.advance(29 * 60_000);
    expect((await idle.get('/auth/session')).status).toBe(200);
    c.clock.advance(31 * 60_000);
    expect((await idle.get('/auth/session')).status).toBe(204);

    const busy = (await signIn(c.http, 'fj-office-admin', STRONG)).client;
    for (let minutes = 0; minutes < 12 * 60 - 20; minutes += 20) {
      c.clock.advance(20 * 60_000);
      expect((await busy.get('/auth/session')).status).toBe(200);
    }
    c.clock.advance(20 * 60_000);
    expect((await busy.get('/auth/session')).status).toBe(204);
  });
});

describe('failed sign-ins', () => {
  let oneTime: string;

  beforeAll(async () => {
    const admin = (await signIn(c.http, 'fj-office-admin', STRONG)).client;
    const created = await admin.post('/admin/accounts', { agency: 'lc-office', username: 'li.si', displayName: '李四', roles: ['office_officer'] });
    expect(created.status).toBe(201);
    oneTime = created.body.oneTimePassword;
    await signInChanged(c.http, 'li.si', oneTime);
  });

  it('answers an unknown name exactly as a wrong password, and records both', async () => {
    const unknown = await signIn(c.http, 'no.such.user', 'Whatever-123456');
    const wrong = await signIn(c.http, 'li.si', 'Whatever-123456');
    expect(unknown.res.status).toBe(401);
    expect({ ...unknown.res.body, instance: undefined }).toEqual({ ...wrong.res.body, instance: undefined });
    expect(unknown.res.body).toMatchObject({ code: 'SIGN_IN_FAILED', title: '用户名或密码错误' });
    expect(unknown.res.headers['set-cookie']).toBeUndefined();
    const text = await allEventsText();
    expect(text).toContain('"UnknownAccountSignInFailed"');
    expect(text).toContain('"username":"no.such.user"');
    expect(text).not.toContain('Whatever-123456');
  });

  it('after 3 failures each next attempt waits (429 + Retry-After), at 5 the account locks (423 + Retry-After), enabling unlocks it', async () => {
    c.clock.advance(60_000);
    // One failure above; two more make three.
    for (let i = 0; i < 2; i++) expect((await signIn(c.http, 'li.si', 'Wrong-Password-1')).res.body.code).toBe('SIGN_IN_FAILED');
    const early = await signIn(c.http, 'li.si', STRONG);
    expect(early.res.status).toBe(429);
    expect(early.res.body.code).toBe('SIGN_IN_THROTTLED');
    expect(early.res.headers['retry-after']).toBe('2');
    c.clock.advance(2_000);
    expect((await signIn(c.http, 'li.si', 'Wrong-Password-1')).res.body.code).toBe('SIGN_IN_FAILED');
    expect((await signIn(c.http, 'li.si', STRONG)).res.headers['retry-after']).toBe('4');
    c.clock.advance(4_000);
    expect((await signIn(c.http, 'li.si', 'Wrong-Password-1')).res.body.code).toBe('SIGN_IN_FAILED');
    // Locked now: even the right password is refused until the lockout runs out.
    const locked = await signIn(c.http, 'li.si', STRONG);
    expect(locked.res.status).toBe(423);
    expect(locked.res.body.code).toBe('ACCOUNT_LOCKED');
    expect(locked.res.headers['retry-after']).toBe(String(15 * 60));

    const admin = (await signIn(c.http, 'fj-office-admin', STRONG)).client;
    const list = await admin.get('/admin/accounts?agency=lc-office&status=locked');
    expect(list.body.items.map((a: { username: string }) => a.username)).toEqual(['li.si']);
    const enabled = await admin.post(`/admin/accounts/${list.body.items[0].id}/enable`);
    expect(enabled.body).toMatchObject({ username: 'li.si', status: 'active' });
    expect((await signIn(c.http, 'li.si', STRONG)).res.status).toBe(200);
  });

  it('a lockout runs out by itself after CONSOLE_LOCKOUT_MINUTES', async () => {
    for (let i = 0; i < 5; i++) {
      c.clock.advance(60_000);
      await signIn(c.http, 'li.si', 'Wrong-Password-2');
    }
    expect((await signIn(c.http, 'li.si', STRONG)).res.status).toBe(423);
    c.clock.advance(15 * 60_000);
    expect((await signIn(c.http, 'li.si', STRONG)).res.status).toBe(200);
  });

  it('limits attempts per client address (CONSOLE_SIGN_IN_PER_MINUTE, 30 by default)', async () => {
    c.clock.advance(60_000);
    const answers: number[] = [];
    for (let i = 0; i < 31; i++)
      answers.push(
        (
          await request(c.http)
            .post('/auth/sign-in')
            .send({ username: `guess${i}`, password: 'x' })
        ).status,
      );
    expect(answers.slice(0, 30).every((s) => s === 401)).toBe(true);
    const blocked = await request(c.http).post('/auth/sign-in').send({ username: 'li.si', password: STRONG });
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    c.clock.advance(60_000);
    expect((await signIn(c.http, 'li.si', STRONG)).res.status).toBe(200);
  });

  it('refuses a malformed sign-in with 422 naming the field, never 500', async () => {
    const res = await request(c.http).post('/auth/sign-in').send({ username: 'li.si', password: '' });
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([{ field: 'password', messages: ['password: 1 to 128 characters'] }]);
    expect((await request(c.http).post('/auth/sign-in').send({ username: 'li.si', password: STRONG, totp: '12' })).status).toBe(422);
    expect(clientOf(c.http, undefined).cookie).toBe('');
  });
});
