/**
 * What notifications publishes of a message's stream (`notification-<messageId>`): every event as stored, with its
 * contract version, except that a webhook target leaves by its id and key, without its address or the name of its
 * secret's variable.
 */
import { DeliveryTarget, NOTIFICATION_CONTRACT, NotificationContractEvent, PublishedDeliveryTarget, publicationAsStored } from '@jm/contracts';
import type { NotificationEvent } from './notification.events';

const asStored = publicationAsStored(NOTIFICATION_CONTRACT);

const publishedTarget = (target: DeliveryTarget): PublishedDeliveryTarget =>
  target.channel === 'webhook' ? { channel: target.channel, key: target.key, webhookId: target.webhookId } : target;

export function publishNotificationEvent(event: NotificationEvent): NotificationContractEvent | undefined {
  if (event.type !== 'NotificationRequested') return asStored(event);
  return { type: event.type, version: 1, data: { ...event.data, targets: event.data.targets.map(publishedTarget) } };
}
