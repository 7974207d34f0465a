/**
 * Cross-region negotiation (跨区域协商, seed 001: 发现跨区域情形的，要及时通报相关区（市），协商办理意见。
 * 协商无法达成共识的，报共同上级): the negotiation stream's contract events (`negotiation-<id>`, owned by
 * cases, every type published as stored) and the messages deployments send each other about it on
 * `fed.<from>.to.<to>.v1` (docs/federation-casework.md, "Cross-region negotiation").
 *
 * One negotiation has the same id in every deployment that holds a record of it (derived from the
 * notifying deployment, the case and the other region): the notifying side's record (`notice`), the
 * other region's (`negotiation`) and, when they do not agree, the common superior's (`dispute`).
 * Nothing here carries informant data: the case's number, title, category, amount and the subjects
 * (涉案主体) in the other region only.
 */
import { labelOf } from '@jm/reference';
import type { ActivityCategory, Label, Yuan } from '@jm/reference';
import { ContractSpec, ContractUnionOf, contractDecoder, contractTypes, version1Requiring } from './contract-event';
import type { LeadSubject } from './lead-contracts';

export const NEGOTIATION_STREAM_PREFIX = 'negotiation-';

export function toNegotiationStreamId(negotiationId: string): string {
  return `${NEGOTIATION_STREAM_PREFIX}${negotiationId}`;
}

/** Whose record it is: the notifying region's, the notified region's, or the common superior's. */
export const NEGOTIATION_KINDS = ['notice', 'negotiation', 'dispute'] as const;
export type NegotiationKind = (typeof NEGOTIATION_KINDS)[number];

export const NEGOTIATION_STATUSES = ['awaiting_answer', 'agreed', 'referred', 'awaiting_decision', 'decided'] as const;
export type NegotiationStatus = (typeof NEGOTIATION_STATUSES)[number];

/** Why a negotiation went to the common superior. */
export const REFERRAL_REASONS = ['disagreed', 'overdue'] as const;
export type ReferralReason = (typeof REFERRAL_REASONS)[number];

/** One side of a negotiation: its deployment, office and region (6-digit division code). */
export interface NegotiationParty {
  deployment: string;
  office: string;
  region: string;
}

/** The case the negotiation is about, as the notifying deployment knows it (no informant data). */
export interface NegotiatedCase {
  caseId: string;
  caseNo: string;
  title: string;
  category: ActivityCategory;
  /** The subjects in the notified region only. */
  subjects: LeadSubject[];
  amountYuan?: Yuan;
}

export interface NegotiationOpenedData {
  negotiationId: string;
  kind: NegotiationKind;
  /** The office holding this record (who reads and acts on it here). */
  office: string;
  case: NegotiatedCase;
  /** The notifying side (the case's region) and the notified side (where the subjects are). */
  from: NegotiationParty;
  to: NegotiationParty;
  /** The lead region (主办地) the notifying side proposes. */
  proposedLeadRegion: string;
  /** The common superior's deployment (共同上级), which decides when the sides do not agree. */
  superior: string;
  /** Until when the notified side may answer (kind negotiation). */
  dueAt?: string;
  /** Why the superior has it (kind dispute). */
  reason?: ReferralReason;
  /** The notified side's position (kind dispute, when it disagreed). */
  disagreement?: string;
}

export interface NegotiationAnsweredData {
  negotiationId: string;
  agree: boolean;
  /** The agreed lead region (agree). */
  leadRegion?: string;
  /** Why not (disagree). */
  reason?: string;
  /** The answering office. */
  by: string;
}

export interface NegotiationReferredData {
  negotiationId: string;
  reason: ReferralReason;
  superior: string;
}

/** The common superior's decision: it binds both sides. */
export interface NegotiationDecidedData {
  negotiationId: string;
  leadRegion: string;
  reason: string;
  /** The deciding office (the superior's). */
  by: string;
}

export interface NegotiationEventDataByType {
  NegotiationOpened: NegotiationOpenedData;
  NegotiationAnswered: NegotiationAnsweredData;
  NegotiationReferred: NegotiationReferredData;
  NegotiationDecided: NegotiationDecidedData;
}

export type NegotiationContractEventType = keyof NegotiationEventDataByType;
export type NegotiationContractEvent = ContractUnionOf<NegotiationEventDataByType>;

const v1 = version1Requiring('negotiationId');

export const NEGOTIATION_CONTRACT: ContractSpec<NegotiationContractEvent> = {
  NegotiationOpened: v1('kind', 'office', 'case', 'from', 'to', 'superior'),
  NegotiationAnswered: v1('agree', 'by'),
  NegotiationReferred: v1('reason', 'superior'),
  NegotiationDecided: v1('leadRegion', 'reason', 'by'),
};

export const NEGOTIATION_CONTRACT_EVENT_TYPES = contractTypes(NEGOTIATION_CONTRACT);
export const decodeNegotiationEvent = contractDecoder('negotiation', NEGOTIATION_CONTRACT);

/**
 * Messages between deployments (sent with Federation.send by the bus handler of the stored event that
 * causes them). The receiver believes the topic about who sent it, never a field of the message.
 */
