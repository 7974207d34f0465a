/**
 * Test fixtures for the case decider spec (not production code): actors as the
 * agency registry (config/agencies.json) describes them, a case history per
 * status, and one valid command of each type.
 */
import type { CaseOrigin, DomainActor } from '@jm/contracts';
import type { CaseCommand, CaseCommandType } from '../case/case.commands';
import type { CaseEvent } from '../case/case.events';
import type { CaseStatus } from '../case/case';

export const AT = '2026-04-01T02:00:00.000Z';
export const DEADLINE = '2026-04-08T02:00:00.000Z';
export const CASE_ID = 'C1';
export const CASE_NO = 'CASE-350502-2026-0001';
/** The meetings of the happy path (M-D1 and M-C1), by their titles. */
export const DISTRICT_MEETING_TITLE = '鲤城区打击非法金融活动联席会议2026年第1次会议';
export const CITY_MEETING_TITLE = '泉州市打击非法金融活动联席会议2026年第1次会议';

type Extra = Partial<Pick<DomainActor, 'duty' | 'level' | 'jurisdiction'>>;
export function actor(agency: string, agencyKind: DomainActor['agencyKind'], roles: DomainActor['roles'], extra: Extra = {}): DomainActor {
  return { user: `${agency}-user`, agency, agencyKind, level: 'district', jurisdiction: '350502', roles, ...extra };
}

export const lcOffice = actor('lc-office', 'office', ['office_officer']);
export const lcConvener = actor('lc-office', 'office', ['convener']);
export const lcAnalyst = actor('lc-office', 'office', ['analyst']);
export const lcMarket = actor('lc-market', 'member', ['unit_officer'], { duty: 'market_regulation' });
export const lcMarketAnalyst = actor('lc-market', 'member', ['analyst'], { duty: 'market_regulation' });
export const lcFinance = actor('lc-finance', 'member', ['unit_officer'], { duty: 'financial_office' });
export const lcSocial = actor('lc-social-affairs', 'member', ['unit_officer'], { duty: 'industry_authority' });
export const lcPolice = actor('lc-police', 'member', ['unit_officer'], { duty: 'police' });
export const lcCourt = actor('lc-court', 'member', ['unit_officer'], { duty: 'court' });
export const lcProcuratorate = actor('lc-procuratorate', 'member', ['unit_officer'], { duty: 'procuratorate' });
export const lcLetters = actor('lc-letters', 'member', ['unit_officer'], { duty: 'letters_and_visits' });
export const lcHaibin = actor('lc-st-haibin', 'street', ['street_officer']);
export const fzOffice = actor('fz-office', 'office', ['office_officer'], { jurisdiction: '350503' });
export const fzPolice = actor('fz-police', 'member', ['unit_officer'], { duty: 'police', jurisdiction: '350503' });
/** What the process managers act as for an event the deadline engine recorded (SYSTEM_AGENCY, unknown to the registry). */
export const systemActor: DomainActor = {
  user: 'deadline-engine',
  agency: 'system',
  agencyKind: 'street',
  level: 'district',
  jurisdiction: '350502',
  roles: [],
};
export const qzOffice = actor('qz-office', 'office', ['office_officer'], { level: 'city', jurisdiction: '350500' });
export const qzConvener = actor('qz-office', 'office', ['convener'], { level: 'city', jurisdiction: '350500' });
export const qzPbc = actor('qz-pbc', 'member', ['unit_officer'], { duty: 'central_bank', level: 'city', jurisdiction: '350500' });
export const qzNfra = actor('qz-nfra', 'member', ['unit_officer'], { duty: 'financial_regulator', level: 'city', jurisdiction: '350500' });
export const fjCsrc = actor('fj-csrc', 'member', ['unit_officer'], { duty: 'securities_regulator', level: 'province', jurisdiction: '350000' });
export const fjOfficeConvener = actor('fj-office', 'office', ['convener'], { level: 'province', jurisdiction: '350000' });

