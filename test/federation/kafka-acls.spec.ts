/**
 * Issue 18, "each level sees only what it must, enforced by Kafka": on the test broker's SASL listener
 * (SCRAM-SHA-512, StandardAuthorizer, nothing allowed without an ACL), lc, fz and qz are provisioned as the
 * operator does it (their topics, ACLs and credentials, under this test's own environment prefix and principal
 * names); then each principal is tried on what its level may and may not do, and real services of lc run
 * under lc's principal with only those ACLs.
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { connect } from 'node:net';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Kafka, logLevel } from 'kafkajs';
import {
  aclEntries,
  anchorTopic,
  createIdempotentProducer,
  createKafka,
  deploymentGrant,
  encodeMessage,
  ensureTopics,
  FederationPrincipal,
  federationTopic,
  KafkaClientLogger,
  kafkaLibDir,
  KafkaConfigTool,
  PRODUCE_ACKS,
  principalOf,
  provisionFederation,
  revokeDeployment,
  topicFor,
} from '@jm/bus';
import type { StoredEvent } from '@jm/event-sourcing';
import { AgencyRegistry, DeploymentRegistry } from '@jm/reference';
import { pollUntil, testKafkaBrokers, testKafkaSaslBrokers, uniqueName } from '@jm/testing';
import { ServiceFleet } from '../e2e/support/service-fleet';

const ROOT = join(__dirname, '..', '..');
const registry = DeploymentRegistry.fromFile(join(ROOT, 'config/deployments.json'), AgencyRegistry.fromFile(join(ROOT, 'config/agencies.json')));
const DEPLOYMENTS = ['lc', 'fz', 'qz'] as const;
type Id = (typeof DEPLOYMENTS)[number];

/** The Kafka error type a refused call failed with, looking through kafkajs' wrappers. */
function kafkaErrorType(error: unknown): string {
  for (let e = error as { type?: string; cause?: unknown; originalError?: unknown } | undefined; e; e = (e.cause ?? e.originalError) as typeof e) {
    if (e.type) return e.type;
  }
  return `not a Kafka error: ${String(error)}`;
}

async function refusal(attempt: Promise<unknown>): Promise<string> {
  try {
    await attempt;
  } catch (error) {
    return kafkaErrorType(error);
  }
  return 'allowed';
}

/** Fails clearly when the broker has no SASL listener (one started from the template before it had one). */
async function saslListenerAnswers(broker: string): Promise<void> {
  const [host, port] = broker.split(':');
  await new Promise<void>((resolve, reject) => {
    const socket = connect({ host, port: Number(port) }, () => {
      socket.end();
      resolve();
    });
    socket.on('error', (error) =>
      reject(
        new Error(
          `nothing answers on the broker's SASL listener ${broker} (${error.message}): a broker started before scripts/infra.sh had one ` +
            'runs without it; restart it with "bash scripts/infra.sh down kafka && bash scripts/infra.sh up kafka" (docs/federation.md)',
        ),
      ),
    );
  });
}

function errorTypesInto(seen: string[]): KafkaClientLogger {
  const note = (entry: object) => {
    const type = (entry as { error?: { type?: unknown } }).error?.type;
    if (typeof type === 'string' && !seen.includes(type)) seen.push(type);
  };
  return { debug: note, info: note, warn: note, error: note };
}

/** A message in the integration format, as a deployment's services would send it. */
function message(type: string): { key: string; value: string; headers: Record<string, string> } {
  const event: StoredEvent = {
    id: randomUUID(),
    type,
    schemaVersion: 1,
    data: { probe: true },
    streamId: `probe-${randomUUID()}`,
    streamVersion: 0,
    position: 1,
    time: new Date().toISOString(),
    correlationId: randomUUID(),
    causationId: randomUUID(),
    actor: { agency: 'qz-office', user: 'acl-probe' },
    prevHash: '',
    hash: '0'.repeat(64),
    hashAlg: 'SM3',
  } as StoredEvent;
  return encodeMessage(event);
}

