/**
 * The key vaults (crypto_keys of intake's, cases' and the console's own databases) in a backup:
 * exported as rows into a file of their own, apart from the events, and written
 * back into a fresh database with every tombstone of the shred journal applied
 * first, so no key shredded after the backup is ever restored.
 */
import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { adapterFactories, InfrastructureFactoryContext, ReadModelSchema, ReadModelSettings, ShredTombstone, TABLE_CRYPTO_KEYS } from '@jm/platform';
import { CASES_READ_MODEL } from '../../services/cases/src/cases.read-model';
import { CONSOLE_READ_MODEL } from '../../services/console/src/console.read-model';
import { INTAKE_READ_MODEL } from '../../services/intake/src/intake.read-model';
import type { VaultService } from './settings';

/** One crypto_keys row as stored (column names as in the table, so columns added later travel too). */
export type VaultRow = Record<string, string | number | null>;

export interface VaultFile {
  format: 'jm-vault/1';
  service: VaultService;
  exportedAt: string;
  keys: VaultRow[];
}

const READ_MODELS: Record<VaultService, ReadModelSchema> = { intake: INTAKE_READ_MODEL, cases: CASES_READ_MODEL, console: CONSOLE_READ_MODEL };

/** The vault's table as SQL names it in that database (PostgreSQL: schema-qualified; TypeORM sets no search_path). */
export function vaultTable(settings: ReadModelSettings): string {
  return settings.kind === 'postgres' ? `"${settings.schema}".${TABLE_CRYPTO_KEYS}` : TABLE_CRYPTO_KEYS;
}

/** Every row of the service's vault, read in one statement (one snapshot). */
export async function exportVault(service: VaultService, settings: ReadModelSettings): Promise<VaultRow[]> {
  if (settings.kind === 'sqlite') {
    if (!existsSync(settings.path))
      throw new Error(`no ${service} database at ${settings.path} (its key vault); set ${service.toUpperCase()}_READ_MODEL_SQLITE_PATH`);
    const db = new Database(settings.path, { readonly: true, fileMustExist: true });
    try {
      return db.prepare(`SELECT * FROM ${TABLE_CRYPTO_KEYS} ORDER BY key_id`).all() as VaultRow[];
    } finally {
      db.close();
    }
  }
  const client = new Client({ connectionString: settings.url });
  await client.connect();
  try {
    const { rows } = await client.query<VaultRow>(`SELECT * FROM ${vaultTable(settings)} ORDER BY key_id`);
    return rows;
  } finally {
    await client.end();
  }
}

/** The rows with every tombstone applied: a shredded key keeps its row (when, which key) but never its wrapped key. */
export function applyTombstones(rows: readonly VaultRow[], tombstones: readonly ShredTombstone[]): { rows: VaultRow[]; applied: string[] } {
  const byKey = new Map<string, string>();
  for (const t of tombstones) if (!byKey.has(t.keyId)) byKey.set(t.keyId, t.shreddedAt);
  const applied: string[] = [];
  const out = rows.map((row) => {
    const shreddedAt = byKey.get(String(row.key_id));
    if (shreddedAt === undefined || (row.shredded_at !== null && row.wrapped_key === null)) return { ...row };
    applied.push(String(row.key_id));
    return { ...row, wrapped_key: null, shredded_at: row.shredded_at ?? shreddedAt };
  });
  return { rows: out, applied };
}

/** Opens the service's own database at the target, migrated as the service would (it boots on it unchanged). */
export function openServiceDatabase(schema: ReadModelSchema, settings: ReadModelSettings): Promise<DataSource> {
  // The read-model factory reads neither the config nor the logger.
  return adapterFactories.readModel(settings, { schema } as InfrastructureFactoryContext & { schema: ReadModelSchema });
}

/** Writes the (already tombstoned) rows into the service's fresh database; refuses a vault that has keys already. */
export async function importVault(service: VaultService, settings: ReadModelSettings, rows: readonly VaultRow[]): Promise<void> {
  const db = await openServiceDatabase(READ_MODELS[service], settings);
  try {
    const [{ n }] = (await db.query(`SELECT COUNT(*) AS n FROM ${vaultTable(settings)}`)) as Array<{ n: number | string }>;
    if (Number(n) > 0) throw new Error(`${service}'s database at the target already holds ${n} keys: restore into a fresh database`);
    const postgres = db.options.type === 'postgres';
    for (const row of rows) {
      const columns = Object.keys(row);
      const marks = columns.map((_, i) => (postgres ? `$${i + 1}` : '?')).join(', ');
      await db.query(`INSERT INTO ${vaultTable(settings)} (${columns.map((c) => `"${c}"`).join(', ')}) VALUES (${marks})`, Object.values(row));
    }
  } finally {
    await db.destroy();
  }
}
