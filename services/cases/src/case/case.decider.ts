/**
 * The case decider: which command is allowed in which status (ALLOWED_COMMANDS,
 * so a refusal can say what is allowed instead), who may issue it
 * (case.policy.ts), and the events it produces. Pure: time, ids and registry
 * facts come in the command.
 */
import type { Decider } from '@jm/event-sourcing';
import type { CaseOrigin, LeaderLevel } from '@jm/contracts';
import type { ActivityCategory, KeyCaseFlag, Yuan } from '@jm/reference';
import { assertNever, DomainRuleError, InvalidTransitionError } from '@jm/event-sourcing';
import { ACTIVITY_CATEGORY_CODES, compareYuan, normalizeYuan, regionContains } from '@jm/reference';
import { SYSTEM_AGENCY, TWO_YEAR_EXEMPTION_GROUNDS } from '@jm/contracts';
import type {
  AcceptDeterminationOpinion,
  AcceptTransfer,
  AnswerFundsMonitoring,
  ApplyMeetingDecision,
  ApproveClosure,
  AssessStabilityRisk,
  AssignUnits,
  AttachLead,
  CaseCommand,
  CaseCommandType,
  ClearKeyCaseFlag,
  DeclineTransfer,
  ExemptFromTwoYearLimit,
  EscalateToCityMeeting,
  FormJointInvestigationTeam,
  IssueDeterminationOpinion,
  NatureConclusion,
  OpenCase,
  ReceiveEscalation,
  RecordFinding,
  RecordJudgment,
  RecordLeaderInstruction,
  AssignLeaderInCharge,
  FormDedicatedTeam,
  RecordPetition,
  CountRegisterPetition,
  RecordProsecution,
  RecordRecovery,
  RecordRefundCompleted,
  RecordVictimClaims,
  ReferToDistrictMeeting,
  RejectClosure,
  ReopenCase,
  RequestClosure,
  RequestDetermination,
  RequestFundsMonitoring,
  SetKeyCaseFlag,
  SetKeyCaseFlagFromClock,
  SetRiskGrade,
  TakeAdministrativeMeasure,
  TransferToPolice,
} from './case.commands';
import type { CaseEvent, CrossRegionPartyNotified, KeyCaseFlagSet } from './case.events';
import type { CaseFacts, CaseState, CaseStatus, OpenedCaseState } from './case';
import { evolveCase, initialCaseState } from './case';
import {
  actsFor,
  authorise,
  isLeadUnit,
  isLettersBureauOver,
  isOfficeOfficer,
  leadUnitWho,
  memberUnits,
  officeWho,
  requireStabilityAssessment,
  workingUnits,
} from './case.policy';

export { toCaseStreamId } from '@jm/contracts';

/** Allowed in every status of an opened, not closed case (records that never move the case). */
const ALWAYS_OPEN: CaseCommandType[] = [
  'AttachLead',
  'RecordFinding',
  'RequestFundsMonitoring',
  'AnswerFundsMonitoring',
  'RecordVictimClaims',
  'RecordPetition',
  'CountRegisterPetition',
  'AssessStabilityRisk',
  'SetRiskGrade',
  'SetKeyCaseFlag',
  'ClearKeyCaseFlag',
  'SetKeyCaseFlagFromClock',
  'RecordLeaderInstruction',
  'AssignLeaderInCharge',
  'FormDedicatedTeam',
];
/** Reorganising the work is frozen while closure waits for approval. */
const WORKING: CaseCommandType[] = [...ALWAYS_OPEN, 'AssignUnits', 'FormJointInvestigationTeam', 'ExemptFromTwoYearLimit'];

/** The status table: which commands each status allows. Anything else is a 409 that lists this row. */
export const ALLOWED_COMMANDS: Record<CaseStatus, CaseCommandType[]> = {
  none: ['OpenCase', 'ReceiveEscalation'],
  investigating: [...WORKING, 'RequestDetermination', 'ReferToDistrictMeeting', 'TransferToPolice', 'RequestClosure'],
  // The office may take a case whose authority stays silent or declines competence to the meeting.
  awaiting_opinion: [...WORKING, 'IssueDeterminationOpinion', 'ReferToDistrictMeeting'],
  opinion_issued: [...WORKING, 'AcceptDeterminationOpinion', 'ReferToDistrictMeeting', 'RequestDetermination'],
  at_district_meeting: [...WORKING, 'ApplyMeetingDecision'],
  awaiting_city_escalation: [...WORKING, 'EscalateToCityMeeting'],
  at_city_meeting: [...WORKING, 'ApplyMeetingDecision'],
  determined: [...WORKING, 'TakeAdministrativeMeasure', 'TransferToPolice', 'RecordRecovery', 'RequestClosure'],
  transferred_to_police: [...WORKING, 'AcceptTransfer', 'DeclineTransfer', 'TakeAdministrativeMeasure', 'RecordRecovery'],
  in_criminal_proceedings: [
    ...WORKING,
    'RecordProsecution',
    'RecordJudgment',
    'RecordRefundCompleted',
    'RecordRecovery',
    'TakeAdministrativeMeasure',
    'RequestClosure',
  ],
  closure_requested: [...ALWAYS_OPEN, 'ApproveClosure', 'RejectClosure'],
  closed: ['ReopenCase'],
};

const HUNDRED_MILLION: Yuan = '100000000';
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function refuse(command: CaseCommand, state: CaseState): InvalidTransitionError {
  return new InvalidTransitionError('case', command.kind, state.status, ALLOWED_COMMANDS[state.status]);
}

function amount(value: Yuan | undefined): Yuan | undefined {
  return value === undefined ? undefined : normalizeYuan(value);
}

function atLeastHundredMillion(value: Yuan | undefined): boolean {
  return value !== undefined && compareYuan(value, HUNDRED_MILLION) >= 0;
}

function isCategory(value: unknown): value is ActivityCategory {
  return typeof value === 'string' && (ACTIVITY_CATEGORY_CODES as string[]).includes(value);
}

