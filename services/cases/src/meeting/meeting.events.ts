/**
 * Events of a joint-meeting stream `meeting-<meetingId>`: a district or city
 * joint meeting (区/市联席会议, full or partial) is scheduled, cases are put on
 * its agenda with the question it must answer, it records one decision per
 * case, and it is closed. Each decision moves its case through the process
 * manager (meeting → case ApplyMeetingDecision).
 */
import type { ActivityCategory, DomainActor, DomainEvent } from '@jm/shared';

export const MEETING_LEVELS = ['district', 'city'] as const;
export type MeetingLevel = (typeof MEETING_LEVELS)[number];
export const MEETING_KINDS = ['full', 'partial'] as const;
export type MeetingKind = (typeof MEETING_KINDS)[number];
/** What the meeting is asked about a case. */
export const AGENDA_QUESTIONS = ['determination', 'escalation', 'disposal'] as const;
export type AgendaQuestion = (typeof AGENDA_QUESTIONS)[number];
/** What the meeting decides about a case. */
export const MEETING_DECISIONS = ['determined', 'escalate', 'not_illegal', 'further_investigation'] as const;
export type MeetingDecision = (typeof MEETING_DECISIONS)[number];

export interface MeetingScheduledData {
  meetingId: string;
  level: MeetingLevel;
  kind: MeetingKind;
  scheduledFor: string;
  title: string;
  /** The office that convenes it. */
  office: string;
  /** The office's region: referrals from offices inside it are accepted. */
  jurisdiction: string;
}

export interface CasePutOnAgendaData {
  meetingId: string;
  /** The convening office (it may see the case from now on). */
  office: string;
  caseId: string;
  question: AgendaQuestion;
  /** manual: the meeting's office put it there; referral: a case event (its id) asked for it. */
  source: 'manual' | 'referral';
  referralEventId?: string;
}

export interface MeetingDecisionRecordedData {
  meetingId: string;
  level: MeetingLevel;
  office: string;
  caseId: string;
  question: AgendaQuestion;
  decision: MeetingDecision;
  /** The nature determined (an activity category code); required with decision "determined". */
  conclusion?: ActivityCategory;
  text: string;
  /** The convener who recorded it: the case is moved in their name. */
  decidedBy: DomainActor;
}

export interface MeetingClosedData {
  meetingId: string;
}

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
