/**
 * State of one message and its evolve: not requested → requested, with the
 * state of each target (pending → sent, or failed → … → dead, and back to
 * pending on a replay) and who of the recipient agency has read it.
 */
import { assertNever } from '@jm/event-sourcing';
import type { ChannelKind, NotificationRequestedData } from '@jm/contracts';
import type { NotificationEvent } from './notification.events';

export type TargetStatus = 'pending' | 'sent' | 'failed' | 'dead';

export interface TargetState {
  channel: ChannelKind;
  status: TargetStatus;
  /** Attempts made so far (the number of the last NotificationDeliveryAttempted). */
  attempts: number;
  /** The attempt whose outcome is recorded last (0: none yet). */
  settled: number;
}

export type NotificationState =
  { status: 'none' } | { status: 'requested'; request: NotificationRequestedData; targets: Record<string, TargetState>; readBy: string[] };

export const initialNotificationState = (): NotificationState => ({ status: 'none' });

function withTarget(state: NotificationState, key: string, change: (t: TargetState) => TargetState): NotificationState {
  if (state.status !== 'requested' || !state.targets[key]) return state;
  return { ...state, targets: { ...state.targets, [key]: change(state.targets[key]) } };
}

export function evolveNotification(state: NotificationState, event: NotificationEvent): NotificationState {
  switch (event.type) {
    case 'NotificationRequested': {
      if (state.status !== 'none') return state;
      const targets: Record<string, TargetState> = {};
      // The inbox row is written with the request: it is delivered from the start.
      for (const t of event.data.targets)
        targets[t.key] = { channel: t.channel, status: t.channel === 'inbox' ? 'sent' : 'pending', attempts: 0, settled: 0 };
      return { status: 'requested', request: event.data, targets, readBy: [] };
    }
    case 'NotificationDeliveryAttempted':
      return withTarget(state, event.data.target, (t) => ({ ...t, attempts: Math.max(t.attempts, event.data.attempt) }));
    case 'NotificationDelivered':
      return withTarget(state, event.data.target, (t) => ({ ...t, status: 'sent', settled: event.data.attempt }));
    case 'NotificationDeliveryFailed':
      return withTarget(state, event.data.target, (t) => ({ ...t, status: 'failed', settled: event.data.attempt }));
    case 'NotificationDeadLettered':
      return withTarget(state, event.data.target, (t) => ({ ...t, status: 'dead', settled: event.data.attempt }));
    case 'NotificationReplayRequested':
      return withTarget(state, event.data.target, (t) => ({ ...t, status: 'pending' }));
    case 'NotificationRead':
      if (state.status !== 'requested' || state.readBy.includes(event.data.user)) return state;
      return { ...state, readBy: [...state.readBy, event.data.user] };
    default:
      return assertNever(event, 'notification event');
  }
}
