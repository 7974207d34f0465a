/**
 * The cases service's own read models (its database, fed by the bus): the
 * triage list (`lead_triage`), the case list (`case_summary`) and who may see
 * each case besides the offices over its region (`case_visibility`). Lists
 * read these; single-item GETs fold the stream instead. Each row keeps the
 * stream version it reflects, so a redelivered event changes nothing.
 */
import { column, entityOf, TableSpec } from '@jm/read-model';

export interface LeadTriageRow {
  leadId: string;
  status: string;
  office: string | null;
  jurisdiction: string | null;
  title: string | null;
  category: string | null;
  field: string | null;
  /** The lead's own street (from intake). */
  street: string | null;
  unit: string | null;
  /** The territorial unit added to the routing. */
  routedStreet: string | null;
  rule: string | null;
  deadline: string | null;
  caseId: string | null;
  receivedAt: string | null;
  updatedAt: string;
  version: number;
  /** The folded TriageState as JSON (the projection evolves it with the decider's own evolve). */
  state: string;
}

export interface CaseSummaryRow {
  caseId: string;
  caseNo: string;
  title: string;
  status: string;
  category: string;
  field: string;
  jurisdiction: string;
  street: string | null;
  office: string;
  leadUnit: string;
  openedAt: string;
  updatedAt: string;
  version: number;
  state: string;
}

export interface CaseVisibilityRow {
  caseId: string;
  agency: string;
  /** Why the agency may see it: lead_unit, cooperating_unit, street, joint_team, dedicated_team, determination_authority, funds_monitoring, police, meeting. */
  reason: string;
  since: string;
}

export const TABLE_LEAD_TRIAGE = 'lead_triage';
export const TABLE_CASE_SUMMARY = 'case_summary';
export const TABLE_CASE_VISIBILITY = 'case_visibility';

const { varchar, integer, text } = column;
const nullable = { nullable: true };

export const LEAD_TRIAGE: TableSpec<LeadTriageRow> = {
  table: TABLE_LEAD_TRIAGE,
  ddl: 'table-api',
  columns: [
    varchar('leadId', 'lead_id', 100, { primary: true }),
    varchar('status', 'status', 30),
    varchar('office', 'office', 64, nullable),
    varchar('jurisdiction', 'jurisdiction', 6, nullable),
    varchar('title', 'title', 500, nullable),
    varchar('category', 'category', 50, nullable),
    varchar('field', 'field', 50, nullable),
    varchar('street', 'street', 64, nullable),
    varchar('unit', 'unit', 64, nullable),
    varchar('routedStreet', 'routed_street', 64, nullable),
    varchar('rule', 'rule', 100, nullable),
    varchar('deadline', 'deadline', 40, nullable),
    varchar('caseId', 'case_id', 100, nullable),
    varchar('receivedAt', 'received_at', 40, nullable),
    varchar('updatedAt', 'updated_at', 40),
    integer('version', 'version'),
    text('state', 'state'),
  ],
  indexes: [
    { name: 'ix_lead_triage_office', keys: ['office', 'status'] },
    { name: 'ix_lead_triage_unit', keys: ['unit'] },
  ],
};

export const CASE_SUMMARY: TableSpec<CaseSummaryRow> = {
  table: TABLE_CASE_SUMMARY,
  ddl: 'table-api',
  columns: [
    varchar('caseId', 'case_id', 100, { primary: true }),
    varchar('caseNo', 'case_no', 100),
    varchar('title', 'title', 500),
    varchar('status', 'status', 40),
    varchar('category', 'category', 50),
    varchar('field', 'field', 50),
    varchar('jurisdiction', 'jurisdiction', 6),
    varchar('street', 'street', 64, nullable),
    varchar('office', 'office', 64),
    varchar('leadUnit', 'lead_unit', 64),
    varchar('openedAt', 'opened_at', 40),
    varchar('updatedAt', 'updated_at', 40),
    integer('version', 'version'),
    text('state', 'state'),
  ],
  indexes: [{ name: 'ix_case_summary_jurisdiction', keys: ['jurisdiction', 'status'] }],
};

export const CASE_VISIBILITY: TableSpec<CaseVisibilityRow> = {
  table: TABLE_CASE_VISIBILITY,
  ddl: 'table-api',
  columns: [
    varchar('caseId', 'case_id', 100, { primary: true }),
    varchar('agency', 'agency', 64, { primary: true }),
    varchar('reason', 'reason', 40),
    varchar('since', 'since', 40),
  ],
  indexes: [{ name: 'ix_case_visibility_agency', keys: ['agency'] }],
};

/** In the order the migration creates them. */
export const CASES_READ_MODEL_TABLES: readonly TableSpec[] = [LEAD_TRIAGE, CASE_SUMMARY, CASE_VISIBILITY];

export const LeadTriageEntity = entityOf<LeadTriageRow>('LeadTriage', LEAD_TRIAGE);
export const CaseSummaryEntity = entityOf<CaseSummaryRow>('CaseSummary', CASE_SUMMARY);
export const CaseVisibilityEntity = entityOf<CaseVisibilityRow>('CaseVisibility', CASE_VISIBILITY);
