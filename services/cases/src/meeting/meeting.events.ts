/**
 * Events of a joint-meeting stream `meeting-<meetingId>`: a district or city
 * joint meeting (区/市联席会议, full or partial) is scheduled, cases are put on
 * its agenda with the question it must answer, it records one decision per
 * case, and it is closed. Each decision moves its case through the process
 * manager (meeting → case ApplyMeetingDecision).
 */
import type { CasePutOnAgendaData, MeetingClosedData, MeetingDecisionRecordedData, MeetingScheduledData } from '@jm/contracts';
import type { DomainEvent } from '@jm/event-sourcing';

export { AGENDA_QUESTIONS, MEETING_DECISIONS, MEETING_KINDS, MEETING_LEVELS } from '@jm/contracts';
export type {
  AgendaQuestion,
  CasePutOnAgendaData,
  MeetingClosedData,
  MeetingDecision,
  MeetingDecisionRecordedData,
  MeetingKind,
  MeetingLevel,
  MeetingScheduledData,
} from '@jm/contracts';

export type MeetingScheduled = DomainEvent<'MeetingScheduled', MeetingScheduledData>;
export type CasePutOnAgenda = DomainEvent<'CasePutOnAgenda', CasePutOnAgendaData>;
export type MeetingDecisionRecorded = DomainEvent<'MeetingDecisionRecorded', MeetingDecisionRecordedData>;
export type MeetingClosed = DomainEvent<'MeetingClosed', MeetingClosedData>;

export type MeetingEvent = MeetingScheduled | CasePutOnAgenda | MeetingDecisionRecorded | MeetingClosed;
export type MeetingEventType = MeetingEvent['type'];

export const MEETING_EVENT_SCHEMA_VERSIONS: Readonly<Record<MeetingEventType, number>> = {
  MeetingScheduled: 1,
  CasePutOnAgenda: 1,
  MeetingDecisionRecorded: 1,
  MeetingClosed: 1,
};
export const MEETING_EVENT_TYPES = Object.keys(MEETING_EVENT_SCHEMA_VERSIONS) as MeetingEventType[];
