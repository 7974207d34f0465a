/**
 * The reporting read models: their rows and table declarations. One column
 * list per table (a TableSpec, `@jm/read-model`) drives the entity, the
 * migration, the rebuild's shadow tables and the bulk SQL, so they cannot disagree.
 *
 * - lead_ledger (线索台账): one row per lead; intake's lead stream and cases'
 *   routing stream each write their own columns (`lead_version`,
 *   `routing_version`), so the row comes out the same whichever topic is read first.
 * - risk_ledger (动态管理台账): one row per case, folded with the shared case
 *   evolve (the `state` column) plus what reporting adds up (amounts, counts).
 * - report_fact: one row per countable event (统计事实), keyed by event id; the
 *   statistics tables are aggregates over it, joined to the ledgers for street,
 *   field and category.
 * - access_log: one row per RecordAccessed event (who read what, when, why).
 *
 * No informant identity and no personal data (people's names, phones, ID
 * numbers, accounts) ever reach these tables: company names and credit codes only.
 */
import { SAVED_ANALYSIS } from './saved-analysis.table';
import { column, ColumnSpec, entityOf, TableSpec } from '@jm/read-model';

const numberOrNull = { to: (value: unknown) => value, from: (value: unknown) => (value === null || value === undefined ? value : Number(value)) };
/** A boolean as either driver returns it (PostgreSQL true/'t', SQLite 1/'1'). */
export const dbBoolean = (value: unknown): boolean => value === true || value === 1 || value === '1' || value === 't';
const booleanFromEither = {
  to: (value: unknown) => value,
  from: (value: unknown) => (value === null || value === undefined ? value : dbBoolean(value)),
};

const v = <P extends string>(property: P, name: string, length: number, extra: Pick<ColumnSpec, 'primary'> = {}): ColumnSpec<P> =>
  column.varchar(property, name, length, extra);
const nv = <P extends string>(property: P, name: string, length: number): ColumnSpec<P> => column.varchar(property, name, length, { nullable: true });
const int = <P extends string>(property: P, name: string, nullable = false): ColumnSpec<P> => column.integer(property, name, { nullable });
// PostgreSQL returns bigint as a string; amounts in fen stay exact below 2^53.
const fen = <P extends string>(property: P, name: string, nullable = false): ColumnSpec<P> =>
  column.bigint(property, name, { nullable, transformer: numberOrNull });
const bool = <P extends string>(property: P, name: string): ColumnSpec<P> => column.boolean(property, name, { transformer: booleanFromEither });

/** Lead status in the ledger: received → reported → triaged (open) → routed → verifying → closed_unfounded | founded; or referred_up. */
export const LEAD_LEDGER_STATUSES = ['received', 'reported', 'triaged', 'routed', 'verifying', 'referred_up', 'closed_unfounded', 'founded'] as const;
export type LeadLedgerStatus = (typeof LEAD_LEDGER_STATUSES)[number];

export interface LeadLedgerRow {
  leadId: string;
  receiptNo: string | null;
  title: string | null;
  category: string | null;
  field: string | null;
  source: string | null;
  channel: string | null;
  /** 6-digit region code of the lead. */
  jurisdiction: string | null;
  street: string | null;
  /** First receiver (首问负责), agency code. */
  receivedBy: string | null;
  receivedAt: string | null;
  office: string | null;
  major: boolean;
  /** Estimated amount involved, in fen (1 yuan = 100 fen). */
  amountFen: number | null;
  participants: number | null;
  /** Company names among the subjects, joined with "、" (never people). */
  companies: string | null;
  reportDeadline: string | null;
  reportedAt: string | null;
  /** The intake part of the status: received | reported. */
  intakeStatus: string | null;
  /** The triage part: open | routed | verifying | referred_up | closed_unfounded | founded. */
  triageStatus: string | null;
  /** Derived from the two parts (LeadLedgerStatus). */
  status: string;
  /** Responsible unit the lead was routed to. */
  unit: string | null;
  routedStreet: string | null;
  routingRule: string | null;
  routedAt: string | null;
  verificationDeadline: string | null;
  /** When the unit fed back (unfounded or founded). */
  feedbackAt: string | null;
  referredTo: string | null;
  caseId: string | null;
  /** Confirmed links to other leads or cases. */
  confirmedLinks: number;
  /** Their targets ("lead:<id>", "case:<id>"), comma-joined in confirmation order: an undone link leaves exactly its own. */
  confirmedLinkTargets: string;
  lastEventType: string;
  lastEventAt: string;
  lastEventId: string;
  /** Stream versions applied (-1: nothing yet): a redelivered event at or below them changes nothing. */
  leadVersion: number;
  routingVersion: number;
}

