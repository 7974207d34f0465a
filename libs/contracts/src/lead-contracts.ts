/**
 * Integration contract of intake's events (topic intake.events.v1, key = lead
 * stream id `lead-<leadId>`). Other services (cases, notifications, reporting)
 * rely on these shapes only; intake's domain events carry at least these
 * fields. Changing a shape means a new schema version plus an upcaster.
 *
 * Informant identity never appears here in clear: only its SealedValue.
 */
import type { ActivityCategory, Field, LeadSource, ReportChannel, Yuan } from '@jm/reference';
import type { SealedValue } from './sealed-value';

export const LEAD_STREAM_PREFIX = 'lead-';
export function toLeadStreamId(leadId: string): string {
  return `${LEAD_STREAM_PREFIX}${leadId}`;
}

export const SUBJECT_KINDS = ['company', 'person', 'website', 'app', 'phone', 'account'] as const;
export type SubjectKind = (typeof SUBJECT_KINDS)[number];

/** Someone or something a lead is about (涉及主体). Only the fields of its kind are set. */
export interface LeadSubject {
  kind: SubjectKind;
  /** Company or person name, app name. */
  name?: string;
  /** Unified social credit code (companies), check digit verified. */
  creditCode?: string;
  /** Website URL. */
  url?: string;
  phone?: string;
  /** Bank or payment account. */
  account?: string;
  /** 6-digit administrative division code where the subject is registered or operates, when known (cross-region parties). */
  region?: string;
}

/** Normalised keys a lead or case can be matched on, e.g. "credit:91350502…", "name:某某财富管理", "host:example.com", "app:某某理财", "phone:13800000000". */
export type MatchKey = string;

export interface EvidenceRef {
  /** SHA-256 of the file content, hex; the file is stored content-addressed under this name. */
  sha256: string;
  size: number;
  mediaType: string;
  fileName: string;
}

/** What the office needs to triage a lead, carried by LeadReportedToOffice. */
export interface LeadSummary {
  leadId: string;
  receiptNo: string;
  title: string;
  category: ActivityCategory;
  field: Field;
  source: LeadSource;
  channel: ReportChannel;
  /** Region (6-digit code) the lead belongs to. */
  jurisdiction: string;
  /** Street agency code (from the registry) of the activity's location, when known. */
  street?: string;
  /** First receiver (首问负责): agency code and instant. */
  receivedBy: string;
  receivedAt: string;
  subjects: LeadSubject[];
  matchKeys: MatchKey[];
  amountYuan?: Yuan;
  participants?: number;
  /** A major event (重大事件): 24-hour reporting applies. */
  major: boolean;
}

export interface LeadReceivedData extends LeadSummary {
  anonymous: boolean;
  /** Sealed informant identity (name, phone, ID number, address); absent when anonymous. */
  informant?: SealedValue;
  description: string;
  location?: string;
  occurredOn?: string;
  evidence: EvidenceRef[];
  /** SHA-256 hex of the informant's receipt secret (public submissions); the secret itself is never stored. */
  receiptSecretHash?: string;
  /** The office the lead must be reported to, and by when. */
  office: string;
  reportDeadline: string;
}

export interface LeadReportedToOfficeData {
  leadId: string;
  office: string;
  reportedBy: string;
  reportedAt: string;
  /** The deadline that applied to the report. */
  deadline: string;
  summary: LeadSummary;
}

export interface LeadSupplementedData {
  leadId: string;
  by: 'informant' | 'agency';
  text?: string;
  evidence: EvidenceRef[];
}

export type LinkTarget = { kind: 'lead' | 'case'; id: string };
export type MatchReasonKind = 'credit_code' | 'company_name' | 'website' | 'app' | 'phone';

export interface LeadLinkedData {
  leadId: string;
  target: LinkTarget;
  reasons: Array<{ kind: MatchReasonKind; value: string }>;
  /** 0..1; 1 for an identical credit code. */
  score: number;
}

export interface LeadLinkConfirmedData {
  leadId: string;
  target: LinkTarget;
}

export interface LeadLinkUndoneData {
  leadId: string;
  target: LinkTarget;
  reason: string;
}

export interface InformantIdentityShreddedData {
  leadId: string;
  keyId: string;
  reason: string;
}

export const LEAD_EVENT_TYPES = {
  LeadReceived: 'LeadReceived',
  LeadReportedToOffice: 'LeadReportedToOffice',
  LeadSupplemented: 'LeadSupplemented',
  LeadLinked: 'LeadLinked',
  LeadLinkConfirmed: 'LeadLinkConfirmed',
  LeadLinkUndone: 'LeadLinkUndone',
  InformantIdentityShredded: 'InformantIdentityShredded',
} as const;
