/**
 * The case decider as given/when/then: every command where it is allowed,
 * every command refused where it is not, every authorisation rule, the
 * meeting-agenda and stability-assessment rules, flags, grades, reopening,
 * and the happy path the end-to-end test drives.
 */
import { deciderSpec } from '@jm/event-sourcing/testing';
import { DomainRuleError, fold, ForbiddenError, InvalidTransitionError } from '@jm/event-sourcing';
import { InvalidAmountError } from '@jm/reference';
import type { DomainActor } from '@jm/contracts';
import { CASE_COMMAND_TYPES, type CaseCommand, type CaseCommandType } from './case.commands';
import { ALLOWED_COMMANDS, caseDecider } from './case.decider';
import type { CaseEvent } from './case.events';
import { CASE_STATUSES, type CaseStatus } from './case';
import {
  AT,
  CASE_ID,
  actor,
  CASE_NO,
  CITY_MEETING_TITLE,
  DEADLINE,
  DISTRICT_MEETING_TITLE,
  ev,
  fjCsrc,
  fjOfficeConvener,
  fzOffice,
  fzPolice,
  HISTORY,
  lcAnalyst,
  lcConvener,
  lcCourt,
  lcFinance,
  lcHaibin,
  lcMarket,
  lcMarketAnalyst,
  lcOffice,
  lcPolice,
  lcProcuratorate,
  lcSocial,
  openCase,
  opened,
  qzConvener,
  qzNfra,
  qzOffice,
  receiveEscalation,
  SAMPLE_COMMANDS,
} from '../testing/case.fixtures';

const spec = deciderSpec(caseDecider);
const c = { caseId: CASE_ID };
const given = (status: CaseStatus, ...more: CaseEvent[]) => spec.given([...HISTORY[status], ...more]);
/** The sample command of a type, with changes. */
function cmd<T extends CaseCommandType>(type: T, changes: Partial<Extract<CaseCommand, { kind: T }>> = {}): CaseCommand {
  return { ...SAMPLE_COMMANDS[type], ...changes } as CaseCommand;
}
const as = <T extends CaseCommandType>(type: T, actor: DomainActor, changes: Partial<Extract<CaseCommand, { kind: T }>> = {}) =>
  cmd(type, { ...changes, actor } as Partial<Extract<CaseCommand, { kind: T }>>);
const stateAfter = (events: CaseEvent[]) => fold(caseDecider, events);

const leaderFlag: CaseEvent = {
  type: 'KeyCaseFlagSet',
  data: { ...c, by: 'lc-office', flag: 'leader_instruction', reason: '区领导批示', automatic: false },
};
const gradedHigh: CaseEvent = { type: 'RiskGradeChanged', data: { ...c, by: 'lc-office', to: 'high', reason: '涉众面广' } };
const assessed = (beforeStep: 'transfer_to_police' | 'seizure' | 'supervised_refund' | 'closure'): CaseEvent => ({
  type: 'StabilityRiskAssessed',
  data: { ...c, by: 'lc-office', level: 'medium', beforeStep, text: '风险可控' },
});
const fundsRequested: CaseEvent = {
  type: 'FundsMonitoringRequested',
  data: { ...c, requestId: 'F1', by: 'lc-market', to: 'qz-pbc', measure: 'monitor', accounts: ['6222020000000000001'] },
};
const teamFormed: CaseEvent = {
  type: 'JointInvestigationTeamFormed',
  data: { ...c, leader: 'lc-market', members: ['lc-social-affairs'], by: 'lc-office' },
};
const undisputedOpinion = ev.opinionIssued(false);
const opinionUndisputedHistory = [...HISTORY.awaiting_opinion, undisputedOpinion];

describe('the status table', () => {
  it('names only real commands, and every command is allowed somewhere', () => {
    const named = Object.values(ALLOWED_COMMANDS).flat();
    expect(named.filter((t) => !CASE_COMMAND_TYPES.includes(t))).toEqual([]);
    expect(CASE_COMMAND_TYPES.filter((t) => !named.includes(t))).toEqual([]);
    expect(Object.keys(ALLOWED_COMMANDS).sort()).toEqual([...CASE_STATUSES].sort());
  });

  it('lets a closed case only be reopened, and allows records in every other opened status', () => {
    expect(ALLOWED_COMMANDS.closed).toEqual(['ReopenCase']);
    const records: CaseCommandType[] = [
      'RecordFinding',
      'RequestFundsMonitoring',
      'AnswerFundsMonitoring',
      'RecordVictimClaims',
      'RecordPetition',
      'AssessStabilityRisk',
      'SetRiskGrade',
      'SetKeyCaseFlag',
      'ClearKeyCaseFlag',
      'RecordLeaderInstruction',
      'AssignLeaderInCharge',
      'FormDedicatedTeam',
    ];
    for (const status of CASE_STATUSES.filter((s) => s !== 'none' && s !== 'closed')) {
      expect(ALLOWED_COMMANDS[status]).toEqual(expect.arrayContaining(records));
    }
  });

  it('has a history fixture that reaches every status', () => {
    for (const status of CASE_STATUSES) expect(stateAfter(HISTORY[status]).status).toBe(status);
  });
});

describe('every command is refused (409) where the table does not allow it', () => {
  const refused = CASE_STATUSES.flatMap((status) =>
    CASE_COMMAND_TYPES.filter((type) => !ALLOWED_COMMANDS[status].includes(type)).map((type) => [type, status] as const),
  );
  it('covers every command in at least one status', () => {
    expect(new Set(refused.map(([type]) => type)).size).toBe(CASE_COMMAND_TYPES.length);
  });
  it.each(refused)('%s in %s', (type, status) => {
    given(status).when(cmd(type)).thenThrows(InvalidTransitionError);
  });
  it('says what the state is and what it allows', () => {
    expect(() => caseDecider.decide(cmd('RequestClosure'), stateAfter(HISTORY.at_city_meeting))).toThrow(
      `RequestClosure is not allowed: the case is at_city_meeting; allowed from at_city_meeting: ${ALLOWED_COMMANDS.at_city_meeting.join(', ')}`,
    );
    expect(() => caseDecider.decide(cmd('RecordFinding'), stateAfter(HISTORY.closed))).toThrow('allowed from closed: ReopenCase');
  });
});

describe('OpenCase', () => {
  it('opens the case for the office', () => {
    given('none').when(openCase()).then([opened]);
  });

  it('opens the case for the verifying lead unit on founded feedback', () => {
    given('none')
      .when(openCase({ actor: lcMarket }))
      .then([{ ...opened, data: { ...opened.data, by: 'lc-market' } } as CaseEvent]);
  });

  it('refuses anyone else, naming who may', () => {
    given('none')
      .when(openCase({ actor: lcPolice }))
      .thenThrows(ForbiddenError);
    given('none')
      .when(openCase({ actor: lcAnalyst }))
      .thenThrows(ForbiddenError);
    given('none')
      .when(openCase({ actor: fzOffice }))
      .thenThrows(/an office officer of lc-office or an officer of the lead unit lc-market/);
  });

  it('refuses a case without leads, or a lead unit that also cooperates', () => {
    given('none')
      .when(openCase({ leadIds: [] }))
      .thenThrows(DomainRuleError);
    given('none')
      .when(openCase({ cooperatingUnits: ['lc-market'] }))
      .thenThrows(DomainRuleError);
    given('none')
      .when(openCase({ amountYuan: '3,500,000' }))
      .thenThrows(InvalidAmountError);
  });

  it('notifies each party outside the city and flags the case cross-region once', () => {
    const xiamen = { kind: 'company' as const, name: '厦门某某投资有限公司', region: '350203' };
    const fuzhou = { kind: 'website' as const, url: 'https://example.com', region: '350102' };
    const fengze = { kind: 'person' as const, name: '张某', region: '350503' }; // same city: no notice
    const subjects = [...openCase().subjects, xiamen, fuzhou, fengze];
    const notice = (party: typeof xiamen | typeof fuzhou, office?: string): CaseEvent => ({
      type: 'CrossRegionPartyNotified',
      data: {
        ...c,
        caseNo: CASE_NO,
        region: party.region,
        party,
        ...(office ? { office } : {}),
        from: 'lc-office',
        message: `泉州某某养老服务有限公司涉嫌非法集资（${CASE_NO}）涉及贵地主体“${'name' in party ? party.name : party.url}”，请协助核查、配合处置，并反馈情况。`,
      },
    });
    given('none')
      .when(openCase({ subjects, regionOffices: { '350203': 'xm-office' } }))
      .then([
        { ...opened, data: { ...opened.data, subjects } } as CaseEvent,
        notice(xiamen, 'xm-office'),
        notice(fuzhou),
        {
          type: 'KeyCaseFlagSet',
          data: { ...c, by: 'lc-office', flag: 'cross_region', reason: '涉案主体位于本市（350500）以外：350203、350102', automatic: true },
        },
      ]);
  });

  it('flags an amount of 100 million yuan or more', () => {
    given('none')
      .when(openCase({ amountYuan: '100000000' }))
      .then([
        { ...opened, data: { ...opened.data, amountYuan: '100000000.00' } } as CaseEvent,
        {
          type: 'KeyCaseFlagSet',
          data: { ...c, by: 'lc-office', flag: 'amount_over_100m', reason: '立案涉案金额100000000.00元，达1亿元以上', automatic: true },
        },
      ]);
    given('none')
      .when(openCase({ amountYuan: '99999999.99' }))
      .then([{ ...opened, data: { ...opened.data, amountYuan: '99999999.99' } } as CaseEvent]);
  });
});