function partyName(party: OpenCase['subjects'][number]): string {
  return party.name ?? party.creditCode ?? party.url ?? party.phone ?? party.account ?? party.kind;
}

function flagSet(caseId: string, by: string, flag: KeyCaseFlag, reason: string, automatic: boolean): KeyCaseFlagSet {
  return { type: 'KeyCaseFlagSet', data: { caseId, by, flag, reason, automatic } };
}

/** The opening of a case: the command's facts, its leads and, for a record of another deployment's escalation, its origin. */
function caseOpened(c: OpenCase | ReceiveEscalation, leadIds: string[], origin?: CaseOrigin): CaseEvent {
  const amountYuan = amount(c.amountYuan);
  return {
    type: 'CaseOpened',
    data: {
      caseId: c.caseId,
      caseNo: c.caseNo,
      title: c.title,
      leadIds,
      category: c.category,
      field: c.field,
      jurisdiction: c.jurisdiction,
      ...(c.street ? { street: c.street } : {}),
      office: c.office,
      leadUnit: c.leadUnit,
      cooperatingUnits: [...new Set(c.cooperatingUnits)],
      subjects: c.subjects,
      matchKeys: c.matchKeys,
      ...(amountYuan !== undefined ? { amountYuan } : {}),
      ...(c.participants !== undefined ? { participants: c.participants } : {}),
      ...(origin ? { origin } : {}),
      by: c.actor.agency,
    },
  };
}

function openCase(c: OpenCase): CaseEvent[] {
  const who = `an office officer of ${c.office} or an officer of the lead unit ${c.leadUnit} (the verifying unit)`;
  authorise(isOfficeOfficer(c.actor, c.office) || actsFor(c.actor, c.leadUnit), 'Opening', { caseNo: c.caseNo }, who, c.actor);
  if (c.leadIds.length === 0) throw new DomainRuleError(`case ${c.caseNo}: a case is opened from at least one lead; leadIds is empty`);
  if (c.cooperatingUnits.includes(c.leadUnit)) {
    throw new DomainRuleError(`case ${c.caseNo}: the lead unit ${c.leadUnit} cannot also be a cooperating unit`);
  }
  const amountYuan = amount(c.amountYuan);
  const opened = caseOpened(c, [...new Set(c.leadIds)]);
  // The case's own city counts as home: a party elsewhere in it is handled by the same city meeting.
  const city = `${c.jurisdiction.slice(0, 4)}00`;
  const notices: CrossRegionPartyNotified[] = c.subjects
    .filter((s) => s.region !== undefined && !regionContains(city, s.region))
    .map((party) => {
      const region = party.region as string;
      const office = c.regionOffices?.[region];
      return {
        type: 'CrossRegionPartyNotified',
        data: {
          caseId: c.caseId,
          caseNo: c.caseNo,
          region,
          party,
          ...(office ? { office } : {}),
          from: c.office,
          message: `${c.title}（${c.caseNo}）涉及贵地主体“${partyName(party)}”，请协助核查、配合处置，并反馈情况。`,
        },
      };
    });
  const flags: KeyCaseFlagSet[] = [];
  if (notices.length) {
    const regions = [...new Set(notices.map((n) => n.data.region))].join('、');
    flags.push(flagSet(c.caseId, c.actor.agency, 'cross_region', `涉案主体位于本市（${city}）以外：${regions}`, true));
  }
  if (atLeastHundredMillion(amountYuan)) {
    flags.push(flagSet(c.caseId, c.actor.agency, 'amount_over_100m', `立案涉案金额${amountYuan}元，达1亿元以上`, true));
  }
  return [opened, ...notices, ...flags];
}

/**
 * The city's record of a district case escalated from another deployment: opened waiting for a city meeting, with the
 * district's key-case flags. Only the escalating district office's officer (the message's actor) opens it, for a case
 * of that district's region.
 */
function receiveEscalation(c: ReceiveEscalation): CaseEvent[] {
  const { origin } = c;
  authorise(
    isOfficeOfficer(c.actor, origin.office) && c.actor.level === 'district' && regionContains(c.actor.jurisdiction, c.jurisdiction),
    'Escalating a case to this city office',
    { caseNo: c.caseNo },
    `an office officer of the escalating district office ${origin.office}, for a case of its region`,
    c.actor,
  );
  // The leads are the district's (its intake holds them and their informants); origin links to its case.
  const opened = caseOpened(c, [], origin);
  const flags = [...new Set(c.keyFlags)].map((flag) =>
    flagSet(c.caseId, c.actor.agency, flag, `${origin.deployment} 平台案件 ${origin.caseNo} 已列为重点案件`, true),
  );
  return [opened, ...flags];
}

function assignUnits(c: AssignUnits, facts: CaseFacts): CaseEvent[] {
  authorise(isOfficeOfficer(c.actor, facts.office), 'Assigning units', facts, officeWho(facts), c.actor);
  if (c.cooperatingUnits.includes(c.leadUnit)) {
    throw new DomainRuleError(`case ${facts.caseNo}: the lead unit ${c.leadUnit} cannot also be a cooperating unit`);
  }
  const cooperatingUnits = [...new Set(c.cooperatingUnits)];
  const same =
    c.leadUnit === facts.leadUnit &&
    cooperatingUnits.length === facts.cooperatingUnits.length &&
    cooperatingUnits.every((u) => facts.cooperatingUnits.includes(u));
  if (same) return [];
  return [
    {
      type: 'CaseUnitsAssigned',
      data: { caseId: facts.caseId, leadUnit: c.leadUnit, cooperatingUnits, previousLeadUnit: facts.leadUnit, by: c.actor.agency },
    },
  ];
}

