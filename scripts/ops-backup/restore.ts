/**
 * `npm run restore -- --from <dir> --target <postgres URL | directory>`: a backup
 * into a FRESH database. Checks every file against the manifest's SHA-256, restores
 * the event store (pg_restore, or a copy of the SQLite file), then writes each key
 * vault into the service's own fresh database with every tombstone of the shred
 * journal applied before any key lands there (docs/operations/backup.md).
 */
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { EventStoreSettings, ReadModelSettings, redactSecret, ShredJournal } from '@jm/platform';
import { BackupError, Manifest, MANIFEST_FILE, MANIFEST_FORMAT, sha256Of } from './backup';
import { pgTool, pgToolConnection, VaultService } from './settings';
import { applyTombstones, importVault, VaultFile } from './vault';

const run = promisify(execFile);

export interface RestoreOptions {
  from: string;
  /** A postgres:// URL of a database that does not exist yet or holds no event store, or a new (or empty) directory for SQLite. */
  target: string;
  shredJournalPath: string;
  /** The drill goes on past a checksum mismatch, to name what the tampering broke; a restore never does. */
  keepGoingOnChecksumMismatch?: boolean;
  /** Where each service's own database goes, when not beside the store (vaultTarget); it must hold no keys yet. */
  vaultTargets?: Partial<Record<VaultService, ReadModelSettings>>;
  log: (line: string) => void;
}

export interface RestoreResult {
  manifest: Manifest;
  store: EventStoreSettings;
  vaults: Array<{ service: VaultService; readModel: ReadModelSettings; keys: number; shreddedByJournal: string[] }>;
  /** Files whose SHA-256 differs from the manifest's (or that are missing). */
  checksumProblems: string[];
}

export function readManifest(from: string): Manifest {
  const path = join(resolve(from), MANIFEST_FILE);
  if (!existsSync(path)) throw new BackupError(`no ${MANIFEST_FILE} in ${resolve(from)}: not a backup directory`);
  const manifest = JSON.parse(readFileSync(path, 'utf8')) as Manifest;
  if (manifest.format !== MANIFEST_FORMAT)
    throw new BackupError(`${path}: format ${JSON.stringify(manifest.format)}, this version reads ${MANIFEST_FORMAT}`);
  return manifest;
}

async function checksumProblems(dir: string, manifest: Manifest): Promise<string[]> {
  const problems: string[] = [];
  for (const file of manifest.files) {
    const path = join(dir, file.name);
    if (!existsSync(path)) problems.push(`${file.name}: missing`);
    else if ((await sha256Of(path)) !== file.sha256)
      problems.push(`${file.name}: SHA-256 differs from the manifest (the file was changed or damaged)`);
  }
  return problems;
}

/** Connects to the target database, creating it (from the server's postgres database) when it does not exist. */
async function connectOrCreate(url: string, log: (line: string) => void): Promise<Client> {
  const client = new Client({ connectionString: url });
  try {
    await client.connect();
    return client;
  } catch (error) {
    if ((error as { code?: string }).code !== '3D000')
      throw new BackupError(`cannot reach the target ${redactSecret(url)}: ${(error as Error).message}`);
  }
  const parsed = new URL(url);
  const name = decodeURIComponent(parsed.pathname.slice(1));
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name))
    throw new BackupError(`target database name ${JSON.stringify(name)}: lowercase letters, digits and _ only`);
  parsed.pathname = '/postgres';
  const admin = new Client({ connectionString: parsed.toString() });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
    log(`created database ${name}`);
  } finally {
    await admin.end();
  }
  const created = new Client({ connectionString: url });
  await created.connect();
  return created;
}

