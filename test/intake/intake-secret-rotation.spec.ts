/**
 * The rotation runbook (docs/operations/secrets.md) on intake, restarted on the same files at each step: an
 * identity sealed under the old key-encryption key, and tokens signed with the old JWT secret, keep working while
 * both old secrets are kept as previous ones; after the data keys are re-wrapped and the old secrets removed, the
 * identity still opens, old tokens are refused, and a shredded identity stays shredded throughout. With the
 * right KEK lost, the identity is a clear 500 (KEY_ENCRYPTION_KEY_MISSING) and the rest of the service still works.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { rmSync } from 'node:fs';
import request from 'supertest';
import { keyEncryptionKeyId, KeyEncryptionKeys, rewrapDataKeys, signToken } from '@jm/platform';
import { bearer, TEST_SECURITY_ENV } from '@jm/platform/testing';
import { IntakeHarness, startIntake, submitAgencyLead } from './support';

const IDENTITY = { name: '赵六', phone: '13712345678', idNumber: '350502198502021234', address: '鲤城区开元街道某某路5号' };
const PURPOSE = encodeURIComponent('核实举报内容');
const NEW_JWT = randomBytes(32).toString('base64url');
const NEW_KEK = randomBytes(32).toString('hex');
const OLD = TEST_SECURITY_ENV;

describe('intake: rotating JWT_SECRET and KEY_ENCRYPTION_KEY', () => {
  let h: IntakeHarness;
  /** The first start's folder: its database files outlive every restart. */
  let filesDir: string;
  let files: Record<string, string>;
  let leadId: string;
  let shreddedId: string;
  const oldToken = () => bearer('lc-office', ['office_officer']);
  const newToken = () => ({
    Authorization: `Bearer ${signToken({ sub: 'lc-office-user', agency: 'lc-office', roles: ['office_officer'] }, NEW_JWT, { ttlSeconds: 600 })}`,
  });
  const identityOf = (id: string, auth: { Authorization: string }) =>
    request(h.http).get(`/leads/${id}/informant`).set(auth).set('X-Access-Purpose', PURPOSE);
  /** Intake stopped and started again on the same database files, with these secrets. */
  const restart = async (secrets: Record<string, string>) => {
    await h.app.close();
    if (h.dir !== filesDir) rmSync(h.dir, { recursive: true, force: true });
    h = await startIntake({ ...files, ...secrets });
  };

  beforeAll(async () => {
    h = await startIntake();
    filesDir = h.dir;
    files = {
      SQLITE_PATH: join(filesDir, 'events.sqlite'),
      READ_MODEL_SQLITE_PATH: join(filesDir, 'intake-read.sqlite'),
      EVIDENCE_DIR: join(filesDir, 'evidence'),
    };
    ({ leadId } = await submitAgencyLead(h, 'lc-market', ['unit_officer'], { informant: IDENTITY }));
    ({ leadId: shreddedId } = await submitAgencyLead(h, 'lc-market', ['unit_officer'], { informant: { ...IDENTITY, name: '钱七' } }));
    await request(h.http)
      .post(`/leads/${shreddedId}/informant/shred`)
      .set(bearer('lc-office', ['admin']))
      .send({ reason: '举报人申请删除身份信息' })
      .expect(200);
    await identityOf(leadId, oldToken()).expect(200);
  });
  afterAll(async () => {
    await h?.close();
    if (filesDir) rmSync(filesDir, { recursive: true, force: true });
  });

  it('given the new secrets current and the old ones previous, then old and new tokens read the identity sealed under the old key', async () => {
    await restart({
      JWT_SECRET: NEW_JWT,
      JWT_PREVIOUS_SECRETS: OLD.JWT_SECRET,
      KEY_ENCRYPTION_KEY: NEW_KEK,
      KEY_ENCRYPTION_KEY_PREVIOUS: OLD.KEY_ENCRYPTION_KEY,
    });
    expect((await identityOf(leadId, oldToken()).expect(200)).body.informant).toEqual(IDENTITY);
    expect((await identityOf(leadId, newToken()).expect(200)).body.informant).toEqual(IDENTITY);
    expect((await identityOf(shreddedId, newToken()).expect(410)).body.code).toBe('KEY_SHREDDED');
  });

  it('given the data keys re-wrapped and the old secrets removed, then the identity opens, old tokens are refused, the shredded one stays shredded', async () => {
    const rewrapped = await rewrapDataKeys(h.db, new KeyEncryptionKeys(Buffer.from(NEW_KEK, 'hex'), [Buffer.from(OLD.KEY_ENCRYPTION_KEY, 'hex')]));
    expect(rewrapped).toMatchObject({ total: 1, rewrapped: 1, problems: [] });
    await restart({ JWT_SECRET: NEW_JWT, KEY_ENCRYPTION_KEY: NEW_KEK });
    expect((await identityOf(leadId, newToken()).expect(200)).body.informant).toEqual(IDENTITY);
    expect((await identityOf(leadId, oldToken()).expect(401)).body.detail).toContain('signature is not valid');
    expect((await identityOf(shreddedId, newToken()).expect(410)).body.code).toBe('KEY_SHREDDED');
    expect(await h.db.query('SELECT wrapped_key FROM crypto_keys WHERE key_id = ?', [`informant-${shreddedId}`])).toEqual([{ wrapped_key: null }]);
  });

  it('given a KEK that wrapped nothing here (the right one lost), then reading the identity is a 500 naming the problem, not the key, and the service goes on', async () => {
    const stray = randomBytes(32).toString('hex');
    await restart({ JWT_SECRET: NEW_JWT, KEY_ENCRYPTION_KEY: stray });
    const res = await identityOf(leadId, newToken()).expect(500);
    expect(res.body).toMatchObject({ code: 'KEY_ENCRYPTION_KEY_MISSING', title: '服务器密钥配置不完整，请联系管理员' });
    for (const secret of [NEW_KEK, stray, keyEncryptionKeyId(Buffer.from(NEW_KEK, 'hex'))]) expect(JSON.stringify(res.body)).not.toContain(secret);
    await request(h.http).get(`/leads/${leadId}`).set(newToken()).expect(200);
  });
});