describe('units, leads and the joint team', () => {
  it('AssignUnits: the office reassigns; the same assignment is a no-op', () => {
    given('investigating')
      .when(cmd('AssignUnits'))
      .then([
        {
          type: 'CaseUnitsAssigned',
          data: { ...c, leadUnit: 'lc-finance', cooperatingUnits: ['lc-market', 'lc-police'], previousLeadUnit: 'lc-market', by: 'lc-office' },
        },
      ]);
    given('determined')
      .when(cmd('AssignUnits', { leadUnit: 'lc-market', cooperatingUnits: ['lc-police'] }))
      .thenNothing();
    given('investigating')
      .when(cmd('AssignUnits', { leadUnit: 'lc-police', cooperatingUnits: ['lc-police'] }))
      .thenThrows(DomainRuleError);
    given('investigating')
      .when(as('AssignUnits', lcMarket))
      .thenThrows('Assigning units on case CASE-350502-2026-0001 is for an office officer of lc-office; lc-market (unit_officer) is not');
  });

  it('AttachLead: the office attaches a lead once', () => {
    given('closure_requested')
      .when(cmd('AttachLead'))
      .then([{ type: 'LeadAttachedToCase', data: { ...c, leadId: 'L2', by: 'lc-office' } }]);
    given('investigating')
      .when(cmd('AttachLead', { leadId: 'L1' }))
      .thenNothing();
    given('investigating').when(as('AttachLead', lcMarket)).thenThrows(ForbiddenError);
    expect(stateAfter([opened, { type: 'LeadAttachedToCase', data: { ...c, leadId: 'L2', by: 'lc-office' } }])).toMatchObject({
      facts: { leadIds: ['L1', 'L2'] },
    });
  });

  it('FormJointInvestigationTeam: the office forms it; a team needs members', () => {
    given('investigating')
      .when(cmd('FormJointInvestigationTeam'))
      .then([{ type: 'JointInvestigationTeamFormed', data: { ...c, leader: 'lc-market', members: ['lc-police', 'lc-finance'], by: 'lc-office' } }]);
    given('investigating')
      .when(cmd('FormJointInvestigationTeam', { members: ['lc-market'] }))
      .thenThrows(DomainRuleError);
    given('investigating').when(as('FormJointInvestigationTeam', qzOffice)).thenThrows(ForbiddenError);
  });
});

describe('RecordFinding', () => {
  const finding = (by: string, extra: object = {}): CaseEvent => ({
    type: 'FindingRecorded',
    data: { ...c, by, text: '该公司以预售养老床位名义向社会公众吸收资金', ...extra },
  });
  it('records the lead unit’s finding with its amount in canonical form', () => {
    given('investigating')
      .when(cmd('RecordFinding'))
      .then([finding('lc-market', { amountYuan: '5200000.50', participants: 180 })]);
  });
  it('records cooperating units’ and team members’ findings', () => {
    given('at_city_meeting')
      .when(as('RecordFinding', lcPolice, { amountYuan: undefined, participants: undefined }))
      .then([finding('lc-police')]);
    given('investigating', teamFormed)
      .when(as('RecordFinding', lcSocial, { amountYuan: undefined, participants: undefined }))
      .then([finding('lc-social-affairs')]);
  });
  it('refuses other units, naming who may', () => {
    given('investigating')
      .when(as('RecordFinding', lcFinance))
      .thenThrows(/is for the lead unit, the cooperating units or the joint investigation team \(lc-market, lc-police\); lc-finance/);
    given('investigating').when(as('RecordFinding', lcOffice)).thenThrows(ForbiddenError);
    given('investigating').when(as('RecordFinding', lcMarketAnalyst)).thenThrows(ForbiddenError);
  });
  it('flags the case when the amount found reaches 100 million yuan, once', () => {
    given('investigating')
      .when(cmd('RecordFinding', { amountYuan: '120000000', participants: undefined }))
      .then([
        finding('lc-market', { amountYuan: '120000000.00' }),
        {
          type: 'KeyCaseFlagSet',
          data: { ...c, by: 'lc-market', flag: 'amount_over_100m', reason: '查明涉案金额120000000.00元，达1亿元以上', automatic: true },
        },
      ]);
    const flagged: CaseEvent = {
      type: 'KeyCaseFlagSet',
      data: { ...c, by: 'lc-office', flag: 'amount_over_100m', reason: '已核实', automatic: false },
    };
    given('investigating', flagged)
      .when(cmd('RecordFinding', { amountYuan: '120000000', participants: undefined }))
      .then([finding('lc-market', { amountYuan: '120000000.00' })]);
  });
});

describe('funds monitoring', () => {
  it('RequestFundsMonitoring: the lead unit or office asks the central bank or the regulator branch', () => {
    given('investigating').when(cmd('RequestFundsMonitoring')).then([fundsRequested]);
    given('transferred_to_police')
      .when(as('RequestFundsMonitoring', lcOffice, { requestId: 'F2', to: 'qz-nfra', toDuty: 'financial_regulator', measure: 'freeze' }))
      .then([
        {
          type: 'FundsMonitoringRequested',
          data: { ...c, requestId: 'F2', by: 'lc-office', to: 'qz-nfra', measure: 'freeze', accounts: ['6222020000000000001'] },
        },
      ]);
  });
  it('refuses other addressees, other requesters, no accounts and a reused request id', () => {
    given('investigating')
      .when(cmd('RequestFundsMonitoring', { to: 'lc-police', toDuty: 'police' }))
      .thenThrows(DomainRuleError);
    given('investigating')
      .when(cmd('RequestFundsMonitoring', { to: 'xx', toDuty: undefined }))
      .thenThrows(/unknown/);
    given('investigating').when(as('RequestFundsMonitoring', lcPolice)).thenThrows(ForbiddenError);
    given('investigating')
      .when(cmd('RequestFundsMonitoring', { accounts: [] }))
      .thenThrows(DomainRuleError);
    given('investigating', fundsRequested).when(cmd('RequestFundsMonitoring')).thenThrows(DomainRuleError);
  });
  it('AnswerFundsMonitoring: only the addressed agency answers a known request', () => {
    given('investigating', fundsRequested)
      .when(cmd('AnswerFundsMonitoring'))
      .then([{ type: 'FundsMonitoringAnswered', data: { ...c, requestId: 'F1', by: 'qz-pbc', outcome: 'monitoring', note: '已纳入资金监测' } }]);
    given('closure_requested', fundsRequested)
      .when(cmd('AnswerFundsMonitoring', { outcome: 'frozen', frozenAmountYuan: '860000' }))
      .then([
        {
          type: 'FundsMonitoringAnswered',
          data: { ...c, requestId: 'F1', by: 'qz-pbc', outcome: 'frozen', frozenAmountYuan: '860000.00', note: '已纳入资金监测' },
        },
      ]);
    given('investigating', fundsRequested)
      .when(as('AnswerFundsMonitoring', qzNfra))
      .thenThrows(/is for the addressed agency qz-pbc/);
    given('investigating').when(cmd('AnswerFundsMonitoring')).thenThrows(DomainRuleError);
    expect(stateAfter([opened, fundsRequested])).toMatchObject({ facts: { fundsRequests: { F1: { to: 'qz-pbc', measure: 'monitor' } } } });
  });
});

