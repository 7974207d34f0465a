/**
 * Deployments of a federation as processes: each with a PostgreSQL database of
 * its own (its services' store and read-model schemas inside it), its own JWT
 * secret and key-encryption key, its Kafka principal when one is given, and
 * DEPLOYMENT set; all of them on one Kafka cluster under one environment
 * prefix. Used by the federation end-to-end test and `npm run demo:federation`.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Kafka } from 'kafkajs';
import { createKafka, KafkaConfigTool, kafkaLibDir, principalOf, provisionFederation, revokeDeployment, ServiceName } from '@jm/bus';
import { signToken } from '@jm/platform';
import { AgencyRegistry, DeploymentRegistry, Role } from '@jm/reference';
import { createTestDatabase, uniqueName } from '@jm/testing';
import { FleetMember, ServiceFleet } from '../../e2e/support/service-fleet';

export interface KafkaPrincipal {
  username: string;
  password: string;
}

export interface StackOptions {
  /** Brokers the deployments connect to (the SASL listener when principals are given). */
  brokers: string[];
  /** The environment prefix every topic of this federation sits under; a unique one by default. */
  env?: string;
  /** Each deployment's principal (KAFKA_SASL_*); without one a deployment connects unauthenticated. */
  principals?: Record<string, KafkaPrincipal>;
  /** Settings every service of every deployment gets (e.g. LOG_LEVEL). */
  settings?: Record<string, string>;
}

export interface RunningDeployment {
  id: string;
  fleet: ServiceFleet;
  services: Partial<Record<ServiceName, FleetMember>>;
  jwtSecret: string;
}

const ROOT = join(__dirname, '..', '..', '..');

/** The shipped registries: the agencies and the deployments that serve them. */
export const REGISTRY = DeploymentRegistry.fromFile(
  join(ROOT, 'config/deployments.json'),
  AgencyRegistry.fromFile(join(ROOT, 'config/agencies.json')),
);

export interface ProvisionOptions {
  /** The operator's door (PLAINTEXT, a super user on the test broker). */
  operatorBrokers: string[];
  /** The SASL listener the deployments connect to. */
  saslBrokers: string[];
  deployments: string[];
  settings?: Record<string, string>;
}

export class FederationStack {
  readonly env: string;
  private readonly running = new Map<string, RunningDeployment>();
  /** Each running deployment's settings, so a service added later joins it with the same secrets. */
  private readonly envs = new Map<string, Record<string, string>>();
  private readonly databases: Array<{ drop: () => Promise<void> }> = [];
  private readonly cleanups: Array<() => Promise<unknown>> = [];

  constructor(private readonly options: StackOptions) {
    this.env = options.env ?? `${uniqueName('fed').toLowerCase()}.`;
  }

  /**
   * A stack whose deployments join the cluster as an operator joins them (docs/federation.md): the federation
   * topics, then each one's SCRAM principal and ACLs, under this stack's own prefix and principal names; stop()
   * revokes them.
   */
  static async provisioned(options: ProvisionOptions): Promise<FederationStack> {
    const env = `${uniqueName('fed').toLowerCase()}.`;
    const principalPrefix = `${uniqueName('p').toLowerCase().replace(/_/g, '-')}-`;
    const operator: Kafka = createKafka({ brokers: options.operatorBrokers, clientId: 'jm-federation-operator' });
    const tool: KafkaConfigTool = { kafkaLib: kafkaLibDir(), bootstrap: options.operatorBrokers };
    const principals = await provisionFederation(operator, tool, REGISTRY, options.deployments, { env, principalPrefix });
    const stack = new FederationStack({ brokers: options.saslBrokers, env, principals, ...(options.settings ? { settings: options.settings } : {}) });
    stack.cleanups.push(async () => {
      for (const id of options.deployments) await revokeDeployment(operator, tool, principalOf(id, principalPrefix)).catch(() => undefined);
      // The stack's topics go with it (its prefix is its own).
      const admin = operator.admin();
      await admin.connect();
      try {
        await admin.deleteTopics({ topics: (await admin.listTopics()).filter((topic) => topic.startsWith(env)) });
      } finally {
        await admin.disconnect();
      }
    });
    return stack;
  }

