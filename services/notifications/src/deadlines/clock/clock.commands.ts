/** Commands of a clock stream; each carries its time. Recipients and due times are worked out by the engine (registry, calendar), so the decider stays pure. */
import type { ClockSubject, ClockTrigger, ClockUnit, DeadlineRecipient, EscalationLevel } from '@jm/contracts';

export interface StartClock {
  kind: 'StartClock';
  at: string;
  clockId: string;
  policyId: string;
  subject: ClockSubject;
  unit: string;
  dueAt: string;
  amount: number;
  clockUnit: ClockUnit;
  trigger: ClockTrigger;
  dueFrom?: string;
  calendarGaps: number[];
}

export interface PauseClock {
  kind: 'PauseClock';
  at: string;
  /** Counted time left until the due time, on the policy's calendar. */
  remainingMs: number;
  trigger: ClockTrigger;
}

export interface ResumeClock {
  kind: 'ResumeClock';
  at: string;
  dueAt: string;
  trigger: ClockTrigger;
  calendarGaps: number[];
}

export interface StopClock {
  kind: 'StopClock';
  at: string;
  /** The policy names this stop as the subject ending another way. */
  cancelled: boolean;
  trigger: ClockTrigger;
}

export interface RecordReminder {
  kind: 'RecordReminder';
  at: string;
  index: number;
  recipients: DeadlineRecipient[];
}

export interface RecordMiss {
  kind: 'RecordMiss';
  /** The responsible unit's region (from the registry), carried for reporting's scope. */
  jurisdiction?: string;
  at: string;
}

export interface RecordEscalation {
  kind: 'RecordEscalation';
  at: string;
  step: number;
  level: EscalationLevel;
  recipients: DeadlineRecipient[];
}

export type ClockCommand = StartClock | PauseClock | ResumeClock | StopClock | RecordReminder | RecordMiss | RecordEscalation;
export type ClockCommandKind = ClockCommand['kind'];