export interface RiskLedgerRow {
  caseId: string;
  caseNo: string;
  title: string;
  /** The case status of the published case summary (CaseStatus). */
  status: string;
  writtenOff: boolean;
  category: string;
  field: string;
  jurisdiction: string;
  street: string | null;
  office: string;
  leadUnit: string;
  /** Comma-joined agency codes. */
  cooperatingUnits: string;
  /** Every unit involved, as ",a,b,c," (lead, cooperating, team, police, street), for scoping with LIKE '%,code,%'. */
  units: string;
  riskGrade: string | null;
  /** Comma-joined key-case flag codes, sorted. */
  keyFlags: string;
  keyCase: boolean;
  companies: string | null;
  amountInvolvedFen: number | null;
  amountFrozenFen: number;
  amountFinedFen: number;
  amountRefundedFen: number;
  amountRecoveredFen: number;
  amountClaimedFen: number;
  participants: number | null;
  claimants: number;
  petitions: number;
  petitioners: number;
  leadCount: number;
  /** Nature conclusion once determined (activity category or not_illegal). */
  nature: string | null;
  determinedAt: string | null;
  /** district_meeting | city_meeting | authority. */
  determinedBy: string | null;
  /** pending | accepted | declined. */
  transferStatus: string | null;
  police: string | null;
  transferredAt: string | null;
  transferDeadline: string | null;
  policeFiledOn: string | null;
  /** Comma-joined 6-digit codes of other regions with parties. */
  crossRegions: string;
  /** A party in another province (跨省). */
  crossProvince: boolean;
  openedAt: string;
  closedAt: string | null;
  writtenOffAt: string | null;
  lastEventType: string;
  lastEventAt: string;
  lastEventId: string;
  version: number;
  /** The folded published case summary (CaseSummary) as JSON. */
  state: string;
  /** Version of the case's aftermath register stream applied; null: no register yet (docs/reporting-ledgers.md). */
  registerVersion: number | null;
  /** The register's fold (RegisterFold) as JSON: per person claimed and refunded fen, per petition closed and persons. */
  register: string | null;
  /** The register's totals: persons, persons refunded, petitions open and closed (null without a register). */
  registerPersons: number | null;
  personsRefunded: number | null;
  petitionsOpen: number | null;
  petitionsClosed: number | null;
}

export interface ReportFactRow {
  eventId: string;
  /** What is counted, e.g. lead_received, measure_taken, police_accepted (see the projection's FACT_KINDS). */
  kind: string;
  subjectType: 'lead' | 'case' | 'meeting' | 'obligation';
  subjectId: string;
  /** Acting or responsible unit (agency code) taken from the event itself. */
  unit: string | null;
  /** Region of the subject when the event itself says (meetings); leads and cases take it from their ledger row. */
  jurisdiction: string | null;
  occurredAt: string;
  /** YYYY-MM of occurredAt in China Standard Time (UTC+8). */
  month: string;
  /** A code that refines the kind: the source of a lead, the measure, the conclusion… */
  detail: string | null;
  amountFen: number | null;
  quantity: number | null;
}

export interface AccessLogRow {
  eventId: string;
  /** Stream the record was appended to (access-<type>-<id>). */
  streamId: string;
  resourceType: string;
  resourceId: string;
  agency: string;
  userId: string;
  /** Comma-joined roles. */
  roles: string;
  /** Comma-joined fields read. */
  fields: string;
  purpose: string | null;
  granted: boolean;
  at: string;
}

