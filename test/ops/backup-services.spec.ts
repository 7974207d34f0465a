/**
 * The backup covers each service's own database and intake's evidence files
 * (issue 20), on PostgreSQL (pg_dump of each service's schema, restored into a
 * schema of the target database or one named by --vault-target) and SQLite
 * (the online backup API, restored into npm start's layout), notifications in a
 * database of its own with schema public, as docker-compose runs it: every table of
 * every service database (checkpoints, notifications' outbox with a dead
 * letter, the console's accounts table, the vaults) comes back row for row,
 * the evidence files byte for byte, and one changed evidence file fails the
 * restore naming that file, before anything is written.
 */
import Database from 'better-sqlite3';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { ConsumerCheckpointEntity } from '@jm/bus';
import { PostgresEventStore, SqliteEventStore } from '@jm/event-sourcing';
import { KeyVault, ReadModelSchema, ReadModelSettings, ShredJournal } from '@jm/platform';
import { TEST_SECURITY_ENV } from '@jm/platform/testing';
import { createTestDatabase, createTestSchema, uniqueName } from '@jm/testing';
import { CASES_READ_MODEL } from '../../services/cases/src/cases.read-model';
import { CONSOLE_READ_MODEL } from '../../services/console/src/console.read-model';
import { EvidenceStore } from '../../services/intake/src/evidence/evidence.store';
import { INTAKE_READ_MODEL } from '../../services/intake/src/intake.read-model';
import { OutboxEntity } from '../../services/notifications/src/channels/channels.entities';
import { NOTIFICATIONS_READ_MODEL } from '../../services/notifications/src/notifications.read-model';
import { appendScenario, generateScenario } from '../reporting/support/reporting-scenario';
import { Manifest } from '../../scripts/ops-backup/backup';
import { EXIT, runOpsCli } from '../../scripts/ops-backup/cli';
import { openServiceDatabase } from '../../scripts/ops-backup/vault';

jest.setTimeout(240_000);

const KEK = Buffer.from(TEST_SECURITY_ENV.KEY_ENCRYPTION_KEY, 'hex');
const SCHEMAS: Record<string, ReadModelSchema> = {
  intake: INTAKE_READ_MODEL,
  cases: CASES_READ_MODEL,
  notifications: NOTIFICATIONS_READ_MODEL,
  console: CONSOLE_READ_MODEL,
};
const dir = mkdtempSync(join(tmpdir(), 'jm-backup-services-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function cli(command: 'backup' | 'restore', args: string[], env: Record<string, string>) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runOpsCli(command, args, { env, out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join(''), err: err.join('') };
}

/** Rows a service leaves in its own database: a consumer checkpoint, keys in its vault, and per service what it keeps. */
async function seedService(service: string, db: DataSource, journal: string): Promise<void> {
  await db
    .getRepository(ConsumerCheckpointEntity)
    .save({ group: service, source: 'embedded', position: 4242, updatedAt: '2026-01-02T03:04:05.000Z' });
  if (service === 'intake' || service === 'console') {
    const vault = new KeyVault(db, KEK, [], new ShredJournal(journal));
    await vault.ensureKey(`${service}-key-a`, new Date());
    await vault.ensureKey(`${service}-key-b`, new Date());
  }
  if (service === 'notifications') {
    const outbox = { target: 'webhook:lc-market', channel: 'webhook', recipientAgency: 'lc-market', attempts: 5, budgetEnd: 5 };
    await db.getRepository(OutboxEntity).save([
      {
        ...outbox,
        messageId: 'm-pending',
        status: 'pending',
        nextAttemptAt: '2026-01-02T03:04:05.000Z',
        lastError: null,
        replayVersion: -1,
        updatedAt: '2026-01-02T03:04:05.000Z',
      },
      {
        ...outbox,
        messageId: 'm-dead',
        status: 'dead',
        nextAttemptAt: '2026-01-02T03:04:05.000Z',
        lastError: 'HTTP 500',
        replayVersion: -1,
        updatedAt: '2026-01-02T03:04:05.000Z',
      },
    ]);
  }
}

/** Every table of a database (or schema) with its rows, in a stable order: what "equal" means for a restored database. */
async function tablesOf(settings: ReadModelSettings): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  const sorted = (rows: unknown[]) => rows.map((r) => JSON.stringify(r)).sort();
  if (settings.kind === 'sqlite') {
    const db = new Database(settings.path, { readonly: true });
    try {
      const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as Array<{
        name: string;
      }>;
      for (const { name } of tables) out[name] = sorted(db.prepare(`SELECT * FROM "${name}"`).all());
    } finally {
      db.close();
    }
    return out;
  }
  const client = new Client({ connectionString: settings.url });
  await client.connect();
  try {
    const { rows } = await client.query<{ name: string }>(
      `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = $1 AND table_type = 'BASE TABLE' ORDER BY 1`,
      [settings.schema],
    );
    for (const { name } of rows) out[name] = sorted((await client.query(`SELECT * FROM "${settings.schema}"."${name}"`)).rows);
  } finally {
    await client.end();
  }
  return out;
}

