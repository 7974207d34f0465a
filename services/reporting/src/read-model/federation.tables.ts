/**
 * What reporting keeps of other deployments (docs/federation-reporting.md), written by federation/ from the
 * federation topics and read by the statistics tables and the cross-deployment audit:
 * - federated_statistics: the latest monthly statistics each deployment below reported up (aggregates only,
 *   as JSON), one row per (deployment, month), replaced by a later revision;
 * - federated_anchor / federated_anchor_chunk: the audit anchors the deployments below published on their
 *   anchor topics (seals, and the heads in chunks), as read from Kafka, never from their databases.
 */
import type { AuditAnchorRecordedData } from '@jm/contracts';
import { column, TableSpec } from '@jm/read-model';

export interface FederatedStatisticsRow {
  deployment: string;
  month: string;
  revision: number;
  /** The sending deployment's office jurisdiction: which readers' scope covers these figures. */
  jurisdiction: string;
  asOf: string;
  /** StatisticsMonthFigures as JSON. */
  figures: string;
  /** StatisticsSource[] as JSON. */
  includes: string;
  messageId: string;
  receivedAt: string;
}

export const FEDERATED_STATISTICS: TableSpec<FederatedStatisticsRow> = {
  table: 'federated_statistics',
  ddl: 'sql',
  columns: [
    column.varchar('deployment', 'deployment', 16, { primary: true }),
    column.varchar('month', 'month', 7, { primary: true }),
    column.integer('revision', 'revision'),
    column.varchar('jurisdiction', 'jurisdiction', 6),
    column.varchar('asOf', 'as_of', 40),
    column.text('figures', 'figures'),
    column.text('includes', 'includes'),
    column.varchar('messageId', 'message_id', 64),
    column.varchar('receivedAt', 'received_at', 40),
  ],
  indexes: [{ name: 'ix_federated_statistics_month', keys: ['month'] }],
};

/** An anchor's seal as published (its trigger aside), and where it came from. */
export interface FederatedAnchorRow extends Omit<AuditAnchorRecordedData, 'trigger'> {
  deployment: string;
  messageId: string;
  receivedAt: string;
}

export const FEDERATED_ANCHOR: TableSpec<FederatedAnchorRow> = {
  table: 'federated_anchor',
  ddl: 'sql',
  columns: [
    column.varchar('deployment', 'deployment', 16, { primary: true }),
    column.varchar('anchorId', 'anchor_id', 64, { primary: true }),
    column.varchar('at', 'at', 40),
    column.bigint('headPosition', 'head_position'),
    column.integer('streams', 'streams'),
    column.integer('events', 'events'),
    column.integer('chunks', 'chunks'),
    column.varchar('digest', 'digest', 64),
    column.varchar('messageId', 'message_id', 64),
    column.varchar('receivedAt', 'received_at', 40),
  ],
  indexes: [{ name: 'ix_federated_anchor_latest', keys: ['deployment', 'head_position'] }],
};

export interface FederatedAnchorChunkRow {
  deployment: string;
  anchorId: string;
  chunk: number;
  /** AnchoredHead[] as JSON. */
  heads: string;
}

export const FEDERATED_ANCHOR_CHUNK: TableSpec<FederatedAnchorChunkRow> = {
  table: 'federated_anchor_chunk',
  ddl: 'sql',
  columns: [
    column.varchar('deployment', 'deployment', 16, { primary: true }),
    column.varchar('anchorId', 'anchor_id', 64, { primary: true }),
    column.integer('chunk', 'chunk', { primary: true }),
    column.text('heads', 'heads'),
  ],
  indexes: [],
};

export const FEDERATION_TABLES: readonly TableSpec[] = [FEDERATED_STATISTICS, FEDERATED_ANCHOR, FEDERATED_ANCHOR_CHUNK];