/** The opening command: lead unit lc-market, lc-police cooperating, one local company. */
export function openCase(overrides: Partial<Extract<CaseCommand, { kind: 'OpenCase' }>> = {}): Extract<CaseCommand, { kind: 'OpenCase' }> {
  return {
    kind: 'OpenCase',
    at: AT,
    actor: lcOffice,
    caseId: CASE_ID,
    caseNo: CASE_NO,
    title: '泉州某某养老服务有限公司涉嫌非法集资',
    leadIds: ['L1'],
    category: 'illegal_fundraising',
    field: 'pension',
    jurisdiction: '350502',
    street: 'lc-st-haibin',
    office: 'lc-office',
    leadUnit: 'lc-market',
    cooperatingUnits: ['lc-police'],
    subjects: [{ kind: 'company', name: '泉州某某养老服务有限公司', creditCode: '91350502MA2Y4X5B3K', region: '350502' }],
    matchKeys: ['name:泉州某某养老服务', 'credit:91350502MA2Y4X5B3K'],
    amountYuan: '3500000',
    participants: 120,
    ...overrides,
  };
}

export const opened: CaseEvent = {
  type: 'CaseOpened',
  data: {
    caseId: CASE_ID,
    caseNo: CASE_NO,
    title: '泉州某某养老服务有限公司涉嫌非法集资',
    leadIds: ['L1'],
    category: 'illegal_fundraising',
    field: 'pension',
    jurisdiction: '350502',
    street: 'lc-st-haibin',
    office: 'lc-office',
    leadUnit: 'lc-market',
    cooperatingUnits: ['lc-police'],
    subjects: [{ kind: 'company', name: '泉州某某养老服务有限公司', creditCode: '91350502MA2Y4X5B3K', region: '350502' }],
    matchKeys: ['name:泉州某某养老服务', 'credit:91350502MA2Y4X5B3K'],
    amountYuan: '3500000.00',
    participants: 120,
    by: 'lc-office',
  },
};

const c = { caseId: CASE_ID };
export const ev = {
  determinationRequested: { type: 'DeterminationRequested', data: { ...c, by: 'lc-market', authority: 'lc-finance' } },
  opinionIssued: (disputed: boolean): CaseEvent => ({
    type: 'DeterminationOpinionIssued',
    data: { ...c, authority: 'lc-finance', conclusion: 'illegal_fundraising', disputed, text: '涉嫌非法集资，但对是否具有公开性存在争议' },
  }),
  referred: {
    type: 'ReferredToDistrictMeeting',
    data: { ...c, meetingId: 'M-D1', meetingTitle: DISTRICT_MEETING_TITLE, question: '是否认定为非法集资？', by: 'lc-office' },
  },
  districtEscalate: {
    type: 'MeetingDecisionApplied',
    data: {
      ...c,
      meetingId: 'M-D1',
      meetingTitle: DISTRICT_MEETING_TITLE,
      level: 'district',
      decision: 'escalate',
      text: '争议较大，提请市联席会议',
      by: 'lc-office',
    },
  },
  escalated: {
    type: 'EscalatedToCityMeeting',
    data: { ...c, meetingId: 'M-C1', meetingTitle: CITY_MEETING_TITLE, districtMeetingId: 'M-D1', question: '是否认定为非法集资？', by: 'lc-office' },
  },
  cityDetermined: {
    type: 'MeetingDecisionApplied',
    data: {
      ...c,
      meetingId: 'M-C1',
      meetingTitle: CITY_MEETING_TITLE,
      level: 'city',
      decision: 'determined',
      conclusion: 'illegal_fundraising',
      text: '认定为非法集资',
      by: 'qz-office',
    },
  },
  receivedFromCity: {
    type: 'DecisionReceivedFromCity',
    data: {
      ...c,
      meetingId: 'M-C1',
      meetingTitle: CITY_MEETING_TITLE,
      office: 'lc-office',
      decision: 'determined',
      conclusion: 'illegal_fundraising',
    },
  },
  natureByCity: {
    type: 'NatureDetermined',
    data: { ...c, conclusion: 'illegal_fundraising', by: 'city_meeting', decidedBy: 'qz-office', meetingId: 'M-C1' },
  },
  transferred: {
    type: 'TransferredToPolice',
    data: { ...c, by: 'lc-office', transfer: 1, police: 'lc-police', deadline: DEADLINE, reason: '涉嫌非法吸收公众存款罪' },
  },
  accepted: {
    type: 'TransferAcceptedByPolice',
    data: { ...c, transfer: 1, police: 'lc-police', filedOn: '2026-04-03', policeCaseNo: 'A3505020000002026040001' },
  },
  closureRequested: { type: 'ClosureRequested', data: { ...c, by: 'lc-market', summary: '已立案侦查，资金清退完毕，风险化解' } },
  closed: {
    type: 'CaseClosed',
    data: { ...c, reason: '已立案侦查，资金清退完毕，风险化解', approvedBy: 'lc-office', requestedBy: 'lc-market', note: '同意销号' },
  },
  writtenOff: { type: 'RiskWrittenOff', data: { ...c, approvedBy: 'lc-office' } },
} satisfies Record<string, CaseEvent | ((...args: never[]) => CaseEvent)>;

