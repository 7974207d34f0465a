/**
 * `npm run federation -- <command> [deployment ...|--all] [options]`: the operator's side of a deployment joining
 * the federation's Kafka cluster (docs/federation.md, "How an agency joins"). The grants come from
 * libs/bus/src/kafka/federation-acls.ts; this wires them to the command line.
 *
 *   provision  create every fed.* topic, each deployment's SCRAM-SHA-512 credential and ACLs, and write its
 *              settings to <out>/<env><id>.env (0600); print the ACL table. Idempotent: a deployment keeps the
 *              password of its settings file unless --rotate.
 *   acls       print the ACL table of each deployment (computed from the registry; no broker needed)
 *   revoke     remove each deployment's ACLs and credential (its topics and their data stay)
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { logLevel } from 'kafkajs';
import {
  aclEntries,
  aclTable,
  assertKafkaLib,
  createFederationTopics,
  createKafka,
  deploymentGrant,
  FederationAclOptions,
  kafkaLibDir,
  KafkaConfigTool,
  provisionDeployment,
  revokeDeployment,
} from '@jm/bus';
import { AgencyRegistry, DeploymentRegistry } from '@jm/reference';

const USAGE = `usage: npm run federation -- provision|acls|revoke <deployment ...>|--all [options]
  --brokers <host:port,...>     the operator's connection (default KAFKA_ADMIN_BROKERS, else 127.0.0.1:59092,
                                the test broker's PLAINTEXT door); KAFKA_ADMIN_SASL_USERNAME and
                                KAFKA_ADMIN_SASL_PASSWORD make it SCRAM-SHA-512
  --sasl-brokers <host:port,...> where the deployments connect, written as their KAFKA_BROKERS (default 127.0.0.1:59094)
  --env <prefix>                the environment's topic prefix, KAFKA_TOPIC_PREFIX (default: that variable, else none)
  --principal-prefix <p>        principals are <p><deployment> (default jm-)
  --kafka-lib <dir>             the broker's jars, for Kafka's ConfigCommand (default KAFKA_LIB, else scripts/infra.sh's)
  --out <dir>                   where the settings files go (default .data/federation)
  --rotate                      provision: a new password even when the settings file has one
  --show-secrets                provision: print the passwords too
Deployments come from DEPLOYMENTS_PATH (default config/deployments.json), agencies from AGENCY_REGISTRY_PATH.`;

class CliError extends Error {}

const say = (line: string) => process.stdout.write(`federation: ${line}\n`);

function options() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      all: { type: 'boolean' },
      brokers: { type: 'string' },
      'sasl-brokers': { type: 'string' },
      env: { type: 'string' },
      'principal-prefix': { type: 'string' },
      'kafka-lib': { type: 'string' },
      out: { type: 'string' },
      rotate: { type: 'boolean' },
      'show-secrets': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  return { values, command: positionals[0], ids: positionals.slice(1) };
}

function brokerList(text: string, what: string): string[] {
  const list = text.split(',').map((b) => b.trim());
  if (!list.every((b) => /^[A-Za-z0-9.-]+:\d{1,5}$/.test(b))) throw new CliError(`${what} "${text}": host:port, comma-separated`);
  return list;
}

/** The settings a deployment's processes need to join (docs/configuration.md), as an env file. */
function settingsFile(id: string, name: string, values: Record<string, string>): string {
  const lines = Object.entries(values).map(([k, v]) => `${k}=${v}`);
  return [`# Deployment ${id} (${name}): written by npm run federation -- provision. Secret: keep it 0600.`, ...lines, ''].join('\n');
}

function readSettings(path: string): Record<string, string> {
  if (!existsSync(path)) return {};
  return Object.fromEntries(
    readFileSync(path, 'utf8')
      .split('\n')
      .filter((l) => /^[A-Z_]+=/.test(l))
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );
}

