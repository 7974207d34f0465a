/**
 * Intake's handler on the bus: its own events and cases' events keep the lead
 * read model (status, need-to-know) current and LeadReceived and CaseOpened
 * feed matching's index (the projections of intake.projections.ts, which the
 * restore drill replays alone); then a LeadReceived is matched against the
 * index and linked (matching's commands). Everything is written through the
 * consumer's transaction (ctx.manager), most of it buffered per transaction
 * (ctx.transaction, lead-read-model.buffer.ts) and written before its commit.
 */
import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type { StoredEvent } from '@jm/event-sourcing';
import { applyProjections, EventBusContext } from '@jm/platform';
import { intakeProjections } from './intake.projections';
import { LEAD_READ_MODEL_EVENTS } from './lead-read-model/lead-read-model.projection';
import { MatchingProcessManager } from './matching/matching.process-manager';

@Controller()
export class IntakeEventsConsumer {
  constructor(private readonly matching: MatchingProcessManager) {}

  @EventPattern([...LEAD_READ_MODEL_EVENTS])
  async onEvent(@Payload() event: StoredEvent, @Ctx() ctx: EventBusContext): Promise<void> {
    await applyProjections(intakeProjections, event, ctx);
    if (event.type === 'LeadReceived') await this.matching.onLeadReceived(event, ctx.manager, ctx.transaction);
  }
}