/** A history that leaves the case in each status, along the happy path. */
const investigating: CaseEvent[] = [opened];
const awaitingOpinion: CaseEvent[] = [...investigating, ev.determinationRequested];
const opinionIssued: CaseEvent[] = [...awaitingOpinion, ev.opinionIssued(true)];
const atDistrict: CaseEvent[] = [...opinionIssued, ev.referred];
const awaitingCity: CaseEvent[] = [...atDistrict, ev.districtEscalate];
const atCity: CaseEvent[] = [...awaitingCity, ev.escalated];
const determined: CaseEvent[] = [...atCity, ev.cityDetermined, ev.receivedFromCity, ev.natureByCity];
const transferred: CaseEvent[] = [...determined, ev.transferred];
const criminal: CaseEvent[] = [...transferred, ev.accepted];
const closureRequested: CaseEvent[] = [...criminal, ev.closureRequested];
const closed: CaseEvent[] = [...closureRequested, ev.closed, ev.writtenOff];

export const HISTORY: Record<CaseStatus, CaseEvent[]> = {
  none: [],
  investigating,
  awaiting_opinion: awaitingOpinion,
  opinion_issued: opinionIssued,
  at_district_meeting: atDistrict,
  awaiting_city_escalation: awaitingCity,
  at_city_meeting: atCity,
  determined,
  transferred_to_police: transferred,
  in_criminal_proceedings: criminal,
  closure_requested: closureRequested,
  closed,
};

/** Where the city's record of an escalation from the lc deployment comes from (federation). */
export const ORIGIN: CaseOrigin = {
  deployment: 'lc',
  caseId: 'LC-C1',
  caseNo: CASE_NO,
  office: 'lc-office',
  districtMeeting: { meetingId: 'M-D1', meetingTitle: DISTRICT_MEETING_TITLE, text: '争议较大，提请市联席会议' },
  question: '是否认定为非法集资？',
  findings: [{ by: 'lc-market', at: AT, text: '该公司以预售养老床位名义向社会公众吸收资金', amountYuan: '5200000.50' }],
  opinions: [{ authority: 'lc-finance', conclusion: 'illegal_fundraising', disputed: true, text: '涉嫌非法集资，但对是否具有公开性存在争议' }],
};

/** The city's record (qz) of the lc case escalated to it: as the lc office officer's escalation message opens it. */
export function receiveEscalation(
  overrides: Partial<Extract<CaseCommand, { kind: 'ReceiveEscalation' }>> = {},
): Extract<CaseCommand, { kind: 'ReceiveEscalation' }> {
  const { leadIds: _leads, kind: _kind, office: _office, ...opening } = openCase();
  return { ...opening, kind: 'ReceiveEscalation', caseId: 'QZ-C1', office: 'qz-office', origin: ORIGIN, keyFlags: ['cross_region'], ...overrides };
}