function attachLead(c: AttachLead, facts: CaseFacts): CaseEvent[] {
  authorise(isOfficeOfficer(c.actor, facts.office), 'Attaching a lead', facts, officeWho(facts), c.actor);
  if (facts.leadIds.includes(c.leadId)) return [];
  return [{ type: 'LeadAttachedToCase', data: { caseId: facts.caseId, leadId: c.leadId, by: c.actor.agency } }];
}

function formTeam(c: FormJointInvestigationTeam, facts: CaseFacts): CaseEvent[] {
  authorise(isOfficeOfficer(c.actor, facts.office), 'Forming a joint investigation team', facts, officeWho(facts), c.actor);
  const members = [...new Set(c.members)].filter((m) => m !== c.leader);
  if (members.length === 0) {
    throw new DomainRuleError(`case ${facts.caseNo}: a joint investigation team needs at least one member besides its leader ${c.leader}`);
  }
  return [{ type: 'JointInvestigationTeamFormed', data: { caseId: facts.caseId, leader: c.leader, members, by: c.actor.agency } }];
}

function recordFinding(c: RecordFinding, facts: CaseFacts): CaseEvent[] {
  const units = workingUnits(facts);
  authorise(
    actsFor(c.actor, ...units),
    'Recording a finding',
    facts,
    `the lead unit, the cooperating units or the joint investigation team (${units.join(', ')})`,
    c.actor,
  );
  const amountYuan = amount(c.amountYuan);
  const events: CaseEvent[] = [
    {
      type: 'FindingRecorded',
      data: {
        caseId: facts.caseId,
        by: c.actor.agency,
        text: c.text,
        ...(amountYuan !== undefined ? { amountYuan } : {}),
        ...(c.participants !== undefined ? { participants: c.participants } : {}),
      },
    },
  ];
  // An investigated amount can make the case a key case long after opening.
  if (atLeastHundredMillion(amountYuan) && !facts.keyFlags.includes('amount_over_100m')) {
    events.push(flagSet(facts.caseId, c.actor.agency, 'amount_over_100m', `查明涉案金额${amountYuan}元，达1亿元以上`, true));
  }
  return events;
}

function requestFundsMonitoring(c: RequestFundsMonitoring, facts: CaseFacts): CaseEvent[] {
  authorise(
    isLeadUnit(c.actor, facts) || isOfficeOfficer(c.actor, facts.office),
    'Requesting funds monitoring',
    facts,
    `${leadUnitWho(facts)} or ${officeWho(facts)}`,
    c.actor,
  );
  if (c.toDuty !== 'central_bank' && c.toDuty !== 'financial_regulator') {
    throw new DomainRuleError(
      `funds monitoring is requested from a central-bank or financial-regulator branch; ${c.to} has duty ${c.toDuty ?? 'unknown (not in the registry)'}`,
    );
  }
  if (c.accounts.length === 0) throw new DomainRuleError(`case ${facts.caseNo}: name at least one account to ${c.measure}`);
  if (facts.fundsRequests[c.requestId]) throw new DomainRuleError(`case ${facts.caseNo}: funds-monitoring request ${c.requestId} already exists`);
  return [
    {
      type: 'FundsMonitoringRequested',
      data: { caseId: facts.caseId, requestId: c.requestId, by: c.actor.agency, to: c.to, measure: c.measure, accounts: [...new Set(c.accounts)] },
    },
  ];
}

function answerFundsMonitoring(c: AnswerFundsMonitoring, facts: CaseFacts): CaseEvent[] {
  const request = facts.fundsRequests[c.requestId];
  if (!request) {
    const known = Object.keys(facts.fundsRequests);
    throw new DomainRuleError(
      `case ${facts.caseNo} has no funds-monitoring request ${c.requestId}; requests: ${known.length ? known.join(', ') : 'none'}`,
    );
  }
  authorise(actsFor(c.actor, request.to), 'Answering funds-monitoring request ' + c.requestId, facts, `the addressed agency ${request.to}`, c.actor);
  const frozenAmountYuan = amount(c.frozenAmountYuan);
  return [
    {
      type: 'FundsMonitoringAnswered',
      data: {
        caseId: facts.caseId,
        requestId: c.requestId,
        by: c.actor.agency,
        outcome: c.outcome,
        ...(frozenAmountYuan !== undefined ? { frozenAmountYuan } : {}),
        note: c.note,
      },
    },
  ];
}

function requestDetermination(c: RequestDetermination, facts: CaseFacts): CaseEvent[] {
  authorise(
    isLeadUnit(c.actor, facts) || isOfficeOfficer(c.actor, facts.office),
    'Requesting a nature determination',
    facts,
    `${leadUnitWho(facts)} or ${officeWho(facts)}`,
    c.actor,
  );
  return [
    {
      type: 'DeterminationRequested',
      data: { caseId: facts.caseId, by: c.actor.agency, authority: c.authority, ...(c.authorityName ? { authorityName: c.authorityName } : {}) },
    },
  ];
}

function issueOpinion(c: IssueDeterminationOpinion, state: OpenedCaseState): CaseEvent[] {
  if (state.status !== 'awaiting_opinion') throw refuse(c, state);
  const facts = state.facts;
  authorise(actsFor(c.actor, state.authority), 'Issuing the determination opinion', facts, `the requested authority ${state.authority}`, c.actor);
  if (!isCategory(c.conclusion) && c.conclusion !== 'not_illegal') {
    throw new DomainRuleError(`conclusion must be one of ${[...ACTIVITY_CATEGORY_CODES, 'not_illegal'].join(', ')}; got ${String(c.conclusion)}`);
  }
  return [
    {
      type: 'DeterminationOpinionIssued',
      data: { caseId: facts.caseId, authority: state.authority, conclusion: c.conclusion, disputed: c.disputed, text: c.text },
    },
  ];
}

