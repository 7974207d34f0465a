/**
 * `npm run backup`: a consistent backup of the installation into a new directory:
 * the event store (PostgreSQL: pg_dump in custom format inside one exported
 * snapshot, so the dump, its head and its count agree; SQLite: the online
 * backup API, safe while the services write), each service's own database
 * (pg_dump of its schema, or the SQLite backup API) without its vault's rows,
 * each key vault in a file of its own, a copy of intake's evidence files, and
 * manifest.json (head, latest anchor, files with SHA-256).
 *
 * Order: the services' databases first, then the store, then the vaults and the
 * evidence. A service's database is then never ahead of the log it is restored
 * with (its consumers catch up from their checkpoints), and every key and every
 * evidence file an event of the backup names was written before that event.
 */
import Database from 'better-sqlite3';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, createReadStream, existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { EventStore } from '@jm/event-sourcing';
import { redactSecret, ShredJournal, TABLE_CRYPTO_KEYS } from '@jm/platform';
import { AnchorBook } from '../../services/reporting/src/audit/audit-anchors';
import { openStore } from '../../services/reporting/src/audit/audit-store-config';
import { Installation, pgTool, pgToolConnection, ServiceName, SERVICES, VaultService } from './settings';
import { exportVault, VaultFile } from './vault';

export const MANIFEST_FILE = 'manifest.json';
export const MANIFEST_FORMAT = 'jm-backup/1';
export const STORE_FILE = { sqlite: 'events.sqlite', postgres: 'events.dump' } as const;

export interface Manifest {
  format: typeof MANIFEST_FORMAT;
  startedAt: string;
  finishedAt: string;
  services: string[];
  store: {
    kind: 'sqlite' | 'postgres';
    file: string;
    /** PostgreSQL: the schema the store's tables were in (restored into the same name). */
    schema?: string;
    /** Global position of the last event in the backup (0: empty). */
    headPosition: number;
    events: number;
    /** PostgreSQL: the highest transaction id of the events; a restored cluster's counter must be past it. */
    maxTransactionId?: number;
  };
  /** The latest audit anchor taken before the backup (it is in the backup). */
  anchor: { anchorId: string; at: string; position: number; headPosition: number; streams: number; digest: string } | null;
  vaults: Array<{ service: VaultService; file: string; keys: number; shredded: number }>;
  /**
   * Each service's own database, taken before the store and without its vault's rows: a SQLite file (embedded mode),
   * or on PostgreSQL a pg_dump of its schema (`schema`: the schema it was in, renamed at the restore's target).
   */
  readModels: Array<{ service: ServiceName; file: string; schema?: string }>;
  /** Intake's evidence files, copied under evidence/ after the store (each in `files` with its SHA-256); null: none configured. */
  evidence?: { dir: string; files: number; bytes: number } | null;
  /** Tombstones in the shred journal when the backup was taken (the journal itself stays where it is). */
  shredJournal: { path: string; tombstones: number };
  files: Array<{ name: string; bytes: number; sha256: string }>;
}

export class BackupError extends Error {}

export const EVIDENCE_FOLDER = 'evidence';
/** The event store's tables on PostgreSQL (leases are dumped without rows). */
const STORE_TABLES = ['events', 'schema_migrations', 'checkpoints', 'leases'];

/** Whether a service's database is the store's own schema (one database for everything): its dump then leaves the store's tables out. */
function isStoreSchema(url: string, schema: string, store: Installation['store']): boolean {
  if (store.kind !== 'postgres' || schema !== store.schema) return false;
  const [a, b] = [new URL(url), new URL(store.url)];
  return a.host === b.host && a.pathname === b.pathname;
}

const run = promisify(execFile);

/** Runs pg_dump against a database (its password in PGPASSWORD, never on the command line). */
async function pgDump(url: string, version: number, args: string[]): Promise<void> {
  const connection = pgToolConnection(url);
  await run(pgTool('pg_dump', version), [...args, '-d', connection.url], { maxBuffer: 16 * 1024 * 1024, env: connection.env }).catch(
    (error: { stderr?: string; message: string }) => {
      throw new BackupError(`pg_dump failed: ${(error.stderr || error.message).trim()}`);
    },
  );
}

export async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

async function latestAnchor(store: EventStore): Promise<Manifest['anchor']> {
  const latest = await new AnchorBook(store).latestAnchor();
  if (!latest) return null;
  const s = latest.summary;
  return { anchorId: s.anchorId, at: s.at, position: s.position, headPosition: s.headPosition, streams: s.streams, digest: s.digest };
}

async function backupSqlite(path: string, target: string): Promise<Pick<Manifest['store'], 'headPosition' | 'events'>> {
  const source = new Database(path, { readonly: true, fileMustExist: true });
  try {
    await source.backup(target);
  } finally {
    source.close();
  }
  const copy = new Database(target, { readonly: true });
  try {
    const row = copy.prepare('SELECT COALESCE(MAX(position), 0) AS head, COUNT(*) AS events FROM events').get() as { head: number; events: number };
    return { headPosition: Number(row.head), events: Number(row.events) };
  } finally {
    copy.close();
  }
}

