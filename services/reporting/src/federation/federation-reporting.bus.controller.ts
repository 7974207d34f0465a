/**
 * Reporting's bus handlers across deployments (docs/federation-reporting.md). What leaves is sent by the
 * handler of the event stored here, never in a request: a stored monthly submission goes to the parent as
 * StatisticsReportedUp, a stored anchor (seal and chunks) to this deployment's anchor topic. What arrives is
 * believed by its topic (the ACLs protect it), never by a field: figures only from a child on its topic to us,
 * anchors only from a deployment below on its own anchor topic; anything else is logged and passed over.
 * Without DEPLOYMENT every handler returns at once.
 */
import { Controller, Inject, Logger } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { anchorTopic, federationTopic } from '@jm/bus';
import { decodeAuditAnchorEvent, decodeFederationReportingEvent, StatisticsMonthSubmittedData } from '@jm/contracts';
import type { Clock, StoredEvent } from '@jm/event-sourcing';
import { CLOCK, EventBusContext, FEDERATION, Federation } from '@jm/platform';
import type { Deployment } from '@jm/reference';
import type { AuditAnchorEvent } from '../audit/audit-anchor.events';
import { publishAuditAnchorEvent } from '../audit/audit-anchor.publication';
import { saveAnchorChunk, saveAnchorSeal, saveReportedStatistics } from './federated-records';

@Controller()
export class FederationReportingBusController {
  private readonly logger = new Logger('FederationReporting');

  constructor(
    @Inject(FEDERATION) private readonly federation: Federation,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @EventPattern('StatisticsMonthSubmitted')
  async submitted(@Payload() event: StoredEvent, @Ctx() ctx: EventBusContext): Promise<void> {
    const self = this.federation.self;
    if (!self || this.federation.senderOf(ctx.topic)) return;
    const parent = this.federation.registry.parentOf(self);
    if (!parent) return;
    const data = decodeFederationReportingEvent(event).data as StatisticsMonthSubmittedData;
    await this.federation.send(parent.id, event, { type: 'StatisticsReportedUp', version: 1, data: { ...data, revision: event.streamVersion } });
  }

  @EventPattern('StatisticsReportedUp')
  async reportedUp(@Payload() event: StoredEvent, @Ctx() ctx: EventBusContext): Promise<void> {
    const self = this.federation.self;
    const from = this.federation.senderOf(ctx.topic);
    if (!self || !from) return;
    if (ctx.topic !== federationTopic(from.id, self.id, this.federation.env) || this.federation.registry.parentOf(from)?.id !== self.id) {
      return this.passOver(event, from, 'figures come up only from a child deployment');
    }
    const decoded = decodeFederationReportingEvent(event);
    if (decoded.type !== 'StatisticsReportedUp') return;
    const jurisdiction = this.federation.registry.officeOf(from).jurisdiction;
    await saveReportedStatistics(
      ctx.manager,
      { deployment: from.id, jurisdiction, messageId: event.id, receivedAt: this.clock.now().toISOString() },
      decoded.data,
    );
  }

  @EventPattern(['AuditAnchorChunkRecorded', 'AuditAnchorRecorded'])
  async anchor(@Payload() event: StoredEvent, @Ctx() ctx: EventBusContext): Promise<void> {
    const self = this.federation.self;
    if (!self) return;
    const from = this.federation.senderOf(ctx.topic);
    if (!from) {
      // One of ours, from our own topic: published where the deployments above read it.
      const published = publishAuditAnchorEvent(event as unknown as AuditAnchorEvent);
      if (published) await this.federation.publishAnchor(event, published);
      return;
    }
    if (ctx.topic !== anchorTopic(from.id, this.federation.env) || !this.federation.registry.isBelow(from, self)) {
      return this.passOver(event, from, 'anchors are read only from the anchor topic of a deployment below');
    }
    const received = { deployment: from.id, messageId: event.id, receivedAt: this.clock.now().toISOString() };
    const decoded = decodeAuditAnchorEvent(event);
    if (decoded.type === 'AuditAnchorChunkRecorded') await saveAnchorChunk(ctx.manager, received, decoded.data);
    else await saveAnchorSeal(ctx.manager, received, decoded.data);
  }

  private passOver(event: StoredEvent, from: Deployment, why: string): void {
    this.logger.warn(`${event.type} ${event.id} from ${from.id} passed over: ${why}`);
  }
}