  /** Starts a deployment's services (in parallel) in a new database of its own. */
  async start(id: string, services: ServiceName[], settings: Record<string, string> = {}): Promise<RunningDeployment> {
    const database = await createTestDatabase(`jm_${id}`);
    this.databases.push(database);
    const fleet = new ServiceFleet({ topicPrefix: this.env, pgUrl: database.url });
    const jwtSecret = randomBytes(32).toString('hex');
    const principal = this.options.principals?.[id];
    const env: Record<string, string> = {
      DEPLOYMENT: id,
      KAFKA_BROKERS: this.options.brokers.join(','),
      JWT_SECRET: jwtSecret,
      KEY_ENCRYPTION_KEY: randomBytes(32).toString('hex'),
      KAFKA_CLIENT_ID: `jm-${id}`,
      ...(principal ? { KAFKA_SASL_USERNAME: principal.username, KAFKA_SASL_PASSWORD: principal.password } : {}),
      ...this.options.settings,
      ...settings,
    };
    const deployment: RunningDeployment = { id, fleet, services: {}, jwtSecret };
    this.running.set(id, deployment);
    this.envs.set(id, env);
    const members = await Promise.all(services.map((service) => fleet.start(service, env)));
    services.forEach((service, i) => (deployment.services[service] = members[i]));
    return deployment;
  }

  /** Starts one more service in a running deployment (its database, secrets and principal), e.g. a console once its services listen. */
  async add(id: string, service: ServiceName, settings: Record<string, string> = {}): Promise<FleetMember> {
    const deployment = this.get(id);
    const member = await deployment.fleet.start(service, { ...(this.envs.get(id) as Record<string, string>), ...settings });
    deployment.services[service] = member;
    return member;
  }

  get(id: string): RunningDeployment {
    const deployment = this.running.get(id);
    if (!deployment) throw new Error(`deployment ${id} is not running`);
    return deployment;
  }

  url(id: string, service: ServiceName): string {
    const member = this.get(id).services[service];
    if (!member) throw new Error(`deployment ${id} runs no ${service}`);
    return member.url;
  }

  /** A token signed with the deployment's own secret (another deployment's secret is refused there). */
  token(id: string, agency: string, roles: Role[], user = `${agency}-user`): string {
    return signToken({ sub: user, agency, roles }, this.get(id).jwtSecret, { ttlSeconds: 3600 });
  }

  /** The Kafka principal a deployment connects as (when provisioned). */
  principal(id: string): KafkaPrincipal {
    const principal = this.options.principals?.[id];
    if (!principal) throw new Error(`deployment ${id} has no principal in this stack`);
    return principal;
  }

  /** A token for an agency, signed by the deployment that serves it. */
  mint(agency: string, roles: Role[], user = `${agency}-user`): string {
    const deployment = REGISTRY.servingAgency(agency);
    if (!deployment) throw new Error(`no deployment serves ${agency}`);
    return this.token(deployment.id, agency, roles, user);
  }

  /** SIGKILLs one service of a deployment and starts it again on its schemas; answers its new URL. */
  async killAndRestart(id: string, service: ServiceName): Promise<string> {
    const deployment = this.get(id);
    await deployment.fleet.kill(service);
    const url = await deployment.fleet.restart(service);
    const member = deployment.services[service];
    if (member) member.url = url;
    return url;
  }

  async stop(): Promise<void> {
    await Promise.all([...this.running.values()].map((d) => d.fleet.stop()));
    for (const database of this.databases) await database.drop().catch(() => undefined);
    for (const cleanup of this.cleanups) await cleanup();
  }
}