describe('nature determination', () => {
  it('RequestDetermination: the lead unit or office asks the competent authority', () => {
    given('investigating')
      .when(cmd('RequestDetermination'))
      .then([{ type: 'DeterminationRequested', data: { ...c, by: 'lc-market', authority: 'lc-finance', authorityName: '鲤城区发改局（金融办）' } }]);
    given('opinion_issued')
      .when(as('RequestDetermination', lcOffice, { authority: 'fj-csrc', authorityName: undefined }))
      .then([{ type: 'DeterminationRequested', data: { ...c, by: 'lc-office', authority: 'fj-csrc' } }]);
    given('investigating').when(as('RequestDetermination', lcPolice)).thenThrows(ForbiddenError);
  });

  it('IssueDeterminationOpinion: only the requested authority', () => {
    given('awaiting_opinion')
      .when(cmd('IssueDeterminationOpinion'))
      .then([ev.opinionIssued(true)]);
    given('awaiting_opinion')
      .when(as('IssueDeterminationOpinion', fjCsrc))
      .thenThrows(/is for the requested authority lc-finance/);
    given('awaiting_opinion')
      .when(cmd('IssueDeterminationOpinion', { conclusion: 'illegal_lottery' as never }))
      .thenThrows(DomainRuleError);
    spec
      .given([opened, { type: 'DeterminationRequested', data: { ...c, by: 'lc-office', authority: 'fj-csrc' } }])
      .when(as('IssueDeterminationOpinion', fjCsrc, { conclusion: 'illegal_securities', disputed: false, text: '构成非法证券活动' }))
      .then([
        {
          type: 'DeterminationOpinionIssued',
          data: { ...c, authority: 'fj-csrc', conclusion: 'illegal_securities', disputed: false, text: '构成非法证券活动' },
        },
      ]);
  });

  it('AcceptDeterminationOpinion: the office accepts an undisputed opinion; a disputed one goes to the meeting', () => {
    spec
      .given(opinionUndisputedHistory)
      .when(cmd('AcceptDeterminationOpinion'))
      .then([
        {
          type: 'NatureDetermined',
          data: { ...c, conclusion: 'illegal_fundraising', by: 'authority', decidedBy: 'lc-office', authority: 'lc-finance' },
        },
      ]);
    given('opinion_issued')
      .when(cmd('AcceptDeterminationOpinion'))
      .thenThrows(/disputed.*ReferToDistrictMeeting/);
    spec.given(opinionUndisputedHistory).when(as('AcceptDeterminationOpinion', lcMarket)).thenThrows(ForbiddenError);
    expect(
      stateAfter([
        ...opinionUndisputedHistory,
        {
          type: 'NatureDetermined',
          data: { ...c, conclusion: 'illegal_fundraising', by: 'authority', decidedBy: 'lc-office', authority: 'lc-finance' },
        },
      ]),
    ).toMatchObject({
      status: 'determined',
      facts: { nature: { conclusion: 'illegal_fundraising', by: 'authority' } },
    });
  });
});

describe('joint meetings', () => {
  it('ReferToDistrictMeeting: the district office refers a case', () => {
    given('opinion_issued').when(cmd('ReferToDistrictMeeting')).then([ev.referred]);
    given('investigating').when(cmd('ReferToDistrictMeeting')).then([ev.referred]);
    given('awaiting_opinion').when(cmd('ReferToDistrictMeeting')).then([ev.referred]);
    given('opinion_issued').when(as('ReferToDistrictMeeting', lcMarket)).thenThrows(ForbiddenError);
    given('opinion_issued').when(as('ReferToDistrictMeeting', lcConvener)).thenThrows(ForbiddenError);
  });

  it('refuses a district referral by an office that is not at district level', () => {
    const cityCase = openCase({ office: 'qz-office', jurisdiction: '350500', actor: qzOffice });
    const cityOpened = caseDecider.decide(cityCase, caseDecider.initialState());
    spec
      .given(cityOpened)
      .when(as('ReferToDistrictMeeting', qzOffice))
      .thenThrows(/when it is a district office/);
  });

  it('ApplyMeetingDecision at the district: escalate, further investigation, determined, not illegal', () => {
    given('at_district_meeting').when(cmd('ApplyMeetingDecision')).then([ev.districtEscalate]);
    const decision = (decision: 'further_investigation' | 'determined' | 'not_illegal', conclusion?: 'illegal_fundraising') => ({
      type: 'MeetingDecisionApplied' as const,
      data: {
        ...c,
        meetingId: 'M-D1',
        meetingTitle: DISTRICT_MEETING_TITLE,
        level: 'district' as const,
        decision,
        ...(conclusion ? { conclusion } : {}),
        text: '会议决定',
        by: 'lc-office',
      },
    });
    given('at_district_meeting')
      .when(cmd('ApplyMeetingDecision', { decision: 'further_investigation', text: '会议决定' }))
      .then([decision('further_investigation')]);
    expect(stateAfter([...HISTORY.at_district_meeting, decision('further_investigation')]).status).toBe('investigating');
    given('at_district_meeting')
      .when(cmd('ApplyMeetingDecision', { decision: 'determined', conclusion: 'illegal_fundraising', text: '会议决定' }))
      .then([
        decision('determined', 'illegal_fundraising'),
        {
          type: 'NatureDetermined',
          data: { ...c, conclusion: 'illegal_fundraising', by: 'district_meeting', decidedBy: 'lc-office', meetingId: 'M-D1' },
        },
      ]);
    given('at_district_meeting')
      .when(cmd('ApplyMeetingDecision', { decision: 'not_illegal', conclusion: 'illegal_fundraising', text: '会议决定' }))
      .then([
        decision('not_illegal'),
        { type: 'NatureDetermined', data: { ...c, conclusion: 'not_illegal', by: 'district_meeting', decidedBy: 'lc-office', meetingId: 'M-D1' } },
      ]);
    given('at_district_meeting')
      .when(cmd('ApplyMeetingDecision', { decision: 'determined' }))
      .thenThrows(/names its conclusion/);
  });

  it('EscalateToCityMeeting: only after the district meeting decided to escalate', () => {
    given('awaiting_city_escalation').when(cmd('EscalateToCityMeeting')).then([ev.escalated]);
    given('at_district_meeting').when(cmd('EscalateToCityMeeting')).thenThrows(InvalidTransitionError);
    given('awaiting_city_escalation').when(as('EscalateToCityMeeting', qzOffice)).thenThrows(ForbiddenError);
  });

  it('ApplyMeetingDecision at the city: the decision is received back by the district office', () => {
    given('at_city_meeting')
      .when(
        as('ApplyMeetingDecision', qzConvener, {
          meetingId: 'M-C1',
          meetingTitle: CITY_MEETING_TITLE,
          level: 'city',
          decision: 'determined',
          conclusion: 'illegal_fundraising',
          text: '认定为非法集资',
        }),
      )
      .then([ev.cityDetermined, ev.receivedFromCity, ev.natureByCity]);
    given('at_city_meeting')
      .when(as('ApplyMeetingDecision', qzConvener, { meetingId: 'M-C1', meetingTitle: CITY_MEETING_TITLE, level: 'city', decision: 'escalate' }))
      .thenThrows(/last level/);
  });

  it('only a meeting decides what it was asked to decide (422)', () => {
    given('at_district_meeting')
      .when(cmd('ApplyMeetingDecision', { meetingId: 'M-D2' }))
      .thenThrows(/only a meeting decides what it was asked to decide/);
    given('at_district_meeting')
      .when(as('ApplyMeetingDecision', qzConvener, { meetingId: 'M-C1', meetingTitle: CITY_MEETING_TITLE, level: 'city' }))
      .thenThrows(DomainRuleError);
    given('at_city_meeting')
      .when(cmd('ApplyMeetingDecision', { meetingId: 'M-D1', level: 'district' }))
      .thenThrows(/on the agenda of the city meeting M-C1, not the district meeting M-D1/);
    // A decision for a case not on any agenda is a state conflict.
    given('investigating').when(cmd('ApplyMeetingDecision')).thenThrows(InvalidTransitionError);
  });

  it('carries the meeting title into the events when the command has it; without one (an older caller) or a blank one, the events have none', () => {
    const untitled = <E extends CaseEvent>(event: E): E => {
      const { meetingTitle: _dropped, ...data } = event.data as E['data'] & { meetingTitle?: string };
      return { ...event, data } as E;
    };
    given('opinion_issued')
      .when(cmd('ReferToDistrictMeeting', { meetingTitle: undefined }))
      .then([untitled(ev.referred)]);
    given('opinion_issued')
      .when(cmd('ReferToDistrictMeeting', { meetingTitle: '  ' }))
      .then([untitled(ev.referred)]);
    given('opinion_issued')
      .when(cmd('ReferToDistrictMeeting', { meetingTitle: ` ${DISTRICT_MEETING_TITLE} ` }))
      .then([ev.referred]);
    given('awaiting_city_escalation')
      .when(cmd('EscalateToCityMeeting', { meetingTitle: undefined }))
      .then([untitled(ev.escalated)]);
    given('at_district_meeting')
      .when(cmd('ApplyMeetingDecision', { meetingTitle: undefined }))
      .then([untitled(ev.districtEscalate)]);
    given('at_city_meeting')
      .when(
        as('ApplyMeetingDecision', qzConvener, {
          meetingId: 'M-C1',
          meetingTitle: undefined,
          level: 'city',
          decision: 'determined',
          conclusion: 'illegal_fundraising',
          text: '认定为非法集资',
        }),
      )
      .then([untitled(ev.cityDetermined), untitled(ev.receivedFromCity), ev.natureByCity]);
  });

  it('folds a history stored before events carried titles to the same state', () => {
    const old = HISTORY.determined.map(
      (e) => ({ ...e, data: Object.fromEntries(Object.entries(e.data).filter(([k]) => k !== 'meetingTitle')) }) as CaseEvent,
    );
    expect(old.some((e) => 'meetingTitle' in e.data)).toBe(false);
    expect(stateAfter(old)).toEqual(stateAfter(HISTORY.determined));
  });

  it('only the convener of the meeting’s office applies its decision', () => {
    given('at_district_meeting')
      .when(as('ApplyMeetingDecision', lcOffice))
      .thenThrows(/is for the convener of lc-office/);
    given('at_district_meeting')
      .when(as('ApplyMeetingDecision', { ...fzOffice, roles: ['convener'] }))
      .thenThrows(ForbiddenError);
    given('at_city_meeting')
      .when(as('ApplyMeetingDecision', lcConvener, { meetingId: 'M-C1', meetingTitle: CITY_MEETING_TITLE, level: 'city' }))
      .thenThrows(/the convener of the city office over 350502/);
    given('at_city_meeting')
      .when(as('ApplyMeetingDecision', fjOfficeConvener, { meetingId: 'M-C1', meetingTitle: CITY_MEETING_TITLE, level: 'city' }))
      .thenThrows(ForbiddenError);
  });
});

