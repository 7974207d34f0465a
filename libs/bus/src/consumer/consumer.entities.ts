/**
 * Consumer-side state, kept in the consuming service's own database so that it
 * commits with the read-model write (rule 5): which events a group has handled,
 * where it got to per source, and the events it had to park.
 *
 * Declared as TableSpecs (entity and migration derive from them) rather than
 * decorated classes: the tables are infrastructure, shared by every service,
 * and must not depend on decorator metadata.
 */
import { column, entityOf, TableSpec } from '@jm/read-model';

/** One row per (group, event id): the dedup record (rule 7). */
export interface ProcessedEventRow {
  group: string;
  eventId: string;
  /** ISO-8601 instant the row was written. */
  processedAt: string;
}

/** Where a group got to in one source: `embedded` (global position) or `topic:partition` (offset). */
export interface ConsumerCheckpointRow {
  group: string;
  source: string;
  /** bigint: PostgreSQL returns it as a string, read it with Number(). */
  position: string | number;
  updatedAt: string;
}

export type ParkedStatus = 'parked' | 'replayed' | 'discarded';
export const PARKED_STATUSES: readonly ParkedStatus[] = ['parked', 'replayed', 'discarded'];
/** `event`: payload is the StoredEvent as JSON; `raw`: the undecodable message value as received. */
export type ParkedPayloadFormat = 'event' | 'raw';

export interface ParkedEventRow {
  group: string;
  eventId: string;
  eventType: string;
  streamId: string;
  topic: string;
  source: string;
  position: string | number;
  payloadFormat: ParkedPayloadFormat;
  payload: string;
  error: string;
  attempts: number;
  parkedAt: string;
  status: ParkedStatus;
  replayedAt: string | null;
  /** Set when an operator discarded it: when, who (`agency/user`) and why (docs/operations/parked-events.md). */
  discardedAt?: string | null;
  discardedBy?: string | null;
  discardReason?: string | null;
}

export const TABLE_PROCESSED = 'bus_processed_events';
export const TABLE_CHECKPOINTS = 'bus_checkpoints';
export const TABLE_PARKED = 'bus_parked_events';

const { varchar, bigint, integer, text } = column;
const group = varchar('group', 'consumer_group', 200, { primary: true });

export const BUS_PROCESSED_EVENTS: TableSpec<ProcessedEventRow> = {
  table: TABLE_PROCESSED,
  ddl: 'table-api',
  columns: [group, varchar('eventId', 'event_id', 200, { primary: true }), varchar('processedAt', 'processed_at', 40)],
  indexes: [],
};

export const BUS_CHECKPOINTS: TableSpec<ConsumerCheckpointRow> = {
  table: TABLE_CHECKPOINTS,
  ddl: 'table-api',
  columns: [group, varchar('source', 'source', 300, { primary: true }), bigint('position', 'position'), varchar('updatedAt', 'updated_at', 40)],
  indexes: [],
};

/** Added by AddParkedEventDiscard1767600000000 to tables made before them (consumer.migrations.ts). */
export const PARKED_DISCARD_COLUMNS = [
  varchar('discardedAt', 'discarded_at', 40, { nullable: true }),
  varchar('discardedBy', 'discarded_by', 200, { nullable: true }),
  text('discardReason', 'discard_reason', { nullable: true }),
] as const;

export const BUS_PARKED_EVENTS: TableSpec<ParkedEventRow> = {
  table: TABLE_PARKED,
  ddl: 'table-api',
  columns: [
    group,
    varchar('eventId', 'event_id', 200, { primary: true }),
    varchar('eventType', 'event_type', 200),
    varchar('streamId', 'stream_id', 300),
    varchar('topic', 'topic', 300),
    varchar('source', 'source', 300),
    bigint('position', 'position'),
    varchar('payloadFormat', 'payload_format', 10),
    text('payload', 'payload'),
    text('error', 'error'),
    integer('attempts', 'attempts'),
    varchar('parkedAt', 'parked_at', 40),
    varchar('status', 'status', 10),
    varchar('replayedAt', 'replayed_at', 40, { nullable: true }),
    ...PARKED_DISCARD_COLUMNS,
  ],
  indexes: [{ name: 'ix_bus_parked_events_status', keys: ['consumer_group', 'status'] }],
};

/** In the order the migration creates them. */
export const BUS_CONSUMER_TABLES: readonly TableSpec[] = [BUS_PROCESSED_EVENTS, BUS_CHECKPOINTS, BUS_PARKED_EVENTS];

export const ProcessedEventEntity = entityOf<ProcessedEventRow>('BusProcessedEvent', BUS_PROCESSED_EVENTS);
export const ConsumerCheckpointEntity = entityOf<ConsumerCheckpointRow>('BusCheckpoint', BUS_CHECKPOINTS);
export const ParkedEventEntity = entityOf<ParkedEventRow>('BusParkedEvent', BUS_PARKED_EVENTS);

/** Add these to the consumer DataSource's `entities`. */
export const BUS_CONSUMER_ENTITIES = [ProcessedEventEntity, ConsumerCheckpointEntity, ParkedEventEntity];
