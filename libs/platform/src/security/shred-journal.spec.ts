/**
 * The shred journal: the vault records each tombstone there before it deletes the key, once per key; the
 * journal reads back every tombstone, leaves out a torn last line and refuses a damaged one in the middle.
 */
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { KEY_VAULT_SCHEMA, KeyVault } from './key-vault';
import { ShredJournal } from './shred-journal';

const KEK = Buffer.alloc(32, 7);
const NOW = new Date('2026-03-01T00:00:00.000Z');
const dir = mkdtempSync(join(tmpdir(), 'jm-shred-journal-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('shred journal', () => {
  it('given a vault with a journal, when a key is shredded (twice), then the journal holds its tombstone once', async () => {
    const dataSource = await new DataSource({
      type: 'better-sqlite3',
      database: join(dir, 'read.sqlite'),
      ...KEY_VAULT_SCHEMA,
      migrationsRun: true,
    }).initialize();
    const journal = new ShredJournal(join(dir, 'deep', 'journal.jsonl'));
    try {
      const vault = new KeyVault(dataSource, KEK, [], journal);
      await vault.ensureKey('informant-1', NOW);
      await vault.ensureKey('informant-2', NOW);
      expect(await vault.shred('informant-1', NOW)).toBe(true);
      expect(await vault.shred('informant-1', new Date('2026-03-02T00:00:00.000Z'))).toBe(false);
      expect(journal.read()).toEqual([{ keyId: 'informant-1', shreddedAt: NOW.toISOString() }]);
      expect(await vault.status('informant-2')).toBe('active');
    } finally {
      await dataSource.destroy();
    }
  });

  it('given a torn last line, then it is left out; given a damaged line before the last, then reading fails naming it', () => {
    const journal = new ShredJournal(join(dir, 'torn.jsonl'));
    journal.ensure();
    expect(journal.read()).toEqual([]);
    journal.record({ keyId: 'k1', shreddedAt: NOW.toISOString() });
    appendFileSync(journal.path, '{"keyId":"k2","shred');
    expect(journal.read()).toEqual([{ keyId: 'k1', shreddedAt: NOW.toISOString() }]);
    appendFileSync(journal.path, '\n{"keyId":"k3","shreddedAt":"2026-03-03T00:00:00.000Z"}\n');
    expect(() => journal.read()).toThrow(/torn\.jsonl line 2 is not a tombstone/);
  });

  it('given no journal at the path, then reading refuses (a restore must not go on without it)', () => {
    expect(() => new ShredJournal(join(dir, 'missing.jsonl')).read()).toThrow(/no shred journal at .*missing\.jsonl/);
  });
});
