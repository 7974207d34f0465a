/**
 * SessionPort.openExternal, as OpenID Connect sign-in calls it: the first sign-in of an identity creates its
 * account (no password), later ones bring roles and name up to the claims, the session cookies are set and the
 * session works on the console's routes; an unknown agency is refused, a disabled account gets SIGN_IN_FAILED.
 */
import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import { SESSION_PORT, SessionPort } from '../../services/console/src/session/session.port';
import { clientOf, ConsoleUnderTest, firstAdmins, removeDir, signIn, signInChanged, startConsole } from './support';

jest.setTimeout(60_000);

let c: ConsoleUnderTest;
let port: SessionPort;

beforeAll(async () => {
  c = await startConsole();
  port = c.app.get<SessionPort>(SESSION_PORT);
});

afterAll(async () => {
  await c?.close();
  if (c) removeDir(c.dir);
});

function exchange(): { req: IncomingMessage; res: ServerResponse } {
  const req = new IncomingMessage(new Socket());
  return { req, res: new ServerResponse(req) };
}

const identity = { issuer: 'https://idp.example.gov.cn', subject: 'u-1001', agency: 'lc-market', roles: ['unit_officer'], displayName: '孙七' };

it('creates the account at the first sign-in, follows the claims later, and opens a session that works', async () => {
  const first = exchange();
  const session = await port.openExternal(identity, first.req, first.res);
  expect(session).toMatchObject({
    agency: 'lc-market',
    roles: ['unit_officer'],
    displayName: '孙七',
    mustChangePassword: false,
    totpEnrolmentRequired: false,
  });
  const client = clientOf(c.http, first.res.getHeader('Set-Cookie') as string[]);
  expect((await client.get('/auth/session')).body).toMatchObject({
    accountId: session.accountId,
    username: expect.stringMatching(/^ext-[0-9a-f]{24}$/),
  });

  const second = exchange();
  const again = await port.openExternal({ ...identity, roles: ['unit_officer', 'analyst'], displayName: '孙七七' }, second.req, second.res);
  expect(again).toMatchObject({ accountId: session.accountId, roles: ['unit_officer', 'analyst'], displayName: '孙七七' });

  const admin = await signInChanged(c.http, 'fj-office-admin', firstAdmins(c.printed)['fj-office-admin']);
  const listed = (await admin.get('/admin/accounts?agency=lc-market')).body.items;
  expect(listed).toEqual([expect.objectContaining({ id: session.accountId, external: true, roles: ['unit_officer', 'analyst'] })]);
  // No password to reset, and none to sign in with.
  expect((await admin.post(`/admin/accounts/${session.accountId}/reset-password`)).body.code).toBe('DOMAIN_RULE_VIOLATED');
  expect((await signIn(c.http, listed[0].username, 'Anything-123456')).res.body.code).toBe('SIGN_IN_FAILED');

  await admin.post(`/admin/accounts/${session.accountId}/disable`, { reason: '离职' });
  const third = exchange();
  await expect(port.openExternal(identity, third.req, third.res)).rejects.toMatchObject({ code: 'SIGN_IN_FAILED' });
  expect(third.res.getHeader('Set-Cookie')).toBeUndefined();
});

it('refuses an agency that is not in the registry, and roles the agency cannot hold', async () => {
  const a = exchange();
  await expect(port.openExternal({ ...identity, subject: 'u-2', agency: 'nowhere' }, a.req, a.res)).rejects.toMatchObject({ code: 'FORBIDDEN' });
  const b = exchange();
  await expect(port.openExternal({ ...identity, subject: 'u-3', roles: ['admin'] }, b.req, b.res)).rejects.toMatchObject({
    code: 'DOMAIN_RULE_VIOLATED',
  });
});