function acceptOpinion(c: AcceptDeterminationOpinion, state: OpenedCaseState): CaseEvent[] {
  if (state.status !== 'opinion_issued') throw refuse(c, state);
  const facts = state.facts;
  authorise(isOfficeOfficer(c.actor, facts.office), 'Accepting the determination opinion', facts, officeWho(facts), c.actor);
  if (state.opinion.disputed) {
    throw new DomainRuleError(
      `case ${facts.caseNo}: the opinion of ${state.opinion.authority} is disputed; a disputed determination goes to the district joint meeting (ReferToDistrictMeeting)`,
    );
  }
  return [
    {
      type: 'NatureDetermined',
      data: {
        caseId: facts.caseId,
        conclusion: state.opinion.conclusion,
        by: 'authority',
        decidedBy: c.actor.agency,
        authority: state.opinion.authority,
      },
    },
  ];
}

/** The meeting's title for the event, when the command carried a non-blank one (events never hold an empty title). */
function titleOf(c: { meetingTitle?: string }): { meetingTitle?: string } {
  const title = c.meetingTitle?.trim();
  return title ? { meetingTitle: title } : {};
}

function referToDistrict(c: ReferToDistrictMeeting, facts: CaseFacts): CaseEvent[] {
  authorise(
    isOfficeOfficer(c.actor, facts.office) && c.actor.level === 'district',
    'Referring to the district joint meeting',
    facts,
    `an office officer of ${facts.office} when it is a district office`,
    c.actor,
  );
  return [
    {
      type: 'ReferredToDistrictMeeting',
      data: { caseId: facts.caseId, meetingId: c.meetingId, ...titleOf(c), question: c.question, by: c.actor.agency },
    },
  ];
}

function escalateToCity(c: EscalateToCityMeeting, state: OpenedCaseState): CaseEvent[] {
  if (state.status !== 'awaiting_city_escalation') throw refuse(c, state);
  const facts = state.facts;
  authorise(isOfficeOfficer(c.actor, facts.office), 'Escalating to the city joint meeting', facts, officeWho(facts), c.actor);
  // Another deployment's city office chooses its own meeting: the district names none (it cannot know them).
  if (c.cityDeployment !== undefined && c.meetingId !== undefined) {
    throw new DomainRuleError(
      `meetingId: the city office is served by the deployment ${c.cityDeployment}, which puts the case on one of its meetings; escalate without a meetingId`,
    );
  }
  const meetingId = c.cityDeployment !== undefined ? `deployment:${c.cityDeployment}` : c.meetingId;
  if (meetingId === undefined) throw new DomainRuleError('meetingId: name the scheduled city joint meeting to escalate to');
  return [
    {
      type: 'EscalatedToCityMeeting',
      data: {
        caseId: facts.caseId,
        meetingId,
        ...(c.cityDeployment !== undefined ? { cityDeployment: c.cityDeployment } : {}),
        ...titleOf(c),
        districtMeetingId: state.districtMeetingId,
        question: c.question,
        by: c.actor.agency,
      },
    },
  ];
}

function applyMeetingDecision(c: ApplyMeetingDecision, state: OpenedCaseState): CaseEvent[] {
  if (state.status !== 'at_district_meeting' && state.status !== 'at_city_meeting') throw refuse(c, state);
  const facts = state.facts;
  const level = state.status === 'at_district_meeting' ? 'district' : 'city';
  const remote = state.status === 'at_city_meeting' ? state.cityDeployment : undefined;
  // A case escalated to another deployment hears only from that deployment, on whichever meeting it chose.
  if (remote !== undefined || c.fromDeployment !== undefined) {
    if (c.level !== 'city' || c.fromDeployment !== remote) {
      throw new DomainRuleError(
        `case ${facts.caseNo} waits for the city joint meeting of ${remote ? `the deployment ${remote}` : 'this deployment'}; a decision from ${c.fromDeployment ? `the deployment ${c.fromDeployment}` : 'this deployment'} does not count`,
      );
    }
  } else if (c.level !== level || c.meetingId !== state.meetingId) {
    // Only a meeting decides what it was asked to decide.
    throw new DomainRuleError(
      `only a meeting decides what it was asked to decide: case ${facts.caseNo} is on the agenda of the ${level} meeting ${state.meetingId}, not the ${c.level} meeting ${c.meetingId}`,
    );
  }
  const convener =
    level === 'district'
      ? c.actor.agency === facts.office
      : c.actor.agencyKind === 'office' && c.actor.level === 'city' && regionContains(c.actor.jurisdiction, facts.jurisdiction);
  authorise(
    convener && c.actor.roles.includes('convener'),
    `Applying the ${level} joint meeting's decision`,
    facts,
    level === 'district' ? `the convener of ${facts.office}` : `the convener of the city office over ${facts.jurisdiction}`,
    c.actor,
  );
  if (c.decision === 'escalate' && level === 'city') {
    throw new DomainRuleError(
      `the city joint meeting is the last level here: it decides determined, not_illegal or further_investigation, not escalate`,
    );
  }
  if (c.decision === 'determined' && !isCategory(c.conclusion)) {
    throw new DomainRuleError(
      `a 'determined' decision names its conclusion, one of ${ACTIVITY_CATEGORY_CODES.join(', ')}; got ${String(c.conclusion)}`,
    );
  }
  const conclusion = c.decision === 'determined' ? c.conclusion : undefined;
  const events: CaseEvent[] = [
    {
      type: 'MeetingDecisionApplied',
      data: {
        caseId: facts.caseId,
        meetingId: c.meetingId,
        ...titleOf(c),
        level,
        decision: c.decision,
        ...(conclusion ? { conclusion } : {}),
        text: c.text,
        by: c.actor.agency,
      },
    },
  ];
  // The district office receives the city's decision; the city's own record of an escalation from elsewhere does not.
  if (level === 'city' && !facts.origin) {
    events.push({
      type: 'DecisionReceivedFromCity',
      data: {
        caseId: facts.caseId,
        meetingId: c.meetingId,
        ...titleOf(c),
        office: facts.office,
        decision: c.decision,
        ...(conclusion ? { conclusion } : {}),
      },
    });
  }
  if (c.decision === 'determined' || c.decision === 'not_illegal') {
    const settled: NatureConclusion = conclusion ?? 'not_illegal';
    events.push({
      type: 'NatureDetermined',
      data: {
        caseId: facts.caseId,
        conclusion: settled,
        by: level === 'district' ? 'district_meeting' : 'city_meeting',
        decidedBy: c.actor.agency,
        meetingId: c.meetingId,
      },
    });
  }
  return events;
}