describe('disposal: administrative measures', () => {
  type MeasureData = Extract<CaseEvent, { type: 'AdministrativeMeasureTaken' }>['data'];
  const measure = (extra: Omit<MeasureData, 'caseId' | 'by' | 'unit'>, unit = 'lc-market'): CaseEvent => ({
    type: 'AdministrativeMeasureTaken',
    data: { ...c, by: unit, unit, ...extra },
  });
  it('the lead unit takes measures once the nature is determined', () => {
    given('determined')
      .when(cmd('TakeAdministrativeMeasure'))
      .then([measure({ measure: 'penalty', amountYuan: '200000.00', text: '责令停止违法行为，罚款' })]);
    given('in_criminal_proceedings')
      .when(cmd('TakeAdministrativeMeasure', { measure: 'warning_talk', amountYuan: undefined, text: '约谈负责人' }))
      .then([measure({ measure: 'warning_talk', text: '约谈负责人' })]);
    given('transferred_to_police')
      .when(cmd('TakeAdministrativeMeasure', { measure: 'seizure', amountYuan: '300000', text: '查封经营场所' }))
      .then([measure({ measure: 'seizure', amountYuan: '300000.00', text: '查封经营场所' })]);
  });
  it('a cooperating member unit takes measures within its duty, and is counted as the imposing unit', () => {
    const cooperating: CaseEvent = {
      type: 'CaseUnitsAssigned',
      data: { ...c, leadUnit: 'lc-market', cooperatingUnits: ['lc-police', 'lc-finance'], previousLeadUnit: 'lc-market', by: 'lc-office' },
    };
    given('determined', cooperating)
      .when(as('TakeAdministrativeMeasure', lcFinance, { measure: 'order_rectify', amountYuan: undefined, text: '责令限期整改' }))
      .then([measure({ measure: 'order_rectify', text: '责令限期整改' }, 'lc-finance')]);
    // lc-police cooperates from the opening.
    given('determined')
      .when(as('TakeAdministrativeMeasure', lcPolice, { measure: 'seizure', amountYuan: '50000', text: '查封涉案财物' }))
      .then([measure({ measure: 'seizure', amountYuan: '50000.00', text: '查封涉案财物' }, 'lc-police')]);
  });
  it('refuses a unit not on the case, a judicial member and a reader role', () => {
    given('determined')
      .when(as('TakeAdministrativeMeasure', lcFinance))
      .thenThrows(
        /Taking an administrative measure on case .* is for an officer of a member unit on the case, lead or cooperating \(lc-market, lc-police\).*; lc-finance \(unit_officer\) is not/,
      );
    const courtCooperates: CaseEvent = {
      type: 'CaseUnitsAssigned',
      data: { ...c, leadUnit: 'lc-market', cooperatingUnits: ['lc-court'], previousLeadUnit: 'lc-market', by: 'lc-office' },
    };
    given('determined', courtCooperates)
      .when(as('TakeAdministrativeMeasure', lcCourt))
      .thenThrows(/not a court or procuratorate/);
    given('determined').when(as('TakeAdministrativeMeasure', lcMarketAnalyst)).thenThrows(ForbiddenError);
  });
  it('refuses other units, a penalty without amount, and a case determined not illegal or not determined', () => {
    given('determined').when(as('TakeAdministrativeMeasure', lcOffice)).thenThrows(ForbiddenError);
    given('determined')
      .when(cmd('TakeAdministrativeMeasure', { amountYuan: undefined }))
      .thenThrows(DomainRuleError);
    const notIllegal: CaseEvent = {
      type: 'NatureDetermined',
      data: { ...c, conclusion: 'not_illegal', by: 'district_meeting', decidedBy: 'lc-office', meetingId: 'M-D1' },
    };
    given('at_district_meeting', notIllegal)
      .when(cmd('TakeAdministrativeMeasure'))
      .thenThrows(/determined not illegal/);
    // Transferred straight from investigation: no determination yet.
    spec
      .given([opened, ev.transferred])
      .when(cmd('TakeAdministrativeMeasure'))
      .thenThrows(/not determined yet/);
  });
});

