/**
 * The credentials and session tables on PostgreSQL (the distributed mode's read model) with the PostgreSQL event
 * store: first start, the forced change, TOTP with its spent step, and sessions stored as the hash of the cookie.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { READ_MODEL_TOKEN } from '@jm/platform';
import { createTestSchema } from '@jm/testing';
import { CredentialEntity } from '../../services/console/src/accounts/credentials/credentials.table';
import { base32Decode, hotp, totpStep } from '../../services/console/src/accounts/credentials/totp';
import { SessionEntity } from '../../services/console/src/session/session.table';
import { ConsoleUnderTest, firstAdmins, removeDir, signIn, signInChanged, startConsole, STRONG } from './support';

jest.setTimeout(90_000);

let c: ConsoleUnderTest;
let drop: () => Promise<void>;

beforeAll(async () => {
  const schema = await createTestSchema('console');
  drop = schema.drop;
  c = await startConsole(
    {
      EVENT_STORE: 'postgres',
      PG_URL: schema.url,
      PG_SCHEMA: schema.schema,
      READ_MODEL_DB: 'postgres',
      READ_MODEL_PG_URL: schema.url,
      READ_MODEL_PG_SCHEMA: schema.schema,
    },
    mkdtempSync(join(tmpdir(), 'jm-console-pg-')),
  );
});

afterAll(async () => {
  await c?.close();
  await drop?.();
  if (c) removeDir(c.dir);
});

it('keeps credentials and sessions in PostgreSQL: hashes only, a TOTP step spent once, sessions by the hash of the cookie', async () => {
  const db = c.app.get<DataSource>(READ_MODEL_TOKEN);
  const admin = await signInChanged(c.http, 'fj-office-admin', firstAdmins(c.printed)['fj-office-admin']);
  const created = await admin.post('/admin/accounts', { agency: 'qz-office', username: 'pg.user', displayName: '赵六', roles: ['analyst'] });
  expect(created.status).toBe(201);
  const user = await signInChanged(c.http, 'pg.user', created.body.oneTimePassword);

  const row = await db.getRepository(CredentialEntity).findOneByOrFail({ username: 'pg.user' });
  expect(row.passwordHash).toMatch(/^scrypt\$32768\$8\$1\$/);
  expect(row.agency).toBe('qz-office');

  const secret = (await user.post('/auth/totp/setup')).body.secret as string;
  const pending = await db.getRepository(CredentialEntity).findOneByOrFail({ username: 'pg.user' });
  expect(pending.totpPending).not.toContain(secret);
  expect(JSON.parse(pending.totpPending ?? '{}')).toMatchObject({ alg: 'AES-256-GCM' });
  const step = totpStep(c.clock.now());
  expect((await user.post('/auth/totp/confirm', { code: hotp(base32Decode(secret), step) })).status).toBe(204);
  expect((await db.getRepository(CredentialEntity).findOneByOrFail({ username: 'pg.user' })).totpLastStep).toBe(step);
  c.clock.advance(30_000);
  const code = hotp(base32Decode(secret), step + 1);
  const first = await signIn(c.http, 'pg.user', STRONG, code);
  expect(first.res.status).toBe(200);
  expect((await signIn(c.http, 'pg.user', STRONG, code)).res.body.code).toBe('SIGN_IN_FAILED');

  const token = decodeURIComponent(/jm_session=([^;]+)/.exec(first.client.cookie)?.[1] ?? '');
  const session = await db.getRepository(SessionEntity).findOneByOrFail({ tokenHash: createHash('sha256').update(token).digest('hex') });
  expect(session).toMatchObject({ username: 'pg.user', mustChangePassword: false, totpEnrolmentRequired: false, endedAt: null });
  expect(JSON.stringify(await db.getRepository(SessionEntity).find())).not.toContain(token);

  await admin.post(`/admin/accounts/${created.body.account.id}/revoke-sessions`);
  expect((await first.client.get('/auth/session')).status).toBe(204);
  expect((await db.getRepository(SessionEntity).findOneByOrFail({ id: session.id })).endReason).toBe('revoked');
});
