/**
 * `npm run restore -- --from <dir> --target <postgres URL | directory>`: a backup
 * into FRESH targets. Checks every file against the manifest's SHA-256 and that
 * every target is empty, restores each service's own database (pg_restore into
 * the target schema, or a copy of the SQLite file), then the event store, then
 * writes each key vault into the service's database with every tombstone of the
 * shred journal applied before any key lands there, and copies the evidence
 * files back (docs/operations/backup.md).
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { EventStoreSettings, ReadModelSettings, redactSecret, ShredJournal } from '@jm/platform';
import { BackupError, EVIDENCE_FOLDER, Manifest, MANIFEST_FILE, MANIFEST_FORMAT, sha256Of } from './backup';
import { pgTool, pgToolConnection, ServiceName, VaultService } from './settings';
import { applyTombstones, importVault, VaultFile } from './vault';

const run = promisify(execFile);

export interface RestoreOptions {
  from: string;
  /** A postgres:// URL of a database that does not exist yet or holds no event store, or a new (or empty) directory for SQLite. */
  target: string;
  shredJournalPath: string;
  /** The drill goes on past a checksum mismatch, to name what the tampering broke; a restore never does. */
  keepGoingOnChecksumMismatch?: boolean;
  /** Where each service's own database (and its vault) goes, when not beside the store (vaultTarget); it must be empty. */
  vaultTargets?: Partial<Record<ServiceName, ReadModelSettings>>;
  /** Where the evidence files go (a new or empty directory); default <target>/evidence for SQLite, none for PostgreSQL. */
  evidenceTarget?: string;
  log: (line: string) => void;
}

export interface RestoreResult {
  manifest: Manifest;
  store: EventStoreSettings;
  vaults: Array<{ service: VaultService; readModel: ReadModelSettings; keys: number; shreddedByJournal: string[] }>;
  /** Each service's own database as restored. */
  readModels: Array<{ service: ServiceName; readModel: ReadModelSettings }>;
  /** Where the evidence files were restored (undefined: not restored). */
  evidence?: { dir: string; files: number };
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

/** Runs pg_restore into a database; `list` narrows it to the entries of a `pg_restore -l` listing. */
async function pgRestore(url: string, version: number, dump: string, list?: string): Promise<void> {
  const connection = pgToolConnection(url);
  await run(pgTool('pg_restore', version), ['--no-owner', '--no-acl', '--exit-on-error', ...(list ? ['-L', list] : []), '-d', connection.url, dump], {
    maxBuffer: 16 * 1024 * 1024,
    env: connection.env,
  }).catch((error: { stderr?: string; message: string }) => {
    throw new BackupError(`pg_restore of ${dump} failed: ${(error.stderr || error.message).trim()}`);
  });
}

async function serverVersion(client: Client): Promise<number> {
  return Number((await client.query<{ v: string }>(`SELECT current_setting('server_version_num') AS v`)).rows[0].v);
}

/** How many tables, views and sequences a schema of the database holds (0: it does not exist or is empty). */
async function relationsIn(client: Client, schema: string): Promise<number> {
  const { rows } = await client.query<{ n: string }>(
    `SELECT COUNT(*) AS n FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1`,
    [schema],
  );
  return Number(rows[0].n);
}

/** Drops the database a PostgreSQL URL names (a scratch or drill database), connected through `postgres`. */
export async function dropDatabase(url: string): Promise<void> {
  const admin = new URL(url);
  const name = admin.pathname.slice(1);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

/** The target database's checks, before anything is written: no event store there yet, a transaction counter past the backup's. */
async function checkPostgresTarget(manifest: Manifest, url: string, log: (line: string) => void): Promise<void> {
  const schema = manifest.store.schema ?? 'public';
  const client = await connectOrCreate(url, log);
  try {
    const { rows } = await client.query<{ present: string | null; xid: string }>(
      `SELECT to_regclass($1) AS present, pg_current_xact_id()::text AS xid`,
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
  } finally {
    await client.end();
  }
}

async function restorePostgres(dir: string, manifest: Manifest, url: string, log: (line: string) => void): Promise<EventStoreSettings> {
  const schema = manifest.store.schema ?? 'public';
  const client = await connectOrCreate(url, log);
  try {
    await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    log(`pg_restore ${manifest.store.file} → ${redactSecret(url)} schema ${schema}`);
    await pgRestore(url, await serverVersion(client), join(dir, manifest.store.file));
  } finally {
    await client.end();
  }
  return { kind: 'postgres', url, schema };
}

/** A listing of the dump without its schema's own entries (CREATE SCHEMA, its comment): the restore creates the schema itself. */
async function listingWithoutSchema(version: number, dump: string, work: string): Promise<string> {
  const { stdout } = await run(pgTool('pg_restore', version), ['-l', dump], { maxBuffer: 64 * 1024 * 1024 });
  const path = join(work, `${randomBytes(4).toString('hex')}.list`);
  writeFileSync(
    path,
    stdout
      .split('\n')
      .filter((line) => !/ (SCHEMA|COMMENT) - (SCHEMA )?\S+ /.test(line))
      .join('\n'),
  );
  return path;
}

/**
 * A service's schema dump into the target's schema. pg_dump names the source schema in every statement, so when the
 * names differ the dump goes through a scratch database first (restored, schema renamed, dumped again): the source's
 * schema may be in use in the target database (a restore beside the live one), and the live one is never touched.
 */
async function restoreServiceSchema(
  dump: string,
  sourceSchema: string,
  target: { url: string; schema: string },
  log: (line: string) => void,
): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'jm-restore-'));
  const client = await connectOrCreate(target.url, log);
  try {
    const version = await serverVersion(client);
    let file = dump;
    if (sourceSchema !== target.schema) {
      const scratch = new URL(target.url);
      scratch.pathname = `/jm_restore_${randomBytes(4).toString('hex')}`;
      const staging = await connectOrCreate(scratch.toString(), () => undefined);
      try {
        await staging.query(`CREATE SCHEMA IF NOT EXISTS "${sourceSchema}"`);
        await pgRestore(scratch.toString(), version, dump, await listingWithoutSchema(version, dump, work));
        await staging.query(`ALTER SCHEMA "${sourceSchema}" RENAME TO "${target.schema}"`);
        file = join(work, 'renamed.dump');
        const connection = pgToolConnection(scratch.toString());
        await run(pgTool('pg_dump', version), ['--format=custom', '--compress=0', '-n', `"${target.schema}"`, '-f', file, '-d', connection.url], {
          maxBuffer: 16 * 1024 * 1024,
          env: connection.env,
        });
      } finally {
        await staging.end();
        await dropDatabase(scratch.toString());
      }
    }
    await client.query(`CREATE SCHEMA IF NOT EXISTS "${target.schema}"`);
    await pgRestore(target.url, version, file, await listingWithoutSchema(version, file, work));
  } finally {
    await client.end();
    rmSync(work, { recursive: true, force: true });
  }
}

