/**
 * The event store the audit CLI reads, from the same variables and defaults
 * as the services (EVENT_STORE, SQLITE_PATH or PG_URL and PG_SCHEMA; default
 * the embedded .data/events.sqlite). Only these are checked: the CLI needs no
 * token secret, port or bus.
 */
import { existsSync } from 'node:fs';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { EventStore, PostgresEventStore, SqliteEventStore } from '@jm/event-sourcing';
import { ConfigError, configDefaults, EnvironmentVariables, EventStoreSettings, redactSecret, SECRET_VARIABLES } from '@jm/platform';

const STORE_VARIABLES = ['EVENT_STORE', 'SQLITE_PATH', 'PG_URL', 'PG_SCHEMA'] as const;

export function storeSettingsFromEnv(env: Readonly<Record<string, string | undefined>>): EventStoreSettings {
  const defaults = configDefaults('reporting');
  const raw: Record<string, string> = {};
  for (const name of STORE_VARIABLES) {
    const value = env[name] || defaults[name];
    if (value !== undefined) raw[name] = value;
  }
  const vars = plainToInstance(EnvironmentVariables, raw);
  const issues = validateSync(vars)
    .filter((error) => (STORE_VARIABLES as readonly string[]).includes(error.property))
    .map((error) => {
      const given = env[error.property] || undefined;
      return {
        variable: error.property,
        given: given !== undefined && SECRET_VARIABLES.has(error.property) ? redactSecret(given) : given,
        allowed: [...new Set(Object.values(error.constraints ?? {}))].join('; '),
      };
    });
  if (issues.length) throw new ConfigError('reporting (audit CLI)', issues);
  return vars.EVENT_STORE === 'postgres'
    ? { kind: 'postgres', url: vars.PG_URL as string, schema: vars.PG_SCHEMA }
    : { kind: 'sqlite', path: vars.SQLITE_PATH };
}

/** Opens the store; a SQLite file that does not exist is an error (reading must not create an empty store). */
export async function openStore(settings: EventStoreSettings): Promise<EventStore> {
  if (settings.kind === 'sqlite' && !existsSync(settings.path)) {
    throw new Error(
      `no event store at SQLITE_PATH=${settings.path}: start the services once (npm start) or set SQLITE_PATH, or EVENT_STORE=postgres with PG_URL`,
    );
  }
  return settings.kind === 'postgres'
    ? PostgresEventStore.connect({ url: settings.url, schema: settings.schema, poolSize: 2 })
    : SqliteEventStore.open({ path: settings.path });
}