/** Judicial members (courts, procuratorates) have no administrative duty to impose measures with. */
const JUDICIAL_DUTIES: ReadonlyArray<string | undefined> = ['court', 'procuratorate'];

/** Each member unit, lead or cooperating, imposes measures within its own duty (seed 000: 各成员部门根据各自职责依法作出行政处罚). */
function takeMeasure(c: TakeAdministrativeMeasure, facts: CaseFacts): CaseEvent[] {
  const members = memberUnits(facts);
  authorise(
    actsFor(c.actor, ...members) && !JUDICIAL_DUTIES.includes(c.actor.duty),
    'Taking an administrative measure',
    facts,
    `an officer of a member unit on the case, lead or cooperating (${members.join(', ')}), with an administrative duty (not a court or procuratorate)`,
    c.actor,
  );
  if (!facts.nature || facts.nature.conclusion === 'not_illegal') {
    throw new DomainRuleError(
      `case ${facts.caseNo}: administrative measures follow a determination that the activity is illegal; ${facts.nature ? 'it was determined not illegal' : 'the nature is not determined yet'}`,
    );
  }
  if (c.measure === 'seizure' || c.measure === 'supervised_refund') requireStabilityAssessment(facts, c.measure);
  if (c.measure === 'penalty' && c.amountYuan === undefined)
    throw new DomainRuleError(`case ${facts.caseNo}: a penalty names its amount (amountYuan)`);
  const amountYuan = amount(c.amountYuan);
  return [
    {
      type: 'AdministrativeMeasureTaken',
      data: {
        caseId: facts.caseId,
        by: c.actor.agency,
        unit: c.actor.agency,
        measure: c.measure,
        ...(amountYuan !== undefined ? { amountYuan } : {}),
        text: c.text,
      },
    },
  ];
}

function transferToPolice(c: TransferToPolice, facts: CaseFacts): CaseEvent[] {
  authorise(
    isOfficeOfficer(c.actor, facts.office) || isLeadUnit(c.actor, facts),
    'Transferring to the police',
    facts,
    `${officeWho(facts)} or ${leadUnitWho(facts)}`,
    c.actor,
  );
  if (c.policeDuty !== 'police') {
    throw new DomainRuleError(`a case is transferred to a police agency; ${c.police} has duty ${c.policeDuty ?? 'unknown (not in the registry)'}`);
  }
  if (!(Date.parse(c.deadline) > Date.parse(c.at))) {
    throw new DomainRuleError(`the police's response deadline ${c.deadline} must be a valid instant after the transfer (${c.at})`);
  }
  requireStabilityAssessment(facts, 'transfer_to_police');
  return [
    {
      type: 'TransferredToPolice',
      data: {
        caseId: facts.caseId,
        by: c.actor.agency,
        transfer: (facts.transfers ?? 0) + 1,
        police: c.police,
        deadline: c.deadline,
        reason: c.reason,
      },
    },
  ];
}

function acceptTransfer(c: AcceptTransfer, state: OpenedCaseState): CaseEvent[] {
  if (state.status !== 'transferred_to_police') throw refuse(c, state);
  const { facts, transfer } = state;
  authorise(
    actsFor(c.actor, transfer.police),
    'Accepting the transfer',
    facts,
    `the police agency it was transferred to, ${transfer.police}`,
    c.actor,
  );
  if (!DATE.test(c.filedOn)) throw new DomainRuleError(`filedOn is the date the criminal case was filed, YYYY-MM-DD; got ${c.filedOn}`);
  return [
    {
      type: 'TransferAcceptedByPolice',
      data: {
        caseId: facts.caseId,
        transfer: transfer.ordinal,
        police: transfer.police,
        filedOn: c.filedOn,
        ...(c.policeCaseNo ? { policeCaseNo: c.policeCaseNo } : {}),
        // An exemption recorded before the filing: the 2-year clock does not start.
        ...(facts.twoYearExemption ? { twoYearLimitExempted: facts.twoYearExemption.ground } : {}),
      },
    },
  ];
}

function declineTransfer(c: DeclineTransfer, state: OpenedCaseState): CaseEvent[] {
  if (state.status !== 'transferred_to_police') throw refuse(c, state);
  const { facts, transfer } = state;
  authorise(
    actsFor(c.actor, transfer.police),
    'Declining the transfer',
    facts,
    `the police agency it was transferred to, ${transfer.police}`,
    c.actor,
  );
  if (c.reasons.length === 0) throw new DomainRuleError(`case ${facts.caseNo}: declining a transfer states at least one reason`);
  return [
    {
      type: 'TransferDeclinedByPolice',
      data: { caseId: facts.caseId, transfer: transfer.ordinal, police: transfer.police, reasons: c.reasons, office: facts.office },
    },
  ];
}

function recordProsecution(c: RecordProsecution, facts: CaseFacts): CaseEvent[] {
  authorise(
    c.actor.duty === 'procuratorate' && actsFor(c.actor, c.actor.agency),
    'Recording the prosecution',
    facts,
    'an officer of a procuratorate',
    c.actor,
  );
  return [
    {
      type: 'ProsecutionRecorded',
      data: { caseId: facts.caseId, by: c.actor.agency, text: c.text, ...(c.defendants !== undefined ? { defendants: c.defendants } : {}) },
    },
  ];
}

