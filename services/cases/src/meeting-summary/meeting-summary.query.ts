/**
 * GET /meetings: the meetings the caller may see, by the same rule as GET
 * /meetings/:id (canSeeMeeting), in SQL over the row's region: an office sees
 * the meetings of every region it contains; a member unit those of the regions
 * that contain it (its own district's, its city's, its province's); nobody
 * else any. Newest scheduledFor first.
 */
import { pageOf } from '@jm/platform';
import type { DomainActor } from '@jm/contracts';
import type { Page } from '@jm/platform';
import type { DataSource } from 'typeorm';
import { whereInRegion } from '../read-model/queries';
import { MeetingSummaryEntity, MeetingSummaryRow } from './meeting-summary.entity';

export interface MeetingListFilter {
  status?: string;
  level?: string;
}

/** The regions that contain the given one (regionContains(outer, region) holds exactly for these). */
export function regionsContaining(region: string): string[] {
  return [...new Set([region, `${region.slice(0, 4)}00`, `${region.slice(0, 2)}0000`])];
}

export async function listMeetings(
  db: DataSource,
  actor: DomainActor,
  filter: MeetingListFilter,
  page: number,
  pageSize: number,
): Promise<Page<MeetingSummaryRow>> {
  const qb = db.getRepository(MeetingSummaryEntity).createQueryBuilder('m');
  if (actor.agencyKind === 'office') {
    qb.where(whereInRegion(qb, 'm.jurisdiction', actor.jurisdiction, 'region'));
  } else if (actor.agencyKind === 'member') {
    qb.where('m.jurisdiction IN (:...containing)', { containing: regionsContaining(actor.jurisdiction) });
  } else {
    return { items: [], total: 0, page, pageSize };
  }
  if (filter.status) qb.andWhere('m.status = :status', { status: filter.status });
  if (filter.level) qb.andWhere('m.level = :level', { level: filter.level });
  qb.orderBy('m.scheduled_for', 'DESC').addOrderBy('m.meeting_id', 'ASC');
  return pageOf(qb, page, pageSize);
}
