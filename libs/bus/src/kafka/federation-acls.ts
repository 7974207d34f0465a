/**
 * Kafka principals and ACLs of the federation (docs/federation.md, "Principals and ACLs").
 *
 * `deploymentGrant` computes, from the deployment registry alone (pure), what one deployment's principal may do:
 * everything its services need under its own namespace `<env><d>.`, write its own federation topics
 * `<env>fed.<d>.`, read the messages addressed to it and the anchors of the deployments below it; nothing else.
 * `federationTopicNames` lists every federation topic, which provisioning creates up front so that a reader never
 * needs CREATE on a topic it does not own.
 *
 * The rest applies that to a broker, through an operator's connection (a super user): the topics and ACLs with
 * kafkajs, the principal's SCRAM-SHA-512 credential with Kafka's own `kafka.admin.ConfigCommand` run from the
 * broker's jars (kafkajs has no AlterUserScramCredentials; the command needs only a JRE, where a compiled Admin
 * API class would need a JDK), the password passed in a 0600 file, never on a command line.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { AclEntry, AclOperationTypes, AclPermissionTypes, AclResourceTypes, Kafka, ResourcePatternTypes } from 'kafkajs';
import type { DeploymentRegistry } from '@jm/reference';
import { anchorTopic, deploymentNamespace, federationTopic, federationWritePrefix } from '../federation-topics';
import { ensureTopics } from './kafka-client';

/** The operations a grant uses: what the services need, not ALL (no DELETE, ALTER or config changes). */
export type FederationAclOperation = 'READ' | 'WRITE' | 'CREATE' | 'DESCRIBE';

export interface FederationAcl {
  resource: 'TOPIC' | 'GROUP';
  pattern: 'LITERAL' | 'PREFIXED';
  name: string;
  operations: FederationAclOperation[];
  /** Why it is granted, for the ACL table an operator reads. */
  reason: string;
}

/** What one deployment's principal may do on the shared cluster. */
export interface DeploymentGrant {
  deployment: string;
  /** The SCRAM user name; its Kafka principal is `User:<principal>`. */
  principal: string;
  acls: FederationAcl[];
}

export interface FederationAclOptions {
  /** The environment's topic prefix (KAFKA_TOPIC_PREFIX). */
  env?: string;
  /** Put before a deployment's id to name its principal (default `jm-`; a test uses its own). */
  principalPrefix?: string;
}

export const DEFAULT_PRINCIPAL_PREFIX = 'jm-';

/** The SCRAM user (principal) of a deployment. */
export function principalOf(deployment: string, principalPrefix = DEFAULT_PRINCIPAL_PREFIX): string {
  return `${principalPrefix}${deployment}`;
}

/** The deployments below one (its children, theirs, …): whose anchors its auditors read. */
export function descendantsOf(registry: DeploymentRegistry, id: string): string[] {
  const deployment = registry.get(id);
  return deployment ? registry.descendantsOf(deployment).map((d) => d.id) : [];
}

