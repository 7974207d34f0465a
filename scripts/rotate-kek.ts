/**
 * `npm run rotate:kek`: re-wraps every live data key of the key vaults (intake's informants, cases' aftermath
 * register, the console's TOTP secrets) under the current KEY_ENCRYPTION_KEY, unwrapping with the keys of
 * KEY_ENCRYPTION_KEY_PREVIOUS (docs/operations/secrets.md). Each service's read-model database is the one its
 * configuration names (READ_MODEL_DB, READ_MODEL_SQLITE_PATH or READ_MODEL_PG_URL/SCHEMA, as the service reads
 * them; DATA_DIR as npm start reads it). Batches commit one by one: a stopped run is resumed by running it again; a finished one changes nothing.
 * Exit 0 when no live key is left under another KEK, 1 when some are (named), 2 on bad arguments or configuration.
 *
 *   npm run rotate:kek -- [--service intake,cases,console] [--batch 100]
 *   npm run rotate:kek -- --ids     (the ids of the configured keys, as errors and rows name them; touches nothing)
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DataSource } from 'typeorm';
import {
  ConfigError,
  KEY_VAULT_SCHEMA,
  keyEncryptionKeyId,
  KeyEncryptionKeys,
  loadConfig,
  ReadModelSettings,
  readVariable,
  rewrapDataKeys,
} from '@jm/platform';
import type { ServiceName } from '@jm/bus';
// eslint-disable-next-line @typescript-eslint/no-require-imports -- plain CommonJS helper shared with start.js
const { securityEnv } = require('./secrets.js') as {
  securityEnv: (env: NodeJS.ProcessEnv, o?: { create?: boolean }) => Record<string, string | undefined>;
};

/** The services that keep a key vault. */
const VAULT_SERVICES = ['intake', 'cases', 'console'] as const satisfies readonly ServiceName[];

function fail(message: string, code = 2): never {
  process.stderr.write(`rotate:kek: ${message}\n`);
  process.exit(code);
}

/** The vault's table only: the service's own migrations (run at its start) are not this tool's business, the key vault's are. */
async function openVault(settings: ReadModelSettings): Promise<DataSource> {
  const common = { entities: KEY_VAULT_SCHEMA.entities, migrations: KEY_VAULT_SCHEMA.migrations, migrationsRun: true, logging: false };
  return new DataSource(
    settings.kind === 'sqlite'
      ? { type: 'better-sqlite3', database: settings.path, fileMustExist: true, ...common }
      : { type: 'postgres', url: settings.url, schema: settings.schema, ...common },
  ).initialize();
}

/** The configuration read, or exit 2 with what is wrong in it. */
function configOf<T>(read: () => T): T {
  try {
    return read();
  } catch (error) {
    return fail(error instanceof ConfigError ? error.message : String(error));
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { service: { type: 'string' }, batch: { type: 'string' }, ids: { type: 'boolean' } } });
  const services = (values.service ?? VAULT_SERVICES.join(',')).split(',').map((s) => s.trim());
  const unknown = services.filter((s) => !(VAULT_SERVICES as readonly string[]).includes(s));
  if (unknown.length) fail(`--service: ${unknown.join(', ')} keeps no key vault; give some of ${VAULT_SERVICES.join(', ')}`);
  const batchSize = Number(values.batch ?? 100);
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10000) fail('--batch must be an integer from 1 to 10000');
  const env = { ...process.env, ...securityEnv(process.env, { create: false }) };

  if (values.ids) {
    // Only the two variables, validated as the services read them: no other setting is needed to name the keys.
    for (const name of ['KEY_ENCRYPTION_KEY', 'KEY_ENCRYPTION_KEY_PREVIOUS'] as const) {
      const hexes = (configOf(() => readVariable('intake', name, env)) ?? '').split(',').filter(Boolean);
      for (const hex of hexes) process.stdout.write(`${name.padEnd(28)}${keyEncryptionKeyId(Buffer.from(hex, 'hex'))}\n`);
    }
    return;
  }
  let left = 0;
  for (const service of services as ServiceName[]) {
    // npm start puts each read model in DATA_DIR unless READ_MODEL_SQLITE_PATH says otherwise.
    const dataDir = env.DATA_DIR && !env.READ_MODEL_SQLITE_PATH ? { READ_MODEL_SQLITE_PATH: join(env.DATA_DIR, `${service}-read.sqlite`) } : {};
    const config = configOf(() => loadConfig(service, { ...env, ...dataDir }));
    const { keyEncryptionKey, previousKeyEncryptionKeys } = config.security;
    if (!keyEncryptionKey) fail(`${service}: no KEY_ENCRYPTION_KEY`);
    const keks = new KeyEncryptionKeys(keyEncryptionKey, previousKeyEncryptionKeys);
    const where = config.readModel.kind === 'sqlite' ? config.readModel.path : `PostgreSQL schema ${config.readModel.schema}`;
    let db: DataSource;
    try {
      db = await openVault(config.readModel);
    } catch (error) {
      fail(`${service}: cannot open its database (${where}): ${(error as Error).message}; has the service been started once?`);
    }
    try {
      process.stdout.write(`${service}: re-wrapping data keys under key-encryption key ${keks.currentId} (${where})\n`);
      const result = await rewrapDataKeys(db, keks, {
        batchSize,
        onProgress: (p) =>
          process.stdout.write(`${service}: ${p.rewrapped + p.skipped}/${p.total} (${p.rewrapped} re-wrapped, ${p.skipped} skipped)\n`),
      });
      for (const problem of result.problems) process.stdout.write(`${service}: ${problem}\n`);
      process.stdout.write(
        `${service}: done, ${result.rewrapped} re-wrapped, ${result.total === 0 ? 'nothing to do' : `${result.skipped} skipped`}; every live key is now under ${result.kekId}${result.problems.length ? ' except those named above' : ''}\n`,
      );
      left += result.problems.length;
    } finally {
      await db.destroy();
    }
  }
  if (left > 0)
    fail(`${left} data key(s) could not be re-wrapped: give the key-encryption keys named above in KEY_ENCRYPTION_KEY_PREVIOUS and run again`, 1);
  process.stdout.write(
    'rotate:kek: every live data key is wrapped with the current key-encryption key; KEY_ENCRYPTION_KEY_PREVIOUS may be removed\n',
  );
}

main().catch((error: unknown) => fail(error instanceof Error ? error.message : String(error), 1));
