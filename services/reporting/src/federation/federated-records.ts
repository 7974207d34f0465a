/**
 * Writes and reads of what reporting keeps of the deployments below (read-model/federation.tables.ts): the
 * statistics they reported up (a later revision of a month replaces an earlier one, an earlier one arriving late
 * changes nothing) and the anchors they published (seals and chunks, each stored once). Writes go through the
 * consumer's transaction, with its dedup row, so a redelivered message writes nothing twice.
 */
import type { AnchoredHead, AuditAnchorChunkRecordedData, AuditAnchorRecordedData, StatisticsReportedUpData } from '@jm/contracts';
import { qualifiedTable, schemaOf } from '@jm/read-model';
import type { DataSource, EntityManager } from 'typeorm';
import { FEDERATED_ANCHOR, FEDERATED_ANCHOR_CHUNK, FEDERATED_STATISTICS } from '../read-model/federation.tables';
import { positional, run } from '../statistics/statistics-tables/statistics-sql';

const table = (db: DataSource, name: string): string => qualifiedTable(schemaOf(db), name);

async function execute(manager: EntityManager, sql: string, params: Record<string, unknown>): Promise<void> {
  const [text, values] = positional(manager.connection, sql, params);
  await manager.query(text, values);
}

export interface Received {
  deployment: string;
  messageId: string;
  receivedAt: string;
}

export async function saveReportedStatistics(
  manager: EntityManager,
  from: Received & { jurisdiction: string },
  data: StatisticsReportedUpData,
): Promise<void> {
  await execute(
    manager,
    `INSERT INTO ${table(manager.connection, FEDERATED_STATISTICS.table)} AS cur
       (deployment, month, revision, jurisdiction, as_of, figures, includes, message_id, received_at)
     VALUES (:deployment, :month, :revision, :jurisdiction, :asOf, :figures, :includes, :messageId, :receivedAt)
     ON CONFLICT (deployment, month) DO UPDATE SET revision = excluded.revision, jurisdiction = excluded.jurisdiction, as_of = excluded.as_of,
       figures = excluded.figures, includes = excluded.includes, message_id = excluded.message_id, received_at = excluded.received_at
     WHERE cur.revision < excluded.revision`,
    {
      deployment: from.deployment,
      month: data.month,
      revision: data.revision,
      jurisdiction: from.jurisdiction,
      asOf: data.asOf,
      figures: JSON.stringify(data.figures),
      includes: JSON.stringify(data.includes),
      messageId: from.messageId,
      receivedAt: from.receivedAt,
    },
  );
}

export async function saveAnchorChunk(manager: EntityManager, from: Received, data: AuditAnchorChunkRecordedData): Promise<void> {
  await execute(
    manager,
    `INSERT INTO ${table(manager.connection, FEDERATED_ANCHOR_CHUNK.table)} (deployment, anchor_id, chunk, heads)
     VALUES (:deployment, :anchorId, :chunk, :heads) ON CONFLICT DO NOTHING`,
    { deployment: from.deployment, anchorId: data.anchorId, chunk: data.chunk, heads: JSON.stringify(data.heads) },
  );
}

export async function saveAnchorSeal(manager: EntityManager, from: Received, data: AuditAnchorRecordedData): Promise<void> {
  await execute(
    manager,
    `INSERT INTO ${table(manager.connection, FEDERATED_ANCHOR.table)}
       (deployment, anchor_id, at, head_position, streams, events, chunks, digest, message_id, received_at)
     VALUES (:deployment, :anchorId, :at, :headPosition, :streams, :events, :chunks, :digest, :messageId, :receivedAt) ON CONFLICT DO NOTHING`,
    {
      ...from,
      anchorId: data.anchorId,
      at: data.at,
      headPosition: data.headPosition,
      streams: data.streams,
      events: data.events,
      chunks: data.chunks,
      digest: data.digest,
    },
  );
}

export interface ReceivedAnchor {
  seal: Omit<AuditAnchorRecordedData, 'trigger'> & { receivedAt: string };
  heads: AnchoredHead[];
}

/** The latest anchor of a deployment whose chunks have all arrived (the seal comes after its chunks, on one partition). */
export async function latestReceivedAnchor(db: DataSource, deployment: string): Promise<ReceivedAnchor | undefined> {
  const [anchors, chunks] = [table(db, FEDERATED_ANCHOR.table), table(db, FEDERATED_ANCHOR_CHUNK.table)];
  const [seal] = await run<{
    anchor_id: string;
    at: string;
    head_position: number | string;
    streams: number | string;
    events: number | string;
    chunks: number | string;
    digest: string;
    received_at: string;
  }>(
    db,
    `SELECT a.anchor_id, a.at, a.head_position, a.streams, a.events, a.chunks, a.digest, a.received_at FROM ${anchors} a
      WHERE a.deployment = :deployment AND a.chunks = (SELECT COUNT(*) FROM ${chunks} c WHERE c.deployment = a.deployment AND c.anchor_id = a.anchor_id)
      ORDER BY a.head_position DESC, a.at DESC LIMIT 1`,
    { deployment },
  );
  if (!seal) return undefined;
  const parts = await run<{ heads: string }>(
    db,
    `SELECT heads FROM ${chunks} WHERE deployment = :deployment AND anchor_id = :anchorId ORDER BY chunk`,
    {
      deployment,
      anchorId: seal.anchor_id,
    },
  );
  return {
    heads: parts.flatMap((p) => JSON.parse(p.heads) as AnchoredHead[]),
    seal: {
      anchorId: seal.anchor_id,
      at: seal.at,
      headPosition: Number(seal.head_position),
      streams: Number(seal.streams),
      events: Number(seal.events),
      chunks: Number(seal.chunks),
      digest: seal.digest,
      receivedAt: seal.received_at,
    },
  };
}
