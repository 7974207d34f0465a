/** Commands of a joint-meeting stream; each carries the time and the actor snapshot. */
import type { DomainActor } from '@jm/contracts';
import type { ActivityCategory } from '@jm/reference';
import type { AgendaQuestion, MeetingDecision, MeetingKind, MeetingLevel } from './meeting.events';

interface Base {
  at: string;
  actor: DomainActor;
}

export interface ScheduleMeeting extends Base {
  kind: 'ScheduleMeeting';
  meetingId: string;
  level: MeetingLevel;
  meetingKind: MeetingKind;
  scheduledFor: string;
  title: string;
  office: string;
}

export interface PutCaseOnAgenda extends Base {
  kind: 'PutCaseOnAgenda';
  caseId: string;
  question: AgendaQuestion;
  /** Set by the process manager when a case event referred the case here (never from HTTP). */
  referralEventId?: string;
}

export interface RecordDecision extends Base {
  kind: 'RecordDecision';
  caseId: string;
  decision: MeetingDecision;
  conclusion?: ActivityCategory;
  text: string;
}

export interface CloseMeeting extends Base {
  kind: 'CloseMeeting';
}

export type MeetingCommand = ScheduleMeeting | PutCaseOnAgenda | RecordDecision | CloseMeeting;
export type MeetingCommandKind = MeetingCommand['kind'];