function recordJudgment(c: RecordJudgment, facts: CaseFacts): CaseEvent[] {
  authorise(c.actor.duty === 'court' && actsFor(c.actor, c.actor.agency), 'Recording the judgment', facts, 'an officer of a court', c.actor);
  const amountYuan = amount(c.amountYuan);
  const judged: CaseEvent = {
    type: 'JudgmentRecorded',
    data: { caseId: facts.caseId, by: c.actor.agency, text: c.text, ...(amountYuan !== undefined ? { amountYuan } : {}) },
  };
  return [judged, ...concludedBy(c, facts, { judged: true })];
}

/** CriminalCaseConcluded once judgment and refund are both done, with the later of the two (seed 001: 审判终结并完成资金清退). */
function concludedBy(c: CaseCommand, facts: CaseFacts, now: { judged?: true; refundCompleted?: true }): CaseEvent[] {
  const before = !!facts.judged && !!facts.refundCompleted;
  const after = (facts.judged || now.judged) && (facts.refundCompleted || now.refundCompleted);
  return !before && after ? [{ type: 'CriminalCaseConcluded', data: { caseId: facts.caseId, by: c.actor.agency } }] : [];
}

function recordRefundCompleted(c: RecordRefundCompleted, facts: CaseFacts): CaseEvent[] {
  const who = `the police ${facts.police ?? ''}, ${leadUnitWho(facts)} or ${officeWho(facts)}`;
  authorise(
    actsFor(c.actor, facts.police, facts.leadUnit) || isOfficeOfficer(c.actor, facts.office),
    'Recording the refund complete',
    facts,
    who,
    c.actor,
  );
  if (facts.refundCompleted) return [];
  return [
    { type: 'FundsRefundCompleted', data: { caseId: facts.caseId, by: c.actor.agency, text: c.text } },
    ...concludedBy(c, facts, { refundCompleted: true }),
  ];
}

function exemptFromTwoYearLimit(c: ExemptFromTwoYearLimit, facts: CaseFacts): CaseEvent[] {
  authorise(isOfficeOfficer(c.actor, facts.office), 'Exempting the case from the 2-year limit', facts, officeWho(facts), c.actor);
  if (!(TWO_YEAR_EXEMPTION_GROUNDS as readonly string[]).includes(c.ground)) {
    throw new DomainRuleError(`ground must be one of ${TWO_YEAR_EXEMPTION_GROUNDS.join(', ')}; got ${String(c.ground)}`);
  }
  const approvedBy = c.approvedBy?.trim();
  if (c.ground === 'major_complex' && !approvedBy) {
    throw new DomainRuleError(`case ${facts.caseNo}: a major and complex case (重大复杂) names who approved it as such (approvedBy)`);
  }
  if (facts.twoYearExemption) return [];
  return [
    {
      type: 'TwoYearLimitExempted',
      data: { caseId: facts.caseId, by: c.actor.agency, ground: c.ground, ...(approvedBy ? { approvedBy } : {}), reason: c.reason },
    },
  ];
}

function setKeyFlagFromClock(c: SetKeyCaseFlagFromClock, facts: CaseFacts): CaseEvent[] {
  authorise(c.actor.agency === SYSTEM_AGENCY, 'Setting a key-case flag from a clock', facts, 'the system (a missed statutory clock)', c.actor);
  if (facts.keyFlags.includes(c.flag)) return [];
  return [flagSet(facts.caseId, SYSTEM_AGENCY, c.flag, `${c.reason}（计时 ${c.clockId} 已于 ${c.dueAt} 到期）`, true)];
}

function recordRecovery(c: RecordRecovery, facts: CaseFacts): CaseEvent[] {
  const who = facts.police ? `the police ${facts.police} or ${leadUnitWho(facts)}` : leadUnitWho(facts);
  authorise(actsFor(c.actor, facts.police, facts.leadUnit), 'Recording recovered funds', facts, who, c.actor);
  const amountYuan = normalizeYuan(c.amountYuan);
  if (compareYuan(amountYuan, '0') <= 0) throw new DomainRuleError(`case ${facts.caseNo}: a recovery is a positive amount`);
  return [{ type: 'FundsRecovered', data: { caseId: facts.caseId, by: c.actor.agency, amountYuan, ...(c.text ? { text: c.text } : {}) } }];
}

/** Aftermath is the office's, the working units' and the street's business. */
function aftermathWho(facts: CaseFacts): { allowed: (c: CaseCommand) => boolean; who: string } {
  const units = [facts.leadUnit, ...facts.cooperatingUnits, facts.street].filter((u): u is string => !!u);
  return {
    allowed: (c) => isOfficeOfficer(c.actor, facts.office) || actsFor(c.actor, ...units),
    who: `${officeWho(facts)}, the case's units or street (${units.join(', ')})`,
  };
}

function recordVictimClaims(c: RecordVictimClaims, facts: CaseFacts): CaseEvent[] {
  const { allowed, who } = aftermathWho(facts);
  authorise(allowed(c), 'Recording victim claims', facts, who, c.actor);
  return [
    {
      type: 'VictimClaimsRecorded',
      data: {
        caseId: facts.caseId,
        by: c.actor.agency,
        claimants: c.claimants,
        amountYuan: normalizeYuan(c.amountYuan),
        ...(c.text ? { text: c.text } : {}),
      },
    },
  ];
}

function recordPetition(c: RecordPetition, facts: CaseFacts): CaseEvent[] {
  const { allowed, who } = aftermathWho(facts);
  authorise(
    allowed(c) || isLettersBureauOver(c.actor, facts.jurisdiction),
    'Recording a petition',
    facts,
    `${who} or a letters-and-visits bureau of the case's region`,
    c.actor,
  );
  const events: CaseEvent[] = [
    { type: 'PetitionRecorded', data: { caseId: facts.caseId, by: c.actor.agency, petitioners: c.petitioners, text: c.text } },
  ];
  return [...events, ...petitionPressure(c, facts, (facts.petitions ?? 0) + (c.registerPetitions ?? 0))];
}

/**
 * Flagged when the count of petitions (recorded here, and referred through the aftermath register) reaches the
 * threshold with this one; a flag cleared by hand afterwards stays cleared (the officer gave a reason).
 */
