/**
 * The service's place on the bus: its relay (store → its topic; a no-op on the
 * embedded bus, where the store is the log) and its consumer, the EventBusServer
 * that feeds the service's @EventPattern handlers from the topics it subscribes
 * to (topology.ts). Both start after the app is built. At shutdown Nest closes
 * the consumer with the microservices; the relay is stopped by
 * InfrastructureLifecycle after in-flight requests finished, so events they
 * appended still go out, and before the bus closes.
 */
import { INestApplication, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import type { Bus, EventPublication, KafkaConsumerTuning, RunningRelay } from '@jm/bus';
import { EventBusServer } from '../bus/event-bus.server';
import { SERVICE_STREAM_PREFIXES, SERVICE_SUBSCRIPTIONS, ServiceName, topicFor } from '@jm/bus';
import type { ServiceConfig } from '../config/service-config';
import { BUS_TOKEN, EVENT_PUBLICATION, SERVICE_CONFIG } from './tokens';
import { FEDERATION, Federation } from '../federation/federation';
import { ParkedConsumer } from '../operations/parked-consumer';
import { PlatformMetrics } from '../observability/platform-metrics';

@Injectable()
export class ServiceRelay implements OnApplicationBootstrap {
  private readonly logger = new Logger('Relay');
  private relay?: RunningRelay;

  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
    @Inject(BUS_TOKEN) private readonly bus: Bus,
    @Inject(EVENT_PUBLICATION) private readonly publication: EventPublication,
    @Inject(FEDERATION) private readonly federation: Federation,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const service = this.config.service;
    const topic = topicFor(service, namespaceOf(this.config, this.federation));
    this.relay = await this.bus.startRelay({
      service,
      streamPrefixes: SERVICE_STREAM_PREFIXES[service],
      topic,
      instanceId: this.config.instanceId,
      publish: this.publication,
    });
    this.logger.log({ topic, bus: this.bus.kind }, 'relay started (active or standing by)');
  }

  async stop(): Promise<void> {
    await this.relay?.stop();
    this.relay = undefined;
  }
}

/**
 * Topic and group namespace: Kafka only (the embedded bus maps topics to stream prefixes and has no namespace).
 * The environment's prefix, then the deployment's id when the process belongs to one.
 */
function namespaceOf(config: ServiceConfig, federation: Federation): string {
  return config.bus.kind === 'kafka' ? federation.namespace : '';
}

/**
 * Kafka fetch settings per consuming service (kafkajs defaults otherwise).
 * Intake's consumer (its lead read model and matching) is on no other service's
 * path: its fetches wait up to 250 ms for 256 KB (~130 events), so a busy
 * intake applies its events in long runs (one transaction each) instead of a
 * few at a time, and spends its event loop on requests and its relay.
 */
export const CONSUMER_TUNING: Partial<Record<ServiceName, KafkaConsumerTuning>> = {
  intake: { minBytes: 256 * 1024, maxWaitTimeInMs: 250 },
};

/** Connects the service's EventBusServer; call before app.startAllMicroservices(). */
export function connectServiceConsumer(app: INestApplication, config: ServiceConfig): void {
  const bus = app.get<Bus>(BUS_TOKEN);
  const logger = new Logger('Consumer');
  const federation = app.get<Federation>(FEDERATION);
  const namespace = namespaceOf(config, federation);
  const topics = [
    ...SERVICE_SUBSCRIPTIONS[config.service].map((service) => topicFor(service, namespace)),
    // What other deployments send to this one (docs/federation.md); none without DEPLOYMENT.
    ...federation.subscriptionsOf(config.service),
  ];
  // A service that follows no topic (the console) has no consumer.
  if (topics.length === 0) return;
  // No filter of its own: with inheritAppConfig the microservice shares the app's global filters, so one
  // added here would also catch HTTP errors. ProblemDetailsFilter hands bus errors back unchanged, which
  // keeps the handler's real error on parked rows.
  // The namespace covers the group too: two environments sharing a cluster must not share a group.
  const group = `${namespace}${config.service}`;
  const server = new EventBusServer({
    bus,
    group,
    topics,
    observer: app.get(PlatformMetrics).watchConsumer(group, topics),
    kafka: CONSUMER_TUNING[config.service],
    onParked: (parked) => logger.error({ parked }, `event ${parked.eventId} (${parked.eventType}) parked after ${parked.attempts} attempts`),
  });
  // The operations API replays parked events through it (docs/operations/parked-events.md).
  app.get(ParkedConsumer).attach(server);
  app.connectMicroservice({ strategy: server }, { inheritAppConfig: true });
}