describe('disposal: transfer to the police and the criminal proceedings', () => {
  it('TransferToPolice: the office or lead unit transfers with a response deadline', () => {
    given('determined').when(cmd('TransferToPolice')).then([ev.transferred]);
    given('investigating')
      .when(as('TransferToPolice', lcMarket))
      .then([
        {
          type: 'TransferredToPolice',
          data: { ...c, by: 'lc-market', transfer: 1, police: 'lc-police', deadline: DEADLINE, reason: '涉嫌非法吸收公众存款罪' },
        },
      ]);
    expect(stateAfter(HISTORY.transferred_to_police)).toMatchObject({
      status: 'transferred_to_police',
      transfer: { police: 'lc-police', deadline: DEADLINE, ordinal: 1 },
    });
  });
  it('a re-transfer after a refusal is transfer 2, and the answers name the transfer they answer (each runs a clock of its own)', () => {
    const declined: CaseEvent = {
      type: 'TransferDeclinedByPolice',
      data: { ...c, transfer: 1, police: 'lc-police', reasons: ['尚未达到刑事立案追诉标准'], office: 'lc-office' },
    };
    const second: CaseEvent = {
      type: 'TransferredToPolice',
      data: { ...c, by: 'lc-office', transfer: 2, police: 'fz-police', deadline: DEADLINE, reason: '补充证据后再次移送' },
    };
    spec
      .given([...HISTORY.transferred_to_police, declined])
      .when(cmd('TransferToPolice', { police: 'fz-police', reason: '补充证据后再次移送' }))
      .then([second]);
    spec
      .given([...HISTORY.transferred_to_police, declined, second])
      .when(as('AcceptTransfer', fzPolice))
      .then([
        {
          type: 'TransferAcceptedByPolice',
          data: { ...c, transfer: 2, police: 'fz-police', filedOn: '2026-04-03', policeCaseNo: 'A3505020000002026040001' },
        },
      ]);
  });
  it('old streams: a transfer stored without its ordinal reads as transfer 1; its answer names 1 and the next transfer is 2', () => {
    const { transfer: _dropped, ...oldData } = ev.transferred.data;
    const oldTransfer: CaseEvent = { type: 'TransferredToPolice', data: oldData };
    const oldDecline: CaseEvent = { type: 'TransferDeclinedByPolice', data: { ...c, police: 'lc-police', reasons: ['证据不足'] } };
    spec
      .given([...HISTORY.determined, oldTransfer])
      .when(cmd('AcceptTransfer'))
      .then([ev.accepted]);
    spec
      .given([...HISTORY.determined, oldTransfer, oldDecline])
      .when(cmd('TransferToPolice'))
      .then([{ ...ev.transferred, data: { ...ev.transferred.data, transfer: 2 } }]);
  });
  it('refuses a non-police addressee, a past deadline and other units', () => {
    given('determined')
      .when(cmd('TransferToPolice', { police: 'lc-market', policeDuty: 'market_regulation' }))
      .thenThrows(/lc-market has duty market_regulation/);
    given('determined')
      .when(cmd('TransferToPolice', { deadline: AT }))
      .thenThrows(DomainRuleError);
    given('determined')
      .when(cmd('TransferToPolice', { deadline: 'next week' }))
      .thenThrows(DomainRuleError);
    given('determined').when(as('TransferToPolice', lcPolice)).thenThrows(ForbiddenError);
  });

  it('AcceptTransfer: only the police transferred to records 立案', () => {
    given('transferred_to_police').when(cmd('AcceptTransfer')).then([ev.accepted]);
    given('transferred_to_police')
      .when(as('AcceptTransfer', fzPolice))
      .thenThrows(/is for the police agency it was transferred to, lc-police/);
    given('transferred_to_police').when(as('AcceptTransfer', lcMarket)).thenThrows(ForbiddenError);
    given('transferred_to_police')
      .when(cmd('AcceptTransfer', { filedOn: '3 April' }))
      .thenThrows(DomainRuleError);
    expect(stateAfter(HISTORY.in_criminal_proceedings)).toMatchObject({ status: 'in_criminal_proceedings', facts: { police: 'lc-police' } });
  });

  it('DeclineTransfer: only that police; the case returns to disposal (or investigation when not determined)', () => {
    const declined: CaseEvent = {
      type: 'TransferDeclinedByPolice',
      data: { ...c, transfer: 1, police: 'lc-police', reasons: ['尚未达到刑事立案追诉标准'], office: 'lc-office' },
    };
    given('transferred_to_police').when(cmd('DeclineTransfer')).then([declined]);
    expect(stateAfter([...HISTORY.transferred_to_police, declined]).status).toBe('determined');
    expect(stateAfter([opened, ev.transferred, declined]).status).toBe('investigating');
    given('transferred_to_police').when(as('DeclineTransfer', fzPolice)).thenThrows(ForbiddenError);
    given('transferred_to_police')
      .when(cmd('DeclineTransfer', { reasons: [] }))
      .thenThrows(DomainRuleError);
  });

  const judgment: CaseEvent = { type: 'JudgmentRecorded', data: { ...c, by: 'lc-court', amountYuan: '500000.00', text: '一审判决，并处罚金' } };
  const refunded = (by: string): CaseEvent => ({ type: 'FundsRefundCompleted', data: { ...c, by, text: '涉案资金已按比例清退完毕' } });
  const concluded = (by: string): CaseEvent => ({ type: 'CriminalCaseConcluded', data: { ...c, by } });

  it('the 2-year limit ends when judgment and refund are both done: CriminalCaseConcluded comes with the later of the two', () => {
    given('in_criminal_proceedings').when(cmd('RecordJudgment')).then([judgment]);
    given('in_criminal_proceedings', judgment)
      .when(cmd('RecordRefundCompleted'))
      .then([refunded('lc-police'), concluded('lc-police')]);
    given('in_criminal_proceedings')
      .when(cmd('RecordRefundCompleted'))
      .then([refunded('lc-police')]);
    given('in_criminal_proceedings', refunded('lc-police'))
      .when(cmd('RecordJudgment'))
      .then([judgment, concluded('lc-court')]);
    // A second judgment (appeal) does not conclude twice; the refund is recorded once.
    given('in_criminal_proceedings', judgment, refunded('lc-police'), concluded('lc-police')).when(cmd('RecordJudgment')).then([judgment]);
    given('in_criminal_proceedings', refunded('lc-police')).when(cmd('RecordRefundCompleted')).then([]);
    expect(stateAfter([...HISTORY.in_criminal_proceedings, judgment, refunded('lc-police')])).toMatchObject({
      facts: { judged: true, refundCompleted: true },
    });
  });
  it('RecordRefundCompleted: the police that filed, the lead unit or the office; only in criminal proceedings', () => {
    given('in_criminal_proceedings')
      .when(as('RecordRefundCompleted', lcOffice))
      .then([refunded('lc-office')]);
    given('in_criminal_proceedings')
      .when(as('RecordRefundCompleted', lcMarket))
      .then([refunded('lc-market')]);
    given('in_criminal_proceedings').when(as('RecordRefundCompleted', lcHaibin)).thenThrows(ForbiddenError);
    given('in_criminal_proceedings').when(as('RecordRefundCompleted', fzPolice)).thenThrows(ForbiddenError);
    given('determined').when(cmd('RecordRefundCompleted')).thenThrows(InvalidTransitionError);
  });

  it('ExemptFromTwoYearLimit: the office records 外省牵头 or 重大复杂 (naming who approved it); a filing after it carries the exemption', () => {
    const exempt: CaseEvent = {
      type: 'TwoYearLimitExempted',
      data: { ...c, by: 'lc-office', ground: 'major_complex', approvedBy: '泉州市中级人民法院', reason: '涉案人数众多、跨省资产处置' },
    };
    given('in_criminal_proceedings').when(cmd('ExemptFromTwoYearLimit')).then([exempt]);
    const otherProvince: CaseEvent = {
      type: 'TwoYearLimitExempted',
      data: { ...c, by: 'lc-office', ground: 'led_by_other_province', reason: '浙江省公安厅牵头' },
    };
    given('transferred_to_police')
      .when(cmd('ExemptFromTwoYearLimit', { ground: 'led_by_other_province', approvedBy: ' ', reason: '浙江省公安厅牵头' }))
      .then([otherProvince]);
    given('transferred_to_police', otherProvince)
      .when(cmd('AcceptTransfer'))
      .then([{ ...ev.accepted, data: { ...ev.accepted.data, twoYearLimitExempted: 'led_by_other_province' } }]);
    given('in_criminal_proceedings', exempt).when(cmd('ExemptFromTwoYearLimit')).then([]);
    given('in_criminal_proceedings')
      .when(cmd('ExemptFromTwoYearLimit', { approvedBy: undefined }))
      .thenThrows(/names who approved it/);
    given('in_criminal_proceedings')
      .when(cmd('ExemptFromTwoYearLimit', { ground: 'too_old' as never }))
      .thenThrows(DomainRuleError);
    given('in_criminal_proceedings').when(as('ExemptFromTwoYearLimit', lcPolice)).thenThrows(ForbiddenError);
    expect(stateAfter([...HISTORY.in_criminal_proceedings, exempt])).toMatchObject({
      facts: { twoYearExemption: { ground: 'major_complex', approvedBy: '泉州市中级人民法院', reason: '涉案人数众多、跨省资产处置' } },
    });
  });

  it('SetKeyCaseFlagFromClock: the system, when a clock ran out, sets the flag once, the reason naming the clock', () => {
    given('in_criminal_proceedings')
      .when(cmd('SetKeyCaseFlagFromClock'))
      .then([
        {
          type: 'KeyCaseFlagSet',
          data: {
            ...c,
            by: 'system',
            flag: 'criminal_over_5y',
            reason: `刑事侦查立案满5年未出清（计时 case-clearance-5y.${CASE_ID} 已于 2031-04-03T16:00:00.000Z 到期）`,
            automatic: true,
          },
        },
      ]);
    given('in_criminal_proceedings', {
      type: 'KeyCaseFlagSet',
      data: { ...c, by: 'lc-office', flag: 'criminal_over_5y', reason: '手工标记', automatic: false },
    })
      .when(cmd('SetKeyCaseFlagFromClock'))
      .then([]);
    given('in_criminal_proceedings').when(as('SetKeyCaseFlagFromClock', lcOffice)).thenThrows(ForbiddenError);
  });

  it('RecordProsecution: a procuratorate', () => {
    given('in_criminal_proceedings')
      .when(cmd('RecordProsecution'))
      .then([{ type: 'ProsecutionRecorded', data: { ...c, by: 'lc-procuratorate', text: '以非法吸收公众存款罪提起公诉', defendants: 3 } }]);
    given('in_criminal_proceedings')
      .when(as('RecordProsecution', lcPolice))
      .thenThrows(/is for an officer of a procuratorate/);
  });

  it('RecordJudgment: a court', () => {
    given('in_criminal_proceedings')
      .when(cmd('RecordJudgment'))
      .then([{ type: 'JudgmentRecorded', data: { ...c, by: 'lc-court', text: '一审判决，并处罚金', amountYuan: '500000.00' } }]);
    given('in_criminal_proceedings').when(as('RecordJudgment', lcProcuratorate)).thenThrows(ForbiddenError);
    given('in_criminal_proceedings')
      .when(as('RecordJudgment', { ...lcCourt, roles: ['analyst'] }))
      .thenThrows(ForbiddenError);
  });

  it('RecordRecovery: the accepting police or the lead unit', () => {
    const recovered = (by: string): CaseEvent => ({ type: 'FundsRecovered', data: { ...c, by, amountYuan: '1200000.00', text: '追缴涉案资金' } });
    given('in_criminal_proceedings')
      .when(cmd('RecordRecovery'))
      .then([recovered('lc-police')]);
    given('determined')
      .when(as('RecordRecovery', lcMarket))
      .then([recovered('lc-market')]);
    given('determined')
      .when(cmd('RecordRecovery'))
      .thenThrows(/is for an officer of the lead unit lc-market; lc-police/);
    given('in_criminal_proceedings').when(as('RecordRecovery', fzPolice)).thenThrows(ForbiddenError);
    given('in_criminal_proceedings')
      .when(cmd('RecordRecovery', { amountYuan: '0' }))
      .thenThrows(DomainRuleError);
  });
});

