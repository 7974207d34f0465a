/** State of a clock and its evolve: none → running ⇄ paused → stopped (→ running again, next round). */
import { ClockStopOutcome, ClockSubject, ClockUnit } from '@jm/contracts';
import { assertNever } from '@jm/event-sourcing';
import type { ClockEvent } from './clock.events';

export interface ClockFacts {
  clockId: string;
  policyId: string;
  subject: ClockSubject;
  unit: string;
  amount: number;
  clockUnit: ClockUnit;
  startedAt: string;
  round: number;
  dueAt: string;
  calendarGaps: number[];
  /** Indexes of the reminders recorded this round. */
  reminders: number[];
  missedAt?: string;
  /** Escalation steps recorded this round (they go in order, so a count). */
  escalations: number;
}

export type ClockState =
  | { status: 'none' }
  | ({ status: 'running' } & ClockFacts)
  | ({ status: 'paused'; pausedAt: string; remainingMs: number } & ClockFacts)
  | ({ status: 'stopped'; stoppedAt: string; outcome: ClockStopOutcome } & ClockFacts);
export type ClockStatus = ClockState['status'];

export const initialClockState = (): ClockState => ({ status: 'none' });

const gapsOf = (a: number[], b: number[] | undefined): number[] => [...new Set([...a, ...(b ?? [])])].sort();

export function evolveClock(state: ClockState, event: ClockEvent): ClockState {
  switch (event.type) {
    case 'ClockStarted': {
      const d = event.data;
      const round = d.round ?? (state.status === 'none' ? 1 : state.round + 1);
      return {
        status: 'running',
        clockId: d.clockId,
        policyId: d.policyId,
        subject: d.subject,
        unit: d.unit,
        amount: d.amount,
        clockUnit: d.clockUnit,
        startedAt: d.startedAt,
        round,
        dueAt: d.dueAt,
        calendarGaps: d.calendarGaps ?? [],
        reminders: [],
        escalations: 0,
      };
    }
    case 'ClockPaused': {
      if (state.status !== 'running') return state;
      const { status: _status, ...facts } = state;
      return { ...facts, status: 'paused', pausedAt: event.data.pausedAt, remainingMs: event.data.remainingMs };
    }
    case 'ClockResumed': {
      if (state.status !== 'paused') return state;
      const { status: _s, pausedAt: _p, remainingMs: _r, ...facts } = state;
      return { ...facts, status: 'running', dueAt: event.data.dueAt, calendarGaps: gapsOf(facts.calendarGaps, event.data.calendarGaps) };
    }
    case 'ClockStopped': {
      if (state.status !== 'running' && state.status !== 'paused') return state;
      const { status: _s, ...rest } = state;
      const facts = { ...rest } as ClockFacts & { pausedAt?: string; remainingMs?: number };
      delete facts.pausedAt;
      delete facts.remainingMs;
      return { ...facts, status: 'stopped', stoppedAt: event.data.stoppedAt, outcome: event.data.outcome };
    }
    case 'DeadlineReminderDue':
      if (state.status === 'none') return state;
      return { ...state, reminders: [...state.reminders, event.data.reminder] };
    case 'DeadlineMissed':
      if (state.status === 'none') return state;
      return { ...state, missedAt: event.data.missedAt };
    case 'DeadlineEscalated':
      if (state.status === 'none') return state;
      return { ...state, escalations: Math.max(state.escalations, event.data.step + 1) };
    default:
      return assertNever(event, 'clock event');
  }
}
