/**
 * The cases service's own read models (its database, fed by the bus): the
 * triage list (`lead_triage`), the case list (`case_summary`) and who may see
 * each case besides the offices over its region (`case_visibility`). Lists
 * read these; single-item GETs fold the stream instead. Each row keeps the
 * stream version it reflects, so a redelivered event changes nothing.
 */
import { EntitySchema } from 'typeorm';

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
  /** Why the agency may see it: lead_unit, cooperating_unit, street, joint_team, determination_authority, funds_monitoring, police, meeting. */
  reason: string;
  since: string;
}

export const TABLE_LEAD_TRIAGE = 'lead_triage';
export const TABLE_CASE_SUMMARY = 'case_summary';
export const TABLE_CASE_VISIBILITY = 'case_visibility';

const nullable = (length: number) => ({ type: 'varchar' as const, length, nullable: true });

export const LeadTriageEntity = new EntitySchema<LeadTriageRow>({
  name: 'LeadTriage',
  tableName: TABLE_LEAD_TRIAGE,
  columns: {
    leadId: { name: 'lead_id', type: 'varchar', length: 100, primary: true },
    status: { name: 'status', type: 'varchar', length: 30 },
    office: { name: 'office', ...nullable(64) },
    jurisdiction: { name: 'jurisdiction', ...nullable(6) },
    title: { name: 'title', ...nullable(500) },
    category: { name: 'category', ...nullable(50) },
    field: { name: 'field', ...nullable(50) },
    street: { name: 'street', ...nullable(64) },
    unit: { name: 'unit', ...nullable(64) },
    routedStreet: { name: 'routed_street', ...nullable(64) },
    rule: { name: 'rule', ...nullable(100) },
    deadline: { name: 'deadline', ...nullable(40) },
    caseId: { name: 'case_id', ...nullable(100) },
    receivedAt: { name: 'received_at', ...nullable(40) },
    updatedAt: { name: 'updated_at', type: 'varchar', length: 40 },
    version: { name: 'version', type: 'integer' },
    state: { name: 'state', type: 'text' },
  },
});

export const CaseSummaryEntity = new EntitySchema<CaseSummaryRow>({
  name: 'CaseSummary',
  tableName: TABLE_CASE_SUMMARY,
  columns: {
    caseId: { name: 'case_id', type: 'varchar', length: 100, primary: true },
    caseNo: { name: 'case_no', type: 'varchar', length: 100 },
    title: { name: 'title', type: 'varchar', length: 500 },
    status: { name: 'status', type: 'varchar', length: 40 },
    category: { name: 'category', type: 'varchar', length: 50 },
    field: { name: 'field', type: 'varchar', length: 50 },
    jurisdiction: { name: 'jurisdiction', type: 'varchar', length: 6 },
    street: { name: 'street', ...nullable(64) },
    office: { name: 'office', type: 'varchar', length: 64 },
    leadUnit: { name: 'lead_unit', type: 'varchar', length: 64 },
    openedAt: { name: 'opened_at', type: 'varchar', length: 40 },
    updatedAt: { name: 'updated_at', type: 'varchar', length: 40 },
    version: { name: 'version', type: 'integer' },
    state: { name: 'state', type: 'text' },
  },
});

export const CaseVisibilityEntity = new EntitySchema<CaseVisibilityRow>({
  name: 'CaseVisibility',
  tableName: TABLE_CASE_VISIBILITY,
  columns: {
    caseId: { name: 'case_id', type: 'varchar', length: 100, primary: true },
    agency: { name: 'agency', type: 'varchar', length: 64, primary: true },
    reason: { name: 'reason', type: 'varchar', length: 40 },
    since: { name: 'since', type: 'varchar', length: 40 },
  },
});
