/**
 * The command lines of `npm run backup`, `npm run restore` and `npm run restore:drill`.
 * Exit codes: 0 done (the drill passed), 1 the drill found differences, 2 bad
 * arguments or configuration, 3 the command failed (nothing reachable, target exists).
 */
import { parseArgs } from 'node:util';
import { ConfigError, ReadModelSettings } from '@jm/platform';
import { BackupError, runBackup } from './backup';
import { runDrill } from './drill';
import { runRestore } from './restore';
import { Env, installationFromEnv, ServiceName, SERVICES } from './settings';

export const EXIT = { ok: 0, differences: 1, usage: 2, failed: 3 } as const;

export interface OpsIo {
  env: Env;
  out: (text: string) => void;
  err: (text: string) => void;
}

const USAGE = {
  backup: 'npm run backup -- [--to <new directory>] [--compress 0-9]   (default --to backups/<UTC time>)',
  restore:
    'npm run restore -- --from <backup directory> --target <postgres://… of a fresh database | new directory> [--vault-target <service>=<postgres://…[#schema] | SQLite file>]… [--evidence-target <new directory>]',
  drill: 'npm run restore:drill -- [--from <backup directory>] [--target <postgres://… | directory>] [--keep] [--json]',
};

class UsageError extends Error {}

function parse(command: keyof typeof USAGE, argv: string[]) {
  const options = {
    to: { type: 'string' },
    compress: { type: 'string' },
    from: { type: 'string' },
    target: { type: 'string' },
    keep: { type: 'boolean' },
    json: { type: 'boolean' },
    'vault-target': { type: 'string', multiple: true },
    'evidence-target': { type: 'string' },
  } as const;
  const allowed: Record<keyof typeof USAGE, string[]> = {
    backup: ['to', 'compress'],
    restore: ['from', 'target', 'vault-target', 'evidence-target'],
    drill: ['from', 'target', 'keep', 'json'],
  };
  let values: Record<string, string | boolean | string[] | undefined>;
  try {
    values = parseArgs({ args: argv, options, strict: true }).values;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const wrong = Object.keys(values).filter((k) => !allowed[command].includes(k));
  if (wrong.length) throw new UsageError(`unexpected ${wrong.map((w) => `--${w}`).join(' ')}`);
  if (values.compress !== undefined && !/^[0-9]$/.test(String(values.compress))) throw new UsageError('--compress is a level from 0 to 9');
  if (command === 'restore' && (!values.from || !values.target)) throw new UsageError('--from and --target are required');
  return values;
}

/**
 * `--vault-target <service>=<postgres URL>[#schema] | <service>=<SQLite file>`: where a service's own database (with its
 * vault) is restored when not beside the store (each service with a database of its own, as docker-compose runs them).
 */
function vaultTargets(given: string[]): Partial<Record<ServiceName, ReadModelSettings>> {
  const targets: Partial<Record<ServiceName, ReadModelSettings>> = {};
  for (const entry of given) {
    const [service, value] = [entry.slice(0, entry.indexOf('=')), entry.slice(entry.indexOf('=') + 1)];
    if (!(SERVICES as readonly string[]).includes(service) || !value || entry.indexOf('=') < 0)
      throw new UsageError(
        `--vault-target ${JSON.stringify(entry)}: <service>=<postgres URL>[#schema] or <service>=<SQLite file>, service one of ${SERVICES.join(', ')}`,
      );
    if (/^postgres(ql)?:\/\//.test(value)) {
      const [url, schema = 'public'] = value.split('#');
      if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema))
        throw new UsageError(`--vault-target ${service}: schema ${JSON.stringify(schema)}: lowercase letters, digits and _`);
      targets[service as ServiceName] = { kind: 'postgres', url, schema };
    } else targets[service as ServiceName] = { kind: 'sqlite', path: value };
  }
  return targets;
}

/** Runs one command; resolves to the exit code. */
export async function runOpsCli(command: keyof typeof USAGE, argv: string[], io: OpsIo): Promise<number> {
  const log = (line: string) => io.out(`${line}\n`);
  try {
    const values = parse(command, argv);
    const installation = installationFromEnv(io.env);
    switch (command) {
      case 'backup': {
        const dir = (values.to as string | undefined) ?? `backups/${new Date().toISOString().replace(/[:.]/g, '-')}`;
        await runBackup({ installation, dir, compress: values.compress === undefined ? undefined : Number(values.compress), log });
        return EXIT.ok;
      }
      case 'restore': {
        const result = await runRestore({
          from: values.from as string,
          target: values.target as string,
          shredJournalPath: installation.shredJournalPath,
          vaultTargets: vaultTargets((values['vault-target'] as string[] | undefined) ?? []),
          evidenceTarget: values['evidence-target'] as string | undefined,
          log,
        });
        log('restored; start the services on it with:');
        log(
          result.store.kind === 'postgres'
            ? `  EVENT_STORE=postgres PG_URL=<target> PG_SCHEMA=${result.store.schema}`
            : `  SQLITE_PATH=${result.store.path}`,
        );
        const databases = new Map<string, ReadModelSettings>([...result.readModels, ...result.vaults].map((r) => [r.service, r.readModel]));
        for (const [service, readModel] of databases)
          log(
            `  ${service}: ${readModel.kind === 'postgres' ? `READ_MODEL_PG_URL=<target> READ_MODEL_PG_SCHEMA=${readModel.schema}` : `READ_MODEL_SQLITE_PATH=${readModel.path}`}`,
          );
        if (result.evidence) log(`  intake: EVIDENCE_DIR=${result.evidence.dir}`);
        return EXIT.ok;
      }
      case 'drill': {
        const report = await runDrill({
          installation,
          from: values.from as string | undefined,
          target: values.target as string | undefined,
          keep: values.keep === true,
          log: values.json ? () => undefined : log,
        });
        if (values.json) io.out(`${JSON.stringify({ ...report, manifest: undefined }, null, 2)}\n`);
        return report.ok ? EXIT.ok : EXIT.differences;
      }
    }
  } catch (error) {
    if (error instanceof UsageError || error instanceof ConfigError) {
      io.err(`${command}: ${error.message}\nUsage: ${USAGE[command]}\n`);
      return EXIT.usage;
    }
    io.err(`${command}: ${error instanceof BackupError ? error.message : `failed: ${(error as Error).message}`}\n`);
    return EXIT.failed;
  }
}