function evidenceFiles(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const sub of readdirSync(root))
    for (const name of readdirSync(join(root, sub))) out[`${sub}/${name}`] = readFileSync(join(root, sub, name)).toString('base64');
  return out;
}

/** The backup directory with one byte of one evidence content file changed. */
function tamperedCopy(backup: string, sha256: string): string {
  const copy = join(dir, uniqueName('tampered'));
  cpSync(backup, copy, { recursive: true });
  const path = join(copy, 'evidence', sha256.slice(0, 2), sha256);
  const content = readFileSync(path);
  content[0] ^= 1;
  writeFileSync(path, content);
  return copy;
}

describe('on PostgreSQL', () => {
  type Schema = { url: string; schema: string; drop: () => Promise<void> };
  const schemas: Record<string, Schema> = {};
  const databases: string[] = [];
  const evidenceDir = join(dir, 'pg-evidence');
  const journal = join(dir, 'pg-journal.jsonl');
  let env: Record<string, string>;
  let sha256: string;

  const freshDatabase = () => {
    const url = new URL(schemas.store.url);
    url.pathname = `/${uniqueName('jm_bksvc').toLowerCase()}`;
    databases.push(url.toString());
    return url.toString();
  };

  beforeAll(async () => {
    for (const name of ['store', ...Object.keys(SCHEMAS)])
      schemas[name] =
        name === 'notifications' ? { ...(await createTestDatabase('bs_notifications')), schema: 'public' } : await createTestSchema(`bs_${name}`);
    const store = await PostgresEventStore.connect({ url: schemas.store.url, schema: schemas.store.schema });
    await appendScenario(store, generateScenario({ seed: 7, leads: 5 }));
    await store.close();
    env = {
      EVENT_STORE: 'postgres',
      PG_URL: schemas.store.url,
      PG_SCHEMA: schemas.store.schema,
      READ_MODEL_DB: 'postgres',
      SHRED_JOURNAL_PATH: journal,
      EVIDENCE_DIR: evidenceDir,
    };
    for (const service of Object.keys(SCHEMAS)) {
      const settings: ReadModelSettings = { kind: 'postgres', url: schemas[service].url, schema: schemas[service].schema };
      const db = await openServiceDatabase(SCHEMAS[service], settings);
      await seedService(service, db, journal);
      await db.destroy();
      env[`${service.toUpperCase()}_READ_MODEL_PG_URL`] = schemas[service].url;
      env[`${service.toUpperCase()}_READ_MODEL_PG_SCHEMA`] = schemas[service].schema;
    }
    ({ sha256 } = await new EvidenceStore(evidenceDir).put(Buffer.from('%PDF-1.4 银行流水'), 'application/pdf', '流水.pdf'));
  });

  afterAll(async () => {
    const admin = new Client({ connectionString: schemas.store.url });
    await admin.connect();
    for (const url of databases) await admin.query(`DROP DATABASE IF EXISTS "${new URL(url).pathname.slice(1)}" WITH (FORCE)`);
    await admin.end();
    for (const schema of Object.values(schemas)) await schema.drop();
  });

  const backup = join(dir, 'pg-backup');

  it('a backup holds each configured service database (dump without vault rows), the vaults, and the evidence with SHA-256s', async () => {
    const result = await cli('backup', ['--to', backup, '--compress', '0'], env);
    expect(result).toMatchObject({ code: EXIT.ok, err: '' });
    const manifest = JSON.parse(readFileSync(join(backup, 'manifest.json'), 'utf8')) as Manifest;
    expect(manifest.readModels).toEqual(
      Object.keys(SCHEMAS).map((service) => ({ service, file: `${service}-read.dump`, schema: schemas[service].schema })),
    );
    expect(manifest.vaults.map((v) => [v.service, v.keys])).toEqual([
      ['intake', 2],
      ['cases', 0],
      ['console', 2],
    ]);
    expect(manifest.evidence).toMatchObject({ files: 2 });
    expect(manifest.files).toEqual(expect.arrayContaining([{ name: `evidence/${sha256.slice(0, 2)}/${sha256}`, bytes: expect.any(Number), sha256 }]));
    // The wrapped keys travel in the vault files only.
    const wrapped = (JSON.parse(readFileSync(join(backup, 'vault-intake.json'), 'utf8')) as { keys: Array<{ wrapped_key: string }> }).keys[0]
      .wrapped_key;
    expect(readFileSync(join(backup, 'intake-read.dump')).includes(wrapped)).toBe(false);
  });

  it('a restore brings every service table back row for row into fresh schemas, and the evidence byte for byte', async () => {
    const target = freshDatabase();
    const restoredEvidence = join(dir, 'pg-restored-evidence');
    const result = await cli('restore', ['--from', backup, '--target', target, '--evidence-target', restoredEvidence], env);
    expect(result.err).toBe('');
    expect(result.code).toBe(EXIT.ok);
    expect(result.out).toMatch(/notifications: READ_MODEL_PG_URL=<target> READ_MODEL_PG_SCHEMA=notifications_read/);
    expect(result.out).toMatch(/intake: EVIDENCE_DIR=/);
    for (const service of Object.keys(SCHEMAS)) {
      const source = await tablesOf({ kind: 'postgres', url: schemas[service].url, schema: schemas[service].schema });
      expect(Object.keys(source).length).toBeGreaterThan(3);
      expect(await tablesOf({ kind: 'postgres', url: target, schema: `${service}_read` })).toEqual(source);
    }
    expect(evidenceFiles(restoredEvidence)).toEqual(evidenceFiles(evidenceDir));
    expect(await new EvidenceStore(restoredEvidence).get(sha256)).toMatchObject({ fileName: '流水.pdf' });
  });

  it('--vault-target puts a service into a database of its own (schema public, as its source), row for row', async () => {
    const own = freshDatabase();
    const result = await cli('restore', ['--from', backup, '--target', freshDatabase(), '--vault-target', `notifications=${own}`], env);
    expect(result.err).toBe('');
    expect(result.code).toBe(EXIT.ok);
    const source = await tablesOf({ kind: 'postgres', url: schemas.notifications.url, schema: 'public' });
    expect(await tablesOf({ kind: 'postgres', url: own, schema: 'public' })).toEqual(source);
  });

  it('refuses a service target that holds tables, and an evidence file changed in the backup, naming them, writing nothing', async () => {
    const live = `notifications=${schemas.notifications.url}#${schemas.notifications.schema}`;
    const busy = await cli('restore', ['--from', backup, '--target', freshDatabase(), '--vault-target', live], env);
    expect(busy.code).toBe(EXIT.failed);
    expect(busy.err).toMatch(new RegExp(`notifications's database: .* schema ${schemas.notifications.schema} already holds \\d+ tables`));

    const target = freshDatabase();
    const tampered = await cli(
      'restore',
      ['--from', tamperedCopy(backup, sha256), '--target', target, '--evidence-target', join(dir, 'pg-never')],
      env,
    );
    expect(tampered.code).toBe(EXIT.failed);
    expect(tampered.err).toMatch(new RegExp(`evidence/${sha256.slice(0, 2)}/${sha256}: SHA-256 differs from the manifest`));
    expect(existsSync(join(dir, 'pg-never'))).toBe(false);
    const client = new Client({ connectionString: schemas.store.url });
    await client.connect();
    const { rows } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [new URL(target).pathname.slice(1)]);
    await client.end();
    expect(rows).toEqual([]);
  });
});