/**
 * A service's own SQLite database by the online backup API, then its key vault's rows deleted from the copy and the
 * file vacuumed, so no wrapped key is left in it, not even in a free page: the vault travels in its own file only.
 */
async function backupServiceDatabase(path: string, target: string): Promise<void> {
  const source = new Database(path, { readonly: true, fileMustExist: true });
  try {
    await source.backup(target);
  } finally {
    source.close();
  }
  const copy = new Database(target);
  try {
    if (copy.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(TABLE_CRYPTO_KEYS))
      copy.exec(`DELETE FROM ${TABLE_CRYPTO_KEYS}`);
    copy.pragma('journal_mode = DELETE');
    copy.exec('VACUUM');
  } finally {
    copy.close();
  }
}

async function backupPostgres(
  url: string,
  schema: string,
  target: string,
  compress: number,
): Promise<Pick<Manifest['store'], 'headPosition' | 'events' | 'maxTransactionId'>> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const version = Number((await client.query<{ v: string }>('SHOW server_version_num')).rows[0].v);
    // One snapshot for the counts and the dump: pg_dump joins it, and it stays valid while this transaction is open.
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const snapshot = (await client.query<{ id: string }>('SELECT pg_export_snapshot() AS id')).rows[0].id;
    const { rows } = await client.query<{ head: string; events: string; xid: string | null }>(
      `SELECT COALESCE(MAX(position), 0) AS head, COUNT(*) AS events, MAX(transaction_id::text::bigint) AS xid FROM "${schema}".events`,
    );
    const tables = STORE_TABLES.flatMap((t) => ['-t', `"${schema}"."${t}"`]);
    await pgDump(url, version, [
      '--format=custom',
      `--compress=${compress}`,
      `--snapshot=${snapshot}`,
      ...tables,
      `--exclude-table-data="${schema}"."leases"`,
      '-f',
      target,
    ]);
    await client.query('COMMIT');
    return { headPosition: Number(rows[0].head), events: Number(rows[0].events), maxTransactionId: Number(rows[0].xid ?? 0) };
  } finally {
    await client.end();
  }
}

/**
 * A service's own database on PostgreSQL: pg_dump of its whole schema (read models, consumer checkpoints, outbox and
 * dead letters, accounts and sessions, migrations), in one snapshot (pg_dump's own), without the vault's rows.
 */
async function backupServiceSchema(url: string, schema: string, target: string, compress: number, excludeTables: string[]): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect().catch((error: Error) => {
    throw new BackupError(`cannot reach ${redactSecret(url)}: ${error.message}`);
  });
  let version: number;
  try {
    const { rows } = await client.query<{ v: string; present: boolean }>(
      'SELECT current_setting($1) AS v, EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = $2) AS present',
      ['server_version_num', schema],
    );
    if (!rows[0].present) throw new BackupError(`${redactSecret(url)} has no schema ${schema}`);
    version = Number(rows[0].v);
  } finally {
    await client.end();
  }
  await pgDump(url, version, [
    '--format=custom',
    `--compress=${compress}`,
    '-n',
    `"${schema}"`,
    `--exclude-table-data="${schema}".${TABLE_CRYPTO_KEYS}`,
    ...excludeTables.map((t) => `--exclude-table="${schema}"."${t}"`),
    '-f',
    target,
  ]);
}

/** Every file under dir (relative paths, / separated), but the temporary files of writes under way. */
function filesUnder(dir: string): string[] {
  const out: string[] = [];
  const walk = (at: string) => {
    for (const entry of readdirSync(at, { withFileTypes: true })) {
      const path = join(at, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile() && !entry.name.endsWith('.tmp')) out.push(relative(dir, path).split(sep).join('/'));
    }
  };
  walk(dir);
  return out.sort();
}

/**
 * Copies the evidence directory under <backup>/evidence/. The files are content-addressed (named by their SHA-256) and
 * never change, so a copy taken after the store holds every file an event of the backup names.
 */
async function backupEvidence(source: string, dir: string, log: (line: string) => void): Promise<Manifest['files']> {
  const files: Manifest['files'] = [];
  for (const name of filesUnder(source)) {
    const target = join(dir, EVIDENCE_FOLDER, name);
    mkdirSync(dirname(target), { recursive: true, mode: 0o700 });
    copyFileSync(join(source, name), target);
    const sha256 = await sha256Of(target);
    const base = basename(name);
    // A content file is named by its digest: a copy that differs was damaged at the source; say so, keep going.
    if (/^[0-9a-f]{64}$/.test(base) && sha256 !== base) log(`WARNING: evidence ${name}: its content does not match its name (damaged at the source)`);
    files.push({ name: `${EVIDENCE_FOLDER}/${name}`, bytes: statSync(target).size, sha256 });
  }
  return files;
}

export interface BackupOptions {
  installation: Installation;
  dir: string;
  /** pg_dump's compression level, 0-9 (default 6). */
  compress?: number;
  log: (line: string) => void;
}

