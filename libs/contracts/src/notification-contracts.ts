/**
 * Integration contract of the notifications service's channels (topic
 * notifications.events.v1): the messages the deadline engine's notices turn
 * into, and what became of each on each channel.
 *
 * Streams:
 * - `notification-<messageId>`: one message to one recipient (an agency,
 *   narrowed to a role when the notice names one). The message id is derived
 *   from the source event id and the recipient, so a redelivered notice names
 *   the same message and appends nothing new. Every channel carries it (email
 *   Message-ID and X-JM-Message-Id, webhook X-JM-Message-Id header and body,
 *   the inbox row id), so a receiver can drop a repeat.
 * - `notification-channels-<agency>`: the channels an agency chose; the latest
 *   choice overrides the defaults of config/notification-channels.json.
 *
 * Field meanings are stable; new optional fields may be added.
 */
import type { Lang } from '@jm/reference';

export const NOTIFICATION_STREAM_PREFIX = 'notification-';
export const NOTIFICATION_CHANNELS_STREAM_PREFIX = 'notification-channels-';

export const toNotificationStreamId = (messageId: string): string => `${NOTIFICATION_STREAM_PREFIX}${messageId}`;
export const toNotificationChannelsStreamId = (agency: string): string => `${NOTIFICATION_CHANNELS_STREAM_PREFIX}${agency}`;

/** Where a message can go. The inbox is always on; email and webhooks as the agency chose. */
export const CHANNEL_KINDS = ['inbox', 'email', 'webhook'] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

/** Languages a message is written in (zh-CN unless the agency chose English). */
export const NOTIFICATION_LOCALES = ['zh-CN', 'en'] as const satisfies readonly Lang[];

/** Hand-off notices: work handed to a unit (docs/worklist.md), one template per kind of hand-off. */
export const HANDOFF_TEMPLATES = [
  'handoff_lead_routed',
  'handoff_determination_requested',
  'handoff_transferred_to_police',
  'handoff_police_declined',
  'handoff_put_on_agenda',
  'handoff_escalated_to_city',
  'handoff_decision_received',
  'handoff_closure_approved',
  'handoff_closure_refused',
  'handoff_cross_region',
] as const;
export type HandoffTemplate = (typeof HANDOFF_TEMPLATES)[number];

/** The kinds of notice, one template each (zh-CN and English). */
export const NOTICE_TEMPLATES = [
  'deadline_reminder',
  'deadline_missed',
  'deadline_escalated_unit',
  'deadline_escalated_office',
  'deadline_escalated_convener',
  'obligation_due',
  'obligation_missed',
  ...HANDOFF_TEMPLATES,
] as const;
export type NoticeTemplate = (typeof NOTICE_TEMPLATES)[number];

export interface NotificationRecipient {
  agency: string;
  /** Only people of the agency holding this role see it in the inbox. */
  role?: string;
}

/** A webhook an agency receives on: the secret that signs it is read from the named environment variable, never stored. */
export interface WebhookChannel {
  /** Stable within the agency, [a-z0-9-]. */
  id: string;
  url: string;
  secretEnv: string;
}

/** One place a message goes; `key` names it in the delivery events and the outbox (`email`, `webhook:<id>`). */
export type DeliveryTarget =
  | { channel: 'inbox'; key: 'inbox' }
  | { channel: 'email'; key: 'email'; to: string[] }
  | { channel: 'webhook'; key: string; webhookId: string; url: string; secretEnv: string };

/** What a template needs, taken from the notice when the message is requested (so a later change of registry names does not rewrite it). */
export interface NotificationParams {
  policyId?: string;
  /** The policy's name as configured, when known. */
  policyName?: { 'zh-CN': string; en: string };
  /** lead, routing, case or obligation. */
  subjectKind: string;
  subjectId: string;
  /** The responsible unit's code and names. */
  unit: string;
  unitName: { 'zh-CN': string; en: string };
  /** Every deadline and obligation notice has it; a hand-off notice has none (its to-do item shows the clock's). */
  dueAt?: string;
  /** A hand-off: the case or receipt number, the title, and the unit that handed it over (code and names). */
  subjectNo?: string;
  subjectTitle?: string;
  from?: string;
  fromName?: { 'zh-CN': string; en: string };
  /** A hand-off to or from a joint meeting: its title. */
  meetingTitle?: string;
  /** Why (a refusal's reasons, a decision). */
  note?: string;
  /** Reminder index, escalation step. */
  step?: number;
  /** Obligation kind and period. */
  obligationKind?: string;
  period?: string;
}

export interface NotificationSource {
  eventId: string;
  eventType: string;
  streamId: string;
}

export interface NotificationRequestedData {
  messageId: string;
  recipient: NotificationRecipient;
  template: NoticeTemplate;
  params: NotificationParams;
  locale: Lang;
  /** Every target but the inbox goes through the outbox. */
  targets: DeliveryTarget[];
  source: NotificationSource;
  requestedAt: string;
}

interface DeliveryRef {
  messageId: string;
  /** The target's key: inbox, email, webhook:<id>. */
  target: string;
  channel: ChannelKind;
  /** 1-based, counted over the message's whole life on this target (replays go on counting). */
  attempt: number;
  at: string;
}

export type NotificationDeliveryAttemptedData = DeliveryRef;

export interface NotificationDeliveredData extends DeliveryRef {
  /** What the receiver answered (SMTP response, HTTP status). */
  response?: string;
}

export interface NotificationDeliveryFailedData extends DeliveryRef {
  error: string;
  nextAttemptAt: string;
}

export interface NotificationDeadLetteredData extends DeliveryRef {
  error: string;
}

export interface NotificationReplayRequestedData {
  messageId: string;
  target: string;
  channel: ChannelKind;
  by: { agency: string; user: string };
  at: string;
}

export interface NotificationReadData {
  messageId: string;
  agency: string;
  user: string;
  at: string;
}

export interface NotificationChannelsChosenData {
  agency: string;
  emails: string[];
  webhooks: WebhookChannel[];
  locale: Lang;
  by: { agency: string; user: string };
  at: string;
}
