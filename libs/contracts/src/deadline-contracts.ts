/**
 * Integration contract of the notifications service's deadline engine
 * (topic notifications.events.v1). Reporting counts misses per unit from
 * these events; the notifications channels turn reminders, misses and
 * escalations into messages.
 *
 * Streams:
 * - `deadline-<clockId>`: one statutory clock. A clock is started, paused,
 *   resumed and stopped by the events of the lead or case it watches, as its
 *   policy (config/deadline-policies.json) says; the engine appends the
 *   reminder, the miss and each escalation step when the clock's time comes.
 * - `obligation-<obligationId>`: one periodic obligation of one unit (a
 *   street's monthly risk ledger, a monthly, quarterly, half-year or annual
 *   summary) for one period.
 *
 * Field meanings are stable; new optional fields may be added.
 */
export const DEADLINE_STREAM_PREFIX = 'deadline-';
export const OBLIGATION_STREAM_PREFIX = 'obligation-';

export const DEADLINE_EVENT_TYPES = {
  ClockStarted: 'ClockStarted',
  ClockPaused: 'ClockPaused',
  ClockResumed: 'ClockResumed',
  ClockStopped: 'ClockStopped',
  DeadlineReminderDue: 'DeadlineReminderDue',
  DeadlineMissed: 'DeadlineMissed',
  DeadlineEscalated: 'DeadlineEscalated',
} as const;

export const OBLIGATION_EVENT_TYPES = {
  ObligationDue: 'ObligationDue',
  ObligationSubmitted: 'ObligationSubmitted',
  ObligationMissed: 'ObligationMissed',
} as const;

/** How a policy counts its allowance. */
export const CLOCK_UNITS = ['hours', 'calendar_days', 'working_days'] as const;
export type ClockUnit = (typeof CLOCK_UNITS)[number];

/** Who a clock watches. */
export type ClockSubjectKind = 'lead' | 'routing' | 'case' | 'obligation';
export interface ClockSubject {
  kind: ClockSubjectKind;
  /** The lead, case or obligation id. */
  id: string;
  /** The stream whose events drive the clock. */
  streamId: string;
  /** Which of the subject's clocks of one policy (a policy's `key`, e.g. the transfer's ordinal); absent when the policy has one per subject. */
  key?: string;
}

/** The levels a miss is escalated through, in order. */
export const ESCALATION_LEVELS = ['unit', 'office', 'convener'] as const;
export type EscalationLevel = (typeof ESCALATION_LEVELS)[number];

/** A recipient of a reminder or escalation: an agency, narrowed to a role when given. */
export interface DeadlineRecipient {
  agency: string;
  role?: string;
}

/** The event that moved a clock (start, pause, resume, stop). */
export interface ClockTrigger {
  eventId: string;
  eventType: string;
  streamId: string;
}

export interface ClockStartedData {
  clockId: string;
  /** Policy id from config/deadline-policies.json. */
  policyId: string;
  subject: ClockSubject;
  /** The unit responsible for meeting the deadline (agency code). */
  unit: string;
  startedAt: string;
  /** When the allowance runs out, on the policy's calendar. */
  dueAt: string;
  amount: number;
  clockUnit: ClockUnit;
  trigger: ClockTrigger;
  /** 1 for the first start; a stopped clock started again by a later event counts on (2, 3, …). */
  round?: number;
  /** The event data path the due time was taken from, when the start event carried it. */
  dueFrom?: string;
  /** Years the due time was counted in without a holiday calendar file (Monday to Friday taken as working days). */
  calendarGaps?: number[];
}

export interface ClockPausedData {
  clockId: string;
  pausedAt: string;
  /** What was left of the allowance at the pause, in milliseconds of counted time. */
  remainingMs: number;
  trigger: ClockTrigger;
}

export interface ClockResumedData {
  clockId: string;
  resumedAt: string;
  /** The new due time: the remaining allowance counted from the resume. */
  dueAt: string;
  trigger: ClockTrigger;
  /** As on ClockStarted: years counted without a holiday calendar file. */
  calendarGaps?: number[];
}

export type ClockStopOutcome = 'met' | 'late' | 'cancelled';
export interface ClockStoppedData {
  clockId: string;
  stoppedAt: string;
  /** met: stopped before its due time; late: after its miss; cancelled: the subject ended otherwise. */
  outcome: ClockStopOutcome;
  trigger: ClockTrigger;
}

export interface DeadlineReminderDueData {
  clockId: string;
  policyId: string;
  subject: ClockSubject;
  unit: string;
  dueAt: string;
  /** When the reminder fell due. */
  at: string;
  /** 0-based index among the policy's reminders. */
  reminder: number;
  recipients: DeadlineRecipient[];
  /** The clock's round (see ClockStartedData.round); absent means 1. */
  round?: number;
}

export interface DeadlineMissedData {
  clockId: string;
  policyId: string;
  subject: ClockSubject;
  /** The unit that missed it: reporting counts misses per this code. */
  unit: string;
  /** The unit's region (6-digit division code), for reporting's need-to-know; absent on older events. */
  jurisdiction?: string;
  dueAt: string;
  missedAt: string;
  /** The clock's round (see ClockStartedData.round); absent means 1. */
  round?: number;
}

export interface DeadlineEscalatedData {
  clockId: string;
  policyId: string;
  subject: ClockSubject;
  unit: string;
  dueAt: string;
  /** 0-based step of the policy's escalation chain. */
  step: number;
  level: EscalationLevel;
  recipients: DeadlineRecipient[];
  at: string;
  /** The clock's round (see ClockStartedData.round); absent means 1. */
  round?: number;
}

/** Periodic obligations a unit owes (domain.md, "Deadlines the rules set"). */
export const OBLIGATION_KINDS = ['monthly_risk_ledger', 'monthly_summary', 'quarterly_report', 'half_year_summary', 'annual_summary'] as const;
export type ObligationKind = (typeof OBLIGATION_KINDS)[number];

/** due: open; submitted: on time; late: submitted after the due time; missing: past due, nothing submitted. */
export const OBLIGATION_STATUSES = ['due', 'submitted', 'late', 'missing'] as const;
export type ObligationStatus = (typeof OBLIGATION_STATUSES)[number];

export interface ObligationDueData {
  obligationId: string;
  kind: ObligationKind;
  unit: string;
  /** YYYY-MM, YYYY-Qn, YYYY-Hn or YYYY. */
  period: string;
  dueAt: string;
  policyId: string;
}

export interface ObligationSubmittedData {
  obligationId: string;
  kind: ObligationKind;
  unit: string;
  period: string;
  submittedAt: string;
  by: { agency: string; user: string };
  /** True when submitted after the due time. */
  late: boolean;
  /** Optional reference to what was submitted (an export name, a document number). */
  reference?: string;
}

export interface ObligationMissedData {
  obligationId: string;
  /** The obligation's policy (absent on events recorded before it was added). */
  policyId?: string;
  kind: ObligationKind;
  unit: string;
  period: string;
  dueAt: string;
  missedAt: string;
}
