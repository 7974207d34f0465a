/**
 * What a reader with need-to-know sees of a lead: everything but the
 * informant's identity (only whether there is one) and the receipt secret's
 * hash. Labels are zh-CN by default, English on request.
 */
import { LeadSubject, MatchKey } from '@jm/contracts';
import { ACTIVITY_CATEGORIES, FIELDS, LEAD_SOURCES, labelOf, Lang, REPORT_CHANNELS } from '@jm/reference';
import type { EvidenceRef, LeadSupplementedData } from '@jm/contracts';
import type { PublicStatus } from './lead.dto';
import type { LeadLink, ReceivedLeadState } from './lead';

export const PUBLIC_STATUS_LABELS: Record<PublicStatus, Record<Lang, string>> = {
  received: { 'zh-CN': '已受理', en: 'Received' },
  processing: { 'zh-CN': '核查处理中', en: 'Being verified' },
  unfounded: { 'zh-CN': '经核查不属实，已办结', en: 'Verified as unfounded; closed' },
  case_opened: { 'zh-CN': '已立案处置', en: 'A case has been opened' },
  closed: { 'zh-CN': '已办结', en: 'Closed' },
};

export interface LeadView {
  leadId: string;
  version: number;
  receiptNo: string;
  status: ReceivedLeadState['status'];
  publicStatus: PublicStatus;
  publicStatusLabel: string;
  caseId: string | null;
  title: string;
  category: string;
  categoryLabel: string;
  field: string;
  fieldLabel: string;
  source: string;
  sourceLabel: string;
  channel: string;
  channelLabel: string;
  jurisdiction: string;
  street?: string;
  office: string;
  receivedBy: string;
  receivedAt: string;
  reportDeadline: string;
  reportedBy?: string;
  reportedAt?: string;
  description: string;
  location?: string;
  occurredOn?: string;
  amountYuan?: string;
  participants?: number;
  major: boolean;
  subjects: LeadSubject[];
  matchKeys: MatchKey[];
  evidence: EvidenceRef[];
  anonymous: boolean;
  /** Whether an identity exists; reading it is GET /leads/{id}/informant. */
  informant: 'absent' | 'sealed' | 'shredded';
  supplements: LeadSupplementedData[];
  links: LeadLink[];
}

export function leadView(state: ReceivedLeadState, version: number, status: { status: PublicStatus; caseId: string | null }, lang: Lang): LeadView {
  const r = state.received;
  return {
    leadId: r.leadId,
    version,
    receiptNo: r.receiptNo,
    status: state.status,
    publicStatus: status.status,
    publicStatusLabel: PUBLIC_STATUS_LABELS[status.status][lang],
    caseId: status.caseId,
    title: r.title,
    category: r.category,
    categoryLabel: labelOf(ACTIVITY_CATEGORIES, r.category, lang),
    field: r.field,
    fieldLabel: labelOf(FIELDS, r.field, lang),
    source: r.source,
    sourceLabel: labelOf(LEAD_SOURCES, r.source, lang),
    channel: r.channel,
    channelLabel: labelOf(REPORT_CHANNELS, r.channel, lang),
    jurisdiction: r.jurisdiction,
    ...(r.street ? { street: r.street } : {}),
    office: r.office,
    receivedBy: r.receivedBy,
    receivedAt: r.receivedAt,
    reportDeadline: r.reportDeadline,
    ...(state.status === 'reported' ? { reportedBy: state.reportedBy, reportedAt: state.reportedAt } : {}),
    description: r.description,
    ...(r.location ? { location: r.location } : {}),
    ...(r.occurredOn ? { occurredOn: r.occurredOn } : {}),
    ...(r.amountYuan !== undefined ? { amountYuan: r.amountYuan } : {}),
    ...(r.participants !== undefined ? { participants: r.participants } : {}),
    major: r.major,
    subjects: r.subjects,
    matchKeys: r.matchKeys,
    evidence: r.evidence,
    anonymous: r.anonymous,
    informant: state.informant.status,
    supplements: state.supplements,
    links: state.links,
  };
}