const base = { at: AT };
/** One well-formed command of each type, issued by someone allowed to issue it. */
export const SAMPLE_COMMANDS: { [T in CaseCommandType]: Extract<CaseCommand, { kind: T }> } = {
  OpenCase: openCase(),
  ReceiveEscalation: receiveEscalation(),
  AssignUnits: { kind: 'AssignUnits', ...base, actor: lcOffice, leadUnit: 'lc-finance', cooperatingUnits: ['lc-market', 'lc-police'] },
  AttachLead: { kind: 'AttachLead', ...base, actor: lcOffice, leadId: 'L2' },
  FormJointInvestigationTeam: {
    kind: 'FormJointInvestigationTeam',
    ...base,
    actor: lcOffice,
    leader: 'lc-market',
    members: ['lc-police', 'lc-finance'],
  },
  RecordFinding: {
    kind: 'RecordFinding',
    ...base,
    actor: lcMarket,
    text: '该公司以预售养老床位名义向社会公众吸收资金',
    amountYuan: '5200000.5',
    participants: 180,
  },
  RequestFundsMonitoring: {
    kind: 'RequestFundsMonitoring',
    ...base,
    actor: lcMarket,
    requestId: 'F1',
    to: 'qz-pbc',
    toDuty: 'central_bank',
    measure: 'monitor',
    accounts: ['6222020000000000001'],
  },
  AnswerFundsMonitoring: { kind: 'AnswerFundsMonitoring', ...base, actor: qzPbc, requestId: 'F1', outcome: 'monitoring', note: '已纳入资金监测' },
  RequestDetermination: { kind: 'RequestDetermination', ...base, actor: lcMarket, authority: 'lc-finance', authorityName: '鲤城区发改局（金融办）' },
  IssueDeterminationOpinion: {
    kind: 'IssueDeterminationOpinion',
    ...base,
    actor: lcFinance,
    conclusion: 'illegal_fundraising',
    disputed: true,
    text: '涉嫌非法集资，但对是否具有公开性存在争议',
  },
  AcceptDeterminationOpinion: { kind: 'AcceptDeterminationOpinion', ...base, actor: lcOffice },
  ReferToDistrictMeeting: {
    kind: 'ReferToDistrictMeeting',
    ...base,
    actor: lcOffice,
    meetingId: 'M-D1',
    meetingTitle: DISTRICT_MEETING_TITLE,
    question: '是否认定为非法集资？',
  },
  EscalateToCityMeeting: {
    kind: 'EscalateToCityMeeting',
    ...base,
    actor: lcOffice,
    meetingId: 'M-C1',
    meetingTitle: CITY_MEETING_TITLE,
    question: '是否认定为非法集资？',
  },
  ApplyMeetingDecision: {
    kind: 'ApplyMeetingDecision',
    ...base,
    actor: lcConvener,
    meetingId: 'M-D1',
    meetingTitle: DISTRICT_MEETING_TITLE,
    level: 'district',
    decision: 'escalate',
    text: '争议较大，提请市联席会议',
  },
  TakeAdministrativeMeasure: {
    kind: 'TakeAdministrativeMeasure',
    ...base,
    actor: lcMarket,
    measure: 'penalty',
    amountYuan: '200000',
    text: '责令停止违法行为，罚款',
  },
  TransferToPolice: {
    kind: 'TransferToPolice',
    ...base,
    actor: lcOffice,
    police: 'lc-police',
    policeDuty: 'police',
    deadline: DEADLINE,
    reason: '涉嫌非法吸收公众存款罪',
  },
  AcceptTransfer: { kind: 'AcceptTransfer', ...base, actor: lcPolice, filedOn: '2026-04-03', policeCaseNo: 'A3505020000002026040001' },
  DeclineTransfer: { kind: 'DeclineTransfer', ...base, actor: lcPolice, reasons: ['尚未达到刑事立案追诉标准'] },
  RecordProsecution: { kind: 'RecordProsecution', ...base, actor: lcProcuratorate, text: '以非法吸收公众存款罪提起公诉', defendants: 3 },
  RecordJudgment: { kind: 'RecordJudgment', ...base, actor: lcCourt, amountYuan: '500000', text: '一审判决，并处罚金' },
  RecordRecovery: { kind: 'RecordRecovery', ...base, actor: lcPolice, amountYuan: '1200000', text: '追缴涉案资金' },
  RecordRefundCompleted: { kind: 'RecordRefundCompleted', ...base, actor: lcPolice, text: '涉案资金已按比例清退完毕' },
  ExemptFromTwoYearLimit: {
    kind: 'ExemptFromTwoYearLimit',
    ...base,
    actor: lcOffice,
    ground: 'major_complex',
    approvedBy: '泉州市中级人民法院',
    reason: '涉案人数众多、跨省资产处置',
  },
  SetKeyCaseFlagFromClock: {
    kind: 'SetKeyCaseFlagFromClock',
    ...base,
    actor: systemActor,
    flag: 'criminal_over_5y',
    clockId: `case-clearance-5y.${CASE_ID}`,
    dueAt: '2031-04-03T16:00:00.000Z',
    reason: '刑事侦查立案满5年未出清',
  },
  RecordVictimClaims: { kind: 'RecordVictimClaims', ...base, actor: lcHaibin, claimants: 96, amountYuan: '2800000' },
  RecordPetition: {
    kind: 'RecordPetition',
    ...base,
    actor: lcLetters,
    petitioners: 12,
    text: '投资人集体来访要求退款',
    petitionPressureThreshold: 3,
  },
  CountRegisterPetition: {
    kind: 'CountRegisterPetition',
    ...base,
    actor: lcLetters,
    petitionId: 'Q1',
    registerPetitions: 1,
    petitionPressureThreshold: 3,
  },
  AssessStabilityRisk: {
    kind: 'AssessStabilityRisk',
    ...base,
    actor: lcOffice,
    level: 'medium',
    beforeStep: 'transfer_to_police',
    text: '投资人情绪总体稳定',
  },
  SetRiskGrade: { kind: 'SetRiskGrade', ...base, actor: lcOffice, grade: 'medium', reason: '参与人数较多' },
  SetKeyCaseFlag: { kind: 'SetKeyCaseFlag', ...base, actor: lcOffice, flag: 'leader_instruction', reason: '区领导批示' },
  AssignLeaderInCharge: {
    kind: 'AssignLeaderInCharge',
    ...base,
    actor: lcOffice,
    leader: '李某某',
    post: '区委常委、政法委书记',
    since: '2026-03-10',
  },
  FormDedicatedTeam: {
    kind: 'FormDedicatedTeam',
    ...base,
    actor: lcOffice,
    head: '区政法委副书记王某',
    units: ['lc-police', 'lc-finance', 'lc-st-haibin'],
    formedOn: '2026-03-12',
  },
  RecordLeaderInstruction: {
    kind: 'RecordLeaderInstruction',
    ...base,
    actor: lcOffice,
    leader: '张某某',
    level: 'provincial',
    date: '2026-03-01',
    summary: '要求依法稳妥处置，切实维护群众合法权益',
  },
  ClearKeyCaseFlag: { kind: 'ClearKeyCaseFlag', ...base, actor: lcOffice, flag: 'leader_instruction', reason: '批示事项已办结' },
  RequestClosure: { kind: 'RequestClosure', ...base, actor: lcMarket, summary: '已立案侦查，资金清退完毕，风险化解' },
  ApproveClosure: { kind: 'ApproveClosure', ...base, actor: lcOffice, note: '同意销号' },
  RejectClosure: { kind: 'RejectClosure', ...base, actor: lcOffice, reason: '善后工作尚未完成' },
  ReopenCase: { kind: 'ReopenCase', ...base, actor: lcOffice, reason: '发现新的受害人' },
};
