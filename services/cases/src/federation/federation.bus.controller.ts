/**
 * The bus handlers of cases across deployments (federation.process-manager.ts). Outgoing handlers follow this
 * deployment's own topic only; incoming ones take only what arrived on a federation topic, whose sender is the topic's.
 * Nothing runs without DEPLOYMENT. Nest chains these with the other handlers of a type, in one consumer transaction.
 */
import { Controller, Inject } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { CASE_STREAM_PREFIX, FEDERATION_CASE_MESSAGE_TYPES, MEETING_STREAM_PREFIX, ROUTING_STREAM_PREFIX } from '@jm/contracts';
import { StoredEvent } from '@jm/event-sourcing';
import { EventBusContext, FEDERATION, Federation } from '@jm/platform';
import { FederationCases } from './federation.process-manager';

@Controller()
export class FederationBusController {
  constructor(
    private readonly cases: FederationCases,
    @Inject(FEDERATION) private readonly federation: Federation,
  ) {}

  @EventPattern(['EscalatedToCityMeeting', 'MeetingDecisionApplied'])
  async caseEvent(@Payload() event: StoredEvent, @Ctx() ctx: EventBusContext): Promise<void> {
    if (this.own(event, ctx, CASE_STREAM_PREFIX)) await this.cases.onCaseEvent(event);
  }

  @EventPattern('LeadReferredUp')
  async leadReferredUp(@Payload() event: StoredEvent, @Ctx() ctx: EventBusContext): Promise<void> {
    if (this.own(event, ctx, ROUTING_STREAM_PREFIX)) await this.cases.onLeadReferredUp(event);
  }

  @EventPattern('CasePutOnAgenda')
  async putOnAgenda(@Payload() event: StoredEvent, @Ctx() ctx: EventBusContext): Promise<void> {
    if (this.own(event, ctx, MEETING_STREAM_PREFIX)) await this.cases.onPutOnAgenda(event);
  }

  @EventPattern(FEDERATION_CASE_MESSAGE_TYPES)
  async message(@Payload() message: StoredEvent, @Ctx() ctx: EventBusContext): Promise<void> {
    const sender = this.federation.enabled ? this.federation.senderOf(ctx.topic) : undefined;
    if (sender) await this.cases.onMessage(message, sender);
  }

  /** An event of this deployment's own stream (not a message from another deployment), with federation on. */
  private own(event: StoredEvent, ctx: EventBusContext, prefix: string): boolean {
    return this.federation.enabled && event.streamId.startsWith(prefix) && this.federation.senderOf(ctx.topic) === undefined;
  }
}
