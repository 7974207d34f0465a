/**
 * Decides a message stream `notification-<messageId>`. Recording is
 * idempotent by attempt number, so the dispatcher can repeat a step after a
 * crash and append nothing twice. A replay re-queues a dead-lettered target
 * with the same message id; it is for whoever acts for the recipient agency
 * (agency-scope.ts). Only people of the recipient agency (with
 * the role the message names, if any) read it.
 */
import { DomainActor } from '@jm/contracts';
import { assertNever, Decider, ForbiddenError, InvalidTransitionError, NotFoundError } from '@jm/event-sourcing';
import type { NotificationRecipient } from '@jm/contracts';
import { actsFor } from '../agency-scope';
import type { NotificationCommand } from './notification.commands';
import type { NotificationEvent } from './notification.events';
import { evolveNotification, initialNotificationState, NotificationState, TargetState } from './notification';

/** Who may read a message in the inbox: its agency, and its role when it names one. */
export function isAddressedTo(recipient: NotificationRecipient, actor: Pick<DomainActor, 'agency' | 'roles'>): boolean {
  return recipient.agency === actor.agency && (recipient.role === undefined || (actor.roles as string[]).includes(recipient.role));
}

/** Who may replay a dead letter: whoever acts for the recipient agency (its own officers and admins, or an office over it). */
export function mayReplay(actor: DomainActor, recipientAgency: string, recipientJurisdiction: string): boolean {
  return actsFor(actor, { code: recipientAgency, jurisdiction: recipientJurisdiction });
}

function requested(state: NotificationState, messageLabel: string): Extract<NotificationState, { status: 'requested' }> {
  if (state.status !== 'requested') throw new NotFoundError(messageLabel);
  return state;
}

function target(state: Extract<NotificationState, { status: 'requested' }>, key: string): TargetState {
  const t = state.targets[key];
  if (!t) throw new NotFoundError(`target ${key} of message ${state.request.messageId} (it goes to: ${Object.keys(state.targets).join(', ')})`);
  return t;
}

export function decideNotification(command: NotificationCommand, state: NotificationState): NotificationEvent[] {
  switch (command.kind) {
    case 'RequestNotification':
      // The message id comes from the source event: a redelivered notice asks for what exists already.
      return state.status === 'none' ? [{ type: 'NotificationRequested', data: command.request }] : [];
    case 'RecordAttempt': {
      const s = requested(state, 'message');
      const t = target(s, command.target);
      if (command.attempt <= t.attempts || t.status === 'sent' || t.status === 'dead') return [];
      return [
        {
          type: 'NotificationDeliveryAttempted',
          data: { messageId: s.request.messageId, target: command.target, channel: t.channel, attempt: command.attempt, at: command.at },
        },
      ];
    }
    case 'RecordDelivered': {
      const s = requested(state, 'message');
      const t = target(s, command.target);
      if (command.attempt <= t.settled || t.status === 'sent') return [];
      const response = command.response ? { response: command.response.slice(0, 500) } : {};
      return [
        {
          type: 'NotificationDelivered',
          data: { messageId: s.request.messageId, target: command.target, channel: t.channel, attempt: command.attempt, at: command.at, ...response },
        },
      ];
    }
    case 'RecordFailure': {
      const s = requested(state, 'message');
      const t = target(s, command.target);
      if (command.attempt <= t.settled || t.status === 'sent' || t.status === 'dead') return [];
      const base = {
        messageId: s.request.messageId,
        target: command.target,
        channel: t.channel,
        attempt: command.attempt,
        at: command.at,
        error: command.error.slice(0, 1000),
      };
      return command.nextAttemptAt === undefined
        ? [{ type: 'NotificationDeadLettered', data: base }]
        : [{ type: 'NotificationDeliveryFailed', data: { ...base, nextAttemptAt: command.nextAttemptAt } }];
    }
    case 'RequestReplay': {
      const s = requested(state, 'message');
      const { actor } = command;
      if (!mayReplay(actor, s.request.recipient.agency, command.recipientJurisdiction)) {
        throw new ForbiddenError(
          `only the officers and admins of ${s.request.recipient.agency}, or of an office over it, replay its dead letters; you act for ${actor.agency}`,
        );
      }
      const t = target(s, command.target);
      if (t.status !== 'dead')
        throw new InvalidTransitionError(
          'delivery',
          'RequestReplay',
          t.status,
          t.status === 'failed' || t.status === 'pending' ? ['nothing: it is still being retried'] : [],
        );
      return [
        {
          type: 'NotificationReplayRequested',
          data: {
            messageId: s.request.messageId,
            target: command.target,
            channel: t.channel,
            by: { agency: actor.agency, user: actor.user },
            at: command.at,
          },
        },
      ];
    }
    case 'MarkRead': {
      const s = requested(state, 'message');
      // Existence does not leak to other agencies: not addressed to you reads as not found.
      if (!isAddressedTo(s.request.recipient, command.actor)) throw new NotFoundError(`message ${s.request.messageId}`);
      if (s.readBy.includes(command.actor.user)) return [];
      return [
        {
          type: 'NotificationRead',
          data: { messageId: s.request.messageId, agency: command.actor.agency, user: command.actor.user, at: command.at },
        },
      ];
    }
    default:
      return assertNever(command, 'notification command');
  }
}

export const notificationDecider: Decider<NotificationCommand, NotificationState, NotificationEvent> = {
  decide: decideNotification,
  evolve: evolveNotification,
  initialState: initialNotificationState,
};