async function main(): Promise<void> {
  const { values, command, ids } = options();
  if (values.help || !command) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (!['provision', 'acls', 'revoke'].includes(command)) throw new CliError(`unknown command "${command}"\n${USAGE}`);
  const deploymentsPath = process.env.DEPLOYMENTS_PATH || 'config/deployments.json';
  const registry = DeploymentRegistry.fromFile(deploymentsPath, AgencyRegistry.fromFile(process.env.AGENCY_REGISTRY_PATH || 'config/agencies.json'));
  const known = registry.all().map((d) => d.id);
  if ((values.all === true) === ids.length > 0) throw new CliError(`name the deployments (${known.join(', ')}) or give --all, not both`);
  const unknown = ids.filter((id) => !registry.get(id));
  if (unknown.length) throw new CliError(`unknown deployment ${unknown.join(', ')}: ${deploymentsPath} has ${known.join(', ')}`);
  const chosen = values.all ? known : ids;
  const env = values.env ?? process.env.KAFKA_TOPIC_PREFIX ?? '';
  const grantOptions: FederationAclOptions = { env, principalPrefix: values['principal-prefix'] };
  const grants = chosen.map((id) => deploymentGrant(registry, id, grantOptions));

  if (command === 'acls') {
    process.stdout.write(`${grants.map(aclTable).join('\n\n')}\n`);
    return;
  }

  const bootstrap = brokerList(values.brokers ?? process.env.KAFKA_ADMIN_BROKERS ?? '127.0.0.1:59092', '--brokers');
  const adminSasl = process.env.KAFKA_ADMIN_SASL_USERNAME
    ? { username: process.env.KAFKA_ADMIN_SASL_USERNAME, password: process.env.KAFKA_ADMIN_SASL_PASSWORD ?? '' }
    : undefined;
  const operator = createKafka({
    brokers: bootstrap,
    clientId: 'jm-federation-cli',
    logLevel: logLevel.NOTHING,
    ...(adminSasl ? { sasl: { mechanism: 'scram-sha-512' as const, ...adminSasl } } : {}),
  });
  const tool: KafkaConfigTool = { kafkaLib: values['kafka-lib'] ?? kafkaLibDir(), bootstrap, ...(adminSasl ? { sasl: adminSasl } : {}) };
  // Everything that can be checked before the first change on the broker.
  await assertKafkaLib(tool.kafkaLib).catch((error: Error) => {
    throw new CliError(error.message);
  });
  await reachable(operator, bootstrap);

  if (command === 'revoke') {
    for (const grant of grants) {
      const removed = await revokeDeployment(operator, tool, grant.principal);
      say(`${grant.deployment}: removed ${removed} ACL bindings and the SCRAM credential of User:${grant.principal} (its topics stay)`);
    }
    return;
  }

  const saslBrokers = brokerList(values['sasl-brokers'] ?? '127.0.0.1:59094', '--sasl-brokers').join(',');
  const out = values.out ?? join('.data', 'federation');
  const topics = await createFederationTopics(operator, registry, env);
  say(`federation topics under "${env}": ${topics.length ? `created ${topics.length}` : 'all there already'}`);
  mkdirSync(out, { recursive: true, mode: 0o700 });
  const printed: string[] = [];
  for (const grant of grants) {
    const id = grant.deployment;
    const path = join(out, `${env.replace(/[^A-Za-z0-9._-]/g, '_')}${id}.env`);
    const previous = readSettings(path);
    const keep = !values.rotate && previous.KAFKA_SASL_USERNAME === grant.principal && (previous.KAFKA_SASL_PASSWORD ?? '').length >= 12;
    const { password } = await provisionDeployment(operator, tool, grant, keep ? previous.KAFKA_SASL_PASSWORD : undefined);
    say(
      `${id}: SCRAM-SHA-512 credential of User:${grant.principal} set (${keep ? 'password kept from its settings file' : 'new password'}), ` +
        `${aclEntries(grant).length} ACL bindings in place`,
    );
    const settings: Record<string, string> = {
      BUS: 'kafka',
      DEPLOYMENT: id,
      ...(deploymentsPath !== 'config/deployments.json' ? { DEPLOYMENTS_PATH: deploymentsPath } : {}),
      KAFKA_BROKERS: saslBrokers,
      KAFKA_TOPIC_PREFIX: env,
      KAFKA_SASL_USERNAME: grant.principal,
      KAFKA_SASL_PASSWORD: password,
    };
    writeFileSync(path, settingsFile(id, registry.name(id), settings), { mode: 0o600 });
    chmodSync(path, 0o600);
    say(`${id}: settings written to ${path} (0600)`);
    const shown = { ...settings, KAFKA_SASL_PASSWORD: values['show-secrets'] ? password : `(in ${path}; --show-secrets prints it)` };
    printed.push(
      `${aclTable(grant)}\nsettings:\n${Object.entries(shown)
        .map(([k, v]) => `  ${k}=${v}`)
        .join('\n')}`,
    );
  }
  process.stdout.write(`\n${printed.join('\n\n')}\n`);
}

/** Fails clearly, and soon, when the operator's broker does not answer. */
async function reachable(operator: ReturnType<typeof createKafka>, bootstrap: string[]): Promise<void> {
  const admin = operator.admin({ retry: { retries: 1, initialRetryTime: 300 } });
  try {
    await admin.connect();
    await admin.describeCluster();
  } catch (error) {
    throw new CliError(
      `cannot reach the Kafka broker at ${bootstrap.join(',')} (${(error as Error).message}): is it running ("npm run infra:up", docs/infra.md) and is --brokers right?`,
    );
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`federation: ERROR: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(error instanceof CliError ? 2 : 1);
  },
);