export const LEAD_LEDGER: TableSpec<LeadLedgerRow> = {
  table: 'lead_ledger',
  ddl: 'sql',
  columns: [
    v('leadId', 'lead_id', 100, { primary: true }),
    nv('receiptNo', 'receipt_no', 40),
    nv('title', 'title', 500),
    nv('category', 'category', 50),
    nv('field', 'field', 50),
    nv('source', 'source', 50),
    nv('channel', 'channel', 50),
    nv('jurisdiction', 'jurisdiction', 6),
    nv('street', 'street', 64),
    nv('receivedBy', 'received_by', 64),
    nv('receivedAt', 'received_at', 40),
    nv('office', 'office', 64),
    bool('major', 'major'),
    fen('amountFen', 'amount_fen', true),
    int('participants', 'participants', true),
    nv('companies', 'companies', 1000),
    nv('reportDeadline', 'report_deadline', 40),
    nv('reportedAt', 'reported_at', 40),
    nv('intakeStatus', 'intake_status', 30),
    nv('triageStatus', 'triage_status', 30),
    v('status', 'status', 30),
    nv('unit', 'unit', 64),
    nv('routedStreet', 'routed_street', 64),
    nv('routingRule', 'routing_rule', 100),
    nv('routedAt', 'routed_at', 40),
    nv('verificationDeadline', 'verification_deadline', 40),
    nv('feedbackAt', 'feedback_at', 40),
    nv('referredTo', 'referred_to', 64),
    nv('caseId', 'case_id', 100),
    int('confirmedLinks', 'confirmed_links'),
    v('confirmedLinkTargets', 'confirmed_link_targets', 2000),
    v('lastEventType', 'last_event_type', 60),
    v('lastEventAt', 'last_event_at', 40),
    v('lastEventId', 'last_event_id', 64),
    int('leadVersion', 'lead_version'),
    int('routingVersion', 'routing_version'),
  ],
  indexes: [
    { name: 'ix_lead_ledger_region', keys: ['jurisdiction', 'received_at'] },
    { name: 'ix_lead_ledger_street', keys: ['street', 'status'] },
    { name: 'ix_lead_ledger_unit', keys: ['unit', 'status'] },
    { name: 'ix_lead_ledger_status', keys: ['status', 'received_at'] },
  ],
};

/** The rank of each risk grade in the riskGrade sort; any other value (none) ranks 0. */
export const RISK_GRADE_RANKS: Readonly<Record<string, number>> = { low: 1, medium: 2, high: 3, major: 4 };

/**
 * Risk-ledger sort keys that are expressions, over an optional table alias: the
 * analyst queries order by them and the indexes below hold them, so the two are
 * written once (PostgreSQL uses an expression index only for the same expression).
 */
export const RISK_SORT_EXPRESSIONS = {
  /** Amount involved, an unknown amount below every known one. */
  amountInvolved: (alias = ''): string => `COALESCE(${col(alias, 'amount_involved_fen')}, -1)`,
  /** Risk grade as a rank (low 1 … major 4, none 0). */
  riskGrade: (alias = ''): string =>
    `CASE ${col(alias, 'risk_grade')} ${Object.entries(RISK_GRADE_RANKS)
      .map(([grade, rank]) => `WHEN '${grade}' THEN ${rank}`)
      .join(' ')} ELSE 0 END`,
};

/**
 * PostgreSQL: a closed case's span in seconds, from the two ISO-8601 UTC strings ("2026-01-05T02:00:00.000Z", the
 * form every time in these tables has) with immutable functions only, so that it can be indexed (a cast of text to
 * timestamptz cannot). The same number as EXTRACT(EPOCH FROM closed_at::timestamptz - opened_at::timestamptz).
 */
