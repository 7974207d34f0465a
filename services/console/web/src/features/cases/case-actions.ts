/**
 * The case commands the detail page offers: each one's route, request-body
 * schema, form fields, and when it is offered. "When" mirrors the cases
 * service's decider (services/cases/src/case/case.decider.ts: the status
 * table ALLOWED_COMMANDS and each command's authorise rule) over what the
 * console knows of the user: agency and roles. Rules that hang on an
 * agency's duty or level (a district office, a procuratorate, a court) are
 * not known here; those actions are offered to the roles that may hold them,
 * and the service's 403 is shown if the agency has not that duty.
 */
import type { Role } from '../../app/features';
import type { SessionView } from '../../app/session';
import type { FieldSpec, SchemaName } from './schema-form';

/** Who acts: the session's agency and roles. */
type Actor = Pick<SessionView, 'agency' | 'roles'>;

export interface CaseFacts {
  caseId: string;
  caseNo: string;
  title: string;
  category: string;
  field: string;
  jurisdiction: string;
  street?: string;
  office: string;
  leadUnit: string;
  cooperatingUnits: string[];
  leadIds: string[];
  amountYuan?: string;
  team?: { leader: string; members: string[] };
  keyFlags: string[];
  leaderInCharge?: { leader: string; post: string; since: string };
  dedicatedTeam?: { head: string; units: string[]; formedOn: string };
  petitions?: number;
  riskGrade?: string;
  fundsRequests: Record<string, { to: string; measure: string; outcome?: string }>;
  nature?: { conclusion: string; by: string };
  police?: string;
  transfers?: number;
  judged?: boolean;
  refundCompleted?: boolean;
  twoYearExemption?: { ground: string; reason: string; approvedBy?: string };
  assessedSteps: string[];
  reopenings: number;
}

/** The case's stage (services' CaseStage) with its facts. */
export interface CaseState {
  status: string;
  facts: CaseFacts;
  authority?: string;
  opinion?: { authority: string; conclusion: string; disputed: boolean };
  meetingId?: string;
  districtMeetingId?: string;
  transfer?: { police: string; deadline: string; ordinal: number };
  closure?: { requestedBy: string; summary: string; approvedBy?: string };
  writtenOff?: boolean;
}

export interface TimelineLine {
  version: number;
  at: string;
  type: string;
  by: { agency: string; name: string; user: string };
  text: string;
}

export interface CaseView {
  caseId: string;
  version: number;
  status: string;
  state: CaseState;
  timeline: TimelineLine[];
}

export interface CaseAction {
  key: string;
  /** The cases service's command type (its decider's name for it). */
  command: string;
  /** Route under /cases/{id}/. */
  path: string;
  schema: SchemaName;
  fields: FieldSpec[];
  /** The main steps of the lifecycle are shown first, as primary buttons. */
  primary?: boolean;
  offered: (state: CaseState, session: Actor) => boolean;
}

const ACTING: Role[] = ['office_officer', 'unit_officer', 'street_officer', 'convener'];
const acting = (s: Actor) => s.roles.some((r) => ACTING.includes(r));
const actsFor = (s: Actor, ...agencies: Array<string | undefined>) => acting(s) && agencies.includes(s.agency);
const isOffice = (s: Actor, f: CaseFacts, withConvener = false) =>
  s.agency === f.office && s.roles.some((r) => r === 'office_officer' || (withConvener && r === 'convener'));
const members = (f: CaseFacts) => [f.leadUnit, ...f.cooperatingUnits];
const working = (f: CaseFacts) => [...members(f), ...(f.team ? [f.team.leader, ...f.team.members] : [])];
const aftermathUnits = (f: CaseFacts) => [...members(f), f.street];

/** A procuratorate's or court's officer: duty is not known here, so any unit officer but the office's, the police's and the lead unit's. */
const isJudicialCandidate = (s: Actor, f: CaseFacts) => s.roles.includes('unit_officer') && ![f.office, f.police, f.leadUnit].includes(s.agency);

const OPEN = (status: string) => status !== 'closed';
const WORKING = (status: string) => status !== 'closed' && status !== 'closure_requested';
const IN =
  (...statuses: string[]) =>
  (status: string) =>
    statuses.includes(status);

