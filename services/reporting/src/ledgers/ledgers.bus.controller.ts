/**
 * Reporting's bus handlers for the ledgers: every event type the projections
 * read, written through the consumer's transaction (ctx.manager, with the
 * dedup row and the checkpoint) and through the projection gate, so a
 * rebuild can swap the tables between two events.
 */
import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { CASE_STREAM_EVENT_TYPES, EventBusContext, LEAD_EVENT_TYPES, RECORD_ACCESSED, StoredEvent } from '@jm/shared';
import { projectLedgerEvent } from './ledger.projector';
import { ProjectionGate } from './projection-gate';

/** Events of cases' routing-<leadId> stream (declared in the cases service; reporting names them, it does not import cases). */
export const ROUTING_EVENT_TYPES = ['TriageOpened', 'LinkedLeadNoted', 'LinkedLeadRemoved', 'LeadRouted', 'LeadReferredUp', 'VerificationStarted', 'LeadClosedUnfounded', 'LeadFounded'] as const;

/** Every type the ledgers, the facts and the access log read. */
export const PROJECTED_EVENT_TYPES: readonly string[] = [...new Set([...Object.values(LEAD_EVENT_TYPES), ...ROUTING_EVENT_TYPES, ...CASE_STREAM_EVENT_TYPES, 'MeetingScheduled', RECORD_ACCESSED])];

@Controller()
export class LedgersBusController {
  constructor(private readonly gate: ProjectionGate) {}

  @EventPattern(PROJECTED_EVENT_TYPES)
  async project(@Payload() event: StoredEvent, @Ctx() ctx: EventBusContext): Promise<void> {
    await this.gate.pass(() => projectLedgerEvent(ctx.manager, event), ctx.manager);
  }
}
