/**
 * The history the audit specs replay: what intake and cases append for one
 * Licheng lead and its case, at fixed times, with a read of the case.
 */
import { CaseOpenedData, LeadReceivedData, LeadRoutedData, RECORD_ACCESSED, RecordAccessedData } from '@jm/contracts';
import { Actor, EventStore } from '@jm/event-sourcing';
import { newEvent } from '@jm/event-sourcing/testing/fixtures';
import { leadSummary } from '../../../services/cases/src/testing/fixtures';

export const T = {
  received: '2026-03-02T01:00:00.000Z',
  routed: '2026-03-02T03:00:00.000Z',
  opened: '2026-03-05T02:00:00.000Z',
  graded: '2026-03-06T02:00:00.000Z',
  flagged: '2026-03-07T02:00:00.000Z',
};

/** A contract event as its owning service appends it, at a given time and by a given actor. */
export const auditEvent = (type: string, data: unknown, time: string, actor: Actor = { agency: 'lc-office', user: 'officer-1' }) =>
  newEvent(type, data, { time, actor });

/** A Licheng lead (received by a street, routed to a unit), its case (opened, graded, flagged) and a unit's refused read of the case. */
export async function givenAuditHistory(store: EventStore, LEAD: string, CASE: string): Promise<void> {
  const received: LeadReceivedData = {
    ...leadSummary(LEAD, { receivedAt: T.received }),
    anonymous: false,
    informant: { alg: 'AES-256-GCM', keyId: 'k1', iv: 'aa', tag: 'bb', ciphertext: 'SECRET-CIPHERTEXT' },
    description: '举报人王五反映',
    evidence: [],
    office: 'lc-office',
    reportDeadline: '2026-03-03T01:00:00.000Z',
  };
  await store.append(`lead-${LEAD}`, [auditEvent('LeadReceived', received, T.received, { agency: 'lc-st-haibin', user: 'grid-7' })], 'no_stream');
  const routed: LeadRoutedData = {
    leadId: LEAD,
    unit: 'lc-social-affairs',
    street: 'lc-st-haibin',
    rule: 'field:pension',
    deadline: '2026-03-17T03:00:00.000Z',
  };
  await store.append(`routing-${LEAD}`, [auditEvent('LeadRouted', routed, T.routed)], 'no_stream');
  const opened: CaseOpenedData & { by: string } = {
    caseId: CASE,
    caseNo: 'CASE-350502-2026-0001',
    title: '泉州某某养老服务有限公司涉嫌非法集资',
    leadIds: [LEAD],
    category: 'illegal_fundraising',
    field: 'pension',
    jurisdiction: '350502',
    street: 'lc-st-haibin',
    office: 'lc-office',
    leadUnit: 'lc-social-affairs',
    cooperatingUnits: ['lc-police'],
    subjects: [],
    matchKeys: [],
    amountYuan: '3500000',
    by: 'lc-office',
  };
  await store.append(
    `case-${CASE}`,
    [
      auditEvent('CaseOpened', opened, T.opened),
      auditEvent('RiskGradeChanged', { caseId: CASE, by: 'lc-office', to: 'high', reason: '涉众人数多' }, T.graded),
      auditEvent('KeyCaseFlagSet', { caseId: CASE, by: 'lc-office', flag: 'petition_pressure', reason: '群体上访', automatic: false }, T.flagged),
    ],
    'no_stream',
  );
  // What cases appends when a unit reads the case.
  const read: RecordAccessedData = {
    resourceType: 'case',
    resourceId: CASE,
    agency: 'lc-market',
    user: 'market-1',
    roles: ['unit_officer'],
    fields: ['summary'],
    granted: false,
  };
  await store.append(
    `access-case-${CASE}`,
    [auditEvent(RECORD_ACCESSED, read, '2026-03-08T02:00:00.000Z', { agency: 'lc-market', user: 'market-1' })],
    'any',
  );
}