export interface CrossRegionMessageDataByType {
  /** Notifying → notified: open a negotiation. */
  CrossRegionNegotiationRequested: Omit<NegotiationOpenedData, 'kind' | 'office' | 'dueAt' | 'reason' | 'disagreement'>;
  /** Notified → notifying: the answer. */
  CrossRegionNegotiationAnswered: NegotiationAnsweredData;
  /** Notified → common superior (opens the dispute) and → notifying (its record shows the referral). */
  CrossRegionDisputeReferred: Omit<NegotiationOpenedData, 'kind' | 'office' | 'dueAt'> & { reason: ReferralReason };
  /** Common superior → both sides: the binding decision. */
  CrossRegionDisputeDecided: NegotiationDecidedData;
}

export type CrossRegionMessageType = keyof CrossRegionMessageDataByType;
export type CrossRegionMessage = ContractUnionOf<CrossRegionMessageDataByType>;

export const CROSS_REGION_MESSAGE_CONTRACT: ContractSpec<CrossRegionMessage> = {
  CrossRegionNegotiationRequested: v1('case', 'from', 'to', 'proposedLeadRegion', 'superior'),
  CrossRegionNegotiationAnswered: v1('agree', 'by'),
  CrossRegionDisputeReferred: v1('case', 'from', 'to', 'superior', 'reason'),
  CrossRegionDisputeDecided: v1('leadRegion', 'reason', 'by'),
};

export const CROSS_REGION_MESSAGE_TYPES = contractTypes(CROSS_REGION_MESSAGE_CONTRACT);
export const decodeCrossRegionMessage = contractDecoder('cross-region message', CROSS_REGION_MESSAGE_CONTRACT);

export const NEGOTIATION_EVENT_LABELS: Record<NegotiationContractEventType, Label> = {
  NegotiationOpened: { 'zh-CN': '跨区域协商开始', en: 'Cross-region negotiation opened' },
  NegotiationAnswered: { 'zh-CN': '协商答复', en: 'Negotiation answered' },
  NegotiationReferred: { 'zh-CN': '报共同上级', en: 'Referred to the common superior' },
  NegotiationDecided: { 'zh-CN': '共同上级裁决', en: "Common superior's decision" },
};

export const NEGOTIATION_STATUS_LABELS: Record<NegotiationStatus, Label> = {
  awaiting_answer: { 'zh-CN': '待对方答复', en: 'Awaiting the answer' },
  agreed: { 'zh-CN': '已协商一致', en: 'Agreed' },
  referred: { 'zh-CN': '已报共同上级', en: 'Referred to the common superior' },
  awaiting_decision: { 'zh-CN': '待裁决', en: 'Awaiting the decision' },
  decided: { 'zh-CN': '已由共同上级裁决', en: 'Decided by the common superior' },
};

export const NEGOTIATION_KIND_LABELS: Record<NegotiationKind, Label> = {
  notice: { 'zh-CN': '本地通报', en: 'Our notice' },
  negotiation: { 'zh-CN': '外地来函协商', en: 'Negotiation asked of us' },
  dispute: { 'zh-CN': '协商争议裁决', en: 'Dispute to decide' },
};

export const REFERRAL_REASON_LABELS: Record<ReferralReason, Label> = {
  disagreed: { 'zh-CN': '协商未达成一致', en: 'The regions disagreed' },
  overdue: { 'zh-CN': '逾期未达成一致', en: 'No agreement by the due time' },
};

/** What a describer of event-descriptions.ts is given: the language, a zh/en choice and agency names. */
interface DescriptionWords {
  lang: 'zh-CN' | 'en';
  t: (zhText: string, enText: string) => string;
  n: (agency: string) => string;
}

/** One sentence per negotiation event (describeEvent); the case is named by its number, the subjects are not listed. */
export const NEGOTIATION_DESCRIBERS: Record<NegotiationContractEventType, (data: never, w: DescriptionWords) => string> = {
  NegotiationOpened: (d: NegotiationOpenedData, w) =>
    w.t(
      `${w.n(d.office)}${labelOf(NEGOTIATION_KIND_LABELS, d.kind, w.lang)}：案件 ${d.case.caseNo}（${d.from.region} → ${d.to.region}），拟由 ${d.proposedLeadRegion} 主办${d.dueAt ? `，${d.dueAt} 前答复` : ''}。`,
      `${w.n(d.office)}: ${labelOf(NEGOTIATION_KIND_LABELS, d.kind, w.lang).toLowerCase()}, case ${d.case.caseNo} (${d.from.region} → ${d.to.region}), proposed lead region ${d.proposedLeadRegion}${d.dueAt ? `, answer by ${d.dueAt}` : ''}.`,
    ),
  NegotiationAnswered: (d: NegotiationAnsweredData, w) =>
    d.agree
      ? w.t(`${w.n(d.by)} 同意由 ${d.leadRegion} 主办。`, `${w.n(d.by)} agreed on ${d.leadRegion} as the lead region.`)
      : w.t(`${w.n(d.by)} 不同意：${d.reason ?? ''}`, `${w.n(d.by)} disagreed: ${d.reason ?? ''}`),
  NegotiationReferred: (d: NegotiationReferredData, w) =>
    w.t(
      `${labelOf(REFERRAL_REASON_LABELS, d.reason, w.lang)}，报共同上级 ${d.superior}。`,
      `${labelOf(REFERRAL_REASON_LABELS, d.reason, w.lang)}: referred to the common superior ${d.superior}.`,
    ),
  NegotiationDecided: (d: NegotiationDecidedData, w) =>
    w.t(
      `${w.n(d.by)} 裁决由 ${d.leadRegion} 主办，对双方具有约束力：${d.reason}`,
      `${w.n(d.by)} decided ${d.leadRegion} as the lead region, binding both: ${d.reason}`,
    ),
};
