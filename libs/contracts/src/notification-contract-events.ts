/**
 * Contract events of the notifications service's messages (`notification-<messageId>`) and channel choices
 * (`notification-channels-<agency>`). A webhook leaves by its id only: its address (which may carry a token) and
 * the name of the variable holding its signing secret stay in notifications, which alone delivers.
 */
import { ContractSpec, ContractUnionOf, contractDecoder, contractTypes, version1Requiring } from './contract-event';
import type {
  DeliveryTarget,
  NotificationChannelsChosenData,
  NotificationDeadLetteredData,
  NotificationDeliveredData,
  NotificationDeliveryAttemptedData,
  NotificationDeliveryFailedData,
  NotificationReadData,
  NotificationReplayRequestedData,
  NotificationRequestedData,
  WebhookChannel,
} from './notification-contracts';

/** A delivery target as published: a webhook by its id and key. */
export type PublishedDeliveryTarget = Exclude<DeliveryTarget, { channel: 'webhook' }> | { channel: 'webhook'; key: string; webhookId: string };

export interface PublishedNotificationRequestedData extends Omit<NotificationRequestedData, 'targets'> {
  targets: PublishedDeliveryTarget[];
}

export interface NotificationEventDataByType {
  NotificationRequested: PublishedNotificationRequestedData;
  NotificationDeliveryAttempted: NotificationDeliveryAttemptedData;
  NotificationDelivered: NotificationDeliveredData;
  NotificationDeliveryFailed: NotificationDeliveryFailedData;
  NotificationDeadLettered: NotificationDeadLetteredData;
  NotificationReplayRequested: NotificationReplayRequestedData;
  NotificationRead: NotificationReadData;
}

export type NotificationContractEventType = keyof NotificationEventDataByType;
export type NotificationContractEvent = ContractUnionOf<NotificationEventDataByType>;

/** Required: the message id, and the objects readers look into (a missing string reads as absent). */
const message = version1Requiring('messageId');

export const NOTIFICATION_CONTRACT: ContractSpec<NotificationContractEvent> = {
  NotificationRequested: message('recipient', 'targets', 'source'),
  NotificationDeliveryAttempted: message(),
  NotificationDelivered: message(),
  NotificationDeliveryFailed: message(),
  NotificationDeadLettered: message(),
  NotificationReplayRequested: message('by'),
  NotificationRead: message(),
};

export const NOTIFICATION_CONTRACT_EVENT_TYPES = contractTypes(NOTIFICATION_CONTRACT);
export const decodeNotificationEvent = contractDecoder('notification', NOTIFICATION_CONTRACT);

/** A webhook as published: its id. */
export type PublishedWebhook = Pick<WebhookChannel, 'id'>;

export interface PublishedChannelsChosenData extends Omit<NotificationChannelsChosenData, 'webhooks'> {
  webhooks: PublishedWebhook[];
}

export interface ChannelChoiceEventDataByType {
  NotificationChannelsChosen: PublishedChannelsChosenData;
}

export type ChannelChoiceContractEventType = keyof ChannelChoiceEventDataByType;
export type ChannelChoiceContractEvent = ContractUnionOf<ChannelChoiceEventDataByType>;

export const CHANNEL_CHOICE_CONTRACT: ContractSpec<ChannelChoiceContractEvent> = {
  // The lists readers count and the chooser they name.
  NotificationChannelsChosen: version1Requiring('agency')('emails', 'webhooks', 'by'),
};

export const CHANNEL_CHOICE_CONTRACT_EVENT_TYPES = contractTypes(CHANNEL_CHOICE_CONTRACT);
export const decodeChannelChoiceEvent = contractDecoder('channel-choice', CHANNEL_CHOICE_CONTRACT);
