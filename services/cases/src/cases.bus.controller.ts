/**
 * The cases service's bus handlers (one per event type): read models are
 * written through the consumer's transaction, then the process managers issue their commands. A failure rolls the read
 * model back and the bus retries the whole event, then parks it.
 */
import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { AFTERMATH_STREAM_PREFIX, CASE_STREAM_PREFIX, DEADLINE_STREAM_PREFIX, MEETING_STREAM_PREFIX, ROUTING_STREAM_PREFIX } from '@jm/contracts';
import { StoredEvent } from '@jm/event-sourcing';
import { EventBusContext } from '@jm/platform';
import { CASE_STREAM_EVENT_TYPES } from './case/case.events';
import { MEETING_EVENT_TYPES } from './meeting/meeting.events';
import { projectMeetingSummary } from './meeting-summary/meeting-summary.projection';
import { ProcessManagers } from './process-managers/process-managers';
import { projectAgendaVisibility, projectCaseEvent, projectTriageEvent } from './read-model/projections';
import { TRIAGE_EVENT_TYPES } from './triage/triage.events';
import type { LeadFoundedEventData } from './triage/triage.events';
import { projectVerificationClock, VERIFICATION_CLOCK_EVENT_TYPES } from './verification-clock/verification-clock.projection';

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
    await projectTriageEvent(ctx.manager, event, event.streamId.slice(ROUTING_STREAM_PREFIX.length));
    if (event.type === 'LeadFounded') await this.managers.onLeadFounded(event as StoredEvent<LeadFoundedEventData>);
  }

  @EventPattern(CASE_STREAM_EVENT_TYPES)
  async caseEvent(@Payload() event: StoredEvent, @Ctx() ctx: EventBusContext): Promise<void> {
    if (!event.streamId.startsWith(CASE_STREAM_PREFIX)) return;
    await projectCaseEvent(ctx.manager, event, event.streamId.slice(CASE_STREAM_PREFIX.length));
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
    await projectVerificationClock(ctx.manager, event);
  }

  @EventPattern(MEETING_EVENT_TYPES)
  async meetingEvent(@Payload() event: StoredEvent, @Ctx() ctx: EventBusContext): Promise<void> {
    if (!event.streamId.startsWith(MEETING_STREAM_PREFIX)) return;
    await projectMeetingSummary(ctx.manager, event, event.streamId.slice(MEETING_STREAM_PREFIX.length));
    if (event.type === 'CasePutOnAgenda') await projectAgendaVisibility(ctx.manager, event);
    if (event.type === 'MeetingDecisionRecorded') await this.managers.onMeetingDecision(event);
  }
}
