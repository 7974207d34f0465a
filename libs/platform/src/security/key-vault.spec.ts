/** Crypto-shredding, and the rotation of the key-encryption key, on both read-model databases the services use. */
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import type { SealedValue } from '@jm/contracts';
import { createTestSchema } from '@jm/testing';
import { CryptoKeyEntity, KEY_VAULT_SCHEMA, KeyNotFoundError, KeyShreddedError, KeyVault } from './key-vault';
import { KeyEncryptionKeyMissingError, keyEncryptionKeyId, KeyEncryptionKeys } from './key-encryption-keys';
import { KekRotationProgress, rewrapDataKeys } from './kek-rotation';
import { keyVaultCoverage, UNKNOWN_KEK_ID } from './key-vault-coverage';

const NOW = new Date('2026-11-22T02:00:00Z');
const identity = { name: '王某', phone: '13800000000', idNumber: '350502199001011234', address: '泉州市鲤城区某路1号' };

function vaultSpec(name: string, open: () => Promise<{ dataSource: DataSource; close: () => Promise<void> }>): void {
  describe(`key vault on ${name}`, () => {
    let dataSource: DataSource;
    let close: () => Promise<void>;
    let vault: KeyVault;
    const kek = randomBytes(32);

    beforeAll(async () => {
      ({ dataSource, close } = await open());
      vault = new KeyVault(dataSource, kek);
    });
    afterAll(async () => close());

    it('given a sealed identity, then only the sealed form is stored and it opens to the original', async () => {
      await vault.ensureKey('informant-a', NOW);
      await vault.ensureKey('informant-a', NOW);
      const sealed = await vault.seal('informant-a', identity);
      expect(JSON.stringify(sealed)).not.toContain('王某');
      expect(JSON.stringify(sealed)).not.toContain('13800000000');
      expect(await vault.open(sealed)).toEqual(identity);
      const row = await dataSource.getRepository(CryptoKeyEntity).findOneByOrFail({ keyId: 'informant-a' });
      expect(row.wrappedKey).not.toContain(kek.toString('base64'));
    });

    it('given a shredded key, then nothing it sealed can be opened, the key cannot come back, and shredding again changes nothing', async () => {
      await vault.ensureKey('informant-b', NOW);
      const sealed = await vault.seal('informant-b', identity);
      expect(await vault.shred('informant-b', NOW)).toBe(true);
      await expect(vault.open(sealed)).rejects.toBeInstanceOf(KeyShreddedError);
      await expect(vault.ensureKey('informant-b', NOW)).rejects.toBeInstanceOf(KeyShreddedError);
      expect(await vault.shred('informant-b', NOW)).toBe(false);
      expect(await vault.status('informant-b')).toBe('shredded');
      // The key material itself is gone from the table, not just flagged.
      const row = await dataSource.getRepository(CryptoKeyEntity).findOneByOrFail({ keyId: 'informant-b' });
      expect(row).toMatchObject({ wrappedKey: null, shreddedAt: NOW.toISOString() });
    });

    it('given another key-encryption key, then the data keys cannot be unwrapped', async () => {
      await vault.ensureKey('informant-c', NOW);
      const sealed = await vault.seal('informant-c', identity);
      await expect(new KeyVault(dataSource, randomBytes(32)).open(sealed)).rejects.toThrow();
    });

    it('given an unknown key, then it says so', async () => {
      await expect(vault.shred('nobody', NOW)).rejects.toBeInstanceOf(KeyNotFoundError);
      expect(await vault.status('nobody')).toBe('unknown');
    });
  });

  describe(`the startup count of unreadable keys on ${name}`, () => {
    let dataSource: DataSource;
    let close: () => Promise<void>;
    const kept = randomBytes(32);
    const forgotten = randomBytes(32);

    beforeAll(async () => {
      ({ dataSource, close } = await open());
      // 1,203 rows written before kek_id existed (more than two of the check's batches): every third under the KEK
      // that is no longer configured; and two with ids under each KEK.
      const legacy = Array.from({ length: 1_203 }, (_, i) => `legacy-${String(i).padStart(4, '0')}`);
      for (const [i, keyId] of legacy.entries()) await new KeyVault(dataSource, i % 3 === 0 ? forgotten : kept).ensureKey(keyId, NOW);
      await dataSource.getRepository(CryptoKeyEntity).createQueryBuilder().update().set({ kekId: null }).execute();
      for (const keyId of ['new-1', 'new-2']) await new KeyVault(dataSource, kept).ensureKey(keyId, NOW);
      for (const keyId of ['old-1', 'old-2']) await new KeyVault(dataSource, forgotten).ensureKey(keyId, NOW);
      // A shredded key is not live: never counted.
      await new KeyVault(dataSource, forgotten).shred('old-2', NOW);
    });
    afterAll(async () => close());

    it('given rows with and without kek_id, then each unreadable key is counted once, by KEK id or as unknown', async () => {
      const coverage = await keyVaultCoverage(dataSource, new KeyEncryptionKeys(kept));
      expect(coverage).toEqual({
        keysByKek: { [keyEncryptionKeyId(kept)]: 2, [keyEncryptionKeyId(forgotten)]: 1, [UNKNOWN_KEK_ID]: 401 },
        unreadable: { [keyEncryptionKeyId(forgotten)]: 1, [UNKNOWN_KEK_ID]: 401 },
      });
    });

    it('given the forgotten KEK as a previous one, then nothing is unreadable', async () => {
      const coverage = await keyVaultCoverage(dataSource, new KeyEncryptionKeys(kept, [forgotten]));
      expect(coverage.unreadable).toEqual({});
      expect(coverage.keysByKek).toEqual({ [keyEncryptionKeyId(kept)]: 2, [keyEncryptionKeyId(forgotten)]: 1 });
    });
  });

  describe(`key-encryption key rotation on ${name}`, () => {
    let dataSource: DataSource;
    let close: () => Promise<void>;
    const [oldKek, newKek, strayKek] = [randomBytes(32), randomBytes(32), randomBytes(32)];
    const people = ['p1', 'p2', 'p3', 'p4', 'p5'];
    const sealed: Record<string, SealedValue> = {};
    const rows = () => dataSource.getRepository(CryptoKeyEntity).find({ order: { keyId: 'ASC' } });

    beforeAll(async () => {
      ({ dataSource, close } = await open());
      const before = new KeyVault(dataSource, oldKek);
      for (const id of people) {
        await before.ensureKey(id, NOW);
        sealed[id] = await before.seal(id, { ...identity, name: id });
      }
      await before.shred('p5', NOW);
      // p4 as a row written before kek_id existed: its KEK is found by trying each configured one.
      await dataSource.getRepository(CryptoKeyEntity).update({ keyId: 'p4' }, { kekId: null });
    });
    afterAll(async () => close());

    it('given keys under the old KEK, when the new one is current and the old one previous, then they open and new keys take the new one', async () => {
      expect((await rows()).map((r) => r.kekId)).toEqual([
        keyEncryptionKeyId(oldKek),
        keyEncryptionKeyId(oldKek),
        keyEncryptionKeyId(oldKek),
        null,
        keyEncryptionKeyId(oldKek),
      ]);
      const during = new KeyVault(dataSource, newKek, [oldKek]);
      for (const id of ['p1', 'p4']) expect(await during.open(sealed[id])).toEqual({ ...identity, name: id });
      await during.ensureKey('p6', NOW);
      sealed.p6 = await during.seal('p6', identity);
      expect(await dataSource.getRepository(CryptoKeyEntity).findOneByOrFail({ keyId: 'p6' })).toMatchObject({ kekId: keyEncryptionKeyId(newKek) });
    });

    it('given a run stopped after its first batch, when run again, then it re-wraps the rest once, and a third run has nothing to do', async () => {
      const keks = new KeyEncryptionKeys(newKek, [oldKek]);
      const seen: KekRotationProgress[] = [];
      const stop = new Error('stopped');
      await expect(
        rewrapDataKeys(dataSource, keks, {
          batchSize: 2,
          onProgress: (p) => {
            seen.push(p);
            throw stop;
          },
        }),
      ).rejects.toBe(stop);
      expect(seen).toEqual([{ total: 4, rewrapped: 2, skipped: 0 }]);
      const resumed = await rewrapDataKeys(dataSource, keks, { batchSize: 2 });
      expect(resumed).toEqual({ total: 2, rewrapped: 2, skipped: 0, kekId: keks.currentId, problems: [] });
      expect(await rewrapDataKeys(dataSource, keks)).toMatchObject({ total: 0, rewrapped: 0, skipped: 0, problems: [] });
    });

    it('given the rotation ran, when the old KEK is removed, then every identity opens, and the shredded one stays shredded', async () => {
      const after = new KeyVault(dataSource, newKek);
      for (const id of ['p1', 'p2', 'p3', 'p4']) expect(await after.open(sealed[id])).toEqual({ ...identity, name: id });
      expect(await after.open(sealed.p6)).toEqual(identity);
      await expect(after.open(sealed.p5)).rejects.toBeInstanceOf(KeyShreddedError);
      const current = keyEncryptionKeyId(newKek);
      expect((await rows()).map((r) => [r.keyId, r.kekId === current, r.wrappedKey === null])).toEqual([
        ['p1', true, false],
        ['p2', true, false],
        ['p3', true, false],
        ['p4', true, false],
        ['p5', false, true],
        ['p6', true, false],
      ]);
    });

    it('given a key wrapped with a KEK that is not configured, then opening it and re-wrapping it name that KEK by id, never by value', async () => {
      const stray = new KeyVault(dataSource, strayKek);
      await stray.ensureKey('p7', NOW);
      const p7 = await stray.seal('p7', identity);
      const withoutIt = new KeyVault(dataSource, newKek, [oldKek]);
      const error = await withoutIt.open(p7).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(KeyEncryptionKeyMissingError);
      expect((error as Error).message).toContain(`key-encryption key ${keyEncryptionKeyId(strayKek)}`);
      expect((error as Error).message).not.toContain(strayKek.toString('hex'));
      const result = await rewrapDataKeys(dataSource, new KeyEncryptionKeys(newKek, [oldKek]));
      expect(result).toMatchObject({ total: 1, rewrapped: 0, skipped: 1 });
      expect(result.problems).toEqual([expect.stringContaining(keyEncryptionKeyId(strayKek))]);
      // Once the stray key is configured as a previous one, the run takes it over.
      expect(await rewrapDataKeys(dataSource, new KeyEncryptionKeys(newKek, [strayKek]))).toMatchObject({ rewrapped: 1, problems: [] });
      expect(await new KeyVault(dataSource, newKek).open(p7)).toEqual(identity);
    });
  });
}

vaultSpec('SQLite', async () => {
  const dataSource = await new DataSource({
    type: 'better-sqlite3',
    database: join(mkdtempSync(join(tmpdir(), 'jm-vault-')), 'read.sqlite'),
    ...KEY_VAULT_SCHEMA,
    migrationsRun: true,
  }).initialize();
  return { dataSource, close: () => dataSource.destroy() };
});

vaultSpec('PostgreSQL', async () => {
  const schema = await createTestSchema('vault');
  const dataSource = await new DataSource({
    type: 'postgres',
    url: schema.url,
    schema: schema.schema,
    ...KEY_VAULT_SCHEMA,
    migrationsRun: true,
  }).initialize();
  return {
    dataSource,
    close: async () => {
      await dataSource.destroy();
      await schema.drop();
    },
  };
});