async function restorePostgres(dir: string, manifest: Manifest, url: string, log: (line: string) => void): Promise<EventStoreSettings> {
  const schema = manifest.store.schema ?? 'public';
  const client = await connectOrCreate(url, log);
  try {
    const { rows } = await client.query<{ present: string | null; xid: string; version: string }>(
      `SELECT to_regclass($1) AS present, pg_current_xact_id()::text AS xid, current_setting('server_version_num') AS version`,
      [`"${schema}".events`],
    );
    if (rows[0].present)
      throw new BackupError(`the target ${redactSecret(url)} already holds an event store in schema ${schema}: restore into a fresh database`);
    // Positions come from transaction ids and readers take rows below the oldest running one: on a cluster whose counter
    // is behind the backup's, the restored events would be invisible and new ones would get lower positions.
    if (Number(rows[0].xid) <= (manifest.store.maxTransactionId ?? 0)) {
      throw new BackupError(
        `the target cluster's transaction counter (${rows[0].xid}) is behind the backup's (${manifest.store.maxTransactionId}): restore into the source cluster or one whose counter was advanced past it (docs/operations/backup.md)`,
      );
    }
    await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    log(`pg_restore ${manifest.store.file} → ${redactSecret(url)} schema ${schema}`);
    const connection = pgToolConnection(url);
    await run(
      pgTool('pg_restore', Number(rows[0].version)),
      ['--no-owner', '--no-acl', '--exit-on-error', '-d', connection.url, join(dir, manifest.store.file)],
      { maxBuffer: 16 * 1024 * 1024, env: connection.env },
    ).catch((error: { stderr?: string; message: string }) => {
      throw new BackupError(`pg_restore failed: ${(error.stderr || error.message).trim()}`);
    });
  } finally {
    await client.end();
  }
  return { kind: 'postgres', url, schema };
}

function restoreSqlite(dir: string, manifest: Manifest, target: string, log: (line: string) => void): EventStoreSettings {
  const root = resolve(target);
  if (existsSync(root) && readdirSync(root).length > 0)
    throw new BackupError(`the target directory ${root} is not empty: restore into a new or empty directory`);
  mkdirSync(root, { recursive: true, mode: 0o700 });
  const path = join(root, 'events.sqlite');
  copyFileSync(join(dir, manifest.store.file), path);
  log(`${manifest.store.file} → ${path}`);
  for (const { file } of manifest.readModels ?? []) {
    copyFileSync(join(dir, file), join(root, file));
    log(`${file} → ${join(root, file)}`);
  }
  return { kind: 'sqlite', path };
}

/** Where a service's own database goes at the target: a schema of the target database, or a file of the target directory. */
export function vaultTarget(store: EventStoreSettings, service: string): ReadModelSettings {
  return store.kind === 'postgres'
    ? { kind: 'postgres', url: store.url, schema: `${service}_read` }
    : { kind: 'sqlite', path: join(resolve(store.path, '..'), `${service}-read.sqlite`) };
}

export async function runRestore(options: RestoreOptions): Promise<RestoreResult> {
  const { log } = options;
  const dir = resolve(options.from);
  const manifest = readManifest(dir);
  // Read first: a journal that is not there stops the restore before anything is written.
  const tombstones = new ShredJournal(options.shredJournalPath).read();
  log(
    `backup of ${manifest.finishedAt}: ${manifest.store.events} events up to position ${manifest.store.headPosition}; shred journal: ${tombstones.length} tombstones`,
  );
  const problems = await checksumProblems(dir, manifest);
  for (const p of problems) log(`CHECKSUM: ${p}`);
  if (problems.length && !options.keepGoingOnChecksumMismatch)
    throw new BackupError(`the backup does not match its manifest: ${problems.join('; ')}`);

  const postgresTarget = /^postgres(ql)?:\/\//.test(options.target);
  if (postgresTarget !== (manifest.store.kind === 'postgres')) {
    throw new BackupError(
      `--target: a ${manifest.store.kind} backup restores into ${manifest.store.kind === 'postgres' ? 'a postgres:// database URL' : 'a directory'}`,
    );
  }
  const store = postgresTarget ? await restorePostgres(dir, manifest, options.target, log) : restoreSqlite(dir, manifest, options.target, log);

  const vaults: RestoreResult['vaults'] = [];
  for (const entry of manifest.vaults) {
    const file = JSON.parse(readFileSync(join(dir, entry.file), 'utf8')) as VaultFile;
    const { rows, applied } = applyTombstones(file.keys, tombstones);
    const readModel = options.vaultTargets?.[entry.service] ?? vaultTarget(store, entry.service);
    await importVault(entry.service, readModel, rows);
    vaults.push({ service: entry.service, readModel, keys: rows.length, shreddedByJournal: applied });
    log(
      `key vault of ${entry.service}: ${rows.length} keys restored, ${applied.length} shredded since the backup (journal) stay shredded${applied.length ? `: ${applied.join(', ')}` : ''}`,
    );
  }
  return { manifest, store, vaults, checksumProblems: problems };
}
