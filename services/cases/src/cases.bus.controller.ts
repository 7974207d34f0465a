/**
 * The cases service's bus handlers (one per event type): read models are
 * written through the consumer's transaction (the projections of cases.projections.ts, which the restore drill replays
 * alone), then the process managers issue their commands. A failure rolls the read model back and the bus retries the
 * whole event, then parks it.
 */
import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { AFTERMATH_STREAM_PREFIX, CASE_STREAM_PREFIX, DEADLINE_STREAM_PREFIX, MEETING_STREAM_PREFIX, ROUTING_STREAM_PREFIX } from '@jm/contracts';
import { StoredEvent } from '@jm/event-sourcing';
import { EventBusContext } from '@jm/platform';
import { CASE_STREAM_EVENT_TYPES } from './case/case.events';
import { CASES_PROJECTIONS } from './cases.projections';
import { MEETING_EVENT_TYPES } from './meeting/meeting.events';
import { ProcessManagers } from './process-managers/process-managers';
import { TRIAGE_EVENT_TYPES } from './triage/triage.events';
import type { LeadFoundedEventData } from './triage/triage.events';
import { VERIFICATION_CLOCK_EVENT_TYPES } from './verification-clock/verification-clock.projection';

@Controller()
export class CasesBusController {
  constructor(private readonly managers: ProcessManagers) {}

  @EventPattern('LeadReportedToOffice')
  async leadReported(@Payload() event: StoredEvent): Promise<void> {
    await this.managers.onLeadReportedToOffice(event);
  }

  @EventPattern(['LeadLinked', 'LeadLinkConfirmed', 'LeadLinkUndone'])
  async leadLink(@Payload() event: StoredEvent): Promise<void> {
    await this.managers.onLeadLinkEvent(event);
  }

  @EventPattern(TRIAGE_EVENT_TYPES)
  async triageEvent(@Payload() event: StoredEvent, @Ctx() ctx: EventBusContext): Promise<void> {
    if (!event.streamId.startsWith(ROUTING_STREAM_PREFIX)) return;
    await CASES_PROJECTIONS.triage.project(event, ctx);
    if (event.type === 'LeadFounded') await this.managers.onLeadFounded(event as StoredEvent<LeadFoundedEventData>);
  }

  @EventPattern(CASE_STREAM_EVENT_TYPES)
  async caseEvent(@Payload() event: StoredEvent, @Ctx() ctx: EventBusContext): Promise<void> {
    if (!event.streamId.startsWith(CASE_STREAM_PREFIX)) return;
    await CASES_PROJECTIONS.caseSummary.project(event, ctx);
    if (event.type === 'ReferredToDistrictMeeting' || event.type === 'EscalatedToCityMeeting') {
      await this.managers.onReferral(event);
    }
  }

  @EventPattern('AftermathPetitionReferred')
  async registerPetition(@Payload() event: StoredEvent): Promise<void> {
    if (!event.streamId.startsWith(AFTERMATH_STREAM_PREFIX)) return;
    await this.managers.onRegisterPetition(event);
  }

  @EventPattern('DeadlineMissed')
  async deadlineMissed(@Payload() event: StoredEvent): Promise<void> {
    if (!event.streamId.startsWith(DEADLINE_STREAM_PREFIX)) return;
    await this.managers.onDeadlineMissed(event);
  }

  @EventPattern(VERIFICATION_CLOCK_EVENT_TYPES)
  async verificationClock(@Payload() event: StoredEvent, @Ctx() ctx: EventBusContext): Promise<void> {
    await CASES_PROJECTIONS.verificationClock.project(event, ctx);
  }

  @EventPattern(MEETING_EVENT_TYPES)
  async meetingEvent(@Payload() event: StoredEvent, @Ctx() ctx: EventBusContext): Promise<void> {
    if (!event.streamId.startsWith(MEETING_STREAM_PREFIX)) return;
    await CASES_PROJECTIONS.meetingSummary.project(event, ctx);
    if (CASES_PROJECTIONS.agendaVisibility.follows(event)) await CASES_PROJECTIONS.agendaVisibility.project(event, ctx);
    if (event.type === 'MeetingDecisionRecorded') await this.managers.onMeetingDecision(event);
  }
}