describe('on SQLite (npm start layout)', () => {
  const data = join(dir, 'data');
  const env = {
    EVENT_STORE: 'sqlite',
    DATA_DIR: data,
    SQLITE_PATH: join(data, 'events.sqlite'),
    SHRED_JOURNAL_PATH: join(data, 'shred-journal.jsonl'),
  };
  const backup = join(dir, 'sqlite-backup');
  let sha256: string;

  beforeAll(async () => {
    const store = SqliteEventStore.open({ path: env.SQLITE_PATH });
    await appendScenario(store, generateScenario({ seed: 8, leads: 5 }));
    await store.close();
    for (const service of Object.keys(SCHEMAS)) {
      const db = await openServiceDatabase(SCHEMAS[service], { kind: 'sqlite', path: join(data, `${service}-read.sqlite`) });
      await seedService(service, db, env.SHRED_JOURNAL_PATH);
      await db.destroy();
    }
    ({ sha256 } = await new EvidenceStore(join(data, 'evidence')).put(Buffer.from('截图'), 'image/png', '截图.png'));
  });

  it('backs up every service file and the evidence; restores them into the target directory, equal row for row and byte for byte', async () => {
    const taken = await cli('backup', ['--to', backup], env);
    expect(taken).toMatchObject({ code: EXIT.ok, err: '' });
    const manifest = JSON.parse(readFileSync(join(backup, 'manifest.json'), 'utf8')) as Manifest;
    expect(manifest.readModels.map((r) => r.service)).toEqual(Object.keys(SCHEMAS));
    expect(manifest.vaults.map((v) => v.service)).toEqual(['intake', 'cases', 'console']);

    const target = join(dir, 'sqlite-restored');
    const restored = await cli('restore', ['--from', backup, '--target', target], env);
    expect(restored.err).toBe('');
    expect(restored.code).toBe(EXIT.ok);
    for (const service of Object.keys(SCHEMAS)) {
      const source = await tablesOf({ kind: 'sqlite', path: join(data, `${service}-read.sqlite`) });
      expect(await tablesOf({ kind: 'sqlite', path: join(target, `${service}-read.sqlite`) })).toEqual(source);
    }
    expect(evidenceFiles(join(target, 'evidence'))).toEqual(evidenceFiles(join(data, 'evidence')));
  });

  it('an evidence file changed in the backup fails the restore naming it, and nothing is written', async () => {
    const target = join(dir, 'sqlite-never');
    const result = await cli('restore', ['--from', tamperedCopy(backup, sha256), '--target', target], env);
    expect(result.code).toBe(EXIT.failed);
    expect(result.err).toMatch(new RegExp(`evidence/${sha256.slice(0, 2)}/${sha256}: SHA-256 differs from the manifest`));
    expect(existsSync(target)).toBe(false);
  });
});
