/**
 * Backup of the embedded mode (SQLite) while the store is written to: `npm run
 * backup` (a child process, the online backup API) runs while this process keeps
 * appending. The copy is one consistent moment of the log: exactly the source's
 * events up to the manifest's head, every chain intact; and the drill restores
 * it, with a key shredded after the backup staying shredded.
 */
import Database from 'better-sqlite3';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { RecordAccessedData } from '@jm/contracts';
import { SqliteEventStore } from '@jm/event-sourcing';
import { KeyVault, ShredJournal } from '@jm/platform';
import { TEST_SECURITY_ENV } from '@jm/platform/testing';
import { INTAKE_READ_MODEL } from '../../services/intake/src/intake.read-model';
import { verifyStore } from '../../services/reporting/src/audit/audit-verification';
import { Manifest } from '../../scripts/ops-backup/backup';
import { runDrill } from '../../scripts/ops-backup/drill';
import { installationFromEnv } from '../../scripts/ops-backup/settings';
import { openServiceDatabase } from '../../scripts/ops-backup/vault';
import { appendScenario, generateScenario } from '../reporting/support/reporting-scenario';
import { runNpmScript } from './support';

jest.setTimeout(180_000);

const dir = mkdtempSync(join(tmpdir(), 'jm-backup-sqlite-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const rowsUpTo = (path: string, head: number) => {
  const db = new Database(path, { readonly: true });
  try {
    return db.prepare('SELECT * FROM events WHERE position <= ? ORDER BY position').all(head);
  } finally {
    db.close();
  }
};

it('a backup taken while events are appended is one consistent moment of the log, and the drill restores it', async () => {
  const env = {
    EVENT_STORE: 'sqlite',
    DATA_DIR: dir,
    SQLITE_PATH: join(dir, 'events.sqlite'),
    INTAKE_READ_MODEL_SQLITE_PATH: join(dir, 'intake-read.sqlite'),
    BACKUP_VAULTS: 'intake',
    SHRED_JOURNAL_PATH: join(dir, 'shred-journal.jsonl'),
  };
  const store = SqliteEventStore.open({ path: env.SQLITE_PATH });
  const intakeDb = await openServiceDatabase(INTAKE_READ_MODEL, { kind: 'sqlite', path: env.INTAKE_READ_MODEL_SQLITE_PATH });
  const vault = new KeyVault(intakeDb, Buffer.from(TEST_SECURITY_ENV.KEY_ENCRYPTION_KEY, 'hex'), [], new ShredJournal(env.SHRED_JOURNAL_PATH));
  try {
    await vault.ensureKey('informant-a', new Date());
    await vault.ensureKey('informant-b', new Date());
    await appendScenario(store, generateScenario({ seed: 77, leads: 40 }));
    const before = await store.headPosition();

    // A writer appends until the backup process has ended; its events are the access records of a busy office.
    let writing = true;
    let appended = 0;
    const writer = (async () => {
      while (writing) {
        const id = randomUUID();
        await store.append(
          `access-lead-${id}`,
          [
            {
              id: randomUUID(),
              type: 'RecordAccessed',
              schemaVersion: 1,
              data: {
                resourceType: 'lead',
                resourceId: id,
                agency: 'lc-office',
                user: 'u1',
                roles: ['office_officer'],
                fields: ['summary'],
                granted: true,
              } satisfies RecordAccessedData,
              time: new Date().toISOString(),
              correlationId: id,
              causationId: id,
              actor: { agency: 'lc-office', user: 'u1' },
            },
          ],
          'no_stream',
        );
        appended++;
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    const backup = join(dir, 'backup');
    const result = await runNpmScript('backup', ['--to', backup], env).finally(() => (writing = false));
    await writer;
    expect(result).toMatchObject({ code: 0 });

    const manifest = JSON.parse(readFileSync(join(backup, 'manifest.json'), 'utf8')) as Manifest;
    const after = await store.headPosition();
    // The backup fell in the middle of the writes.
    expect(manifest.store.headPosition).toBeGreaterThan(before);
    expect(manifest.store.headPosition).toBeLessThan(after);
    expect(appended).toBeGreaterThan(10);
    // Exactly the source's events up to the head, byte for byte, none missing and none more.
    const copied = rowsUpTo(join(backup, 'events.sqlite'), Number.MAX_SAFE_INTEGER);
    expect(copied).toHaveLength(manifest.store.events);
    expect(copied).toEqual(rowsUpTo(env.SQLITE_PATH, manifest.store.headPosition));
    // Every chain intact (checked on a copy: opening a store writes its WAL next to the file).
    copyFileSync(join(backup, 'events.sqlite'), join(dir, 'check.sqlite'));
    const check = SqliteEventStore.open({ path: join(dir, 'check.sqlite') });
    const verified = await verifyStore(check);
    await check.close();
    expect(verified).toMatchObject({ ok: true, events: manifest.store.events, headPosition: manifest.store.headPosition });
    expect(manifest.vaults).toEqual([{ service: 'intake', file: 'vault-intake.json', keys: 2, shredded: 0 }]);
    // Intake's own database is in the backup too, without a trace of the wrapped keys (they are in the vault file only).
    expect(manifest.readModels).toEqual([{ service: 'intake', file: 'intake-read.sqlite' }]);
    const wrapped = (JSON.parse(readFileSync(join(backup, 'vault-intake.json'), 'utf8')) as { keys: Array<{ wrapped_key: string }> }).keys;
    const copy = readFileSync(join(backup, 'intake-read.sqlite'));
    expect(wrapped.filter((k) => copy.includes(k.wrapped_key.split('.')[2]))).toEqual([]);

    // Shredded after the backup: the drill's restore keeps it shredded.
    expect(await vault.shred('informant-a', new Date())).toBe(true);
    const lines: string[] = [];
    const target = join(dir, 'restored');
    const report = await runDrill({ installation: installationFromEnv(env), from: backup, target, log: (l) => lines.push(l) });
    expect(report).toMatchObject({ ok: true, comparedWith: 'source-at-head', differences: [] });
    expect(report.vaults).toEqual([{ service: 'intake', keys: 2, shredded: 1, shreddedByJournal: 1 }]);
    expect(report.tables.lead_ledger.restored).toBe(40);
    // The other services' read models too, each rebuilt into a file of its own beside the restored store.
    expect(report.tables.lead_summary).toEqual({ service: 'intake', source: 40, restored: 40, differences: 0 });
    expect(report.tables.access_log).toEqual({ service: 'reporting', source: expect.any(Number), restored: expect.any(Number), differences: 0 });
    expect(report.tables.access_log.restored).toBeGreaterThan(appended / 2);
    const restored = new Database(join(target, 'intake-read.sqlite'), { readonly: true });
    try {
      expect(restored.prepare('SELECT key_id, wrapped_key IS NULL AS shredded FROM crypto_keys ORDER BY key_id').all()).toEqual([
        { key_id: 'informant-a', shredded: 1 },
        { key_id: 'informant-b', shredded: 0 },
      ]);
    } finally {
      restored.close();
    }
  } finally {
    await intakeDb.destroy();
    await store.close();
  }
});