export function closedSpanSeconds(alias = ''): string {
  const at = (column: string): string => {
    const c = col(alias, column);
    const part = (from: number, length: number, type: string): string => `substr(${c}, ${from}, ${length})::${type}`;
    return `make_timestamp(${part(1, 4, 'int')}, ${part(6, 2, 'int')}, ${part(9, 2, 'int')}, ${part(12, 2, 'int')}, ${part(15, 2, 'int')}, ${part(18, 6, 'float8')})`;
  };
  return `EXTRACT(EPOCH FROM ${at('closed_at')} - ${at('opened_at')})`;
}

function col(alias: string, column: string): string {
  return alias ? `${alias}.${column}` : column;
}

export const RISK_LEDGER: TableSpec<RiskLedgerRow> = {
  table: 'risk_ledger',
  ddl: 'sql',
  columns: [
    v('caseId', 'case_id', 100, { primary: true }),
    v('caseNo', 'case_no', 100),
    v('title', 'title', 500),
    v('status', 'status', 40),
    bool('writtenOff', 'written_off'),
    v('category', 'category', 50),
    v('field', 'field', 50),
    v('jurisdiction', 'jurisdiction', 6),
    nv('street', 'street', 64),
    v('office', 'office', 64),
    v('leadUnit', 'lead_unit', 64),
    v('cooperatingUnits', 'cooperating_units', 1000),
    v('units', 'units', 2000),
    nv('riskGrade', 'risk_grade', 20),
    v('keyFlags', 'key_flags', 200),
    bool('keyCase', 'key_case'),
    nv('companies', 'companies', 1000),
    fen('amountInvolvedFen', 'amount_involved_fen', true),
    fen('amountFrozenFen', 'amount_frozen_fen'),
    fen('amountFinedFen', 'amount_fined_fen'),
    fen('amountRefundedFen', 'amount_refunded_fen'),
    fen('amountRecoveredFen', 'amount_recovered_fen'),
    fen('amountClaimedFen', 'amount_claimed_fen'),
    int('participants', 'participants', true),
    int('claimants', 'claimants'),
    int('petitions', 'petitions'),
    int('petitioners', 'petitioners'),
    int('leadCount', 'lead_count'),
    nv('nature', 'nature', 50),
    nv('determinedAt', 'determined_at', 40),
    nv('determinedBy', 'determined_by', 30),
    nv('transferStatus', 'transfer_status', 20),
    nv('police', 'police', 64),
    nv('transferredAt', 'transferred_at', 40),
    nv('transferDeadline', 'transfer_deadline', 40),
    nv('policeFiledOn', 'police_filed_on', 40),
    v('crossRegions', 'cross_regions', 200),
    bool('crossProvince', 'cross_province'),
    v('openedAt', 'opened_at', 40),
    nv('closedAt', 'closed_at', 40),
    nv('writtenOffAt', 'written_off_at', 40),
    v('lastEventType', 'last_event_type', 60),
    v('lastEventAt', 'last_event_at', 40),
    v('lastEventId', 'last_event_id', 64),
    int('version', 'version'),
    column.text('state', 'state'),
    // The aftermath register (aftermath-<caseId>); null while the case has none (AddRiskLedgerRegister1767300000000).
    int('registerVersion', 'register_version', true),
    column.text('register', 'register', { nullable: true }),
    int('registerPersons', 'register_persons', true),
    int('personsRefunded', 'persons_refunded', true),
    int('petitionsOpen', 'petitions_open', true),
    int('petitionsClosed', 'petitions_closed', true),
  ],
  indexes: [
    { name: 'ix_risk_ledger_region', keys: ['jurisdiction', 'opened_at'] },
    { name: 'ix_risk_ledger_street', keys: ['street', 'status'] },
    { name: 'ix_risk_ledger_lead_unit', keys: ['lead_unit', 'status'] },
    { name: 'ix_risk_ledger_status', keys: ['status', 'opened_at'] },
    { name: 'ix_risk_ledger_field', keys: ['field', 'opened_at'] },
    // One per indexable sort, with the keyset tiebreak: a page in that order is an index walk for any scope
    // (ledger queries, "Performance notes" in docs/reporting-statistics.md). Added by AddRiskLedgerSortIndexes.
    { name: 'ix_risk_ledger_opened', keys: ['opened_at', 'case_id'] },
    { name: 'ix_risk_ledger_amount', keys: [{ expression: RISK_SORT_EXPRESSIONS.amountInvolved() }, 'case_id'] },
    { name: 'ix_risk_ledger_recovered', keys: ['amount_recovered_fen', 'case_id'] },
    { name: 'ix_risk_ledger_grade', keys: [{ expression: RISK_SORT_EXPRESSIONS.riskGrade() }, 'case_id'] },
    { name: 'ix_risk_ledger_last_event', keys: ['last_event_at', 'case_id'] },
    // The latest closure, for the ageOver filter's bound on opened_at.
    { name: 'ix_risk_ledger_closed', keys: ['closed_at'] },
    // The age sort of closed cases (open ones are in opened_at order); PostgreSQL only, see AddRiskLedgerSortIndexes.
    {
      name: 'ix_risk_ledger_closed_span',
      keys: [{ expression: closedSpanSeconds() }, 'case_id'],
      where: 'closed_at IS NOT NULL',
      dialects: ['postgres'],
    },
  ],
};

