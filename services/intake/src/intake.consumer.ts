/**
 * Intake's handlers on the bus: its own events and cases' events keep the
 * lead read model (status, need-to-know) current; LeadReceived and CaseOpened
 * also drive matching. One handler per event type, each writing through the
 * consumer's transaction (ctx.manager), most of it buffered per transaction
 * (ctx.transaction, lead-read-model.buffer.ts) and written before its commit.
 */
import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type { StoredEvent } from '@jm/event-sourcing';
import type { EventBusContext } from '@jm/platform';
import { LeadReadModelProjection } from './lead-read-model/lead-read-model.projection';
import { MatchingProcessManager } from './matching/matching.process-manager';

@Controller()
export class IntakeEventsConsumer {
  constructor(
    private readonly projection: LeadReadModelProjection,
    private readonly matching: MatchingProcessManager,
  ) {}

  @EventPattern('LeadReceived')
  async leadReceived(@Payload() event: StoredEvent, @Ctx() ctx: EventBusContext): Promise<void> {
    await this.projection.apply(event, ctx.manager, ctx.transaction);
    await this.matching.onLeadReceived(event, ctx.manager, ctx.transaction);
  }

  @EventPattern('CaseOpened')
  async caseOpened(@Payload() event: StoredEvent, @Ctx() ctx: EventBusContext): Promise<void> {
    await this.projection.apply(event, ctx.manager, ctx.transaction);
    await this.matching.onCaseOpened(event, ctx.manager, ctx.transaction);
  }

  @EventPattern('LeadReportedToOffice')
  async leadReportedToOffice(@Payload() event: StoredEvent, @Ctx() ctx: EventBusContext): Promise<void> {
    await this.projection.apply(event, ctx.manager, ctx.transaction);
  }

  @EventPattern('LeadSupplemented')
  async leadSupplemented(@Payload() event: StoredEvent, @Ctx() ctx: EventBusContext): Promise<void> {
    await this.projection.apply(event, ctx.manager, ctx.transaction);
  }

  @EventPattern('LeadLinked')
  async leadLinked(@Payload() event: StoredEvent, @Ctx() ctx: EventBusContext): Promise<void> {
    await this.projection.apply(event, ctx.manager, ctx.transaction);
  }

  @EventPattern('InformantIdentityShredded')
  async informantIdentityShredded(@Payload() event: StoredEvent, @Ctx() ctx: EventBusContext): Promise<void> {
    await this.projection.apply(event, ctx.manager, ctx.transaction);
  }

  @EventPattern('LeadRouted')
  async leadRouted(@Payload() event: StoredEvent, @Ctx() ctx: EventBusContext): Promise<void> {
    await this.projection.apply(event, ctx.manager, ctx.transaction);
  }

  @EventPattern('LeadReferredUp')
  async leadReferredUp(@Payload() event: StoredEvent, @Ctx() ctx: EventBusContext): Promise<void> {
    await this.projection.apply(event, ctx.manager, ctx.transaction);
  }

  @EventPattern('LeadClosedUnfounded')
  async leadClosedUnfounded(@Payload() event: StoredEvent, @Ctx() ctx: EventBusContext): Promise<void> {
    await this.projection.apply(event, ctx.manager, ctx.transaction);
  }

  @EventPattern('LeadFounded')
  async leadFounded(@Payload() event: StoredEvent, @Ctx() ctx: EventBusContext): Promise<void> {
    await this.projection.apply(event, ctx.manager, ctx.transaction);
  }

  @EventPattern('CaseUnitsAssigned')
  async caseUnitsAssigned(@Payload() event: StoredEvent, @Ctx() ctx: EventBusContext): Promise<void> {
    await this.projection.apply(event, ctx.manager, ctx.transaction);
  }

  @EventPattern('LeadAttachedToCase')
  async leadAttachedToCase(@Payload() event: StoredEvent, @Ctx() ctx: EventBusContext): Promise<void> {
    await this.projection.apply(event, ctx.manager, ctx.transaction);
  }

  @EventPattern('CaseClosed')
  async caseClosed(@Payload() event: StoredEvent, @Ctx() ctx: EventBusContext): Promise<void> {
    await this.projection.apply(event, ctx.manager, ctx.transaction);
  }

  @EventPattern('RiskWrittenOff')
  async riskWrittenOff(@Payload() event: StoredEvent, @Ctx() ctx: EventBusContext): Promise<void> {
    await this.projection.apply(event, ctx.manager, ctx.transaction);
  }

  @EventPattern('CaseReopened')
  async caseReopened(@Payload() event: StoredEvent, @Ctx() ctx: EventBusContext): Promise<void> {
    await this.projection.apply(event, ctx.manager, ctx.transaction);
  }
}