export function deploymentGrant(registry: DeploymentRegistry, id: string, options: FederationAclOptions = {}): DeploymentGrant {
  const env = options.env ?? '';
  const self = registry.get(id);
  if (!self)
    throw new Error(
      `unknown deployment "${id}": the registry has ${
        registry
          .all()
          .map((d) => d.id)
          .join(', ') || 'none'
      }`,
    );
  // A deployment called "fed" would own, by its namespace prefix, every federation topic.
  if (deploymentNamespace(id) === 'fed.') throw new Error('a deployment may not be called "fed": its namespace would cover every federation topic');
  const peers = registry
    .peersOf(self)
    .map((d) => d.id)
    .sort();
  return {
    deployment: id,
    principal: principalOf(id, options.principalPrefix),
    acls: [
      {
        resource: 'TOPIC',
        pattern: 'PREFIXED',
        name: deploymentNamespace(id, env),
        operations: ['READ', 'WRITE', 'CREATE', 'DESCRIBE'],
        reason: 'its services’ own topics: relays create and write them, consumers read them',
      },
      { resource: 'GROUP', pattern: 'PREFIXED', name: deploymentNamespace(id, env), operations: ['READ'], reason: 'its services’ consumer groups' },
      {
        resource: 'TOPIC',
        pattern: 'PREFIXED',
        name: federationWritePrefix(id, env),
        operations: ['WRITE', 'CREATE', 'DESCRIBE'],
        reason: 'what it sends to other deployments, and its audit anchors',
      },
      ...peers.map((from): FederationAcl => ({
        resource: 'TOPIC',
        pattern: 'LITERAL',
        name: federationTopic(from, id, env),
        operations: ['READ', 'DESCRIBE'],
        reason: `its inbox from ${from}`,
      })),
      ...descendantsOf(registry, id).map((below): FederationAcl => ({
        resource: 'TOPIC',
        pattern: 'LITERAL',
        name: anchorTopic(below, env),
        operations: ['READ', 'DESCRIBE'],
        reason: `the audit anchors of ${below}, below it`,
      })),
    ],
  };
}

/** Every federation topic of the registry: one per ordered pair of deployments, one for each one's anchors. */
export function federationTopicNames(registry: DeploymentRegistry, env = ''): string[] {
  const ids = registry
    .all()
    .map((d) => d.id)
    .sort();
  return [
    ...ids.flatMap((from) => ids.filter((to) => to !== from).map((to) => federationTopic(from, to, env))),
    ...ids.map((id) => anchorTopic(id, env)),
  ];
}

/** The grant as kafkajs ACL bindings (ALLOW from any host). */
export function aclEntries(grant: DeploymentGrant): AclEntry[] {
  return grant.acls.flatMap((acl) =>
    acl.operations.map((operation): AclEntry => ({
      resourceType: AclResourceTypes[acl.resource],
      resourceName: acl.name,
      resourcePatternType: ResourcePatternTypes[acl.pattern],
      principal: `User:${grant.principal}`,
      host: '*',
      operation: AclOperationTypes[operation],
      permissionType: AclPermissionTypes.ALLOW,
    })),
  );
}