export const REPORT_FACT: TableSpec<ReportFactRow> = {
  table: 'report_fact',
  ddl: 'sql',
  columns: [
    v('eventId', 'event_id', 64, { primary: true }),
    v('kind', 'kind', 40),
    v('subjectType', 'subject_type', 10),
    v('subjectId', 'subject_id', 100),
    nv('unit', 'unit', 64),
    nv('jurisdiction', 'jurisdiction', 6),
    v('occurredAt', 'occurred_at', 40),
    v('month', 'month', 7),
    nv('detail', 'detail', 50),
    fen('amountFen', 'amount_fen', true),
    int('quantity', 'quantity', true),
  ],
  indexes: [
    { name: 'ix_report_fact_month', keys: ['month', 'kind'] },
    { name: 'ix_report_fact_subject', keys: ['subject_type', 'subject_id'] },
  ],
};

export const ACCESS_LOG: TableSpec<AccessLogRow> = {
  table: 'access_log',
  ddl: 'sql',
  columns: [
    v('eventId', 'event_id', 64, { primary: true }),
    v('streamId', 'stream_id', 300),
    v('resourceType', 'resource_type', 50),
    v('resourceId', 'resource_id', 200),
    v('agency', 'agency', 64),
    v('userId', 'user_id', 200),
    v('roles', 'roles', 200),
    v('fields', 'fields', 500),
    nv('purpose', 'purpose', 500),
    bool('granted', 'granted'),
    v('at', 'at', 40),
  ],
  indexes: [
    { name: 'ix_access_log_resource', keys: ['resource_type', 'resource_id', 'at'] },
    { name: 'ix_access_log_agency', keys: ['agency', 'at'] },
  ],
};

/** The projected tables (rebuilt together); access_log is projected too but kept by the audit module. */
export const LEDGER_TABLES: readonly TableSpec[] = [LEAD_LEDGER, RISK_LEDGER, REPORT_FACT];
/** The tables of the first migration (CreateReportingReadModels1767000000000), as it has always created them. */
export const FIRST_REPORTING_TABLES: readonly TableSpec[] = [...LEDGER_TABLES, ACCESS_LOG];
/** Every projected table, rebuilt together: saved analyses (CreateSavedAnalyses1767500000000) too. */
export const REPORTING_TABLES: readonly TableSpec[] = [...FIRST_REPORTING_TABLES, SAVED_ANALYSIS];

export const LeadLedgerEntity = entityOf<LeadLedgerRow>('LeadLedger', LEAD_LEDGER);
export const RiskLedgerEntity = entityOf<RiskLedgerRow>('RiskLedger', RISK_LEDGER);
export const ReportFactEntity = entityOf<ReportFactRow>('ReportFact', REPORT_FACT);
export const AccessLogEntity = entityOf<AccessLogRow>('AccessLog', ACCESS_LOG);
