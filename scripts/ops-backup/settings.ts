/**
 * Where the installation's databases are, for backup, restore and the drill, from
 * the services' own variables: the event store (EVENT_STORE, SQLITE_PATH or
 * PG_URL/PG_SCHEMA), each service's own database (READ_MODEL_DB, then per service
 * <SERVICE>_READ_MODEL_SQLITE_PATH or <SERVICE>_READ_MODEL_PG_URL/_PG_SCHEMA, as
 * npm start names ports per service) and the shred journal (SHRED_JOURNAL_PATH).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, configDefaults, EventStoreSettings, ReadModelSettings, readVariable } from '@jm/platform';
import { storeSettingsFromEnv } from '../../services/reporting/src/audit/audit-store-config';

export type Env = Readonly<Record<string, string | undefined>>;

/** The services whose own database holds a key vault (crypto_keys). */
export const VAULT_SERVICES = ['intake', 'cases'] as const;
export type VaultService = (typeof VAULT_SERVICES)[number];
export const SERVICES = ['intake', 'cases', 'notifications', 'reporting'] as const;

export interface Installation {
  store: EventStoreSettings;
  /** Own database of each vault service (BACKUP_VAULTS narrows the list, e.g. for an installation without cases' register). */
  vaults: Array<{ service: VaultService; readModel: ReadModelSettings }>;
  /** Reporting's own database, which only the drill reads (so a backup does not need its settings). */
  reporting: () => ReadModelSettings;
  /** A service's own database, which only the drill reads against a quiet source (read when asked, as `reporting`). */
  ownDatabase: (service: string) => ReadModelSettings;
  /** The files notifications' projections read at boot (the drill replays them): AGENCY_REGISTRY_PATH, DEADLINE_POLICIES_PATH, HOLIDAY_CALENDAR_DIR. */
  notificationsFiles: () => { agencyRegistryPath: string; deadlinePoliciesPath: string; holidayCalendarDir: string };
  /** Every service's own database (the embedded mode backs up the SQLite ones). */
  readModels: Array<{ service: string; readModel: ReadModelSettings }>;
  shredJournalPath: string;
}

export function readModelOf(service: string, env: Env): ReadModelSettings {
  const prefix = service.toUpperCase();
  if ((env.READ_MODEL_DB || 'sqlite') === 'postgres') {
    const url = env[`${prefix}_READ_MODEL_PG_URL`];
    if (!url) {
      throw new ConfigError('backup', [
        { variable: `${prefix}_READ_MODEL_PG_URL`, given: undefined, allowed: `required with READ_MODEL_DB=postgres: ${service}'s own database` },
      ]);
    }
    return { kind: 'postgres', url, schema: env[`${prefix}_READ_MODEL_PG_SCHEMA`] || 'public' };
  }
  return { kind: 'sqlite', path: env[`${prefix}_READ_MODEL_SQLITE_PATH`] || join(env.DATA_DIR || '.data', `${service}-read.sqlite`) };
}

export function installationFromEnv(env: Env): Installation {
  const names = (env.BACKUP_VAULTS ?? VAULT_SERVICES.join(',')).split(',').filter(Boolean);
  const unknown = names.filter((n) => !(VAULT_SERVICES as readonly string[]).includes(n));
  if (unknown.length) {
    throw new ConfigError('backup', [
      { variable: 'BACKUP_VAULTS', given: env.BACKUP_VAULTS, allowed: `a comma-separated subset of ${VAULT_SERVICES.join(', ')}` },
    ]);
  }
  return {
    store: storeSettingsFromEnv(env),
    vaults: names.map((service) => ({ service: service as VaultService, readModel: readModelOf(service, env) })),
    reporting: () => readModelOf('reporting', env),
    ownDatabase: (service) => readModelOf(service, env),
    notificationsFiles: () => ({
      agencyRegistryPath: readVariable('notifications', 'AGENCY_REGISTRY_PATH', env),
      deadlinePoliciesPath: readVariable('notifications', 'DEADLINE_POLICIES_PATH', env),
      holidayCalendarDir: readVariable('notifications', 'HOLIDAY_CALENDAR_DIR', env),
    }),
    readModels: (env.READ_MODEL_DB || 'sqlite') === 'sqlite' ? SERVICES.map((service) => ({ service, readModel: readModelOf(service, env) })) : [],
    // The services' own default (configDefaults), which DATA_DIR does not move: both sides must name one file.
    shredJournalPath: env.SHRED_JOURNAL_PATH || configDefaults('intake').SHRED_JOURNAL_PATH!,
  };
}

/** pg_dump / pg_restore of the server's major version (Debian keeps each under /usr/lib/postgresql/<major>/bin). */
export function pgTool(name: 'pg_dump' | 'pg_restore', serverVersionNum: number): string {
  const path = `/usr/lib/postgresql/${Math.floor(serverVersionNum / 10000)}/bin/${name}`;
  return existsSync(path) ? path : name;
}

/** A libpq tool's connection: the URL without its password, which goes in PGPASSWORD (a command line is visible to every local user). */
export function pgToolConnection(url: string): { url: string; env: NodeJS.ProcessEnv } {
  const parsed = new URL(url);
  const password = decodeURIComponent(parsed.password);
  parsed.password = '';
  return { url: parsed.toString(), env: { ...process.env, ...(password ? { PGPASSWORD: password } : {}) } };
}
