/**
 * What operators do with parked events besides replaying them (consumer-core.ts replayParked): find them by group,
 * status and type, page through them, and discard one with a reason (docs/operations/parked-events.md).
 */
import type { DataSource } from 'typeorm';
import { ParkedEventEntity, ParkedEventRow, ParkedStatus } from './consumer.entities';
import { inTransaction } from './consumer-core';

export interface ParkedFilter {
  group?: string;
  status?: ParkedStatus;
  eventType?: string;
}

/** One page of parked events, newest first, and how many match in all. */
export async function pageParked(
  dataSource: DataSource,
  filter: ParkedFilter,
  page: number,
  pageSize: number,
): Promise<{ items: ParkedEventRow[]; total: number }> {
  const where = Object.fromEntries(Object.entries(filter).filter(([, v]) => v !== undefined));
  const [items, total] = await dataSource.getRepository(ParkedEventEntity).findAndCount({
    where,
    order: { parkedAt: 'DESC', eventId: 'ASC' },
    skip: (page - 1) * pageSize,
    take: pageSize,
  });
  return { items, total };
}

export async function findParked(dataSource: DataSource, group: string, eventId: string): Promise<ParkedEventRow | null> {
  return dataSource.getRepository(ParkedEventEntity).findOne({ where: { group, eventId } });
}

export interface Discard {
  /** Who discarded it (`agency/user`). */
  by: string;
  reason: string;
  at: string;
  /** Runs in the discard's transaction once the row is known to be parked (e.g. to record the discard); a throw undoes it. */
  beforeMarked?: () => Promise<void>;
}

/** Marks a parked event discarded; false when it is not (or no longer) parked. */
export async function discardParked(dataSource: DataSource, group: string, eventId: string, discard: Discard): Promise<boolean> {
  return inTransaction(dataSource, async (manager) => {
    const repo = manager.getRepository(ParkedEventEntity);
    const row = await repo.findOne({ where: { group, eventId } });
    if (row?.status !== 'parked') return false;
    await discard.beforeMarked?.();
    const result = await repo.update(
      { group, eventId, status: 'parked' },
      { status: 'discarded', discardedAt: discard.at, discardedBy: discard.by, discardReason: discard.reason },
    );
    if (result.affected !== undefined && result.affected !== 1) throw new Error(`Event ${eventId} of group ${group} changed concurrently`);
    return true;
  });
}
