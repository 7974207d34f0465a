/** State of a joint meeting and its evolve: not_scheduled → scheduled → closed. */
import { assertNever } from '@jm/event-sourcing';
import { ActivityCategory } from '@jm/reference';
import type { AgendaQuestion, MeetingDecision, MeetingEvent, MeetingKind, MeetingLevel } from './meeting.events';

export interface AgendaItem {
  caseId: string;
  question: AgendaQuestion;
  source: 'manual' | 'referral';
}

export interface RecordedDecision {
  caseId: string;
  decision: MeetingDecision;
  conclusion?: ActivityCategory;
  text: string;
  by: string;
}

interface Scheduled {
  meetingId: string;
  level: MeetingLevel;
  kind: MeetingKind;
  scheduledFor: string;
  title: string;
  office: string;
  jurisdiction: string;
  agenda: AgendaItem[];
  decisions: RecordedDecision[];
}

export type MeetingState = { status: 'not_scheduled' } | ({ status: 'scheduled' } & Scheduled) | ({ status: 'closed' } & Scheduled);
export type MeetingStatus = MeetingState['status'];

export const initialMeetingState = (): MeetingState => ({ status: 'not_scheduled' });

export function evolveMeeting(state: MeetingState, event: MeetingEvent): MeetingState {
  switch (event.type) {
    case 'MeetingScheduled': {
      if (state.status !== 'not_scheduled') return state;
      const { meetingId, level, kind, scheduledFor, title, office, jurisdiction } = event.data;
      return { status: 'scheduled', meetingId, level, kind, scheduledFor, title, office, jurisdiction, agenda: [], decisions: [] };
    }
    case 'CasePutOnAgenda':
      if (state.status === 'not_scheduled') return state;
      return { ...state, agenda: [...state.agenda, { caseId: event.data.caseId, question: event.data.question, source: event.data.source }] };
    case 'MeetingDecisionRecorded': {
      if (state.status === 'not_scheduled') return state;
      const { caseId, decision, conclusion, text, decidedBy } = event.data;
      return { ...state, decisions: [...state.decisions, { caseId, decision, ...(conclusion ? { conclusion } : {}), text, by: decidedBy.user }] };
    }
    case 'MeetingClosed':
      if (state.status !== 'scheduled') return state;
      return { ...state, status: 'closed' };
    default:
      return assertNever(event, 'meeting event');
  }
}