const text = (name = 'text'): FieldSpec => ({ name, widget: 'textarea' });

export const CASE_ACTIONS: CaseAction[] = [
  {
    key: 'findings',
    command: 'RecordFinding',
    path: 'findings',
    schema: 'RecordFindingDto',
    fields: [text(), { name: 'amountYuan' }, { name: 'participants' }],
    offered: (st, s) => OPEN(st.status) && actsFor(s, ...working(st.facts)),
  },
  {
    key: 'requestDetermination',
    command: 'RequestDetermination',
    path: 'determination/request',
    schema: 'RequestDeterminationDto',
    fields: [{ name: 'authority' }],
    primary: true,
    offered: (st, s) => IN('investigating', 'opinion_issued')(st.status) && (actsFor(s, st.facts.leadUnit) || isOffice(s, st.facts)),
  },
  {
    key: 'issueOpinion',
    command: 'IssueDeterminationOpinion',
    path: 'determination/opinion',
    schema: 'IssueOpinionDto',
    fields: [{ name: 'conclusion' }, { name: 'disputed' }, text()],
    primary: true,
    offered: (st, s) => st.status === 'awaiting_opinion' && actsFor(s, st.authority),
  },
  {
    key: 'acceptOpinion',
    command: 'AcceptDeterminationOpinion',
    path: 'determination/accept',
    schema: 'AcceptOpinionDto',
    fields: [{ name: 'note', widget: 'textarea' }],
    primary: true,
    offered: (st, s) => st.status === 'opinion_issued' && !st.opinion?.disputed && isOffice(s, st.facts),
  },
  {
    key: 'referToDistrict',
    command: 'ReferToDistrictMeeting',
    path: 'refer-to-district-meeting',
    schema: 'ReferToMeetingDto',
    fields: [{ name: 'meetingId', widget: 'meeting', meetingLevel: 'district' }, { name: 'question' }],
    primary: true,
    offered: (st, s) => IN('investigating', 'awaiting_opinion', 'opinion_issued')(st.status) && isOffice(s, st.facts),
  },
  {
    key: 'escalateToCity',
    command: 'EscalateToCityMeeting',
    path: 'escalate-to-city-meeting',
    schema: 'ReferToMeetingDto',
    fields: [{ name: 'meetingId', widget: 'meeting', meetingLevel: 'city' }, { name: 'question' }],
    primary: true,
    offered: (st, s) => st.status === 'awaiting_city_escalation' && isOffice(s, st.facts),
  },
  {
    key: 'transferToPolice',
    command: 'TransferToPolice',
    path: 'transfer-to-police',
    schema: 'TransferToPoliceDto',
    fields: [{ name: 'police' }, { name: 'reason', widget: 'textarea' }],
    primary: true,
    offered: (st, s) => IN('investigating', 'determined')(st.status) && (isOffice(s, st.facts) || actsFor(s, st.facts.leadUnit)),
  },
  {
    key: 'acceptTransfer',
    command: 'AcceptTransfer',
    path: 'transfer/accept',
    schema: 'AcceptTransferDto',
    fields: [{ name: 'filedOn' }, { name: 'policeCaseNo' }],
    primary: true,
    offered: (st, s) => st.status === 'transferred_to_police' && actsFor(s, st.transfer?.police),
  },
  {
    key: 'declineTransfer',
    command: 'DeclineTransfer',
    path: 'transfer/decline',
    schema: 'DeclineTransferDto',
    fields: [{ name: 'reasons', widget: 'lines' }],
    offered: (st, s) => st.status === 'transferred_to_police' && actsFor(s, st.transfer?.police),
  },
  {
    key: 'measures',
    command: 'TakeAdministrativeMeasure',
    path: 'measures',
    schema: 'TakeMeasureDto',
    fields: [{ name: 'measure' }, { name: 'amountYuan', requiredWhen: { field: 'measure', equals: 'penalty' } }, text()],
    offered: (st, s) =>
      IN('determined', 'transferred_to_police', 'in_criminal_proceedings')(st.status) &&
      !!st.facts.nature &&
      st.facts.nature.conclusion !== 'not_illegal' &&
      actsFor(s, ...members(st.facts)),
  },
  {
    key: 'prosecution',
    command: 'RecordProsecution',
    path: 'prosecution',
    schema: 'RecordProsecutionDto',
    fields: [text(), { name: 'defendants' }],
    offered: (st, s) => st.status === 'in_criminal_proceedings' && isJudicialCandidate(s, st.facts),
  },
  {
    key: 'judgment',
    command: 'RecordJudgment',
    path: 'judgment',
    schema: 'RecordJudgmentDto',
    fields: [{ name: 'amountYuan' }, text()],
    offered: (st, s) => st.status === 'in_criminal_proceedings' && isJudicialCandidate(s, st.facts),
  },
  {
    key: 'refundCompleted',
    command: 'RecordRefundCompleted',
    path: 'refund-completed',
    schema: 'RecordRefundCompletedDto',
    fields: [text()],
    offered: (st, s) =>
      st.status === 'in_criminal_proceedings' &&
      !st.facts.refundCompleted &&
      (actsFor(s, st.facts.police, st.facts.leadUnit) || isOffice(s, st.facts)),
  },
  {
    key: 'recoveries',
    command: 'RecordRecovery',
    path: 'recoveries',
    schema: 'RecordRecoveryDto',
    fields: [{ name: 'amountYuan' }, text()],
    offered: (st, s) =>
      IN('determined', 'transferred_to_police', 'in_criminal_proceedings')(st.status) && actsFor(s, st.facts.police, st.facts.leadUnit),
  },
  {
    key: 'requestClosure',
    command: 'RequestClosure',
    path: 'closure/request',
    schema: 'RequestClosureDto',
    fields: [{ name: 'summary', widget: 'textarea' }],
    primary: true,
    offered: (st, s) => IN('investigating', 'determined', 'in_criminal_proceedings')(st.status) && actsFor(s, st.facts.leadUnit),
  },
  {
    key: 'approveClosure',
    command: 'ApproveClosure',
    path: 'closure/approve',
    schema: 'ApproveClosureDto',
    fields: [{ name: 'note', widget: 'textarea' }],
    primary: true,
    offered: (st, s) =>
      st.status === 'closure_requested' && isOffice(s, st.facts, true) && (st.closure?.requestedBy !== s.agency || s.agency === st.facts.office),
  },
  {
    key: 'rejectClosure',
    command: 'RejectClosure',
    path: 'closure/reject',
    schema: 'ReasonDto',
    fields: [{ name: 'reason', widget: 'textarea' }],
    offered: (st, s) => st.status === 'closure_requested' && isOffice(s, st.facts, true),
  },
  {
    key: 'reopen',
    command: 'ReopenCase',
    path: 'reopen',
    schema: 'ReasonDto',
    fields: [{ name: 'reason', widget: 'textarea' }],
    offered: (st, s) => st.status === 'closed' && isOffice(s, st.facts, true),
  },
  {
    key: 'riskGrade',
    command: 'SetRiskGrade',
    path: 'risk-grade',
    schema: 'SetRiskGradeDto',
    fields: [{ name: 'grade' }, { name: 'reason', widget: 'textarea' }],
    offered: (st, s) => OPEN(st.status) && isOffice(s, st.facts),
  },
  {
    key: 'keyFlag',
    command: 'SetKeyCaseFlag',
    path: 'key-flags',
    schema: 'SetKeyFlagDto',
    fields: [{ name: 'flag' }, { name: 'reason', widget: 'textarea' }],
    offered: (st, s) => OPEN(st.status) && isOffice(s, st.facts),
  },
  {
    key: 'stability',
    command: 'AssessStabilityRisk',
    path: 'stability-assessments',
    schema: 'AssessStabilityRiskDto',
    fields: [{ name: 'beforeStep' }, { name: 'level' }, text()],
    offered: (st, s) => OPEN(st.status) && (isOffice(s, st.facts) || actsFor(s, st.facts.leadUnit, st.facts.street)),
  },
  {
    key: 'units',
    command: 'AssignUnits',
    path: 'units',
    schema: 'AssignUnitsDto',
    fields: [{ name: 'leadUnit' }, { name: 'cooperatingUnits' }],
    offered: (st, s) => WORKING(st.status) && isOffice(s, st.facts),
  },
  {
    key: 'attachLead',
    command: 'AttachLead',
    path: 'leads',
    schema: 'AttachLeadDto',
    fields: [{ name: 'leadId' }],
    offered: (st, s) => OPEN(st.status) && isOffice(s, st.facts),
  },
  {
    key: 'jointTeam',
    command: 'FormJointInvestigationTeam',
    path: 'joint-team',
    schema: 'FormJointTeamDto',
    fields: [{ name: 'leader', labelKey: 'cases.form.teamLeader' }, { name: 'members' }],
    offered: (st, s) => WORKING(st.status) && isOffice(s, st.facts),
  },
  {
    key: 'fundsMonitoring',
    command: 'RequestFundsMonitoring',
    path: 'funds-monitoring',
    schema: 'RequestFundsMonitoringDto',
    fields: [{ name: 'to' }, { name: 'measure', table: 'fundsMeasure', labelKey: 'cases.form.fundsMeasure' }, { name: 'accounts' }],
    offered: (st, s) => OPEN(st.status) && (isOffice(s, st.facts) || actsFor(s, st.facts.leadUnit)),
  },
  {
    key: 'victimClaims',
    command: 'RecordVictimClaims',
    path: 'victim-claims',
    schema: 'RecordVictimClaimsDto',
    fields: [{ name: 'claimants' }, { name: 'amountYuan' }, text()],
    offered: (st, s) => OPEN(st.status) && (isOffice(s, st.facts) || actsFor(s, ...aftermathUnits(st.facts))),
  },
  {
    key: 'petitions',
    command: 'RecordPetition',
    path: 'petitions',
    schema: 'RecordPetitionDto',
    fields: [{ name: 'petitioners' }, text()],
    offered: (st, s) => OPEN(st.status) && (isOffice(s, st.facts) || actsFor(s, ...aftermathUnits(st.facts))),
  },
  {
    key: 'leaderInstruction',
    command: 'RecordLeaderInstruction',
    path: 'leader-instructions',
    schema: 'RecordLeaderInstructionDto',
    fields: [
      { name: 'leader', labelKey: 'cases.form.instructionLeader' },
      { name: 'level', table: 'leaderLevel', labelKey: 'cases.form.leaderLevel' },
      { name: 'date' },
      { name: 'summary', widget: 'textarea', labelKey: 'cases.form.instruction' },
    ],
    offered: (st, s) => OPEN(st.status) && isOffice(s, st.facts),
  },
  {
    key: 'leaderInCharge',
    command: 'AssignLeaderInCharge',
    path: 'leader-in-charge',
    schema: 'AssignLeaderInChargeDto',
    fields: [{ name: 'leader' }, { name: 'post' }, { name: 'since' }],
    offered: (st, s) => OPEN(st.status) && isOffice(s, st.facts),
  },
  {
    key: 'dedicatedTeam',
    command: 'FormDedicatedTeam',
    path: 'dedicated-team',
    schema: 'FormDedicatedTeamDto',
    fields: [{ name: 'head' }, { name: 'units' }, { name: 'formedOn' }],
    offered: (st, s) => OPEN(st.status) && isOffice(s, st.facts),
  },
  {
    key: 'twoYearExemption',
    command: 'ExemptFromTwoYearLimit',
    path: 'two-year-exemption',
    schema: 'ExemptFromTwoYearLimitDto',
    fields: [
      { name: 'ground' },
      { name: 'approvedBy', requiredWhen: { field: 'ground', equals: 'major_complex' } },
      { name: 'reason', widget: 'textarea' },
    ],
    offered: (st, s) => WORKING(st.status) && !st.facts.twoYearExemption && isOffice(s, st.facts),
  },
];

/** The actions the user may take on the case now. */
export function offeredActions(state: CaseState, session: Actor | undefined): CaseAction[] {
  if (!session) return [];
  return CASE_ACTIONS.filter((action) => action.offered(state, session));
}
