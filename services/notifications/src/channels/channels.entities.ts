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
import { column, entityOf, TableSpec } from '@jm/read-model';

/** `discarded`: a dead letter an operator set aside (dead-letters.service.ts); a replay still re-queues it. */
export type OutboxStatus = 'pending' | 'sent' | 'failed' | 'dead' | 'discarded';

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

const { varchar, integer, text } = column;

export const OUTBOX: TableSpec<OutboxRow> = {
  table: TABLE_OUTBOX,
  ddl: 'table-api',
  columns: [
    varchar('messageId', 'message_id', 40, { primary: true }),
    varchar('target', 'target', 64, { primary: true }),
    varchar('channel', 'channel', 16),
    varchar('recipientAgency', 'recipient_agency', 64),
    varchar('status', 'status', 16),
    integer('attempts', 'attempts'),
    integer('budgetEnd', 'budget_end'),
    varchar('nextAttemptAt', 'next_attempt_at', 40),
    varchar('lastError', 'last_error', 1000, { nullable: true }),
    integer('replayVersion', 'replay_version'),
    varchar('updatedAt', 'updated_at', 40),
  ],
  // The dispatcher's question: what is due now.
  indexes: [{ name: 'ix_notification_outbox_due', keys: ['status', 'next_attempt_at'] }],
};

export const INBOX: TableSpec<InboxRow> = {
  table: TABLE_INBOX,
  ddl: 'table-api',
  columns: [
    varchar('messageId', 'message_id', 40, { primary: true }),
    varchar('agency', 'agency', 64),
    varchar('role', 'role', 32, { nullable: true }),
    varchar('template', 'template', 40),
    text('params', 'params'),
    varchar('locale', 'locale', 8),
    varchar('sourceEventType', 'source_event_type', 64),
    varchar('createdAt', 'created_at', 40),
  ],
  indexes: [{ name: 'ix_notification_inbox_agency', keys: ['agency', 'created_at'] }],
};

export const INBOX_READ: TableSpec<InboxReadRow> = {
  table: TABLE_INBOX_READ,
  ddl: 'table-api',
  columns: [
    varchar('messageId', 'message_id', 40, { primary: true }),
    varchar('userId', 'user_id', 128, { primary: true }),
    varchar('agency', 'agency', 64),
    varchar('readAt', 'read_at', 40),
  ],
  indexes: [],
};

/** In the order the migration creates them. */
export const CHANNELS_TABLES: readonly TableSpec[] = [OUTBOX, INBOX, INBOX_READ];

export const OutboxEntity = entityOf<OutboxRow>('NotificationOutbox', OUTBOX);
export const InboxEntity = entityOf<InboxRow>('NotificationInbox', INBOX);
export const InboxReadEntity = entityOf<InboxReadRow>('NotificationInboxRead', INBOX_READ);
