/**
 * This process's place in the federation (docs/federation.md): which
 * deployment it belongs to (DEPLOYMENT), the agencies that deployment serves,
 * the topics it reads from other deployments and the way it sends to them.
 *
 * Without DEPLOYMENT the process serves every agency alone: `enabled` is
 * false, nothing is refused, nothing is sent, no federation topic is read.
 *
 * A message to another deployment is an integration message (jm.event.v2)
 * like a relay's: its envelope is the event that caused it (stream, position,
 * hash, actor, correlation), its id derived from that event's id, the
 * addressee and the message type, so a handler retried after a failure sends
 * the same id again and the receiver's dedup keeps one.
 */
import { createHash } from 'node:crypto';
import type { ContractEvent } from '@jm/contracts';
import { anchorTopic, Bus, deploymentNamespace, encodePublished, federationSender, federationTopic, ServiceName } from '@jm/bus';
import { ForbiddenError, StoredEvent } from '@jm/event-sourcing';
import { AgencyRegistry, Deployment, DeploymentRegistry } from '@jm/reference';
import type { ServiceConfig } from '../config/service-config';
import { ConfigError } from '../config/config-error';

export const FEDERATION = Symbol('FEDERATION');

/** What each service reads from other deployments, besides its own deployment's topics. */
export const FEDERATION_SUBSCRIPTIONS: Record<ServiceName, { inbox: boolean; anchorsOfDescendants: boolean }> = {
  intake: { inbox: false, anchorsOfDescendants: false },
  cases: { inbox: true, anchorsOfDescendants: false },
  notifications: { inbox: false, anchorsOfDescendants: false },
  reporting: { inbox: true, anchorsOfDescendants: true },
  console: { inbox: false, anchorsOfDescendants: false },
};

/** A deterministic UUID-shaped id (version nibble 8: custom) from a name. */
export function derivedMessageId(name: string): string {
  const hex = createHash('sha256').update(name).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export class Federation {
  constructor(
    readonly registry: DeploymentRegistry,
    /** This process's deployment; undefined without DEPLOYMENT. */
    readonly self: Deployment | undefined,
    private readonly bus: Bus,
    /** The environment's topic prefix (KAFKA_TOPIC_PREFIX). */
    readonly env: string,
  ) {}

  get enabled(): boolean {
    return this.self !== undefined;
  }

  /** The namespace of this deployment's own topics and consumer groups (the environment's prefix alone without federation). */
  get namespace(): string {
    return this.self ? deploymentNamespace(this.self.id, this.env) : this.env;
  }

  /** The deployment serving an agency, if the registry has one. */
  deploymentOf(agency: string): Deployment | undefined {
    return this.registry.servingAgency(agency);
  }

  /** Is the agency served here (always, without federation)? */
  servesAgency(agency: string): boolean {
    return !this.self || this.registry.serves(this.self, agency);
  }

  /** The other deployment serving an agency, or undefined when it is served here (or nowhere, or without federation). */
  remoteDeploymentOf(agency: string): Deployment | undefined {
    if (!this.self) return undefined;
    const serving = this.deploymentOf(agency);
    return serving && serving.id !== this.self.id ? serving : undefined;
  }

  /** Refuses (403) what an agency not served here asks of this deployment, naming the deployment that serves it. */
  assertServes(agency: string, what = 'this request'): void {
    if (this.servesAgency(agency)) return;
    const self = this.self as Deployment;
    const serving = this.deploymentOf(agency);
    throw new ForbiddenError(
      `${what} comes from ${agency}, which this deployment (${self.id}, ${self.name['zh-CN']}) does not serve: ` +
        (serving ? `send it to the deployment ${serving.id} (${serving.name['zh-CN']})` : 'no deployment in the registry serves it'),
    );
  }

  /** The topics other deployments send to this one on. */
  inboxTopics(): string[] {
    const self = this.self;
    if (!self) return [];
    return this.registry
      .peersOf(self)
      .map((peer) => federationTopic(peer.id, self.id, this.env))
      .sort();
  }

  /** The anchor topics of every deployment below this one (its auditors verify them). */
  descendantAnchorTopics(): string[] {
    const self = this.self;
    if (!self) return [];
    return this.registry.descendantsOf(self).map((d) => anchorTopic(d.id, this.env));
  }

  /** What a service reads from other deployments. */
  subscriptionsOf(service: ServiceName): string[] {
    const wanted = FEDERATION_SUBSCRIPTIONS[service];
    return [...(wanted.inbox ? this.inboxTopics() : []), ...(wanted.anchorsOfDescendants ? this.descendantAnchorTopics() : [])];
  }

  /** The deployment that sent a message on a federation topic (its topic says so), or undefined for a topic of this deployment's own. */
  senderOf(topic: string): Deployment | undefined {
    const id = federationSender(topic, this.env);
    return id ? this.registry.get(id) : undefined;
  }

  /** Sends a contract event to another deployment, caused by one of ours (see the file comment for its id). */
  async send(to: string, cause: StoredEvent, event: ContractEvent): Promise<string> {
    const self = this.requireSelf();
    if (!this.registry.get(to) || to === self.id) throw new Error(`cannot send ${event.type} to "${to}": not another deployment of the registry`);
    return this.sendOn(federationTopic(self.id, to, this.env), `${self.id}>${to}:${event.type}:${cause.id}`, cause, event);
  }

  /** Publishes one of this deployment's audit anchor events on its anchor topic, where the deployments above read it. */
  async publishAnchor(cause: StoredEvent, event: ContractEvent): Promise<string> {
    const self = this.requireSelf();
    return this.sendOn(anchorTopic(self.id, this.env), `${self.id}:anchor:${cause.id}`, cause, event);
  }

  private async sendOn(topic: string, name: string, cause: StoredEvent, event: ContractEvent): Promise<string> {
    const id = derivedMessageId(name);
    const message = encodePublished({ ...cause, id, causationId: cause.id }, event);
    await this.bus.send(topic, [{ ...message, headers: { ...message.headers, 'federation-from': (this.self as Deployment).id } }]);
    return id;
  }

  private requireSelf(): Deployment {
    if (!this.self) throw new Error('this process belongs to no deployment (DEPLOYMENT is not set): nothing is sent to other deployments');
    return this.self;
  }
}

/**
 * The federation of a service's configuration: the deployment registry is read (and checked against the agency
 * registry) only when DEPLOYMENT is set, so a process on its own needs no deployments file.
 */
export function federationOf(config: ServiceConfig, agencies: AgencyRegistry, bus: Bus): Federation {
  const env = config.bus.kind === 'kafka' ? config.bus.topicPrefix : '';
  const id = config.federation.deployment;
  if (!id) return new Federation(DeploymentRegistry.empty(agencies), undefined, bus, env);
  const registry = DeploymentRegistry.fromFile(config.federation.deploymentsPath, agencies);
  const self = registry.get(id);
  if (!self) {
    throw new ConfigError(config.service, [
      {
        variable: 'DEPLOYMENT',
        given: id,
        allowed: `one of the deployments in ${config.federation.deploymentsPath}: ${registry
          .all()
          .map((d) => d.id)
          .join(', ')}`,
      },
    ]);
  }
  return new Federation(registry, self, bus, env);
}