/** Takes the backup; on any failure the half-written directory is removed and the error names what went wrong. */
export async function runBackup(options: BackupOptions): Promise<Manifest> {
  const { installation, log } = options;
  const dir = resolve(options.dir);
  if (existsSync(dir)) throw new BackupError(`the target ${dir} exists already: a backup goes into a new directory`);
  const startedAt = new Date().toISOString();
  const storeSettings = installation.store;
  let store: EventStore;
  try {
    store = await openStore(storeSettings);
  } catch (error) {
    const where = storeSettings.kind === 'postgres' ? redactSecret(storeSettings.url) : storeSettings.path;
    throw new BackupError(`cannot reach the event store (${storeSettings.kind} ${where}): ${(error as Error).message}`);
  }
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  try {
    // Before the store: a service's database is then never ahead of the log it is restored with (its consumers
    // catch up from their checkpoints, deduplicating by event id).
    const readModels: Manifest['readModels'] = [];
    for (const { service, readModel } of installation.readModels) {
      if (readModel.kind === 'postgres') {
        const file = `${service}-read.dump`;
        const shared = isStoreSchema(readModel.url, readModel.schema, storeSettings);
        await backupServiceSchema(readModel.url, readModel.schema, join(dir, file), options.compress ?? 6, shared ? STORE_TABLES : []);
        readModels.push({ service, file, schema: readModel.schema });
        log(`${service}'s own database (schema ${readModel.schema}) → ${file} (without its key vault's rows)`);
        continue;
      }
      if (!existsSync(readModel.path)) {
        log(`no ${service} database at ${readModel.path}: skipped (its read models are rebuilt from the log)`);
        continue;
      }
      const file = `${service}-read.sqlite`;
      await backupServiceDatabase(readModel.path, join(dir, file));
      readModels.push({ service, file });
      log(`${service}'s own database → ${file} (without its key vault's rows)`);
    }
    const anchor = await latestAnchor(store);
    log(`anchor: ${anchor ? `${anchor.anchorId} at position ${anchor.position}` : 'none yet (npm run audit -- anchor takes one)'}`);
    const storeFile = STORE_FILE[storeSettings.kind];
    log(`event store (${storeSettings.kind}) → ${storeFile}`);
    const head =
      storeSettings.kind === 'postgres'
        ? await backupPostgres(storeSettings.url, storeSettings.schema, join(dir, storeFile), options.compress ?? 6)
        : await backupSqlite(storeSettings.path, join(dir, storeFile));
    log(`  ${head.events} events up to position ${head.headPosition}`);

    const vaults: Manifest['vaults'] = [];
    for (const { service, readModel } of installation.vaults) {
      const keys = await exportVault(service, readModel);
      const file = `vault-${service}.json`;
      const content: VaultFile = { format: 'jm-vault/1', service, exportedAt: new Date().toISOString(), keys };
      writeFileSync(join(dir, file), `${JSON.stringify(content, null, 2)}\n`, { mode: 0o600 });
      const shredded = keys.filter((k) => k.shredded_at !== null).length;
      vaults.push({ service, file, keys: keys.length, shredded });
      log(`key vault of ${service} → ${file} (${keys.length} keys, ${shredded} shredded)`);
    }

    let evidence: Manifest['evidence'] = null;
    let evidenceFiles: Manifest['files'] = [];
    if (existsSync(installation.evidenceDir)) {
      evidenceFiles = await backupEvidence(installation.evidenceDir, dir, log);
      const bytes = evidenceFiles.reduce((sum, f) => sum + f.bytes, 0);
      evidence = { dir: resolve(installation.evidenceDir), files: evidenceFiles.length, bytes };
      log(`evidence files of ${evidence.dir} → ${EVIDENCE_FOLDER}/ (${evidenceFiles.length} files, ${bytes} bytes)`);
    } else log(`no evidence directory at ${installation.evidenceDir}: skipped (set EVIDENCE_DIR as intake's)`);

    const journal = new ShredJournal(installation.shredJournalPath);
    journal.ensure();
    const tombstones = journal.read().length;

    const names = [storeFile, ...vaults.map((v) => v.file), ...readModels.map((r) => r.file)];
    const files = [
      ...(await Promise.all(names.map(async (name) => ({ name, bytes: statSync(join(dir, name)).size, sha256: await sha256Of(join(dir, name)) })))),
      ...evidenceFiles,
    ];
    const manifest: Manifest = {
      format: MANIFEST_FORMAT,
      startedAt,
      finishedAt: new Date().toISOString(),
      services: [...SERVICES],
      store: { kind: storeSettings.kind, file: storeFile, ...(storeSettings.kind === 'postgres' ? { schema: storeSettings.schema } : {}), ...head },
      anchor,
      vaults,
      readModels,
      evidence,
      shredJournal: { path: resolve(installation.shredJournalPath), tombstones },
      files,
    };
    writeFileSync(join(dir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600 });
    log(`manifest → ${MANIFEST_FILE}; backup complete in ${dir}`);
    return manifest;
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  } finally {
    await store.close();
  }
}
