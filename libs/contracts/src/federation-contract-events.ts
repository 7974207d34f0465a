/**
 * Messages between deployments about cases and leads (docs/federation-casework.md), sent by cases on
 * `fed.<from>.to.<to>.v1` and read by the addressee's cases:
 *   CaseEscalatedToCity   district → city: a district meeting's escalation, with what the city meeting needs
 *   CityMeetingDecided    city → district: the city meeting's decision on the record opened from it
 *   LeadReferredAcross    lower → upper: a lead referred up (逐级上报) to an office served by another deployment
 * They carry what the other level needs and never informant data (no informant identity, receipt secret,
 * description, evidence). The sender is the topic's, never a field of the message.
 */
import type { ActivityCategory, Field, KeyCaseFlag, Label, Yuan } from '@jm/reference';
import type { CaseOrigin } from './case-contracts';
import type { MeetingDecision } from './case-lifecycle-contracts';
import { ContractSpec, ContractUnionOf, contractDecoder, contractTypes } from './contract-event';
import type { DomainActor } from './domain-actor';
import type { LeadSubject, LeadSummary, MatchKey } from './lead-contracts';

/** A district's case escalated to the city joint meeting of another deployment. */
export interface CaseEscalatedToCityData extends Omit<CaseOrigin, 'deployment'> {
  title: string;
  category: ActivityCategory;
  field: Field;
  jurisdiction: string;
  street?: string;
  /** The city office asked (served by the addressee). */
  cityOffice: string;
  leadUnit: string;
  cooperatingUnits: string[];
  amountYuan?: Yuan;
  participants?: number;
  subjects: LeadSubject[];
  matchKeys: MatchKey[];
  keyFlags: KeyCaseFlag[];
}

/** The city meeting decided on a record opened from a district's escalation. */
export interface CityMeetingDecidedData {
  /** The district's case (its id in the addressee). */
  caseId: string;
  /** The city's record of it. */
  cityCaseId: string;
  meetingId: string;
  meetingTitle?: string;
  decision: MeetingDecision;
  conclusion?: ActivityCategory;
  text: string;
  /** The city convener who recorded it: the district's case moves in their name. */
  decidedBy: DomainActor;
}

/** A lead referred up (逐级上报) to an office served by the addressee: the summary its triage needs. */
export interface LeadReferredAcrossData {
  /** The lead's id in the sender. */
  leadId: string;
  /** The referring office (sender) and the office referred to (addressee). */
  from: string;
  to: string;
  reason: string;
  summary: LeadSummary;
}

export interface FederationCaseMessageDataByType {
  CaseEscalatedToCity: CaseEscalatedToCityData;
  CityMeetingDecided: CityMeetingDecidedData;
  LeadReferredAcross: LeadReferredAcrossData;
}

export type FederationCaseMessageType = keyof FederationCaseMessageDataByType;
export type FederationCaseMessage = ContractUnionOf<FederationCaseMessageDataByType>;

export const FEDERATION_CASE_CONTRACT: ContractSpec<FederationCaseMessage> = {
  CaseEscalatedToCity: { version: 1, required: ['caseId', 'caseNo', 'office', 'cityOffice', 'districtMeeting', 'subjects', 'findings', 'opinions'] },
  CityMeetingDecided: { version: 1, required: ['caseId', 'cityCaseId', 'meetingId', 'decision', 'decidedBy'] },
  LeadReferredAcross: { version: 1, required: ['leadId', 'from', 'to', 'summary'] },
};

export const FEDERATION_CASE_MESSAGE_TYPES = contractTypes(FEDERATION_CASE_CONTRACT);
export const decodeFederationCaseMessage = contractDecoder('federation-case', FEDERATION_CASE_CONTRACT);

export const FEDERATION_CASE_MESSAGE_LABELS: Record<FederationCaseMessageType, Label> = {
  CaseEscalatedToCity: { 'zh-CN': '跨平台提请市联席会议', en: 'Case escalated to the city (across deployments)' },
  CityMeetingDecided: { 'zh-CN': '市联席会议决定反馈', en: "City meeting's decision sent back" },
  LeadReferredAcross: { 'zh-CN': '跨平台逐级上报线索', en: 'Lead referred up (across deployments)' },
};