function petitionPressure(c: RecordPetition | CountRegisterPetition, facts: CaseFacts, before: number): CaseEvent[] {
  const threshold = c.petitionPressureThreshold;
  if (before < threshold && before + 1 >= threshold && !facts.keyFlags.includes('petition_pressure')) {
    return [flagSet(facts.caseId, c.actor.agency, 'petition_pressure', `信访${before + 1}次，达到信访矛盾突出标准（${threshold}次）`, true)];
  }
  return [];
}

/** A petition referred through the register (its authority was checked there): only the flag, the count is the register's. */
function countRegisterPetition(c: CountRegisterPetition, facts: CaseFacts): CaseEvent[] {
  return petitionPressure(c, facts, (facts.petitions ?? 0) + c.registerPetitions - 1);
}

function assessStability(c: AssessStabilityRisk, facts: CaseFacts): CaseEvent[] {
  const assessors = [facts.leadUnit, facts.street].filter((u): u is string => !!u);
  authorise(
    isOfficeOfficer(c.actor, facts.office) || actsFor(c.actor, ...assessors),
    'Assessing stability risk',
    facts,
    `${officeWho(facts)}, the lead unit or the case's street (${assessors.join(', ')})`,
    c.actor,
  );
  return [
    { type: 'StabilityRiskAssessed', data: { caseId: facts.caseId, by: c.actor.agency, level: c.level, beforeStep: c.beforeStep, text: c.text } },
  ];
}

function setRiskGrade(c: SetRiskGrade, facts: CaseFacts): CaseEvent[] {
  authorise(isOfficeOfficer(c.actor, facts.office), 'Grading risk', facts, officeWho(facts), c.actor);
  if (facts.riskGrade === c.grade) return [];
  return [
    {
      type: 'RiskGradeChanged',
      data: { caseId: facts.caseId, by: c.actor.agency, ...(facts.riskGrade ? { from: facts.riskGrade } : {}), to: c.grade, reason: c.reason },
    },
  ];
}

function setKeyFlag(c: SetKeyCaseFlag, facts: CaseFacts): CaseEvent[] {
  authorise(isOfficeOfficer(c.actor, facts.office), 'Setting a key-case flag', facts, officeWho(facts), c.actor);
  if (facts.keyFlags.includes(c.flag)) return [];
  return [flagSet(facts.caseId, c.actor.agency, c.flag, c.reason, false)];
}

/** Seed 001: an instruction of a central or provincial leader makes a key case (中央/省领导同志批示). */
const KEY_INSTRUCTION_LEVELS: readonly LeaderLevel[] = ['central', 'provincial'];
const LEADER_LEVEL_NAMES: Record<LeaderLevel, string> = { central: '中央', provincial: '省', municipal: '市', district: '区' };

/** A date field of a command: YYYY-MM-DD and not after the command's day. */
function pastDate(field: string, value: string, at: string): void {
  if (!DATE.test(value)) throw new DomainRuleError(`${field}: a date YYYY-MM-DD; got ${value}`);
  if (value > at.slice(0, 10)) throw new DomainRuleError(`${field}: ${value} lies in the future (today is ${at.slice(0, 10)})`);
}

function recordLeaderInstruction(c: RecordLeaderInstruction, facts: CaseFacts): CaseEvent[] {
  authorise(isOfficeOfficer(c.actor, facts.office), "Recording a leader's instruction", facts, officeWho(facts), c.actor);
  pastDate('date', c.date, c.at);
  const events: CaseEvent[] = [
    {
      type: 'LeaderInstructionRecorded',
      data: { caseId: facts.caseId, by: c.actor.agency, leader: c.leader, level: c.level, date: c.date, summary: c.summary },
    },
  ];
  if (KEY_INSTRUCTION_LEVELS.includes(c.level) && !facts.keyFlags.includes('leader_instruction')) {
    const reason = `${LEADER_LEVEL_NAMES[c.level]}领导同志${c.leader}于${c.date}批示`;
    events.push(flagSet(facts.caseId, c.actor.agency, 'leader_instruction', reason, true));
  }
  return events;
}

function assignLeaderInCharge(c: AssignLeaderInCharge, facts: CaseFacts): CaseEvent[] {
  authorise(isOfficeOfficer(c.actor, facts.office), 'Assigning a leader in charge', facts, officeWho(facts), c.actor);
  pastDate('since', c.since, c.at);
  const now = facts.leaderInCharge;
  if (now && now.leader === c.leader && now.post === c.post) return [];
  return [{ type: 'LeaderTookCharge', data: { caseId: facts.caseId, by: c.actor.agency, leader: c.leader, post: c.post, since: c.since } }];
}

function formDedicatedTeam(c: FormDedicatedTeam, facts: CaseFacts): CaseEvent[] {
  authorise(isOfficeOfficer(c.actor, facts.office), 'Forming a dedicated team', facts, officeWho(facts), c.actor);
  pastDate('formedOn', c.formedOn, c.at);
  const units = [...new Set(c.units)];
  if (units.length === 0) throw new DomainRuleError(`case ${facts.caseNo}: a dedicated team names at least one member unit`);
  const now = facts.dedicatedTeam;
  if (now && now.head === c.head && now.units.length === units.length && units.every((u) => now.units.includes(u))) return [];
  return [{ type: 'DedicatedTeamFormed', data: { caseId: facts.caseId, by: c.actor.agency, head: c.head, units, formedOn: c.formedOn } }];
}

function clearKeyFlag(c: ClearKeyCaseFlag, facts: CaseFacts): CaseEvent[] {
  authorise(isOfficeOfficer(c.actor, facts.office), 'Clearing a key-case flag', facts, officeWho(facts), c.actor);
  if (!facts.keyFlags.includes(c.flag)) return [];
  return [{ type: 'KeyCaseFlagCleared', data: { caseId: facts.caseId, by: c.actor.agency, flag: c.flag, reason: c.reason } }];
}

