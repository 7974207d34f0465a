/**
 * What a running clock still has to record and when, from its state, its
 * policy and the calendar: reminders (before the due time, earliest first),
 * the miss (at the due time), then each escalation step (after the due time)
 * in the chain's order. Each item's time is never earlier than the one before
 * it, so they are recorded in that order even when a step's own span is
 * shorter than the previous one's.
 */
import type { EscalationLevel } from '@jm/contracts';
import type { WorkingCalendar } from '@jm/platform';
import type { ClockPolicy } from '../policy/deadline-policies';
import type { ClockState } from './clock';

export type DueItem =
  | { kind: 'reminder'; index: number; at: number }
  | { kind: 'miss'; at: number }
  | { kind: 'escalation'; step: number; level: EscalationLevel; at: number };

/** A stable key per item and round: the command id the scheduler records it under. */
export function dueItemKey(item: DueItem): string {
  return item.kind === 'reminder' ? `reminder-${item.index}` : item.kind === 'miss' ? 'miss' : `escalation-${item.step}`;
}

/** The items not yet recorded, in the order they must be recorded, each with the earliest time it may be. Nothing for a clock that is not running. */
export function pendingItems(state: ClockState, policy: ClockPolicy, calendar: WorkingCalendar): DueItem[] {
  if (state.status !== 'running') return [];
  const due = Date.parse(state.dueAt);
  const items: DueItem[] = [];
  if (state.missedAt === undefined) {
    const reminders = policy.reminders
      .map((r, index) => ({ kind: 'reminder' as const, index, at: calendar.shift(due, r.before, -1).value }))
      .filter((r) => !state.reminders.includes(r.index))
      .sort((a, b) => a.at - b.at || a.index - b.index);
    items.push(...reminders, { kind: 'miss', at: due });
  }
  policy.escalation.forEach((step, index) => {
    if (index < state.escalations) return;
    items.push({ kind: 'escalation', step: index, level: step.level, at: calendar.shift(due, step.after, 1).value });
  });
  let floor = -Infinity;
  return items.map((item) => {
    floor = Math.max(floor, item.at);
    return { ...item, at: floor };
  });
}

/** When the scheduler next has something to record for this clock (undefined: nothing, ever, unless it moves). */
export function nextFireAt(state: ClockState, policy: ClockPolicy | undefined, calendar: WorkingCalendar): string | undefined {
  if (!policy) return undefined;
  const first = pendingItems(state, policy, calendar)[0];
  return first ? new Date(first.at).toISOString() : undefined;
}
