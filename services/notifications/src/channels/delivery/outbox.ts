/**
 * Writes to the outbox and inbox tables, each idempotent so that a redelivered
 * event or a repeated step writes nothing twice: the rows of a requested
 * message (in the consumer transaction that handled the notice), a replay
 * (re-queue a dead row once per replay event) and a read mark.
 */
import type { EntityManager } from 'typeorm';
import type { NotificationReadData, NotificationRequestedData } from '@jm/contracts';
import { InboxEntity, InboxReadEntity, OutboxEntity, OutboxRow } from '../channels.entities';

/** The inbox row and one outbox row per target other than the inbox; rows that exist are left alone. */
export async function recordRequestedMessage(manager: EntityManager, request: NotificationRequestedData, maxAttempts: number): Promise<void> {
  await manager
    .createQueryBuilder()
    .insert()
    .into(InboxEntity)
    .values({
      messageId: request.messageId,
      agency: request.recipient.agency,
      role: request.recipient.role ?? null,
      template: request.template,
      params: JSON.stringify(request.params),
      locale: request.locale,
      sourceEventType: request.source.eventType,
      createdAt: request.requestedAt,
    })
    .orIgnore()
    .execute();
  const rows: OutboxRow[] = request.targets
    .filter((t) => t.channel !== 'inbox')
    .map((t) => ({
      messageId: request.messageId,
      target: t.key,
      channel: t.channel,
      recipientAgency: request.recipient.agency,
      status: 'pending',
      attempts: 0,
      budgetEnd: maxAttempts,
      nextAttemptAt: request.requestedAt,
      lastError: null,
      replayVersion: -1,
      updatedAt: request.requestedAt,
    }));
  if (rows.length) await manager.createQueryBuilder().insert().into(OutboxEntity).values(rows).orIgnore().execute();
}

/** A replay puts a dead (or discarded) row back to pending with a fresh budget of attempts, once per replay event (by its stream version). */
export async function applyReplay(
  manager: EntityManager,
  replay: { messageId: string; target: string; streamVersion: number; at: string },
  maxAttempts: number,
): Promise<boolean> {
  const repo = manager.getRepository(OutboxEntity);
  const row = await repo.findOne({ where: { messageId: replay.messageId, target: replay.target } });
  if (!row || (row.status !== 'dead' && row.status !== 'discarded') || replay.streamVersion <= row.replayVersion) return false;
  await repo.update(
    { messageId: row.messageId, target: row.target },
    { status: 'pending', budgetEnd: row.attempts + maxAttempts, nextAttemptAt: replay.at, replayVersion: replay.streamVersion, updatedAt: replay.at },
  );
  return true;
}

export async function recordRead(manager: EntityManager, read: NotificationReadData): Promise<void> {
  await manager
    .createQueryBuilder()
    .insert()
    .into(InboxReadEntity)
    .values({ messageId: read.messageId, userId: read.user, agency: read.agency, readAt: read.at })
    .orIgnore()
    .execute();
}
