/** What the notifications relay publishes: each stream through its publication function (every prefix its relay sends has one). */
import { servicePublication } from '@jm/bus';
import {
  ACCESS_STREAM_PREFIX,
  DEADLINE_STREAM_PREFIX,
  NOTIFICATION_CHANNELS_STREAM_PREFIX,
  NOTIFICATION_STREAM_PREFIX,
  OBLIGATION_STREAM_PREFIX,
  publishAccessEvent,
} from '@jm/contracts';
import { publishChannelChoiceEvent } from './channels/choice/channel-choice.publication';
import { publishNotificationEvent } from './channels/notification/notification.publication';
import { publishClockEvent } from './deadlines/clock/clock.publication';
import { publishObligationEvent } from './deadlines/obligation/obligation.publication';

export const NOTIFICATIONS_PUBLISHED_STREAMS = [
  [DEADLINE_STREAM_PREFIX, publishClockEvent],
  [OBLIGATION_STREAM_PREFIX, publishObligationEvent],
  // Before `notification-`, which it starts with: the first matching prefix wins.
  [NOTIFICATION_CHANNELS_STREAM_PREFIX, publishChannelChoiceEvent],
  [NOTIFICATION_STREAM_PREFIX, publishNotificationEvent],
  [ACCESS_STREAM_PREFIX, publishAccessEvent],
] as const;

export const NOTIFICATIONS_PUBLICATION = servicePublication(NOTIFICATIONS_PUBLISHED_STREAMS);
