/**
 * `npm run rotate:kek` as an operator runs it, once, against intake's key vault on PostgreSQL: keys wrapped with the
 * old key-encryption key (one from before kek_id was recorded, one shredded) are re-wrapped with the new one, with
 * progress printed and no key in the output; afterwards the vault opens everything with the new key alone.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import type { SealedValue } from '@jm/contracts';
import { CryptoKeyEntity, KEY_VAULT_SCHEMA, keyEncryptionKeyId, KeyShreddedError, KeyVault } from '@jm/platform';
import { TEST_JWT_SECRET } from '@jm/platform/testing';
import { createTestSchema } from '@jm/testing';
import { ROOT } from '../support/service-process';

const NOW = new Date('2026-12-01T02:00:00Z');
const [OLD, NEW] = [randomBytes(32), randomBytes(32)];

function rotateKek(args: string[], env: Record<string, string>): { code: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, ['-r', '@swc-node/register', join('scripts', 'rotate-kek.ts'), ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', ...env },
    encoding: 'utf8',
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('rotate:kek', () => {
  let schema: Awaited<ReturnType<typeof createTestSchema>>;
  let db: DataSource;
  const sealed: Record<string, SealedValue> = {};

  beforeAll(async () => {
    schema = await createTestSchema('rotate_kek');
    db = await new DataSource({ type: 'postgres', url: schema.url, schema: schema.schema, ...KEY_VAULT_SCHEMA, migrationsRun: true }).initialize();
    const before = new KeyVault(db, OLD);
    for (const id of ['informant-1', 'informant-2', 'informant-3', 'informant-4']) {
      await before.ensureKey(id, NOW);
      sealed[id] = await before.seal(id, { name: id });
    }
    await before.shred('informant-4', NOW);
    await db.getRepository(CryptoKeyEntity).update({ keyId: 'informant-3' }, { kekId: null });
  });
  afterAll(async () => {
    await db?.destroy();
    await schema?.drop();
  });

  it('given keys under the old KEK, then it re-wraps the live ones under the new KEK, printing progress, and the old KEK can go', async () => {
    const run = rotateKek(['--service', 'intake', '--batch', '2'], {
      JWT_SECRET: TEST_JWT_SECRET,
      KEY_ENCRYPTION_KEY: NEW.toString('hex'),
      KEY_ENCRYPTION_KEY_PREVIOUS: OLD.toString('hex'),
      READ_MODEL_DB: 'postgres',
      READ_MODEL_PG_URL: schema.url,
      READ_MODEL_PG_SCHEMA: schema.schema,
    });
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
    expect(run.stdout).toContain(`intake: re-wrapping data keys under key-encryption key ${keyEncryptionKeyId(NEW)}`);
    expect(run.stdout).toContain('intake: 2/3 (2 re-wrapped, 0 skipped)');
    expect(run.stdout).toContain('intake: 3/3 (3 re-wrapped, 0 skipped)');
    expect(run.stdout).toContain('KEY_ENCRYPTION_KEY_PREVIOUS may be removed');
    for (const kek of [OLD, NEW]) expect(run.stdout).not.toContain(kek.toString('hex'));

    const after = new KeyVault(db, NEW);
    for (const id of ['informant-1', 'informant-2', 'informant-3']) expect(await after.open(sealed[id])).toEqual({ name: id });
    await expect(after.open(sealed['informant-4'])).rejects.toBeInstanceOf(KeyShreddedError);
    expect(await db.getRepository(CryptoKeyEntity).findOneByOrFail({ keyId: 'informant-4' })).toMatchObject({ wrappedKey: null });
  });
});
