/**
 * Intake's read model of leads (its own database): a summary row per lead for
 * lists, the coarse status an informant may see, and who may see each lead
 * (need-to-know) as learnt from intake's and cases' events. Case membership
 * tables let later case events (units assigned, a lead attached) widen the
 * visibility of every lead of the case. Never holds informant identity.
 */
import { column, entityOf, TableSpec } from '@jm/read-model';
import type { PublicStatus } from '../lead/lead.dto';

export interface LeadSummaryRow {
  leadId: string;
  receiptNo: string;
  title: string;
  category: string;
  field: string;
  source: string;
  channel: string;
  jurisdiction: string;
  street: string | null;
  receivedBy: string;
  receivedAt: string;
  office: string;
  reportDeadline: string;
  reportedAt: string | null;
  major: boolean;
  anonymous: boolean;
  amountYuan: string | null;
  participants: number | null;
  /** absent | sealed | shredded: whether there is an identity, never the identity. */
  informant: string;
  links: number;
  supplements: number;
}

export interface LeadStatusRow {
  leadId: string;
  status: PublicStatus;
  caseId: string | null;
  updatedAt: string;
}

export interface LeadVisibilityRow {
  leadId: string;
  agency: string;
  /** Why the agency may see it: received, office, routed, street, referred_up, case_unit. */
  reason: string;
  since: string;
}

export interface CaseLeadRow {
  caseId: string;
  leadId: string;
}

export interface CaseUnitRow {
  caseId: string;
  agency: string;
}

export const TABLE_LEAD_SUMMARY = 'lead_summary';
export const TABLE_LEAD_STATUS = 'lead_status';
export const TABLE_LEAD_VISIBILITY = 'lead_visibility';
export const TABLE_CASE_LEAD = 'case_lead';
export const TABLE_CASE_UNIT = 'case_unit';

const { varchar, integer, boolean } = column;
const nullable = { nullable: true };

export const LEAD_SUMMARY: TableSpec<LeadSummaryRow> = {
  table: TABLE_LEAD_SUMMARY,
  ddl: 'table-api',
  columns: [
    varchar('leadId', 'lead_id', 64, { primary: true }),
    varchar('receiptNo', 'receipt_no', 40),
    varchar('title', 'title', 200),
    varchar('category', 'category', 40),
    varchar('field', 'field', 60),
    varchar('source', 'source', 40),
    varchar('channel', 'channel', 40),
    varchar('jurisdiction', 'jurisdiction', 6),
    varchar('street', 'street', 64, nullable),
    varchar('receivedBy', 'received_by', 64),
    varchar('receivedAt', 'received_at', 40),
    varchar('office', 'office', 64),
    varchar('reportDeadline', 'report_deadline', 40),
    varchar('reportedAt', 'reported_at', 40, nullable),
    boolean('major', 'major'),
    boolean('anonymous', 'anonymous'),
    varchar('amountYuan', 'amount_yuan', 24, nullable),
    integer('participants', 'participants', nullable),
    varchar('informant', 'informant', 10),
    integer('links', 'links'),
    integer('supplements', 'supplements'),
  ],
  indexes: [{ name: 'ix_lead_summary_jurisdiction', keys: ['jurisdiction', 'received_at'] }],
};

export const LEAD_STATUS: TableSpec<LeadStatusRow> = {
  table: TABLE_LEAD_STATUS,
  ddl: 'table-api',
  columns: [
    varchar('leadId', 'lead_id', 64, { primary: true }),
    varchar('status', 'status', 20),
    varchar('caseId', 'case_id', 64, nullable),
    varchar('updatedAt', 'updated_at', 40),
  ],
  indexes: [],
};

export const LEAD_VISIBILITY: TableSpec<LeadVisibilityRow> = {
  table: TABLE_LEAD_VISIBILITY,
  ddl: 'table-api',
  columns: [
    varchar('leadId', 'lead_id', 64, { primary: true }),
    varchar('agency', 'agency', 64, { primary: true }),
    varchar('reason', 'reason', 20),
    varchar('since', 'since', 40),
  ],
  indexes: [{ name: 'ix_lead_visibility_agency', keys: ['agency'] }],
};

export const CASE_LEAD: TableSpec<CaseLeadRow> = {
  table: TABLE_CASE_LEAD,
  ddl: 'table-api',
  columns: [varchar('caseId', 'case_id', 64, { primary: true }), varchar('leadId', 'lead_id', 64, { primary: true })],
  indexes: [],
};

export const CASE_UNIT: TableSpec<CaseUnitRow> = {
  table: TABLE_CASE_UNIT,
  ddl: 'table-api',
  columns: [varchar('caseId', 'case_id', 64, { primary: true }), varchar('agency', 'agency', 64, { primary: true })],
  indexes: [],
};

/** In the order the migration creates them. */
export const LEAD_READ_MODEL_TABLES: readonly TableSpec[] = [LEAD_SUMMARY, LEAD_STATUS, LEAD_VISIBILITY, CASE_LEAD, CASE_UNIT];

export const LeadSummaryEntity = entityOf<LeadSummaryRow>('LeadSummary', LEAD_SUMMARY);
export const LeadStatusEntity = entityOf<LeadStatusRow>('LeadStatus', LEAD_STATUS);
export const LeadVisibilityEntity = entityOf<LeadVisibilityRow>('LeadVisibility', LEAD_VISIBILITY);
export const CaseLeadEntity = entityOf<CaseLeadRow>('CaseLead', CASE_LEAD);
export const CaseUnitEntity = entityOf<CaseUnitRow>('CaseUnit', CASE_UNIT);

export const LEAD_READ_MODEL_ENTITIES = [LeadSummaryEntity, LeadStatusEntity, LeadVisibilityEntity, CaseLeadEntity, CaseUnitEntity];