describe('Kafka principals and ACLs of the federation (SASL/SCRAM-SHA-512, StandardAuthorizer)', () => {
  const env = `${uniqueName('acl').toLowerCase()}.`;
  const principalPrefix = `${uniqueName('t').toLowerCase().replace(/_/g, '-')}-`;
  let principals: Record<string, FederationPrincipal>;
  const operator = createKafka({ brokers: testKafkaBrokers(), clientId: 'acl-operator', logLevel: logLevel.NOTHING });
  const tool: KafkaConfigTool = { kafkaLib: kafkaLibDir(), bootstrap: testKafkaBrokers() };
  const clients: Array<{ disconnect(): Promise<void> }> = [];

  /** A deployment's client; the types of the errors its kafkajs logs (some, like a refused group, only show there) go to `seen`. */
  const as = (id: Id, seen: string[] = []): Kafka =>
    createKafka({
      brokers: testKafkaSaslBrokers(),
      clientId: `acl-${id}`,
      sasl: { mechanism: 'scram-sha-512', ...principals[id] },
      logLevel: logLevel.DEBUG,
      logger: errorTypesInto(seen),
    });

  /** Sends one message as a deployment, with the idempotent producer its services use. */
  const write = async (id: Id, topic: string): Promise<void> => {
    const producer = createIdempotentProducer(as(id));
    clients.push(producer);
    await producer.connect();
    await producer.send({ topic, acks: PRODUCE_ACKS, messages: [message('FederationAclProbed')] });
  };

  /** Reads a topic from the start as a deployment, in a group of its own namespace unless told; the first message's type. */
  const read = async (id: Id, topic: string, group = `${env}${id}.probe-${randomUUID()}`): Promise<string> => {
    const seen: string[] = [];
    const consumer = as(id, seen).consumer({ groupId: group, allowAutoTopicCreation: false, retry: { retries: 0 } });
    clients.push(consumer);
    let crashed: { type?: string } | undefined;
    consumer.on(consumer.events.CRASH, ({ payload }) => (crashed = payload.error as { type?: string }));
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    let first: string | undefined;
    await consumer.run({ eachMessage: async ({ message: m }) => void (first ??= m.headers?.['event-type']?.toString()) });
    const outcome = await pollUntil(() => (crashed ? { crashed } : first ? { first } : undefined), {
      timeoutMs: 30000,
      what: `${id} to read ${topic}`,
    });
    if (outcome.crashed) {
      // kafkajs reports a refused group as "group coordinator not found"; the broker's answer is in its debug log.
      throw Object.assign(new Error(String(outcome.crashed)), {
        type: outcome.crashed.type ?? seen.find((t) => t.endsWith('_AUTHORIZATION_FAILED')),
      });
    }
    return outcome.first as string;
  };

  beforeAll(async () => {
    await saslListenerAnswers(testKafkaSaslBrokers()[0]);
    principals = await provisionFederation(operator, tool, registry, [...DEPLOYMENTS], { env, principalPrefix });
  }, 120000);

  afterAll(async () => {
    await Promise.all(clients.map((c) => c.disconnect().catch(() => undefined)));
    // fj too: the CLI test provisions it (and revokes it, unless it failed half-way).
    for (const id of [...DEPLOYMENTS, 'fj']) await revokeDeployment(operator, tool, principalOf(id, principalPrefix));
    const admin = operator.admin();
    await admin.connect();
    await admin.deleteTopics({ topics: (await admin.listTopics()).filter((t) => t.startsWith(env)) });
    await admin.disconnect();
  }, 120000);

  it('refuses a principal with a wrong password', async () => {
    const impostor = createKafka({
      brokers: testKafkaSaslBrokers(),
      clientId: 'acl-impostor',
      sasl: { mechanism: 'scram-sha-512', username: principalOf('lc', principalPrefix), password: principals.fz.password },
      logLevel: logLevel.NOTHING,
    }).admin({ retry: { retries: 0 } });
    clients.push(impostor);
    await expect(impostor.connect()).rejects.toThrow(/SASL SCRAM SHA512 authentication failed/);
  });

  describe('a district (fz)', () => {
    it('is refused reading another district’s service topic, even in a group of its own', async () => {
      const lcCases = topicFor('cases', `${env}lc.`);
      // lc's relay would create it: lc may create topics in its namespace.
      await ensureTopics(as('lc'), [lcCases]);
      await write('lc', lcCases);
      expect(await refusal(read('fz', lcCases))).toBe('TOPIC_AUTHORIZATION_FAILED');
      // lc itself reads it: the topic and its message are there.
      expect(await read('lc', lcCases)).toBe('FederationAclProbed');
    });

    it('is refused a consumer group outside its namespace', async () => {
      expect(await refusal(read('fz', federationTopic('qz', 'fz', env), `${env}lc.cases`))).toBe('GROUP_AUTHORIZATION_FAILED');
    });

    it('is refused reading what lc sends the city, and writing it in lc’s name', async () => {
      const lcToQz = federationTopic('lc', 'qz', env);
      await write('lc', lcToQz);
      expect(await refusal(read('fz', lcToQz))).toBe('TOPIC_AUTHORIZATION_FAILED');
      expect(await refusal(write('fz', lcToQz))).toBe('TOPIC_AUTHORIZATION_FAILED');
      // The city, its addressee, reads it.
      expect(await read('qz', lcToQz)).toBe('FederationAclProbed');
    });

    it('reads what the city sends it and writes to the city', async () => {
      await write('qz', federationTopic('qz', 'fz', env));
      expect(await read('fz', federationTopic('qz', 'fz', env))).toBe('FederationAclProbed');
      await write('fz', federationTopic('fz', 'qz', env));
      expect(await read('qz', federationTopic('fz', 'qz', env))).toBe('FederationAclProbed');
    });
  });

  describe('audit anchors', () => {
    it('are read by the city above the district, not by another district', async () => {
      await write('lc', anchorTopic('lc', env));
      await write('fz', anchorTopic('fz', env));
      expect(await read('qz', anchorTopic('lc', env))).toBe('FederationAclProbed');
      expect(await refusal(read('lc', anchorTopic('fz', env)))).toBe('TOPIC_AUTHORIZATION_FAILED');
    });

    it('are written only by their own deployment', async () => {
      expect(await refusal(write('qz', anchorTopic('lc', env)))).toBe('TOPIC_AUTHORIZATION_FAILED');
    });
  });

  describe('the operator’s CLI (npm run federation)', () => {
    const out = mkdtempSync(join(tmpdir(), 'jm-federation-'));
    const cli = (...args: string[]) =>
      promisify(execFile)(process.execPath, ['-r', '@swc-node/register', 'scripts/federation.ts', ...args], { cwd: ROOT, timeout: 120000 });
    const common = ['--brokers', testKafkaBrokers().join(','), '--env', env, '--principal-prefix', principalPrefix];
    afterAll(() => rmSync(out, { recursive: true, force: true }));

    it('provisions the province: a 0600 settings file whose password is not printed, and those settings connect', async () => {
      const run = await cli(
        'provision',
        'fj',
        ...common,
        '--sasl-brokers',
        testKafkaSaslBrokers().join(','),
        '--out',
        out,
        '--kafka-lib',
        kafkaLibDir(),
      );
      const file = join(out, `${env}fj.env`);
      const settings = Object.fromEntries(
        readFileSync(file, 'utf8')
          .split('\n')
          .filter((l) => /^[A-Z_]+=/.test(l))
          .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
      );
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(settings).toMatchObject({
        BUS: 'kafka',
        DEPLOYMENT: 'fj',
        KAFKA_TOPIC_PREFIX: env,
        KAFKA_SASL_USERNAME: principalOf('fj', principalPrefix),
      });
      expect(settings.KAFKA_SASL_PASSWORD).toMatch(/^[A-Za-z0-9_-]{32}$/);
      expect(run.stdout).not.toContain(settings.KAFKA_SASL_PASSWORD);
      expect(run.stdout).toMatch(new RegExp(`^TOPIC +LITERAL +${env.replace(/\./g, '\\.')}fed\\.qz\\.anchors\\.v1 +READ,DESCRIBE`, 'm'));

      const asProvince = createKafka({
        brokers: settings.KAFKA_BROKERS.split(','),
        clientId: 'acl-fj',
        sasl: { mechanism: 'scram-sha-512', username: settings.KAFKA_SASL_USERNAME, password: settings.KAFKA_SASL_PASSWORD },
        logLevel: logLevel.NOTHING,
      }).admin({ retry: { retries: 0 } });
      clients.push(asProvince);
      await asProvince.connect();
      // What it may describe: its inbox and the anchors below it, not what the districts send the city.
      const visible = await asProvince.listTopics();
      expect(visible).toEqual(expect.arrayContaining([federationTopic('qz', 'fj', env), anchorTopic('lc', env), anchorTopic('qz', env)]));
      expect(visible).not.toContain(federationTopic('lc', 'qz', env));
      await asProvince.disconnect();

      const revoked = await cli('revoke', 'fj', ...common, '--kafka-lib', kafkaLibDir());
      expect(revoked.stdout).toContain(`fj: removed ${aclEntries(deploymentGrant(registry, 'fj')).length} ACL bindings`);
      await expect(asProvince.connect()).rejects.toThrow(/SASL SCRAM SHA512 authentication failed/);
    }, 120000);

    it('refuses a deployment the registry does not have, before touching the broker', async () => {
      await expect(cli('provision', 'xm', ...common)).rejects.toMatchObject({
        code: 2,
        stderr: expect.stringContaining('unknown deployment xm: config/deployments.json has lc, fz, qz, fj'),
      });
    });
  });

  describe('lc’s services under lc’s principal, with only its ACLs', () => {
    const fleet = new ServiceFleet({ topicPrefix: env });
    afterAll(() => fleet.stop(), 60000);

    it('relay, consume and read lc’s inbox: a public lead reaches cases through Kafka, and a message from the city is consumed', async () => {
      const settings = {
        DEPLOYMENT: 'lc',
        KAFKA_BROKERS: testKafkaSaslBrokers().join(','),
        KAFKA_SASL_USERNAME: principalOf('lc', principalPrefix),
        KAFKA_SASL_PASSWORD: principals.lc.password,
      };
      const [intake, cases] = await Promise.all([fleet.start('intake', settings), fleet.start('cases', settings)]);
      const title = `ACL 检查线索 ${randomUUID()}`;
      const res = await fetch(`${intake.url}/public/leads`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          title,
          description: '用于检查联邦部署的 Kafka 权限：线索经 intake 的中继发往 cases。',
          category: 'illegal_fundraising',
          field: 'pension',
          street: 'lc-st-haibin',
          channel: 'hotline',
          subjects: [{ kind: 'phone', phone: '0595-22881234' }],
        }),
      });
      expect(res.status).toBe(201);
      // intake's relay (idempotent producer) wrote lc.intake.events.v1; cases' group lc.cases read it and opened triage.
      const triage = await pollUntil(
        async () => {
          const all = await cases.store.readAll({ limit: 1000 });
          return all.find((e) => e.type === 'TriageOpened');
        },
        { timeoutMs: 60000, what: 'cases to open triage for the lead' },
      );
      expect(triage.streamId).toMatch(/^routing-/);

      // The city writes to lc's inbox; lc's cases group reads it and commits past it.
      await write('qz', federationTopic('qz', 'lc', env));
      const admin = operator.admin();
      await admin.connect();
      try {
        await pollUntil(
          async () => {
            const [offsets] = await admin.fetchOffsets({ groupId: `${env}lc.cases`, topics: [federationTopic('qz', 'lc', env)] });
            return offsets.partitions.some((p) => Number(p.offset) > 0) || undefined;
          },
          { timeoutMs: 60000, what: 'lc’s cases group to consume its inbox from qz' },
        );
      } finally {
        await admin.disconnect();
      }
      // Nothing was refused along the way.
      for (const running of fleet.processes) expect(`${running.stdout()}${running.stderr()}`).not.toMatch(/AUTHORIZATION_FAILED|not authorized/i);
    }, 180000);
  });
});
