/**
 * Deployments of a federation as processes: each with a PostgreSQL database of
 * its own (its services' store and read-model schemas inside it), its own JWT
 * secret and key-encryption key, its Kafka principal when one is given, and
 * DEPLOYMENT set; all of them on one Kafka cluster under one environment
 * prefix. Used by the federation end-to-end test and `npm run demo:federation`.
 */
import { randomBytes } from 'node:crypto';
import type { ServiceName } from '@jm/bus';
import { signToken } from '@jm/platform';
import type { Role } from '@jm/reference';
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

export class FederationStack {
  readonly env: string;
  private readonly running = new Map<string, RunningDeployment>();
  private readonly databases: Array<{ drop: () => Promise<void> }> = [];

  constructor(private readonly options: StackOptions) {
    this.env = options.env ?? `${uniqueName('fed').toLowerCase()}.`;
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
    const members = await Promise.all(services.map((service) => fleet.start(service, env)));
    services.forEach((service, i) => (deployment.services[service] = members[i]));
    return deployment;
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
  }
}