/** The grant as rows of a table (resource, pattern, name, operations, why), for the CLI and the docs. */
export function aclTable(grant: DeploymentGrant): string {
  const rows = grant.acls.map((a) => [a.resource, a.pattern, a.name, a.operations.join(','), a.reason]);
  const head = ['resource', 'pattern', 'name', 'operations', 'why'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [`User:${grant.principal} (deployment ${grant.deployment})`, line(head), ...rows.map(line)].join('\n');
}

// ------------------------------------------------------------------ applying it to a broker

/** Creates the federation topics that are missing (ensureTopics: lists first, then waits for leaders). */
export function createFederationTopics(admin: Kafka, registry: DeploymentRegistry, env = ''): Promise<string[]> {
  return ensureTopics(admin, federationTopicNames(registry, env));
}

/** Adds the grant's ACLs (an ACL that exists already stays as it is). */
export async function applyGrant(admin: Kafka, grant: DeploymentGrant): Promise<void> {
  await withAdmin(admin, async (client) => {
    await client.createAcls({ acl: aclEntries(grant) });
  });
}

/** Removes every ACL of a principal; returns how many there were. */
export async function revokeAcls(admin: Kafka, principal: string): Promise<number> {
  return withAdmin(admin, async (client) => {
    const { filterResponses } = await client.deleteAcls({
      filters: [
        {
          resourceType: AclResourceTypes.ANY,
          resourcePatternType: ResourcePatternTypes.ANY,
          principal: `User:${principal}`,
          host: '*',
          operation: AclOperationTypes.ANY,
          permissionType: AclPermissionTypes.ANY,
        },
      ],
    });
    return filterResponses.reduce((n, r) => n + r.matchingAcls.length, 0);
  });
}

/** A deployment's SCRAM user and password: its KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD. */
export interface FederationPrincipal {
  username: string;
  password: string;
}

/** A new SCRAM password: 32 characters of base64url (192 bits). */
export function newScramPassword(): string {
  return randomBytes(24).toString('base64url');
}

/** One deployment joins: its principal's credential (the password given, or a new one) and its ACLs. */
export async function provisionDeployment(
  admin: Kafka,
  tool: KafkaConfigTool,
  grant: DeploymentGrant,
  password = newScramPassword(),
): Promise<FederationPrincipal> {
  await setScramCredential(tool, grant.principal, password);
  await applyGrant(admin, grant);
  return { username: grant.principal, password };
}

/**
 * Deployments join at once, as a test or the demo needs them: every federation topic, then each one's credential
 * and ACLs. Answers each deployment's principal, for its settings.
 */
export async function provisionFederation(
  admin: Kafka,
  tool: KafkaConfigTool,
  registry: DeploymentRegistry,
  ids: string[],
  options: FederationAclOptions = {},
): Promise<Record<string, FederationPrincipal>> {
  const grants = ids.map((id) => deploymentGrant(registry, id, options));
  await createFederationTopics(admin, registry, options.env);
  const principals: Record<string, FederationPrincipal> = {};
  for (const grant of grants) principals[grant.deployment] = await provisionDeployment(admin, tool, grant);
  return principals;
}

/** A deployment leaves: its ACLs and its credential go (its topics and their data stay). Answers how many ACL bindings went. */
export async function revokeDeployment(admin: Kafka, tool: KafkaConfigTool, principal: string): Promise<number> {
  const removed = await revokeAcls(admin, principal);
  await deleteScramCredential(tool, principal);
  return removed;
}

async function withAdmin<T>(kafka: Kafka, work: (admin: ReturnType<Kafka['admin']>) => Promise<T>): Promise<T> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    return await work(admin);
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

/** How to run Kafka's ConfigCommand: the broker's jars and the operator's connection. */
export interface KafkaConfigTool {
  /** The directory of the broker's jars (scripts/infra.sh: `$JM_INFRA_HOME/kafka-<version>/lib`). */
  kafkaLib: string;
  /** Bootstrap servers of the operator's connection. */
  bootstrap: string[];
  /** The operator's own SCRAM-SHA-512 user on a SASL listener; none on the test broker's PLAINTEXT door. */
  sasl?: { username: string; password: string };
  /** The java executable (default `java` on PATH). */
  java?: string;
  timeoutMs?: number;
}

/** Where scripts/infra.sh keeps the broker's jars: KAFKA_LIB, else `$JM_INFRA_HOME/kafka-$JM_KAFKA_VERSION/lib` with its defaults. */
export function kafkaLibDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.KAFKA_LIB) return env.KAFKA_LIB;
  const home = env.JM_INFRA_HOME || join(homedir(), '.cache', 'jm-infra');
  return join(home, `kafka-${env.JM_KAFKA_VERSION || '4.1.2'}`, 'lib');
}

/** Fails unless the directory holds the broker's jars (ConfigCommand runs from them). */
export async function assertKafkaLib(dir: string): Promise<void> {
  const jars = await readdir(dir).catch(() => [] as string[]);
  if (!jars.some((jar) => /^kafka_2\.13-.*\.jar$/.test(jar)))
    throw new Error(`no Kafka broker jars (kafka_2.13-*.jar) in ${dir}: fetch them with "bash scripts/infra.sh up kafka" or name the directory`);
}

/** Kafka's minimum is 4096; 8192 costs a connecting client a few ms once. */
export const SCRAM_ITERATIONS = 8192;

