/** What cases sends to another deployment, built from its own streams: given a history, then the message. */
import { fold } from '@jm/event-sourcing';
import { caseDecider } from '../case/case.decider';
import type { CaseEvent } from '../case/case.events';
import type { OpenedCaseState } from '../case/case';
import { CASE_NO, DISTRICT_MEETING_TITLE, HISTORY } from '../testing/case.fixtures';
import { leadSummary } from '../testing/fixtures';
import { DatedCaseEvent, decisionMessage, escalatedCaseId, escalationMessage, leadReferralMessage, referredLeadId } from './federation-messages';

const dated = (events: CaseEvent[]): DatedCaseEvent[] =>
  events.map((e, i) => ({ ...e, time: `2026-04-0${1 + Math.min(i, 8)}T02:00:00.000Z` }) as DatedCaseEvent);
const finding: CaseEvent = {
  type: 'FindingRecorded',
  data: { caseId: 'C1', by: 'lc-market', text: '查明吸收资金五百二十万元', amountYuan: '5200000.00', participants: 180 },
};

describe('escalationMessage', () => {
  const history = dated([...HISTORY.awaiting_city_escalation.slice(0, 1), finding, ...HISTORY.awaiting_city_escalation.slice(1)]);
  const state = fold(caseDecider, history) as OpenedCaseState;
  const message = escalationMessage(state, history, { cityOffice: 'qz-office', question: '是否认定为非法集资？', districtMeetingId: 'M-D1' });

  it('given a case the district meeting decided to escalate, then the message carries its facts, findings, opinions and the district decision', () => {
    expect(message).toMatchObject({
      caseId: 'C1',
      caseNo: CASE_NO,
      office: 'lc-office',
      cityOffice: 'qz-office',
      jurisdiction: '350502',
      leadUnit: 'lc-market',
      amountYuan: '5200000.00',
      participants: 180,
      subjects: [expect.objectContaining({ name: '泉州某某养老服务有限公司' })],
      question: '是否认定为非法集资？',
      districtMeeting: {
        meetingId: 'M-D1',
        meetingTitle: DISTRICT_MEETING_TITLE,
        question: '是否认定为非法集资？',
        text: '争议较大，提请市联席会议',
      },
      findings: [{ by: 'lc-market', at: history[1].time, text: '查明吸收资金五百二十万元', amountYuan: '5200000.00', participants: 180 }],
      opinions: [{ authority: 'lc-finance', conclusion: 'illegal_fundraising', disputed: true, text: '涉嫌非法集资，但对是否具有公开性存在争议' }],
    });
  });

  it('carries nothing but the listed fields (no lead ids: the leads and their informants stay with the district)', () => {
    expect(Object.keys(message).sort()).toEqual(
      [
        'amountYuan',
        'caseId',
        'caseNo',
        'category',
        'cityOffice',
        'cooperatingUnits',
        'districtMeeting',
        'field',
        'findings',
        'jurisdiction',
        'keyFlags',
        'leadUnit',
        'matchKeys',
        'office',
        'opinions',
        'participants',
        'question',
        'street',
        'subjects',
        'title',
      ].sort(),
    );
  });
});

describe('decisionMessage and leadReferralMessage', () => {
  it('sends the decision back for the district’s case, in the convener’s name', () => {
    const convener = {
      user: 'qz-convener',
      agency: 'qz-office',
      agencyKind: 'office' as const,
      level: 'city' as const,
      jurisdiction: '350500',
      roles: ['convener' as const],
    };
    const applied = {
      caseId: 'QZ-C1',
      meetingId: 'QZ-M7',
      level: 'city' as const,
      decision: 'not_illegal' as const,
      text: '不构成',
      by: 'qz-office',
    };
    expect(decisionMessage('QZ-C1', { caseId: 'LC-C1' }, applied, convener)).toEqual({
      caseId: 'LC-C1',
      cityCaseId: 'QZ-C1',
      meetingId: 'QZ-M7',
      decision: 'not_illegal',
      text: '不构成',
      decidedBy: convener,
    });
  });

  it('refers a lead up with its summary only', () => {
    const summary = leadSummary('L1');
    const state = {
      status: 'referred_up' as const,
      leadId: 'L1',
      summary,
      office: 'qz-office',
      links: [],
      from: 'lc-office',
      reason: '超出区级权限',
    };
    expect(leadReferralMessage(state, { from: 'lc-office', to: 'qz-office', reason: '超出区级权限' })).toEqual({
      leadId: 'L1',
      from: 'lc-office',
      to: 'qz-office',
      reason: '超出区级权限',
      summary,
    });
  });
});

describe('ids derived from a message', () => {
  it('are the same for the same sender and id, and differ across senders', () => {
    expect(escalatedCaseId('lc', 'C1', 'E1')).toBe(escalatedCaseId('lc', 'C1', 'E1'));
    expect(escalatedCaseId('lc', 'C1', 'E1')).not.toBe(escalatedCaseId('fz', 'C1', 'E1'));
    // The same case escalated again: another record.
    expect(escalatedCaseId('lc', 'C1', 'E1')).not.toBe(escalatedCaseId('lc', 'C1', 'E2'));
    expect(escalatedCaseId('lc', 'C1', 'E1')).not.toBe('C1');
    expect(referredLeadId('lc', 'L1')).toBe(referredLeadId('lc', 'L1'));
    expect(referredLeadId('lc', 'L1')).not.toBe(escalatedCaseId('lc', 'L1', 'E1'));
  });
});