describe('aftermath', () => {
  it('RecordVictimClaims: the office, the case’s units or its street', () => {
    given('in_criminal_proceedings')
      .when(cmd('RecordVictimClaims'))
      .then([{ type: 'VictimClaimsRecorded', data: { ...c, by: 'lc-st-haibin', claimants: 96, amountYuan: '2800000.00' } }]);
    given('investigating').when(as('RecordVictimClaims', lcCourt)).thenThrows(ForbiddenError);
  });

  it('RecordPetition: also the letters-and-visits bureau', () => {
    given('closure_requested')
      .when(cmd('RecordPetition'))
      .then([{ type: 'PetitionRecorded', data: { ...c, by: 'lc-letters', petitioners: 12, text: '投资人集体来访要求退款' } }]);
    given('investigating')
      .when(as('RecordPetition', lcOffice))
      .then([{ type: 'PetitionRecorded', data: { ...c, by: 'lc-office', petitioners: 12, text: '投资人集体来访要求退款' } }]);
    given('investigating')
      .when(as('RecordPetition', lcCourt))
      .thenThrows(/or a letters-and-visits bureau/);
    // A letters-and-visits bureau of another region is not the case's.
    const fzLetters = actor('fz-letters', 'member', ['unit_officer'], { duty: 'letters_and_visits', jurisdiction: '350503' });
    given('investigating')
      .when(as('RecordPetition', fzLetters))
      .thenThrows(/letters-and-visits bureau of the case's region/);
  });

  it('RecordPetition: the petition that reaches PETITION_PRESSURE_THRESHOLD flags petition pressure, with the count as its reason', () => {
    const petition = (by: string): CaseEvent => ({ type: 'PetitionRecorded', data: { ...c, by, petitioners: 5, text: '来访' } });
    const recorded = { type: 'PetitionRecorded', data: { ...c, by: 'lc-letters', petitioners: 12, text: '投资人集体来访要求退款' } } as const;
    const pressure: CaseEvent = {
      type: 'KeyCaseFlagSet',
      data: { ...c, by: 'lc-letters', flag: 'petition_pressure', reason: '信访3次，达到信访矛盾突出标准（3次）', automatic: true },
    };
    given('investigating', petition('lc-letters')).when(cmd('RecordPetition')).then([recorded]);
    given('investigating', petition('lc-letters'), petition('lc-office')).when(cmd('RecordPetition')).then([recorded, pressure]);
    given('investigating')
      .when(cmd('RecordPetition', { petitionPressureThreshold: 1 }))
      .then([recorded, { ...pressure, data: { ...pressure.data, reason: '信访1次，达到信访矛盾突出标准（1次）' } }]);
    // Past the threshold, already flagged, or cleared by hand with a reason: nothing more.
    const history = [petition('lc-letters'), petition('lc-office'), petition('lc-letters'), pressure];
    given('investigating', ...history)
      .when(cmd('RecordPetition'))
      .then([recorded]);
    const cleared: CaseEvent = { type: 'KeyCaseFlagCleared', data: { ...c, by: 'lc-office', flag: 'petition_pressure', reason: '已化解' } };
    given('investigating', ...history, cleared)
      .when(cmd('RecordPetition'))
      .then([recorded]);
    given('investigating', leaderFlag, petition('lc-letters'), petition('lc-office')).when(cmd('RecordPetition')).then([recorded, pressure]);
    expect(stateAfter([opened, ...history])).toMatchObject({ facts: { petitions: 3, keyFlags: ['petition_pressure'] } });
  });

  it('CountRegisterPetition / RecordPetition: petitions referred through the aftermath register count toward PETITION_PRESSURE_THRESHOLD too', () => {
    const petition: CaseEvent = { type: 'PetitionRecorded', data: { ...c, by: 'lc-letters', petitioners: 5, text: '来访' } };
    const pressure: CaseEvent = {
      type: 'KeyCaseFlagSet',
      data: { ...c, by: 'lc-letters', flag: 'petition_pressure', reason: '信访3次，达到信访矛盾突出标准（3次）', automatic: true },
    };
    // One recorded here and the register's second: the third reaches 3, whichever way it comes.
    given('investigating', petition)
      .when(cmd('CountRegisterPetition', { registerPetitions: 1 }))
      .thenNothing();
    given('investigating', petition)
      .when(cmd('CountRegisterPetition', { registerPetitions: 2 }))
      .then([pressure]);
    given('investigating')
      .when(cmd('CountRegisterPetition', { registerPetitions: 3 }))
      .then([pressure]);
    given('investigating')
      .when(cmd('CountRegisterPetition', { registerPetitions: 4 }))
      .thenNothing();
    given('investigating', pressure)
      .when(cmd('CountRegisterPetition', { registerPetitions: 3 }))
      .thenNothing();
    const recorded = { type: 'PetitionRecorded', data: { ...c, by: 'lc-letters', petitioners: 12, text: '投资人集体来访要求退款' } } as const;
    given('investigating', petition)
      .when(cmd('RecordPetition', { registerPetitions: 1 }))
      .then([recorded, pressure]);
    given('investigating', petition)
      .when(cmd('RecordPetition', { registerPetitions: 2 }))
      .then([recorded]);
    given('closed').when(cmd('CountRegisterPetition')).thenThrows(InvalidTransitionError);
  });

  it('RecordLeaderInstruction: the office records a 批示; a central or provincial one flags the case, with who and when as the reason', () => {
    const instruction = (level: string) => ({
      type: 'LeaderInstructionRecorded',
      data: { ...c, by: 'lc-office', leader: '张某某', level, date: '2026-03-01', summary: '要求依法稳妥处置，切实维护群众合法权益' },
    });
    const flagged: CaseEvent = {
      type: 'KeyCaseFlagSet',
      data: { ...c, by: 'lc-office', flag: 'leader_instruction', reason: '省领导同志张某某于2026-03-01批示', automatic: true },
    };
    given('investigating')
      .when(cmd('RecordLeaderInstruction'))
      .then([instruction('provincial') as CaseEvent, flagged]);
    given('determined')
      .when(cmd('RecordLeaderInstruction', { level: 'central' }))
      .then([instruction('central') as CaseEvent, { ...flagged, data: { ...flagged.data, reason: '中央领导同志张某某于2026-03-01批示' } }]);
    given('investigating')
      .when(cmd('RecordLeaderInstruction', { level: 'district' }))
      .then([instruction('district') as CaseEvent]);
    given('investigating')
      .when(cmd('RecordLeaderInstruction', { level: 'municipal' }))
      .then([instruction('municipal') as CaseEvent]);
    given('investigating', leaderFlag)
      .when(cmd('RecordLeaderInstruction'))
      .then([instruction('provincial') as CaseEvent]);
    given('investigating')
      .when(as('RecordLeaderInstruction', lcMarket))
      .thenThrows(/Recording a leader's instruction .* is for an office officer of lc-office/);
    given('investigating').when(as('RecordLeaderInstruction', lcConvener)).thenThrows(ForbiddenError);
    given('investigating')
      .when(cmd('RecordLeaderInstruction', { date: '2026-13-01x' }))
      .thenThrows(/YYYY-MM-DD/);
    given('investigating')
      .when(cmd('RecordLeaderInstruction', { date: '2026-04-02' }))
      .thenThrows(/lies in the future/);
  });

  it('AssignLeaderInCharge (领导包案): the office records the leader and post; the same again is a no-op, another leader replaces', () => {
    const took: CaseEvent = {
      type: 'LeaderTookCharge',
      data: { ...c, by: 'lc-office', leader: '李某某', post: '区委常委、政法委书记', since: '2026-03-10' },
    };
    given('investigating').when(cmd('AssignLeaderInCharge')).then([took]);
    given('investigating', took)
      .when(cmd('AssignLeaderInCharge', { since: '2026-03-20' }))
      .thenNothing();
    const other = { leader: '陈某某', post: '副区长', since: '2026-03-30' };
    given('closure_requested', took)
      .when(cmd('AssignLeaderInCharge', other))
      .then([{ type: 'LeaderTookCharge', data: { ...c, by: 'lc-office', ...other } }]);
    expect(stateAfter([opened, took])).toMatchObject({
      facts: { leaderInCharge: { leader: '李某某', post: '区委常委、政法委书记', since: '2026-03-10' } },
    });
    given('investigating')
      .when(as('AssignLeaderInCharge', lcMarket))
      .thenThrows(/Assigning a leader in charge .* is for an office officer of lc-office/);
    given('investigating').when(as('AssignLeaderInCharge', lcAnalyst)).thenThrows(ForbiddenError);
    given('investigating')
      .when(cmd('AssignLeaderInCharge', { since: '2026-05-01' }))
      .thenThrows(/since: 2026-05-01 lies in the future/);
  });

  it('FormDedicatedTeam (一案一专班): the office names the head and the member units, who then may see the case', () => {
    const formed: CaseEvent = {
      type: 'DedicatedTeamFormed',
      data: { ...c, by: 'lc-office', head: '区政法委副书记王某', units: ['lc-police', 'lc-finance', 'lc-st-haibin'], formedOn: '2026-03-12' },
    };
    given('determined')
      .when(cmd('FormDedicatedTeam', { units: ['lc-police', 'lc-finance', 'lc-st-haibin', 'lc-police'] }))
      .then([formed]);
    given('determined', formed)
      .when(cmd('FormDedicatedTeam', { units: ['lc-st-haibin', 'lc-finance', 'lc-police'] }))
      .thenNothing();
    given('determined', formed)
      .when(cmd('FormDedicatedTeam', { units: ['lc-police'] }))
      .then([{ type: 'DedicatedTeamFormed', data: { ...formed.data, units: ['lc-police'] } } as CaseEvent]);
    given('determined')
      .when(cmd('FormDedicatedTeam', { units: [] }))
      .thenThrows(/at least one member unit/);
    given('determined').when(as('FormDedicatedTeam', lcPolice)).thenThrows(ForbiddenError);
    given('determined')
      .when(cmd('FormDedicatedTeam', { formedOn: '12/03/2026' }))
      .thenThrows(/formedOn: a date YYYY-MM-DD/);
    expect(stateAfter([opened, formed])).toMatchObject({
      facts: { dedicatedTeam: { head: '区政法委副书记王某', units: ['lc-police', 'lc-finance', 'lc-st-haibin'], formedOn: '2026-03-12' } },
    });
  });

  it('AssessStabilityRisk: the office, the lead unit or the street', () => {
    given('determined')
      .when(cmd('AssessStabilityRisk'))
      .then([
        {
          type: 'StabilityRiskAssessed',
          data: { ...c, by: 'lc-office', level: 'medium', beforeStep: 'transfer_to_police', text: '投资人情绪总体稳定' },
        },
      ]);
    given('determined')
      .when(as('AssessStabilityRisk', lcHaibin, { beforeStep: 'closure' }))
      .then([
        { type: 'StabilityRiskAssessed', data: { ...c, by: 'lc-st-haibin', level: 'medium', beforeStep: 'closure', text: '投资人情绪总体稳定' } },
      ]);
    given('determined').when(as('AssessStabilityRisk', lcPolice)).thenThrows(ForbiddenError);
  });
});

describe('stability-risk assessment before sensitive steps', () => {
  it('a key case needs an assessment before the transfer to the police', () => {
    given('determined', leaderFlag)
      .when(cmd('TransferToPolice'))
      .thenThrows(/a key case \(leader_instruction\): a stability-risk assessment before transfer_to_police is missing/);
    given('determined', leaderFlag, assessed('transfer_to_police')).when(cmd('TransferToPolice')).then([ev.transferred]);
  });
  it('a high-risk case needs one before seizure and supervised refund, not before a warning talk', () => {
    given('determined', gradedHigh)
      .when(cmd('TakeAdministrativeMeasure', { measure: 'seizure' }))
      .thenThrows(/graded high risk.*before seizure/);
    given('determined', gradedHigh)
      .when(cmd('TakeAdministrativeMeasure', { measure: 'supervised_refund' }))
      .thenThrows(DomainRuleError);
    given('determined', gradedHigh, assessed('seizure'))
      .when(cmd('TakeAdministrativeMeasure', { measure: 'supervised_refund' }))
      .thenThrows(/before supervised_refund/);
    given('determined', gradedHigh, assessed('supervised_refund'))
      .when(cmd('TakeAdministrativeMeasure', { measure: 'supervised_refund', amountYuan: undefined, text: '监督清退' }))
      .then([
        { type: 'AdministrativeMeasureTaken', data: { ...c, by: 'lc-market', unit: 'lc-market', measure: 'supervised_refund', text: '监督清退' } },
      ]);
    given('determined', gradedHigh)
      .when(cmd('TakeAdministrativeMeasure', { measure: 'warning_talk', amountYuan: undefined }))
      .then([
        {
          type: 'AdministrativeMeasureTaken',
          data: { ...c, by: 'lc-market', unit: 'lc-market', measure: 'warning_talk', text: '责令停止违法行为，罚款' },
        },
      ]);
  });
  it('a key case needs one before closure; an ordinary case does not', () => {
    given('in_criminal_proceedings', leaderFlag)
      .when(cmd('RequestClosure'))
      .thenThrows(/before closure is missing/);
    given('in_criminal_proceedings', leaderFlag, assessed('closure')).when(cmd('RequestClosure')).then([ev.closureRequested]);
    given('in_criminal_proceedings').when(cmd('RequestClosure')).then([ev.closureRequested]);
  });
  it('a reopened case is reassessed', () => {
    const reopened: CaseEvent = { type: 'CaseReopened', data: { ...c, reason: '发现新的受害人', by: 'lc-office' } };
    given('closed', reopened).when(cmd('RequestClosure')).then([ev.closureRequested]);
    spec
      .given([...HISTORY.in_criminal_proceedings, leaderFlag, assessed('closure'), ev.closureRequested, ev.closed, ev.writtenOff, reopened])
      .when(cmd('RequestClosure'))
      .thenThrows(DomainRuleError);
  });
});

describe('key-case flags and risk grade', () => {
  it('SetRiskGrade records each change with the previous grade; the same grade is a no-op', () => {
    given('investigating')
      .when(cmd('SetRiskGrade'))
      .then([{ type: 'RiskGradeChanged', data: { ...c, by: 'lc-office', to: 'medium', reason: '参与人数较多' } }]);
    given('investigating', gradedHigh)
      .when(cmd('SetRiskGrade', { grade: 'major', reason: '涉案金额巨大' }))
      .then([{ type: 'RiskGradeChanged', data: { ...c, by: 'lc-office', from: 'high', to: 'major', reason: '涉案金额巨大' } }]);
    given('investigating', gradedHigh)
      .when(cmd('SetRiskGrade', { grade: 'high' }))
      .thenNothing();
    given('investigating').when(as('SetRiskGrade', lcMarket)).thenThrows(ForbiddenError);
  });

  it('SetKeyCaseFlag / ClearKeyCaseFlag record each change; repeating is a no-op', () => {
    given('at_district_meeting').when(cmd('SetKeyCaseFlag')).then([leaderFlag]);
    given('at_district_meeting', leaderFlag).when(cmd('SetKeyCaseFlag')).thenNothing();
    given('at_district_meeting', leaderFlag)
      .when(cmd('ClearKeyCaseFlag'))
      .then([{ type: 'KeyCaseFlagCleared', data: { ...c, by: 'lc-office', flag: 'leader_instruction', reason: '批示事项已办结' } }]);
    given('at_district_meeting').when(cmd('ClearKeyCaseFlag')).thenNothing();
    given('investigating').when(as('SetKeyCaseFlag', qzOffice)).thenThrows(ForbiddenError);
    given('investigating', leaderFlag).when(as('ClearKeyCaseFlag', lcMarket)).thenThrows(ForbiddenError);
    expect(stateAfter([opened, leaderFlag, gradedHigh])).toMatchObject({ facts: { keyFlags: ['leader_instruction'], riskGrade: 'high' } });
  });
});

describe('closure, write-off (销号) and reopening', () => {
  it('RequestClosure: the lead unit asks', () => {
    given('investigating').when(cmd('RequestClosure')).then([ev.closureRequested]);
    given('determined').when(cmd('RequestClosure')).then([ev.closureRequested]);
    given('in_criminal_proceedings')
      .when(as('RequestClosure', lcOffice))
      .thenThrows(/is for an officer of the lead unit lc-market/);
  });

  it('ApproveClosure: an office officer or the convener closes and writes off the risk', () => {
    given('closure_requested').when(cmd('ApproveClosure')).then([ev.closed, ev.writtenOff]);
    given('closure_requested').when(as('ApproveClosure', lcConvener)).then([ev.closed, ev.writtenOff]);
    given('closure_requested')
      .when(as('ApproveClosure', lcMarket))
      .thenThrows(/is for an office officer or the convener of lc-office/);
    given('closure_requested').when(as('ApproveClosure', qzOffice)).thenThrows(ForbiddenError);
    given('closure_requested').when(as('ApproveClosure', lcAnalyst)).thenThrows(ForbiddenError);
    expect(stateAfter(HISTORY.closed)).toMatchObject({
      status: 'closed',
      writtenOff: true,
      closure: { requestedBy: 'lc-market', approvedBy: 'lc-office' },
    });
  });

  it('ApproveClosure: the office may approve a request of its own when it leads the case', () => {
    const officeLed: CaseEvent = {
      type: 'CaseUnitsAssigned',
      data: { ...c, leadUnit: 'lc-office', cooperatingUnits: ['lc-police'], previousLeadUnit: 'lc-market', by: 'lc-office' },
    };
    const requested: CaseEvent = { type: 'ClosureRequested', data: { ...c, by: 'lc-office', summary: '风险化解' } };
    spec
      .given([opened, officeLed, requested])
      .when(cmd('ApproveClosure'))
      .then([
        { type: 'CaseClosed', data: { ...c, reason: '风险化解', approvedBy: 'lc-office', requestedBy: 'lc-office', note: '同意销号' } },
        ev.writtenOff,
      ]);
  });

  it('RejectClosure: the office sends the case back to where it was', () => {
    const rejected: CaseEvent = { type: 'ClosureRejected', data: { ...c, by: 'lc-office', reason: '善后工作尚未完成' } };
    given('closure_requested').when(cmd('RejectClosure')).then([rejected]);
    expect(stateAfter([...HISTORY.closure_requested, rejected]).status).toBe('in_criminal_proceedings');
    expect(stateAfter([...HISTORY.determined, ev.closureRequested, rejected]).status).toBe('determined');
    given('closure_requested').when(as('RejectClosure', lcMarket)).thenThrows(ForbiddenError);
  });

  it('ReopenCase: the office reopens a closed case for investigation', () => {
    const reopened: CaseEvent = { type: 'CaseReopened', data: { ...c, reason: '发现新的受害人', by: 'lc-office' } };
    given('closed').when(cmd('ReopenCase')).then([reopened]);
    expect(stateAfter([...HISTORY.closed, reopened])).toMatchObject({
      status: 'investigating',
      facts: { reopenings: 1, nature: { conclusion: 'illegal_fundraising', by: 'city_meeting' }, police: 'lc-police' },
    });
    given('closed').when(as('ReopenCase', lcMarket)).thenThrows(ForbiddenError);
    given('in_criminal_proceedings').when(cmd('ReopenCase')).thenThrows(InvalidTransitionError);
  });
});

describe('the happy path of the end-to-end test', () => {
  it('folds from opening to closed and written off', () => {
    const steps: CaseCommand[] = [
      openCase({ actor: lcMarket }),
      cmd('RecordFinding'),
      cmd('RequestDetermination'),
      cmd('IssueDeterminationOpinion', { disputed: true }),
      cmd('ReferToDistrictMeeting'),
      cmd('ApplyMeetingDecision', { decision: 'escalate' }),
      cmd('EscalateToCityMeeting'),
      as('ApplyMeetingDecision', qzConvener, {
        meetingId: 'M-C1',
        meetingTitle: CITY_MEETING_TITLE,
        level: 'city',
        decision: 'determined',
        conclusion: 'illegal_fundraising',
      }),
      cmd('TransferToPolice'),
      cmd('AcceptTransfer'),
      cmd('RequestClosure'),
      cmd('ApproveClosure'),
    ];
    const history: CaseEvent[] = [];
    for (const step of steps) history.push(...caseDecider.decide(step, stateAfter(history)));
    expect(history.map((e) => e.type)).toEqual([
      'CaseOpened',
      'FindingRecorded',
      'DeterminationRequested',
      'DeterminationOpinionIssued',
      'ReferredToDistrictMeeting',
      'MeetingDecisionApplied',
      'EscalatedToCityMeeting',
      'MeetingDecisionApplied',
      'DecisionReceivedFromCity',
      'NatureDetermined',
      'TransferredToPolice',
      'TransferAcceptedByPolice',
      'ClosureRequested',
      'CaseClosed',
      'RiskWrittenOff',
    ]);
    expect(history.every((e) => e.data.caseId === CASE_ID)).toBe(true);
    expect(stateAfter(history)).toMatchObject({ status: 'closed', writtenOff: true });
  });
});

describe('evolve', () => {
  it('ignores anything but an opening before the case exists', () => {
    expect(stateAfter([ev.closureRequested])).toEqual({ status: 'none' });
  });
  it('keeps the latest known amount from findings', () => {
    const finding: CaseEvent = { type: 'FindingRecorded', data: { ...c, by: 'lc-market', text: '核实', amountYuan: '5200000.00' } };
    expect(stateAfter([opened, finding])).toMatchObject({ facts: { amountYuan: '5200000.00' } });
  });
});

describe('escalation across deployments (federation: the city office is served by another deployment)', () => {
  const toQz = { meetingId: undefined, meetingTitle: undefined, cityDeployment: 'qz' };
  const escalatedToQz: CaseEvent = {
    type: 'EscalatedToCityMeeting',
    data: { ...c, meetingId: 'deployment:qz', cityDeployment: 'qz', districtMeetingId: 'M-D1', question: '是否认定为非法集资？', by: 'lc-office' },
  };
  const qzDecision = {
    meetingId: 'QZ-M7',
    meetingTitle: CITY_MEETING_TITLE,
    level: 'city' as const,
    decision: 'determined' as const,
    conclusion: 'illegal_fundraising' as const,
    text: '认定为非法集资',
    fromDeployment: 'qz',
  };

  it('given a district decision to escalate, when the office escalates to the other deployment, then the case waits at the city meeting of that deployment', () => {
    given('awaiting_city_escalation').when(cmd('EscalateToCityMeeting', toQz)).then([escalatedToQz]);
    expect(stateAfter([...HISTORY.awaiting_city_escalation, escalatedToQz])).toMatchObject({
      status: 'at_city_meeting',
      meetingId: 'deployment:qz',
      districtMeetingId: 'M-D1',
      cityDeployment: 'qz',
    });
  });

  it('refuses a meetingId when the other deployment chooses the meeting, and an escalation naming no meeting here (422)', () => {
    given('awaiting_city_escalation')
      .when(cmd('EscalateToCityMeeting', { cityDeployment: 'qz' }))
      .thenThrows(/meetingId: the city office is served by the deployment qz/);
    given('awaiting_city_escalation')
      .when(cmd('EscalateToCityMeeting', { meetingId: undefined }))
      .thenThrows(DomainRuleError);
  });

  it('given a case escalated to qz, when qz’s convener decides, then the case is decided and the district office receives it', () => {
    given('awaiting_city_escalation', escalatedToQz)
      .when(as('ApplyMeetingDecision', qzConvener, qzDecision))
      .then([
        { ...ev.cityDetermined, data: { ...ev.cityDetermined.data, meetingId: 'QZ-M7' } },
        { ...ev.receivedFromCity, data: { ...ev.receivedFromCity.data, meetingId: 'QZ-M7' } },
        { ...ev.natureByCity, data: { ...ev.natureByCity.data, meetingId: 'QZ-M7' } },
      ]);
  });

  it('counts only a decision from the deployment the case was escalated to', () => {
    given('awaiting_city_escalation', escalatedToQz)
      .when(as('ApplyMeetingDecision', qzConvener, { ...qzDecision, fromDeployment: 'fz' }))
      .thenThrows(/waits for the city joint meeting of the deployment qz; a decision from the deployment fz does not count/);
    given('awaiting_city_escalation', escalatedToQz)
      .when(as('ApplyMeetingDecision', qzConvener, { ...qzDecision, fromDeployment: undefined }))
      .thenThrows(DomainRuleError);
    // A case before a meeting of this deployment hears nothing from another one.
    given('at_city_meeting')
      .when(as('ApplyMeetingDecision', qzConvener, { ...qzDecision, meetingId: 'M-C1' }))
      .thenThrows(/a decision from the deployment qz does not count/);
    // The convener rule still holds for a decision from another deployment.
    given('awaiting_city_escalation', escalatedToQz)
      .when(as('ApplyMeetingDecision', lcConvener, qzDecision))
      .thenThrows(ForbiddenError);
  });

  it('given nothing, when lc’s escalation reaches qz, then qz’s record opens waiting for a city meeting, linked to lc’s case, without leads', () => {
    const record = receiveEscalation();
    const { kind: _k, at: _at, actor: _a, keyFlags: _f, ...data } = record;
    const openedRecord: CaseEvent = { type: 'CaseOpened', data: { ...data, amountYuan: '3500000.00', leadIds: [], by: 'lc-office' } };
    const flagged: CaseEvent = {
      type: 'KeyCaseFlagSet',
      data: { caseId: 'QZ-C1', by: 'lc-office', flag: 'cross_region', reason: `lc 平台案件 ${CASE_NO} 已列为重点案件`, automatic: true },
    };
    spec.given([]).when(record).then([openedRecord, flagged]);
    expect(stateAfter([openedRecord, flagged])).toMatchObject({
      status: 'awaiting_city_escalation',
      districtMeetingId: 'M-D1',
      facts: { office: 'qz-office', keyFlags: ['cross_region'], origin: { deployment: 'lc', caseId: 'LC-C1', caseNo: CASE_NO, office: 'lc-office' } },
    });
  });

  it('lets only the escalating district office open the record, once', () => {
    spec
      .given([])
      .when(receiveEscalation({ actor: fzOffice }))
      .thenThrows(ForbiddenError);
    spec
      .given([])
      .when(receiveEscalation({ actor: lcMarket }))
      .thenThrows(ForbiddenError);
    spec
      .given([])
      .when(receiveEscalation({ actor: qzOffice }))
      .thenThrows(ForbiddenError);
    spec.given([opened]).when(receiveEscalation()).thenThrows(InvalidTransitionError);
  });

  it('given qz’s record on a city meeting, when its convener decides, then the record is decided and receives nothing itself (the district does)', () => {
    const record = caseDecider.decide(receiveEscalation(), caseDecider.initialState());
    const onMeeting = caseDecider.decide({ ...SAMPLE_COMMANDS.EscalateToCityMeeting, actor: qzOffice, meetingId: 'QZ-M7' }, stateAfter(record));
    expect(onMeeting).toEqual([
      {
        type: 'EscalatedToCityMeeting',
        data: expect.objectContaining({ caseId: 'QZ-C1', meetingId: 'QZ-M7', districtMeetingId: 'M-D1', by: 'qz-office' }),
      },
    ]);
    const decided = caseDecider.decide(
      as('ApplyMeetingDecision', qzConvener, { ...qzDecision, fromDeployment: undefined }),
      stateAfter([...record, ...onMeeting]),
    );
    expect(decided.map((e) => e.type)).toEqual(['MeetingDecisionApplied', 'NatureDetermined']);
  });
});
