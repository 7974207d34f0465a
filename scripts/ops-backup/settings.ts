/**
 * Where the installation's databases are, for backup, restore and the drill, from
 * the services' own variables: the event store (EVENT_STORE, SQLITE_PATH or
 * PG_URL/PG_SCHEMA), each service's own database (READ_MODEL_DB, then per service
 * <SERVICE>_READ_MODEL_SQLITE_PATH or <SERVICE>_READ_MODEL_PG_URL/_PG_SCHEMA, as
 * npm start names ports per service), intake's evidence files (EVIDENCE_DIR) and
 * the shred journal (SHRED_JOURNAL_PATH).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, configDefaults, EventStoreSettings, ReadModelSettings, readVariable } from '@jm/platform';
import { storeSettingsFromEnv } from '../../services/reporting/src/audit/audit-store-config';

export type Env = Readonly<Record<string, string | undefined>>;

/** The services whose own database holds a key vault (crypto_keys); the console's seals its accounts' TOTP secrets. */
export const VAULT_SERVICES = ['intake', 'cases', 'console'] as const;
export type VaultService = (typeof VAULT_SERVICES)[number];
export const SERVICES = ['intake', 'cases', 'notifications', 'reporting', 'console'] as const;
export type ServiceName = (typeof SERVICES)[number];

export interface Installation {
  store: EventStoreSettings;
  /** Own database of each vault service (BACKUP_VAULTS narrows the list, e.g. for an installation without cases' register). */
  vaults: Array<{ service: VaultService; readModel: ReadModelSettings }>;
  /** Reporting's own database, which only the drill reads (so a backup does not need its settings). */
  reporting: () => ReadModelSettings;
  /**
   * Every service's own database that is configured: on SQLite each service's file (skipped at backup when absent),
   * on PostgreSQL each service whose <SERVICE>_READ_MODEL_PG_URL is set.
   */
  readModels: Array<{ service: ServiceName; readModel: ReadModelSettings }>;
  /** Intake's evidence files (EVIDENCE_DIR, as the service reads it; npm start's DATA_DIR/evidence). */
  evidenceDir: string;
  /** A service's own database, which only the drill reads against a quiet source (read when asked, as `reporting`). */
  ownDatabase: (service: string) => ReadModelSettings;
  /** The files notifications' projections read at boot (the drill replays them): AGENCY_REGISTRY_PATH, DEADLINE_POLICIES_PATH, HOLIDAY_CALENDAR_DIR. */
  notificationsFiles: () => { agencyRegistryPath: string; deadlinePoliciesPath: string; holidayCalendarDir: string };
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

/** Whether the service's own database is configured: its PostgreSQL URL is set, or its SQLite file exists. */
function configured(service: ServiceName, env: Env): boolean {
  if ((env.READ_MODEL_DB || 'sqlite') === 'postgres') return Boolean(env[`${service.toUpperCase()}_READ_MODEL_PG_URL`]);
  return existsSync((readModelOf(service, env) as { path: string }).path);
}

export function installationFromEnv(env: Env): Installation {
  // The console's vault only when its database is there: an installation may run without the console.
  const defaultVaults = VAULT_SERVICES.filter((s) => s !== 'console' || configured(s, env));
  const names = (env.BACKUP_VAULTS ?? defaultVaults.join(',')).split(',').filter(Boolean);
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
    readModels: SERVICES.filter((service) => (env.READ_MODEL_DB || 'sqlite') === 'sqlite' || configured(service, env)).map((service) => ({
      service,
      readModel: readModelOf(service, env),
    })),
    evidenceDir: env.EVIDENCE_DIR || join(env.DATA_DIR || '.data', 'evidence'),
    ownDatabase: (service) => readModelOf(service, env),
    notificationsFiles: () => ({
      agencyRegistryPath: readVariable('notifications', 'AGENCY_REGISTRY_PATH', env),
      deadlinePoliciesPath: readVariable('notifications', 'DEADLINE_POLICIES_PATH', env),
      holidayCalendarDir: readVariable('notifications', 'HOLIDAY_CALENDAR_DIR', env),
    }),
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
