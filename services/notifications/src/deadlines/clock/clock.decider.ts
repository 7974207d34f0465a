/**
 * Decides a clock (stream `deadline-<clockId>`). Events that move the clock
 * (start, pause, resume, stop) come from the bus, so a move that does not fit
 * the state (a stop for a clock that never started, a second pause) changes
 * nothing rather than failing: redeliveries and reorderings of other streams
 * must not park events. What the scheduler records (reminder, miss, each
 * escalation step) happens once per round, in order: reminders while running,
 * the miss only at or after the due time, escalation steps only after the miss
 * and one after another. A paused or stopped clock fires nothing.
 */
import { assertNever, Decider, DomainRuleError } from '@jm/event-sourcing';
import type { ClockCommand } from './clock.commands';
import type { ClockEvent } from './clock.events';
import { ClockState, evolveClock, initialClockState } from './clock';

export function decideClock(command: ClockCommand, state: ClockState): ClockEvent[] {
  switch (command.kind) {
    case 'StartClock': {
      // Running or paused: the clock already runs for this subject; a stopped one starts its next round.
      if (state.status === 'running' || state.status === 'paused') return [];
      // A due time at or before the start (a carried deadline already passed) is kept: the miss is recorded at the next tick.
      if (Number.isNaN(Date.parse(command.dueAt)))
        throw new DomainRuleError(`clock ${command.clockId}: the due time ${JSON.stringify(command.dueAt)} is not an ISO instant`);
      const { clockId, policyId, subject, unit, dueAt, amount, clockUnit, trigger, dueFrom, calendarGaps } = command;
      return [
        {
          type: 'ClockStarted',
          data: {
            clockId,
            policyId,
            subject,
            unit,
            startedAt: command.at,
            dueAt,
            amount,
            clockUnit,
            trigger,
            round: state.status === 'none' ? 1 : state.round + 1,
            ...(dueFrom ? { dueFrom } : {}),
            ...(calendarGaps.length ? { calendarGaps } : {}),
          },
        },
      ];
    }
    case 'PauseClock':
      if (state.status !== 'running') return [];
      return [
        {
          type: 'ClockPaused',
          data: { clockId: state.clockId, pausedAt: command.at, remainingMs: Math.max(0, command.remainingMs), trigger: command.trigger },
        },
      ];
    case 'ResumeClock':
      if (state.status !== 'paused') return [];
      return [
        {
          type: 'ClockResumed',
          data: {
            clockId: state.clockId,
            resumedAt: command.at,
            dueAt: command.dueAt,
            trigger: command.trigger,
            ...(command.calendarGaps.length ? { calendarGaps: command.calendarGaps } : {}),
          },
        },
      ];
    case 'StopClock': {
      if (state.status !== 'running' && state.status !== 'paused') return [];
      const late = state.missedAt !== undefined || (state.status === 'running' && Date.parse(command.at) > Date.parse(state.dueAt));
      const outcome = command.cancelled ? 'cancelled' : late ? 'late' : 'met';
      return [{ type: 'ClockStopped', data: { clockId: state.clockId, stoppedAt: command.at, outcome, trigger: command.trigger } }];
    }
    case 'RecordReminder': {
      if (state.status !== 'running' || state.missedAt !== undefined || state.reminders.includes(command.index)) return [];
      const { clockId, policyId, subject, unit, dueAt, round } = state;
      return [
        {
          type: 'DeadlineReminderDue',
          data: { clockId, policyId, subject, unit, dueAt, at: command.at, reminder: command.index, recipients: command.recipients, round },
        },
      ];
    }
    case 'RecordMiss': {
      if (state.status !== 'running' || state.missedAt !== undefined) return [];
      if (Date.parse(command.at) < Date.parse(state.dueAt)) return [];
      const { clockId, policyId, subject, unit, dueAt, round } = state;
      const where = command.jurisdiction ? { jurisdiction: command.jurisdiction } : {};
      return [{ type: 'DeadlineMissed', data: { clockId, policyId, subject, unit, ...where, dueAt, missedAt: command.at, round } }];
    }
    case 'RecordEscalation': {
      if (state.status !== 'running' || state.missedAt === undefined || command.step !== state.escalations) return [];
      const { clockId, policyId, subject, unit, dueAt, round } = state;
      return [
        {
          type: 'DeadlineEscalated',
          data: {
            clockId,
            policyId,
            subject,
            unit,
            dueAt,
            step: command.step,
            level: command.level,
            recipients: command.recipients,
            at: command.at,
            round,
          },
        },
      ];
    }
    default:
      return assertNever(command, 'clock command');
  }
}

export const clockDecider: Decider<ClockCommand, ClockState, ClockEvent> = {
  decide: decideClock,
  evolve: evolveClock,
  initialState: initialClockState,
};
