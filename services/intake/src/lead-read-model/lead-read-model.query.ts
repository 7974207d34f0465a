/**
 * Reads of the lead read model: who may see a lead (need-to-know) and the
 * lists a unit works from. An office sees every lead of its jurisdiction
 * (a city office its districts'); any other agency only the leads it received,
 * was routed, referred or assigned (lead_visibility).
 */
import { DomainActor } from '@jm/contracts';
import { InjectReadModel } from '@jm/platform';
import { regionContains } from '@jm/reference';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { PublicStatus } from '../lead/lead.dto';
import {
  LeadStatusEntity,
  LeadSummaryRow,
  LeadVisibilityEntity,
  TABLE_LEAD_STATUS,
  TABLE_LEAD_SUMMARY,
  TABLE_LEAD_VISIBILITY,
} from './lead-read-model.entities';

export interface LeadFacts {
  leadId: string;
  jurisdiction: string;
  receivedBy: string;
  office: string;
}

export interface LeadListItem extends Omit<LeadSummaryRow, 'informant'> {
  status: PublicStatus;
  caseId: string | null;
}

export interface LeadPage {
  items: LeadListItem[];
  page: number;
  pageSize: number;
  total: number;
}

/** The LIKE prefix of the regions a region contains (350000 → 35, 350500 → 3505, 350502 → 350502). */
export function regionPrefix(region: string): string {
  if (region.endsWith('0000')) return region.slice(0, 2);
  if (region.endsWith('00')) return region.slice(0, 4);
  return region;
}

@Injectable()
export class LeadReadModelQuery {
  constructor(@InjectReadModel() private readonly db: DataSource) {}

  /** Need-to-know for one lead whose facts come from its own stream (so a lead just received is visible to its receiver at once). */
  async isVisible(reader: DomainActor, lead: LeadFacts): Promise<boolean> {
    if (reader.agency === lead.receivedBy || reader.agency === lead.office) return true;
    if (reader.agencyKind === 'office' && regionContains(reader.jurisdiction, lead.jurisdiction)) return true;
    return (await this.db.getRepository(LeadVisibilityEntity).countBy({ leadId: lead.leadId, agency: reader.agency })) > 0;
  }

  async publicStatus(leadId: string): Promise<{ status: PublicStatus; caseId: string | null }> {
    const row = await this.db.getRepository(LeadStatusEntity).findOneBy({ leadId });
    return { status: row?.status ?? 'received', caseId: row?.caseId ?? null };
  }

  async list(reader: DomainActor, filter: { status?: PublicStatus; page: number; pageSize: number }): Promise<LeadPage> {
    const query = this.db
      .createQueryBuilder()
      .from(TABLE_LEAD_SUMMARY, 's')
      .leftJoin(TABLE_LEAD_STATUS, 'st', 'st.lead_id = s.lead_id')
      .where(
        reader.agencyKind === 'office'
          ? `(s.jurisdiction LIKE :prefix OR s.lead_id IN (SELECT v.lead_id FROM ${TABLE_LEAD_VISIBILITY} v WHERE v.agency = :agency))`
          : `s.lead_id IN (SELECT v.lead_id FROM ${TABLE_LEAD_VISIBILITY} v WHERE v.agency = :agency)`,
        { prefix: `${regionPrefix(reader.jurisdiction)}%`, agency: reader.agency },
      );
    if (filter.status) query.andWhere(`COALESCE(st.status, 'received') = :status`, { status: filter.status });
    const total = Number((await query.clone().select('COUNT(*)', 'n').getRawOne<{ n: string | number }>())?.n ?? 0);
    const rows = await query
      .select([
        's.lead_id AS "leadId"',
        's.receipt_no AS "receiptNo"',
        's.title AS "title"',
        's.category AS "category"',
        's.field AS "field"',
        's.source AS "source"',
        's.channel AS "channel"',
        's.jurisdiction AS "jurisdiction"',
        's.street AS "street"',
        's.received_by AS "receivedBy"',
        's.received_at AS "receivedAt"',
        's.office AS "office"',
        's.report_deadline AS "reportDeadline"',
        's.reported_at AS "reportedAt"',
        's.major AS "major"',
        's.anonymous AS "anonymous"',
        's.amount_yuan AS "amountYuan"',
        's.participants AS "participants"',
        's.links AS "links"',
        's.supplements AS "supplements"',
        `COALESCE(st.status, 'received') AS "status"`,
        'st.case_id AS "caseId"',
      ])
      .orderBy('s.received_at', 'DESC')
      .addOrderBy('s.lead_id', 'ASC')
      .offset((filter.page - 1) * filter.pageSize)
      .limit(filter.pageSize)
      .getRawMany<LeadListItem>();
    const items = rows.map((r) => ({ ...r, major: Boolean(r.major), anonymous: Boolean(r.anonymous) }));
    return { items, page: filter.page, pageSize: filter.pageSize, total };
  }
}
