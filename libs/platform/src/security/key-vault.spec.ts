/** Crypto-shredding on both read-model databases the services use. */
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { createTestSchema } from '@jm/testing';
import { CryptoKeyEntity, KEY_VAULT_SCHEMA, KeyNotFoundError, KeyShreddedError, KeyVault } from './key-vault';

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
