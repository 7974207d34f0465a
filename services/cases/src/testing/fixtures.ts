/** Actors and a lead summary shared by the cases service's specs (not production code). */
import { randomUUID } from 'node:crypto';
import type { DomainActor, LeadReceivedData, LeadReportedToOfficeData, LeadSummary } from '@jm/contracts';
import type { NewEvent } from '@jm/event-sourcing';

type ActorKind = DomainActor['agencyKind'];

export function actor(agency: string, roles: DomainActor['roles'], kind: ActorKind = 'member', extra: Partial<DomainActor> = {}): DomainActor {
  return { user: `${agency}-user`, agency, agencyKind: kind, level: 'district', jurisdiction: '350502', roles, ...extra };
}

export const officeOfficer = actor('lc-office', ['office_officer'], 'office');
export const convener = actor('lc-office', ['convener'], 'office');
export const cityOfficeOfficer = actor('qz-office', ['office_officer'], 'office', { level: 'city', jurisdiction: '350500' });
export const cityConvener = actor('qz-office', ['convener'], 'office', { level: 'city', jurisdiction: '350500' });
export const socialAffairs = actor('lc-social-affairs', ['unit_officer'], 'member', { duty: 'industry_authority' });
export const market = actor('lc-market', ['unit_officer'], 'member', { duty: 'market_regulation' });
export const haibin = actor('lc-st-haibin', ['street_officer'], 'street');
export const fzOfficeOfficer = actor('fz-office', ['office_officer'], 'office', { jurisdiction: '350503' });

export function leadSummary(leadId: string, overrides: Partial<LeadSummary> = {}): LeadSummary {
  return {
    leadId,
    receiptNo: `R-${leadId}`,
    title: '某养老公寓以预售床位名义吸收资金',
    category: 'illegal_fundraising',
    field: 'pension',
    source: 'public_report',
    channel: 'hotline',
    jurisdiction: '350502',
    street: 'lc-st-haibin',
    receivedBy: 'lc-st-haibin',
    receivedAt: '2026-03-01T01:00:00.000Z',
    subjects: [{ kind: 'company', name: '泉州某某养老服务有限公司', creditCode: '91350502MA2XXXXX0X' }],
    matchKeys: ['name:泉州某某养老服务'],
    amountYuan: '3500000',
    participants: 120,
    major: false,
    ...overrides,
  };
}

/** What intake appends for a lead received by the Haibin street and reported to lc-office at `at` (its stream lead-<leadId>). */
export function leadReportedEvents(summary: LeadSummary, at: string): NewEvent[] {
  const event = (type: string, data: unknown): NewEvent => {
    const id = randomUUID();
    return { id, type, schemaVersion: 1, data, time: at, correlationId: id, causationId: id, actor: { agency: 'lc-st-haibin', user: 'grid-7' } };
  };
  const received: LeadReceivedData = {
    ...summary,
    anonymous: true,
    description: '以高额回报吸收资金',
    evidence: [],
    office: 'lc-office',
    reportDeadline: at,
  };
  const reported: LeadReportedToOfficeData = {
    leadId: summary.leadId,
    office: 'lc-office',
    reportedBy: 'lc-st-haibin',
    reportedAt: at,
    deadline: at,
    summary,
  };
  return [event('LeadReceived', received), event('LeadReportedToOffice', reported)];
}
