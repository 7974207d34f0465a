/**
 * Intake's read model of leads (its own database): a summary row per lead for
 * lists, the coarse status an informant may see, and who may see each lead
 * (need-to-know) as learnt from intake's and cases' events. Case membership
 * tables let later case events (units assigned, a lead attached) widen the
 * visibility of every lead of the case. Never holds informant identity.
 */
import { EntitySchema } from 'typeorm';
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

export const LeadSummaryEntity = new EntitySchema<LeadSummaryRow>({
  name: 'LeadSummary',
  tableName: TABLE_LEAD_SUMMARY,
  columns: {
    leadId: { name: 'lead_id', type: 'varchar', length: 64, primary: true },
    receiptNo: { name: 'receipt_no', type: 'varchar', length: 40 },
    title: { name: 'title', type: 'varchar', length: 200 },
    category: { name: 'category', type: 'varchar', length: 40 },
    field: { name: 'field', type: 'varchar', length: 60 },
    source: { name: 'source', type: 'varchar', length: 40 },
    channel: { name: 'channel', type: 'varchar', length: 40 },
    jurisdiction: { name: 'jurisdiction', type: 'varchar', length: 6 },
    street: { name: 'street', type: 'varchar', length: 64, nullable: true },
    receivedBy: { name: 'received_by', type: 'varchar', length: 64 },
    receivedAt: { name: 'received_at', type: 'varchar', length: 40 },
    office: { name: 'office', type: 'varchar', length: 64 },
    reportDeadline: { name: 'report_deadline', type: 'varchar', length: 40 },
    reportedAt: { name: 'reported_at', type: 'varchar', length: 40, nullable: true },
    major: { name: 'major', type: 'boolean' },
    anonymous: { name: 'anonymous', type: 'boolean' },
    amountYuan: { name: 'amount_yuan', type: 'varchar', length: 24, nullable: true },
    participants: { name: 'participants', type: 'integer', nullable: true },
    informant: { name: 'informant', type: 'varchar', length: 10 },
    links: { name: 'links', type: 'integer' },
    supplements: { name: 'supplements', type: 'integer' },
  },
});

export const LeadStatusEntity = new EntitySchema<LeadStatusRow>({
  name: 'LeadStatus',
  tableName: TABLE_LEAD_STATUS,
  columns: {
    leadId: { name: 'lead_id', type: 'varchar', length: 64, primary: true },
    status: { name: 'status', type: 'varchar', length: 20 },
    caseId: { name: 'case_id', type: 'varchar', length: 64, nullable: true },
    updatedAt: { name: 'updated_at', type: 'varchar', length: 40 },
  },
});

export const LeadVisibilityEntity = new EntitySchema<LeadVisibilityRow>({
  name: 'LeadVisibility',
  tableName: TABLE_LEAD_VISIBILITY,
  columns: {
    leadId: { name: 'lead_id', type: 'varchar', length: 64, primary: true },
    agency: { name: 'agency', type: 'varchar', length: 64, primary: true },
    reason: { name: 'reason', type: 'varchar', length: 20 },
    since: { name: 'since', type: 'varchar', length: 40 },
  },
});

export const CaseLeadEntity = new EntitySchema<CaseLeadRow>({
  name: 'CaseLead',
  tableName: TABLE_CASE_LEAD,
  columns: {
    caseId: { name: 'case_id', type: 'varchar', length: 64, primary: true },
    leadId: { name: 'lead_id', type: 'varchar', length: 64, primary: true },
  },
});

export const CaseUnitEntity = new EntitySchema<CaseUnitRow>({
  name: 'CaseUnit',
  tableName: TABLE_CASE_UNIT,
  columns: {
    caseId: { name: 'case_id', type: 'varchar', length: 64, primary: true },
    agency: { name: 'agency', type: 'varchar', length: 64, primary: true },
  },
});

export const LEAD_READ_MODEL_ENTITIES = [LeadSummaryEntity, LeadStatusEntity, LeadVisibilityEntity, CaseLeadEntity, CaseUnitEntity];
