/**
 * The negotiation list (`negotiation_summary`): one row per negotiation record of this deployment, fed by
 * the bus from cases' own negotiation events. GET /negotiations reads it (the office holding the record
 * sees it); the due check finds the unanswered negotiations past their due time here. The row keeps the
 * stream version it reflects, so a redelivered event changes nothing.
 */
import { column, entityOf, TableSpec } from '@jm/read-model';

export interface NegotiationSummaryRow {
  negotiationId: string;
  kind: string;
  status: string;
  /** The office holding the record. */
  office: string;
  caseNo: string;
  title: string;
  fromDeployment: string;
  fromRegion: string;
  toDeployment: string;
  toRegion: string;
  superior: string;
  dueAt: string | null;
  leadRegion: string | null;
  updatedAt: string;
  version: number;
}

export const TABLE_NEGOTIATION_SUMMARY = 'negotiation_summary';

const { varchar, integer } = column;

export const NEGOTIATION_SUMMARY: TableSpec<NegotiationSummaryRow> = {
  table: TABLE_NEGOTIATION_SUMMARY,
  ddl: 'table-api',
  columns: [
    varchar('negotiationId', 'negotiation_id', 100, { primary: true }),
    varchar('kind', 'kind', 20),
    varchar('status', 'status', 20),
    varchar('office', 'office', 64),
    varchar('caseNo', 'case_no', 100),
    varchar('title', 'title', 500),
    varchar('fromDeployment', 'from_deployment', 16),
    varchar('fromRegion', 'from_region', 6),
    varchar('toDeployment', 'to_deployment', 16),
    varchar('toRegion', 'to_region', 6),
    varchar('superior', 'superior', 16),
    varchar('dueAt', 'due_at', 40, { nullable: true }),
    varchar('leadRegion', 'lead_region', 6, { nullable: true }),
    varchar('updatedAt', 'updated_at', 40),
    integer('version', 'version'),
  ],
  indexes: [
    { name: 'ix_negotiation_summary_office', keys: ['office', 'status'] },
    { name: 'ix_negotiation_summary_due', keys: ['status', 'due_at'] },
  ],
};

export const NegotiationSummaryEntity = entityOf<NegotiationSummaryRow>('NegotiationSummary', NEGOTIATION_SUMMARY);
