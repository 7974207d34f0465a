/**
 * The negotiation stream's bus handlers: cases' own CaseOpened (a notice per region another deployment serves),
 * its own negotiation events (the read model of negotiation-summary.projection.ts, in the consumer's transaction, then the messages to the other
 * deployments) and the cross-region messages of its inbox. A failing send throws: the bus retries, then parks.
 */
import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { CASE_STREAM_PREFIX, CROSS_REGION_MESSAGE_TYPES, NEGOTIATION_STREAM_PREFIX } from '@jm/contracts';
import { StoredEvent } from '@jm/event-sourcing';
import { EventBusContext } from '@jm/platform';
import { NEGOTIATION_SUMMARY_PROJECTION } from './negotiation-summary.projection';
import { NEGOTIATION_EVENT_TYPES } from './negotiation.events';
import { CrossRegionProcess } from './negotiation.process';

@Controller()
export class NegotiationBusController {
  constructor(private readonly process: CrossRegionProcess) {}

  @EventPattern('CaseOpened')
  async caseOpened(@Payload() event: StoredEvent): Promise<void> {
    if (!event.streamId.startsWith(CASE_STREAM_PREFIX)) return;
    await this.process.onCaseOpened(event);
  }

  @EventPattern(NEGOTIATION_EVENT_TYPES)
  async negotiationEvent(@Payload() event: StoredEvent, @Ctx() ctx: EventBusContext): Promise<void> {
    if (!event.streamId.startsWith(NEGOTIATION_STREAM_PREFIX)) return;
    const row = await NEGOTIATION_SUMMARY_PROJECTION.project(event, ctx);
    if (row) await this.process.onOwnEvent(event, row);
  }

  @EventPattern(CROSS_REGION_MESSAGE_TYPES)
  async message(@Payload() event: StoredEvent, @Ctx() ctx: EventBusContext): Promise<void> {
    await this.process.onMessage(event, ctx.topic);
  }
}
