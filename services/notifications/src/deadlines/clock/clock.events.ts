/** Events of a clock stream (`deadline-<clockId>`): the shared contract's shapes (libs/contracts/src/deadline-contracts.ts). */
import type {
  ClockPausedData,
  ClockResumedData,
  ClockStartedData,
  ClockStoppedData,
  DeadlineEscalatedData,
  DeadlineMissedData,
  DeadlineReminderDueData,
} from '@jm/contracts';
import type { DomainEvent } from '@jm/event-sourcing';
import { DEADLINE_STREAM_PREFIX } from '@jm/contracts';

export type ClockStarted = DomainEvent<'ClockStarted', ClockStartedData>;
export type ClockPaused = DomainEvent<'ClockPaused', ClockPausedData>;
export type ClockResumed = DomainEvent<'ClockResumed', ClockResumedData>;
export type ClockStopped = DomainEvent<'ClockStopped', ClockStoppedData>;
export type DeadlineReminderDue = DomainEvent<'DeadlineReminderDue', DeadlineReminderDueData>;
export type DeadlineMissed = DomainEvent<'DeadlineMissed', DeadlineMissedData>;
export type DeadlineEscalated = DomainEvent<'DeadlineEscalated', DeadlineEscalatedData>;

export type ClockEvent = ClockStarted | ClockPaused | ClockResumed | ClockStopped | DeadlineReminderDue | DeadlineMissed | DeadlineEscalated;

export const toDeadlineStreamId = (clockId: string): string => `${DEADLINE_STREAM_PREFIX}${clockId}`;

/** A clock's id: the policy and the stream it follows, so the same start event (or a redelivery of it) names the same clock. */
export const clockIdOf = (policyId: string, subjectId: string): string => `${policyId}.${subjectId}`;
