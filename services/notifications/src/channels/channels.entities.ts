/**
 * The channels' tables in the notifications database:
 * - notification_outbox: one row per message and target (email, webhook:<id>),
 *   written in the consumer transaction that handles the notice; the
 *   dispatcher sends what is due and moves the row (pending → sent, or failed
 *   → … → dead; a replay puts a dead row back to pending).
 * - notification_inbox: one row per message (its id is the message id), for
 *   the agency's in-app inbox.
 * - notification_inbox_read: who of the agency has read which message.
 * Times are ISO-8601 UTC strings of one fixed width, so they compare as text.
 */
import { EntitySchema } from 'typeorm';

export type OutboxStatus = 'pending' | 'sent' | 'failed' | 'dead';

export interface OutboxRow {
  messageId: string;
  target: string;
  channel: string;
  recipientAgency: string;
  status: OutboxStatus;
  attempts: number;
  /** The attempt after which the target is dead-lettered (attempts so far + DELIVERY_MAX_ATTEMPTS at the request and at each replay). */
  budgetEnd: number;
  nextAttemptAt: string;
  lastError: string | null;
  /** Stream version of the last replay applied (-1: none), so a redelivered replay does not re-queue twice. */
  replayVersion: number;
  updatedAt: string;
}

export interface InboxRow {
  messageId: string;
  agency: string;
  role: string | null;
  template: string;
  /** JSON of the message's NotificationParams. */
  params: string;
  locale: string;
  sourceEventType: string;
  createdAt: string;
}

export interface InboxReadRow {
  messageId: string;
  userId: string;
  agency: string;
  readAt: string;
}

export const TABLE_OUTBOX = 'notification_outbox';
export const TABLE_INBOX = 'notification_inbox';
export const TABLE_INBOX_READ = 'notification_inbox_read';

export const OutboxEntity = new EntitySchema<OutboxRow>({
  name: 'NotificationOutbox',
  tableName: TABLE_OUTBOX,
  columns: {
    messageId: { name: 'message_id', type: 'varchar', length: 40, primary: true },
    target: { name: 'target', type: 'varchar', length: 64, primary: true },
    channel: { name: 'channel', type: 'varchar', length: 16 },
    recipientAgency: { name: 'recipient_agency', type: 'varchar', length: 64 },
    status: { name: 'status', type: 'varchar', length: 16 },
    attempts: { name: 'attempts', type: 'integer' },
    budgetEnd: { name: 'budget_end', type: 'integer' },
    nextAttemptAt: { name: 'next_attempt_at', type: 'varchar', length: 40 },
    lastError: { name: 'last_error', type: 'varchar', length: 1000, nullable: true },
    replayVersion: { name: 'replay_version', type: 'integer' },
    updatedAt: { name: 'updated_at', type: 'varchar', length: 40 },
  },
});

export const InboxEntity = new EntitySchema<InboxRow>({
  name: 'NotificationInbox',
  tableName: TABLE_INBOX,
  columns: {
    messageId: { name: 'message_id', type: 'varchar', length: 40, primary: true },
    agency: { name: 'agency', type: 'varchar', length: 64 },
    role: { name: 'role', type: 'varchar', length: 32, nullable: true },
    template: { name: 'template', type: 'varchar', length: 40 },
    params: { name: 'params', type: 'text' },
    locale: { name: 'locale', type: 'varchar', length: 8 },
    sourceEventType: { name: 'source_event_type', type: 'varchar', length: 64 },
    createdAt: { name: 'created_at', type: 'varchar', length: 40 },
  },
});

export const InboxReadEntity = new EntitySchema<InboxReadRow>({
  name: 'NotificationInboxRead',
  tableName: TABLE_INBOX_READ,
  columns: {
    messageId: { name: 'message_id', type: 'varchar', length: 40, primary: true },
    userId: { name: 'user_id', type: 'varchar', length: 128, primary: true },
    agency: { name: 'agency', type: 'varchar', length: 64 },
    readAt: { name: 'read_at', type: 'varchar', length: 40 },
  },
});
