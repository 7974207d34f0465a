/**
 * List queries over the read models, filtered by need-to-know in SQL: an
 * office sees rows of its region (and leads referred to it), a unit the leads
 * routed to it and the cases it is in the audience of.
 */
import { pageOf } from '@jm/platform';
import type { DomainActor } from '@jm/contracts';
import type { Page } from '@jm/platform';
import type { DataSource, SelectQueryBuilder, ObjectLiteral } from 'typeorm';
import { CaseSummaryEntity, CaseSummaryRow, CaseVisibilityEntity, LeadTriageEntity, LeadTriageRow } from './read-model.entities';

/** regionContains as SQL: a city (…00) or province (…0000) contains the codes sharing its prefix. */
export function whereInRegion<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, column: string, region: string, param: string): string {
  const prefix = region.endsWith('0000') ? region.slice(0, 2) : region.endsWith('00') ? region.slice(0, 4) : undefined;
  if (prefix === undefined) {
    qb.setParameter(param, region);
    return `${column} = :${param}`;
  }
  qb.setParameter(param, `${prefix}%`);
  return `${column} LIKE :${param}`;
}

export async function listTriage(
  db: DataSource,
  actor: DomainActor,
  filter: { status?: string; leadId?: string },
  page: number,
  pageSize: number,
): Promise<Page<LeadTriageRow>> {
  const qb = db.getRepository(LeadTriageEntity).createQueryBuilder('t').where("t.status <> 'not_reported'");
  if (actor.agencyKind === 'office') {
    const region = whereInRegion(qb, 't.jurisdiction', actor.jurisdiction, 'region');
    qb.andWhere(`(${region} OR t.office = :agency)`, { agency: actor.agency });
  } else {
    qb.andWhere("(t.unit = :agency OR t.routed_street = :agency) AND t.status IN ('routed', 'closed_unfounded', 'founded')", {
      agency: actor.agency,
    });
  }
  if (filter.status) qb.andWhere('t.status = :status', { status: filter.status });
  if (filter.leadId) qb.andWhere('t.lead_id = :leadId', { leadId: filter.leadId });
  qb.orderBy('t.received_at', 'DESC').addOrderBy('t.lead_id', 'ASC');
  return pageOf(qb, page, pageSize);
}

export async function listCases(
  db: DataSource,
  actor: DomainActor,
  filter: { status?: string; field?: string; street?: string },
  page: number,
  pageSize: number,
): Promise<Page<CaseSummaryRow>> {
  const qb = db.getRepository(CaseSummaryEntity).createQueryBuilder('c');
  // Through the entity, so the table is schema-qualified when READ_MODEL_PG_SCHEMA is not on the search path.
  const audience = `EXISTS ${qb.subQuery().select('1').from(CaseVisibilityEntity, 'v').where('v.case_id = c.case_id AND v.agency = :agency').getQuery()}`;
  qb.setParameter('agency', actor.agency);
  if (actor.agencyKind === 'office') {
    qb.where(`(${whereInRegion(qb, 'c.jurisdiction', actor.jurisdiction, 'region')} OR ${audience})`);
  } else {
    qb.where(audience);
  }
  if (filter.status) qb.andWhere('c.status = :status', { status: filter.status });
  if (filter.field) qb.andWhere('c.field = :field', { field: filter.field });
  if (filter.street) qb.andWhere('c.street = :street', { street: filter.street });
  qb.orderBy('c.opened_at', 'DESC').addOrderBy('c.case_id', 'ASC');
  return pageOf(qb, page, pageSize);
}

/** Whether the bus has granted the agency sight of the case (meeting offices, units); the detail GET adds this to its own fold. */
export async function inCaseAudience(db: DataSource, caseId: string, agency: string): Promise<boolean> {
  return (await db.getRepository(CaseVisibilityEntity).count({ where: { caseId, agency } })) > 0;
}
