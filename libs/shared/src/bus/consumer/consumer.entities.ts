/**
 * Consumer-side state, kept in the consuming service's own database so that it
 * commits with the read-model write (rule 5): which events a group has handled,
 * where it got to per source, and the events it had to park.
 *
 * EntitySchema rather than decorated classes: the tables are infrastructure,
 * shared by every service, and must not depend on decorator metadata.
 */
import { EntitySchema } from 'typeorm';

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

export type ParkedStatus = 'parked' | 'replayed';
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
}

export const TABLE_PROCESSED = 'bus_processed_events';
export const TABLE_CHECKPOINTS = 'bus_checkpoints';
export const TABLE_PARKED = 'bus_parked_events';

export const ProcessedEventEntity = new EntitySchema<ProcessedEventRow>({
  name: 'BusProcessedEvent',
  tableName: TABLE_PROCESSED,
  columns: {
    group: { name: 'consumer_group', type: 'varchar', length: 200, primary: true },
    eventId: { name: 'event_id', type: 'varchar', length: 200, primary: true },
    processedAt: { name: 'processed_at', type: 'varchar', length: 40 },
  },
});

export const ConsumerCheckpointEntity = new EntitySchema<ConsumerCheckpointRow>({
  name: 'BusCheckpoint',
  tableName: TABLE_CHECKPOINTS,
  columns: {
    group: { name: 'consumer_group', type: 'varchar', length: 200, primary: true },
    source: { name: 'source', type: 'varchar', length: 300, primary: true },
    position: { name: 'position', type: 'bigint' },
    updatedAt: { name: 'updated_at', type: 'varchar', length: 40 },
  },
});

export const ParkedEventEntity = new EntitySchema<ParkedEventRow>({
  name: 'BusParkedEvent',
  tableName: TABLE_PARKED,
  columns: {
    group: { name: 'consumer_group', type: 'varchar', length: 200, primary: true },
    eventId: { name: 'event_id', type: 'varchar', length: 200, primary: true },
    eventType: { name: 'event_type', type: 'varchar', length: 200 },
    streamId: { name: 'stream_id', type: 'varchar', length: 300 },
    topic: { name: 'topic', type: 'varchar', length: 300 },
    source: { name: 'source', type: 'varchar', length: 300 },
    position: { name: 'position', type: 'bigint' },
    payloadFormat: { name: 'payload_format', type: 'varchar', length: 10 },
    payload: { name: 'payload', type: 'text' },
    error: { name: 'error', type: 'text' },
    attempts: { name: 'attempts', type: 'integer' },
    parkedAt: { name: 'parked_at', type: 'varchar', length: 40 },
    status: { name: 'status', type: 'varchar', length: 10 },
    replayedAt: { name: 'replayed_at', type: 'varchar', length: 40, nullable: true },
  },
});

/** Add these to the consumer DataSource's `entities`. */
export const BUS_CONSUMER_ENTITIES = [ProcessedEventEntity, ConsumerCheckpointEntity, ParkedEventEntity];