/** Creates or replaces the SCRAM-SHA-512 credential of a user. */
export async function setScramCredential(tool: KafkaConfigTool, username: string, password: string): Promise<void> {
  // ConfigCommand splits the value at ',' and '=' (and a .properties file treats '\' and ':' specially).
  if (!/^[A-Za-z0-9._~+/-]{12,}$/.test(password)) throw new Error('a SCRAM password here: at least 12 of A-Z a-z 0-9 . _ ~ + / -');
  await runConfigCommand(tool, username, (dir) => ['--add-config-file', join(dir, 'credential.properties')], {
    'credential.properties': `SCRAM-SHA-512=iterations=${SCRAM_ITERATIONS},password=${password}\n`,
  });
}

/** Removes the SCRAM-SHA-512 credential of a user (nothing when it has none). */
export async function deleteScramCredential(tool: KafkaConfigTool, username: string): Promise<void> {
  try {
    await runConfigCommand(tool, username, () => ['--delete-config', 'SCRAM-SHA-512'], {});
  } catch (error) {
    // Deleting a credential the user does not have is an error of ConfigCommand's; the end state is the one wanted.
    if (!/ResourceNotFoundException|does not exist|not found/i.test((error as Error).message)) throw error;
  }
}

async function runConfigCommand(
  tool: KafkaConfigTool,
  username: string,
  args: (dir: string) => string[],
  files: Record<string, string>,
): Promise<void> {
  if (!/^[A-Za-z0-9._-]{1,64}$/.test(username)) throw new Error(`"${username}" is not a principal name: letters, digits and . _ - (at most 64)`);
  await assertKafkaLib(tool.kafkaLib);
  const dir = await mkdtemp(join(tmpdir(), 'jm-kafka-config-'));
  try {
    const all: Record<string, string> = {
      ...files,
      // Errors only, on stderr: the command logs its whole client configuration at INFO otherwise.
      'log4j2.properties': [
        'rootLogger.level=ERROR',
        'rootLogger.appenderRef.err.ref=ERR',
        'appender.err.type=Console',
        'appender.err.name=ERR',
        'appender.err.target=SYSTEM_ERR',
        'appender.err.layout.type=PatternLayout',
        'appender.err.layout.pattern=%m%n',
        '',
      ].join('\n'),
    };
    const connection = tool.sasl ? ['--command-config', join(dir, 'client.properties')] : [];
    if (tool.sasl) {
      all['client.properties'] = [
        'security.protocol=SASL_PLAINTEXT',
        'sasl.mechanism=SCRAM-SHA-512',
        `sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="${tool.sasl.username}" password="${tool.sasl.password}";`,
        '',
      ].join('\n');
    }
    for (const [name, text] of Object.entries(all)) await writeFile(join(dir, name), text, { mode: 0o600 });
    const argv = [
      `-Dlog4j2.configurationFile=${join(dir, 'log4j2.properties')}`,
      '-cp',
      join(tool.kafkaLib, '*'),
      'kafka.admin.ConfigCommand',
      '--bootstrap-server',
      tool.bootstrap.join(','),
      ...connection,
      '--alter',
      '--entity-type',
      'users',
      '--entity-name',
      username,
      ...args(dir),
    ];
    try {
      await promisify(execFile)(tool.java ?? 'java', argv, { timeout: tool.timeoutMs ?? 60_000 });
    } catch (error) {
      const e = error as NodeJS.ErrnoException & { stderr?: string; stdout?: string; killed?: boolean };
      if (e.code === 'ENOENT') throw new Error(`cannot run ${tool.java ?? 'java'}: install a Java runtime (17+) or give its path`);
      const said = `${e.stderr ?? ''}${e.stdout ?? ''}`.trim().split('\n').slice(-5).join(' / ');
      throw new Error(
        `Kafka's ConfigCommand (${tool.kafkaLib}) failed for user ${username} on ${tool.bootstrap.join(',')}` +
          `${e.killed ? ' (timed out)' : ''}: ${said || e.message}`,
      );
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