function requestClosure(c: RequestClosure, facts: CaseFacts): CaseEvent[] {
  authorise(isLeadUnit(c.actor, facts), 'Requesting closure', facts, leadUnitWho(facts), c.actor);
  requireStabilityAssessment(facts, 'closure');
  return [{ type: 'ClosureRequested', data: { caseId: facts.caseId, by: c.actor.agency, summary: c.summary } }];
}

function approveClosure(c: ApproveClosure, state: OpenedCaseState): CaseEvent[] {
  if (state.status !== 'closure_requested') throw refuse(c, state);
  const { facts, closure } = state;
  const who = `an office officer or the convener of ${facts.office}`;
  authorise(isOfficeOfficer(c.actor, facts.office, true), 'Approving closure', facts, who, c.actor);
  // Nobody approves their own unit's request, except the office approving its own (it owns the case).
  authorise(
    closure.requestedBy !== c.actor.agency || c.actor.agency === facts.office,
    'Approving closure',
    facts,
    `${who}, not the requesting unit`,
    c.actor,
  );
  return [
    {
      type: 'CaseClosed',
      data: { caseId: facts.caseId, reason: closure.summary, approvedBy: c.actor.agency, requestedBy: closure.requestedBy, note: c.note },
    },
    { type: 'RiskWrittenOff', data: { caseId: facts.caseId, approvedBy: c.actor.agency } },
  ];
}

function rejectClosure(c: RejectClosure, facts: CaseFacts): CaseEvent[] {
  authorise(
    isOfficeOfficer(c.actor, facts.office, true),
    'Rejecting closure',
    facts,
    `an office officer or the convener of ${facts.office}`,
    c.actor,
  );
  return [{ type: 'ClosureRejected', data: { caseId: facts.caseId, by: c.actor.agency, reason: c.reason } }];
}

function reopenCase(c: ReopenCase, facts: CaseFacts): CaseEvent[] {
  authorise(isOfficeOfficer(c.actor, facts.office, true), 'Reopening', facts, `an office officer or the convener of ${facts.office}`, c.actor);
  return [{ type: 'CaseReopened', data: { caseId: facts.caseId, reason: c.reason, by: c.actor.agency } }];
}

export function decideCase(command: CaseCommand, state: CaseState): CaseEvent[] {
  if (!ALLOWED_COMMANDS[state.status].includes(command.kind)) throw refuse(command, state);
  if (command.kind === 'OpenCase') return openCase(command);
  if (command.kind === 'ReceiveEscalation') return receiveEscalation(command);
  if (state.status === 'none') throw refuse(command, state);
  const facts = state.facts;
  switch (command.kind) {
    case 'AssignUnits':
      return assignUnits(command, facts);
    case 'AttachLead':
      return attachLead(command, facts);
    case 'FormJointInvestigationTeam':
      return formTeam(command, facts);
    case 'RecordFinding':
      return recordFinding(command, facts);
    case 'RequestFundsMonitoring':
      return requestFundsMonitoring(command, facts);
    case 'AnswerFundsMonitoring':
      return answerFundsMonitoring(command, facts);
    case 'RequestDetermination':
      return requestDetermination(command, facts);
    case 'IssueDeterminationOpinion':
      return issueOpinion(command, state);
    case 'AcceptDeterminationOpinion':
      return acceptOpinion(command, state);
    case 'ReferToDistrictMeeting':
      return referToDistrict(command, facts);
    case 'EscalateToCityMeeting':
      return escalateToCity(command, state);
    case 'ApplyMeetingDecision':
      return applyMeetingDecision(command, state);
    case 'TakeAdministrativeMeasure':
      return takeMeasure(command, facts);
    case 'TransferToPolice':
      return transferToPolice(command, facts);
    case 'AcceptTransfer':
      return acceptTransfer(command, state);
    case 'DeclineTransfer':
      return declineTransfer(command, state);
    case 'RecordProsecution':
      return recordProsecution(command, facts);
    case 'RecordJudgment':
      return recordJudgment(command, facts);
    case 'RecordRecovery':
      return recordRecovery(command, facts);
    case 'RecordRefundCompleted':
      return recordRefundCompleted(command, facts);
    case 'ExemptFromTwoYearLimit':
      return exemptFromTwoYearLimit(command, facts);
    case 'SetKeyCaseFlagFromClock':
      return setKeyFlagFromClock(command, facts);
    case 'RecordVictimClaims':
      return recordVictimClaims(command, facts);
    case 'RecordPetition':
      return recordPetition(command, facts);
    case 'CountRegisterPetition':
      return countRegisterPetition(command, facts);
    case 'RecordLeaderInstruction':
      return recordLeaderInstruction(command, facts);
    case 'AssignLeaderInCharge':
      return assignLeaderInCharge(command, facts);
    case 'FormDedicatedTeam':
      return formDedicatedTeam(command, facts);
    case 'AssessStabilityRisk':
      return assessStability(command, facts);
    case 'SetRiskGrade':
      return setRiskGrade(command, facts);
    case 'SetKeyCaseFlag':
      return setKeyFlag(command, facts);
    case 'ClearKeyCaseFlag':
      return clearKeyFlag(command, facts);
    case 'RequestClosure':
      return requestClosure(command, facts);
    case 'ApproveClosure':
      return approveClosure(command, state);
    case 'RejectClosure':
      return rejectClosure(command, facts);
    case 'ReopenCase':
      return reopenCase(command, facts);
    default:
      return assertNever(command, 'case command');
  }
}

export const caseDecider: Decider<CaseCommand, CaseState, CaseEvent> = {
  decide: decideCase,
  evolve: evolveCase,
  initialState: initialCaseState,
};

export type { CaseCommand } from './case.commands';
export type { CaseEvent } from './case.events';
export type { CaseState, CaseStatus } from './case';
export { CASE_EVENT_SCHEMA_VERSIONS } from './case.events';
