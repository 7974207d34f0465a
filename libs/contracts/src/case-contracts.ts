/**
 * Integration contract of cases' events (topic cases.events.v1, key = stream
 * id). Streams: `routing-<leadId>` (triage of one lead), `case-<caseId>`,
 * `meeting-<meetingId>`. Intake follows these to answer an informant's status
 * query, to widen need-to-know (a routed unit may see the lead) and to match
 * new leads against open cases; notifications and reporting follow them too.
 */
import type { ActivityCategory, Field, Yuan } from '@jm/reference';
import type { NatureConclusion } from './case-lifecycle-contracts';
import type { LeadSubject, MatchKey } from './lead-contracts';

export const ROUTING_STREAM_PREFIX = 'routing-';
export const CASE_STREAM_PREFIX = 'case-';
export const MEETING_STREAM_PREFIX = 'meeting-';
export const toRoutingStreamId = (leadId: string): string => `${ROUTING_STREAM_PREFIX}${leadId}`;
export const toCaseStreamId = (caseId: string): string => `${CASE_STREAM_PREFIX}${caseId}`;
export const toMeetingStreamId = (meetingId: string): string => `${MEETING_STREAM_PREFIX}${meetingId}`;

/** Routed to a unit for verification (核查), with the deadline for feedback. */
export interface LeadRoutedData {
  leadId: string;
  /** Responsible unit (agency code). */
  unit: string;
  /** Street (agency code) involved by territory, when any. */
  street?: string;
  /** Which routing rule chose the unit (or "manual"). */
  rule: string;
  deadline: string;
}

/** Reported up to the next level's office (逐级上报): beyond the district's authority. */
export interface LeadReferredUpData {
  leadId: string;
  from: string;
  to: string;
  reason: string;
}

/** Verification feedback: unfounded, closed with a reason. */
export interface LeadClosedUnfoundedData {
  leadId: string;
  unit: string;
  reason: string;
}

/** Verification feedback: founded; a case was opened for it. */
export interface LeadFoundedData {
  leadId: string;
  unit: string;
  caseId: string;
}

export interface CaseOpenedData {
  caseId: string;
  /** Human-readable case number, e.g. 鲤非法金融〔2026〕0001号 style: CASE-350502-2026-<short id>. */
  caseNo: string;
  title: string;
  leadIds: string[];
  category: ActivityCategory;
  field: Field;
  jurisdiction: string;
  street?: string;
  /** Office that owns the case. */
  office: string;
  leadUnit: string;
  cooperatingUnits: string[];
  subjects: LeadSubject[];
  matchKeys: MatchKey[];
  amountYuan?: Yuan;
  participants?: number;
  /** Set when this deployment's record was opened from another deployment's escalation (docs/federation-casework.md). */
  origin?: CaseOrigin;
}

/**
 * Where a case record opened from another deployment's escalation came from: the district's case, and what the
 * district asked and knew (for the city meeting). Never informant data: the district's case carries none.
 */
export interface CaseOrigin {
  /** The sending deployment (the federation topic says so). */
  deployment: string;
  /** The district's case id and number in that deployment. */
  caseId: string;
  caseNo: string;
  /** The district office that escalated it. */
  office: string;
  /** The district meeting that decided to escalate: what it was asked, and its decision's minutes. */
  districtMeeting: { meetingId: string; meetingTitle?: string; question?: string; text: string };
  /** What the city meeting is asked (提请研究事项). */
  question: string;
  findings: Array<{ by: string; at: string; text: string; amountYuan?: Yuan; participants?: number }>;
  opinions: Array<{ authority: string; conclusion: NatureConclusion; disputed: boolean; text: string }>;
}

export interface CaseUnitsAssignedData {
  caseId: string;
  leadUnit: string;
  cooperatingUnits: string[];
}

export interface LeadAttachedToCaseData {
  caseId: string;
  leadId: string;
}

export interface CaseClosedData {
  caseId: string;
  reason: string;
}

export interface RiskWrittenOffData {
  caseId: string;
  approvedBy: string;
}

export interface CaseReopenedData {
  caseId: string;
  reason: string;
}

/** A party of the case is in another region: that region's office is notified (other deployments consume this). */
export interface CrossRegionPartyNotifiedData {
  caseId: string;
  caseNo: string;
  /** 6-digit code of the other region. */
  region: string;
  party: LeadSubject;
  /** The other region's office when it is in our registry. */
  office?: string;
  message: string;
}

export const CASE_EVENT_TYPES = {
  LeadRouted: 'LeadRouted',
  LeadReferredUp: 'LeadReferredUp',
  LeadClosedUnfounded: 'LeadClosedUnfounded',
  LeadFounded: 'LeadFounded',
  CaseOpened: 'CaseOpened',
  CaseUnitsAssigned: 'CaseUnitsAssigned',
  LeadAttachedToCase: 'LeadAttachedToCase',
  CaseClosed: 'CaseClosed',
  RiskWrittenOff: 'RiskWrittenOff',
  CaseReopened: 'CaseReopened',
  CrossRegionPartyNotified: 'CrossRegionPartyNotified',
} as const;
