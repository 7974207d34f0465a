/**
 * Cases' projections: every read model its bus handlers keep (triage, case summary and visibility, meeting summary,
 * agenda visibility, verification clock, negotiation summary), each a pure write of one event through the consumer's
 * transaction. The live handlers (cases.bus.controller.ts, negotiation.bus.controller.ts) call these and then their
 * process managers; the restore drill's replay calls only these (libs/platform projection-replay.ts).
 */
import { CASE_STREAM_PREFIX, MEETING_STREAM_PREFIX, ROUTING_STREAM_PREFIX } from '@jm/contracts';
import { projection, ServiceProjections } from '@jm/platform';
import { CASE_STREAM_EVENT_TYPES } from './case/case.events';
import { MEETING_EVENT_TYPES } from './meeting/meeting.events';
import { projectMeetingSummary } from './meeting-summary/meeting-summary.projection';
import { NEGOTIATION_SUMMARY_PROJECTION } from './negotiation/negotiation-summary.projection';
import { projectAgendaVisibility, projectCaseEvent, projectTriageEvent } from './read-model/projections';
import { TRIAGE_EVENT_TYPES } from './triage/triage.events';
import { projectVerificationClock, VERIFICATION_CLOCK_EVENT_TYPES } from './verification-clock/verification-clock.projection';

export const CASES_PROJECTIONS = {
  triage: projection({
    name: 'lead_triage',
    types: TRIAGE_EVENT_TYPES,
    streamPrefix: ROUTING_STREAM_PREFIX,
    project: (event, { manager }) => projectTriageEvent(manager, event, event.streamId.slice(ROUTING_STREAM_PREFIX.length)),
  }),
  caseSummary: projection({
    name: 'case_summary',
    types: CASE_STREAM_EVENT_TYPES,
    streamPrefix: CASE_STREAM_PREFIX,
    project: (event, { manager }) => projectCaseEvent(manager, event, event.streamId.slice(CASE_STREAM_PREFIX.length)),
  }),
  verificationClock: projection({
    name: 'verification_clock',
    types: VERIFICATION_CLOCK_EVENT_TYPES,
    project: (event, { manager }) => projectVerificationClock(manager, event),
  }),
  meetingSummary: projection({
    name: 'meeting_summary',
    types: MEETING_EVENT_TYPES,
    streamPrefix: MEETING_STREAM_PREFIX,
    project: (event, { manager }) => projectMeetingSummary(manager, event, event.streamId.slice(MEETING_STREAM_PREFIX.length)),
  }),
  agendaVisibility: projection({
    name: 'case_visibility (agenda)',
    types: ['CasePutOnAgenda'],
    streamPrefix: MEETING_STREAM_PREFIX,
    project: (event, { manager }) => projectAgendaVisibility(manager, event),
  }),
  negotiationSummary: NEGOTIATION_SUMMARY_PROJECTION,
};

export const casesProjections: ServiceProjections = { service: 'cases', projections: Object.values(CASES_PROJECTIONS) };