function restoreSqlite(dir: string, manifest: Manifest, root: string, log: (line: string) => void): EventStoreSettings {
  mkdirSync(root, { recursive: true, mode: 0o700 });
  const path = join(root, 'events.sqlite');
  copyFileSync(join(dir, manifest.store.file), path);
  log(`${manifest.store.file} → ${path}`);
  return { kind: 'sqlite', path };
}

/** Where a service's own database goes at the target: a schema of the target database, or a file of the target directory. */
export function vaultTarget(store: EventStoreSettings, service: string): ReadModelSettings {
  return store.kind === 'postgres'
    ? { kind: 'postgres', url: store.url, schema: `${service}_read` }
    : { kind: 'sqlite', path: join(resolve(store.path, '..'), `${service}-read.sqlite`) };
}

/** Refuses a service's target that holds anything already (a schema with tables, a non-empty file), before anything is written. */
async function checkServiceTarget(service: string, backedUp: Manifest['readModels'][number], target: ReadModelSettings): Promise<void> {
  const where = target.kind === 'postgres' ? `${redactSecret(target.url)} schema ${target.schema}` : target.path;
  if ((backedUp.schema !== undefined) !== (target.kind === 'postgres'))
    throw new BackupError(
      `${service}'s database was backed up from ${backedUp.schema !== undefined ? 'PostgreSQL' : 'SQLite'}: it cannot go to ${where}`,
    );
  if (target.kind === 'sqlite') {
    if (existsSync(target.path) && statSync(target.path).size > 0)
      throw new BackupError(`${service}'s database: ${target.path} exists already: restore into a new file (--vault-target ${service}=<file>)`);
    return;
  }
  const client = new Client({ connectionString: target.url });
  try {
    await client.connect();
  } catch (error) {
    if ((error as { code?: string }).code === '3D000') return; // created by the restore
    throw new BackupError(`cannot reach ${service}'s target ${redactSecret(target.url)}: ${(error as Error).message}`);
  }
  try {
    const n = await relationsIn(client, target.schema);
    if (n > 0)
      throw new BackupError(
        `${service}'s database: ${where} already holds ${n} tables or sequences: restore into an empty schema or a fresh database`,
      );
  } finally {
    await client.end();
  }
}

