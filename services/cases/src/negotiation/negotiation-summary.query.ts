/**
 * GET /negotiations: the records the caller's office holds (the same rule as GET /negotiations/:id), newest
 * first; and the due check's query: unanswered negotiations past their due time.
 */
import type { DomainActor } from '@jm/contracts';
import { pageOf } from '@jm/platform';
import type { Page } from '@jm/platform';
import type { DataSource } from 'typeorm';
import { NegotiationSummaryEntity, NegotiationSummaryRow } from './negotiation-summary.entity';

export interface NegotiationListFilter {
  status?: string;
  kind?: string;
}

export async function listNegotiations(
  db: DataSource,
  actor: DomainActor,
  filter: NegotiationListFilter,
  page: number,
  pageSize: number,
): Promise<Page<NegotiationSummaryRow>> {
  if (actor.agencyKind !== 'office') return { items: [], total: 0, page, pageSize };
  const qb = db.getRepository(NegotiationSummaryEntity).createQueryBuilder('n').where('n.office = :office', { office: actor.agency });
  if (filter.status) qb.andWhere('n.status = :status', { status: filter.status });
  if (filter.kind) qb.andWhere('n.kind = :kind', { kind: filter.kind });
  qb.orderBy('n.updated_at', 'DESC').addOrderBy('n.negotiation_id', 'ASC');
  return pageOf(qb, page, pageSize);
}

/** Negotiations asked of this deployment, unanswered and due by `now`. */
export async function dueNegotiations(db: DataSource, now: string): Promise<string[]> {
  const rows = await db
    .getRepository(NegotiationSummaryEntity)
    .createQueryBuilder('n')
    .select('n.negotiation_id', 'id')
    .where("n.kind = 'negotiation' AND n.status = 'awaiting_answer' AND n.due_at <= :now", { now })
    .orderBy('n.due_at', 'ASC')
    .limit(500)
    .getRawMany<{ id: string }>();
  return rows.map((r) => r.id);
}
