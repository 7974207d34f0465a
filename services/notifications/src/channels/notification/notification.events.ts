/** Events of a message stream `notification-<messageId>` (the shapes are the shared contract, notification-contracts.ts). */
import type {
  NotificationDeadLetteredData,
  NotificationDeliveredData,
  NotificationDeliveryAttemptedData,
  NotificationDeliveryFailedData,
  NotificationReadData,
  NotificationReplayRequestedData,
  NotificationRequestedData,
} from '@jm/contracts';
import type { DomainEvent } from '@jm/event-sourcing';

export type NotificationRequested = DomainEvent<'NotificationRequested', NotificationRequestedData>;
export type NotificationDeliveryAttempted = DomainEvent<'NotificationDeliveryAttempted', NotificationDeliveryAttemptedData>;
export type NotificationDelivered = DomainEvent<'NotificationDelivered', NotificationDeliveredData>;
export type NotificationDeliveryFailed = DomainEvent<'NotificationDeliveryFailed', NotificationDeliveryFailedData>;
export type NotificationDeadLettered = DomainEvent<'NotificationDeadLettered', NotificationDeadLetteredData>;
export type NotificationReplayRequested = DomainEvent<'NotificationReplayRequested', NotificationReplayRequestedData>;
export type NotificationRead = DomainEvent<'NotificationRead', NotificationReadData>;

export type NotificationEvent =
  | NotificationRequested
  | NotificationDeliveryAttempted
  | NotificationDelivered
  | NotificationDeliveryFailed
  | NotificationDeadLettered
  | NotificationReplayRequested
  | NotificationRead;
export type NotificationEventType = NotificationEvent['type'];

export const NOTIFICATION_EVENT_SCHEMA_VERSIONS: Readonly<Record<NotificationEventType, number>> = {
  NotificationRequested: 1,
  NotificationDeliveryAttempted: 1,
  NotificationDelivered: 1,
  NotificationDeliveryFailed: 1,
  NotificationDeadLettered: 1,
  NotificationReplayRequested: 1,
  NotificationRead: 1,
};