function checkEmptyDirectory(what: string, path: string): void {
  if (existsSync(path) && readdirSync(path).length > 0)
    throw new BackupError(`the ${what} ${path} is not empty: restore into a new or empty directory`);
}

/** Copies the backup's evidence files into the target directory, each under its own relative path. */
function restoreEvidence(dir: string, manifest: Manifest, target: string): number {
  const files = manifest.files.filter((f) => f.name.startsWith(`${EVIDENCE_FOLDER}/`));
  mkdirSync(target, { recursive: true, mode: 0o700 });
  for (const { name } of files) {
    const path = join(target, name.slice(EVIDENCE_FOLDER.length + 1));
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    copyFileSync(join(dir, name), path);
  }
  return files.length;
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
  const root = resolve(options.target);
  const storeTarget: EventStoreSettings = postgresTarget
    ? { kind: 'postgres', url: options.target, schema: manifest.store.schema ?? 'public' }
    : { kind: 'sqlite', path: join(root, 'events.sqlite') };
  const serviceTarget = (service: ServiceName) => options.vaultTargets?.[service] ?? vaultTarget(storeTarget, service);
  const evidence =
    (manifest.evidence?.files ?? 0) > 0 ? (options.evidenceTarget ?? (postgresTarget ? undefined : join(root, EVIDENCE_FOLDER))) : undefined;

  // Every target is checked before anything is written: a refused restore leaves nothing behind.
  if (postgresTarget) await checkPostgresTarget(manifest, options.target, log);
  else checkEmptyDirectory('target directory', root);
  for (const entry of manifest.readModels ?? []) await checkServiceTarget(entry.service, entry, serviceTarget(entry.service));
  if (evidence) checkEmptyDirectory('evidence target', resolve(evidence));

  const store = postgresTarget ? await restorePostgres(dir, manifest, options.target, log) : restoreSqlite(dir, manifest, root, log);
  const readModels: RestoreResult['readModels'] = [];
  for (const entry of manifest.readModels ?? []) {
    const readModel = serviceTarget(entry.service);
    if (readModel.kind === 'postgres') {
      await restoreServiceSchema(join(dir, entry.file), entry.schema!, readModel, log);
      log(`${entry.file} → ${redactSecret(readModel.url)} schema ${readModel.schema}`);
    } else {
      mkdirSync(dirname(readModel.path), { recursive: true, mode: 0o700 });
      copyFileSync(join(dir, entry.file), readModel.path);
      log(`${entry.file} → ${readModel.path}`);
    }
    readModels.push({ service: entry.service, readModel });
  }

  const vaults: RestoreResult['vaults'] = [];
  for (const entry of manifest.vaults) {
    const file = JSON.parse(readFileSync(join(dir, entry.file), 'utf8')) as VaultFile;
    const { rows, applied } = applyTombstones(file.keys, tombstones);
    const readModel = serviceTarget(entry.service);
    await importVault(entry.service, readModel, rows);
    vaults.push({ service: entry.service, readModel, keys: rows.length, shreddedByJournal: applied });
    log(
      `key vault of ${entry.service}: ${rows.length} keys restored, ${applied.length} shredded since the backup (journal) stay shredded${applied.length ? `: ${applied.join(', ')}` : ''}`,
    );
  }

  let restoredEvidence: RestoreResult['evidence'];
  if (evidence) {
    restoredEvidence = { dir: resolve(evidence), files: restoreEvidence(dir, manifest, resolve(evidence)) };
    log(`${EVIDENCE_FOLDER}/ → ${restoredEvidence.dir} (${restoredEvidence.files} files)`);
  } else if ((manifest.evidence?.files ?? 0) > 0)
    log(`evidence files: verified, not restored (give --evidence-target <new directory> to put them back)`);
  return { manifest, store, vaults, readModels, evidence: restoredEvidence, checksumProblems: problems };
}
