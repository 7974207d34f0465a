/**
 * Commands of the case stream (`case-<caseId>`): what people ask the case to do.
 * Each carries the instant (`at`) and the acting unit (`actor`), so the decider
 * never reads a clock or the agency registry: facts it needs from the registry
 * (an addressee's duty, another region's office) are resolved by the app and
 * passed in the command.
 */
import type {
  AdministrativeMeasure,
  CaseOpenedData,
  CaseOrigin,
  DomainActor,
  FundsMeasure,
  FundsOutcome,
  LeaderLevel,
  MeetingDecision,
  MeetingLevel,
  NatureConclusion,
  SensitiveStep,
  StabilityRiskLevel,
  TwoYearExemptionGround,
} from '@jm/contracts';
import type { ActivityCategory, Duty, KeyCaseFlag, RiskGrade, Yuan } from '@jm/reference';

/** Every command type, in lifecycle order; the status table and the spec check against this list. */
export const CASE_COMMAND_TYPES = [
  'OpenCase',
  'ReceiveEscalation',
  'AssignUnits',
  'AttachLead',
  'FormJointInvestigationTeam',
  'RecordFinding',
  'RequestFundsMonitoring',
  'AnswerFundsMonitoring',
  'RequestDetermination',
  'IssueDeterminationOpinion',
  'AcceptDeterminationOpinion',
  'ReferToDistrictMeeting',
  'EscalateToCityMeeting',
  'ApplyMeetingDecision',
  'TakeAdministrativeMeasure',
  'TransferToPolice',
  'AcceptTransfer',
  'DeclineTransfer',
  'RecordProsecution',
  'RecordJudgment',
  'RecordRecovery',
  'RecordRefundCompleted',
  'ExemptFromTwoYearLimit',
  'RecordVictimClaims',
  'RecordPetition',
  'CountRegisterPetition',
  'AssessStabilityRisk',
  'SetRiskGrade',
  'SetKeyCaseFlag',
  'RecordLeaderInstruction',
  'AssignLeaderInCharge',
  'FormDedicatedTeam',
  'ClearKeyCaseFlag',
  'SetKeyCaseFlagFromClock',
  'RequestClosure',
  'ApproveClosure',
  'RejectClosure',
  'ReopenCase',
] as const;
export type CaseCommandType = (typeof CASE_COMMAND_TYPES)[number];

export {
  ADMINISTRATIVE_MEASURES,
  FUNDS_MEASURES,
  FUNDS_OUTCOMES,
  MEETING_DECISIONS,
  MEETING_LEVELS,
  SENSITIVE_STEPS,
  STABILITY_RISK_LEVELS,
} from '@jm/contracts';
export type {
  AdministrativeMeasure,
  FundsMeasure,
  FundsOutcome,
  MeetingDecision,
  MeetingLevel,
  NatureConclusion,
  SensitiveStep,
  StabilityRiskLevel,
} from '@jm/contracts';

interface Command<Type extends CaseCommandType> {
  kind: Type;
  /** ISO instant the command was issued. */
  at: string;
  actor: DomainActor;
}

/** Opening a case carries what CaseOpened publishes (the contract), plus what the app looked up. */
export interface OpenCase extends Command<'OpenCase'>, CaseOpenedData {
  /** Offices of other regions (region code → agency code) the app found in its registry, for cross-region notices. */
  regionOffices?: Record<string, string>;
}

/**
 * A district of another deployment escalated its case to this deployment's city office (federation, process manager
 * only): the city's own record of it, opened from the message. `actor` is the district officer who escalated.
 */
export interface ReceiveEscalation extends Command<'ReceiveEscalation'>, Omit<CaseOpenedData, 'leadIds' | 'origin'> {
  origin: CaseOrigin;
  /** The district case's key-case flags: the record carries them. */
  keyFlags: KeyCaseFlag[];
}

export interface AssignUnits extends Command<'AssignUnits'> {
  leadUnit: string;
  cooperatingUnits: string[];
}

export interface AttachLead extends Command<'AttachLead'> {
  leadId: string;
}

export interface FormJointInvestigationTeam extends Command<'FormJointInvestigationTeam'> {
  /** Agency code of the leading unit of the team. */
  leader: string;
  members: string[];
}

export interface RecordFinding extends Command<'RecordFinding'> {
  text: string;
  amountYuan?: Yuan;
  participants?: number;
}

export interface RequestFundsMonitoring extends Command<'RequestFundsMonitoring'> {
  requestId: string;
  /** Central-bank or regulator branch addressed (agency code). */
  to: string;
  /** Duty of `to`, resolved by the app from the registry (undefined when `to` is not a registered agency). */
  toDuty: Duty | undefined;
  measure: FundsMeasure;
  accounts: string[];
}

export interface AnswerFundsMonitoring extends Command<'AnswerFundsMonitoring'> {
  requestId: string;
  outcome: FundsOutcome;
  frozenAmountYuan?: Yuan;
  note: string;
}

export interface RequestDetermination extends Command<'RequestDetermination'> {
  /** Competent administrative authority (agency code) asked for an opinion. */
  authority: string;
  authorityName?: string;
}

export interface IssueDeterminationOpinion extends Command<'IssueDeterminationOpinion'> {
  conclusion: NatureConclusion;
  /** The authority itself considers the matter disputed or complex: it should go to the joint meeting. */
  disputed: boolean;
  text: string;
}

export interface AcceptDeterminationOpinion extends Command<'AcceptDeterminationOpinion'> {
  note?: string;
}

export interface ReferToDistrictMeeting extends Command<'ReferToDistrictMeeting'> {
  meetingId: string;
  /** The meeting's title when the caller knew it (for timelines); commands without it still work. */
  meetingTitle?: string;
  question: string;
}

export interface EscalateToCityMeeting extends Command<'EscalateToCityMeeting'> {
  /** A city meeting of this deployment; absent when the city office is another deployment's (`cityDeployment`). */
  meetingId?: string;
  /** The deployment serving the city office, when it is not this one (resolved by the app from the registry). */
  cityDeployment?: string;
  /** The meeting's title when the caller knew it (for timelines); commands without it still work. */
  meetingTitle?: string;
  question: string;
}

export interface ApplyMeetingDecision extends Command<'ApplyMeetingDecision'> {
  meetingId: string;
  /** The deployment the decision came from (the federation topic's sender), for a case escalated to another deployment. */
  fromDeployment?: string;
  /** The meeting's title when the caller knew it (for timelines); commands without it still work. */
  meetingTitle?: string;
  level: MeetingLevel;
  decision: MeetingDecision;
  /** Required when decision is 'determined'. */
  conclusion?: ActivityCategory;
  text: string;
}

export interface TakeAdministrativeMeasure extends Command<'TakeAdministrativeMeasure'> {
  measure: AdministrativeMeasure;
  amountYuan?: Yuan;
  text: string;
}

export interface TransferToPolice extends Command<'TransferToPolice'> {
  police: string;
  /** Duty of `police`, resolved by the app from the registry (undefined when not a registered agency). */
  policeDuty: Duty | undefined;
  /** ISO instant by which the police must answer (accept or decline). */
  deadline: string;
  reason: string;
}

export interface AcceptTransfer extends Command<'AcceptTransfer'> {
  /** Date the police filed the criminal case (立案), YYYY-MM-DD. */
  filedOn: string;
  policeCaseNo?: string;
}

export interface DeclineTransfer extends Command<'DeclineTransfer'> {
  reasons: string[];
}

export interface RecordProsecution extends Command<'RecordProsecution'> {
  text: string;
  defendants?: number;
}

export interface RecordJudgment extends Command<'RecordJudgment'> {
  amountYuan?: Yuan;
  text: string;
}

/** The refund to participants is complete (完成资金清退). */
export interface RecordRefundCompleted extends Command<'RecordRefundCompleted'> {
  text: string;
}

/** The case is exempt from the 2-year limit (外省牵头办理, or 重大复杂 approved by `approvedBy`). */
export interface ExemptFromTwoYearLimit extends Command<'ExemptFromTwoYearLimit'> {
  ground: TwoYearExemptionGround;
  approvedBy?: string;
  reason: string;
}

/** A statutory clock of the case ran out (its DeadlineMissed): the system sets the key-case flag that clock stands for. */
export interface SetKeyCaseFlagFromClock extends Command<'SetKeyCaseFlagFromClock'> {
  flag: KeyCaseFlag;
  clockId: string;
  dueAt: string;
  /** What the clock's running out means, for the flag's reason. */
  reason: string;
}

export interface RecordRecovery extends Command<'RecordRecovery'> {
  amountYuan: Yuan;
  text?: string;
}

export interface RecordVictimClaims extends Command<'RecordVictimClaims'> {
  claimants: number;
  amountYuan: Yuan;
  text?: string;
}

export interface RecordPetition extends Command<'RecordPetition'> {
  petitioners: number;
  text: string;
  /** Petitions that make the case a key case (信访矛盾突出), from PETITION_PRESSURE_THRESHOLD. */
  petitionPressureThreshold: number;
  /** Petitions referred through the case's aftermath register so far: they count toward the threshold too. */
  registerPetitions?: number;
}

/** A petition referred through the aftermath register (process manager only): counted toward petition pressure. */
export interface CountRegisterPetition extends Command<'CountRegisterPetition'> {
  petitionId: string;
  /** The register's petitions, this one included. */
  registerPetitions: number;
  petitionPressureThreshold: number;
}

export interface AssessStabilityRisk extends Command<'AssessStabilityRisk'> {
  level: StabilityRiskLevel;
  beforeStep: SensitiveStep;
  text: string;
}

export interface SetRiskGrade extends Command<'SetRiskGrade'> {
  grade: RiskGrade;
  reason: string;
}

export interface SetKeyCaseFlag extends Command<'SetKeyCaseFlag'> {
  flag: KeyCaseFlag;
  reason: string;
}

export interface RecordLeaderInstruction extends Command<'RecordLeaderInstruction'> {
  leader: string;
  level: LeaderLevel;
  /** YYYY-MM-DD, the day of the instruction. */
  date: string;
  summary: string;
}

export interface AssignLeaderInCharge extends Command<'AssignLeaderInCharge'> {
  leader: string;
  post: string;
  /** YYYY-MM-DD, from which day. */
  since: string;
}

export interface FormDedicatedTeam extends Command<'FormDedicatedTeam'> {
  head: string;
  units: string[];
  /** YYYY-MM-DD. */
  formedOn: string;
}

export interface ClearKeyCaseFlag extends Command<'ClearKeyCaseFlag'> {
  flag: KeyCaseFlag;
  reason: string;
}

export interface RequestClosure extends Command<'RequestClosure'> {
  summary: string;
}

export interface ApproveClosure extends Command<'ApproveClosure'> {
  note: string;
}

export interface RejectClosure extends Command<'RejectClosure'> {
  reason: string;
}

export interface ReopenCase extends Command<'ReopenCase'> {
  reason: string;
}

export type CaseCommand =
  | OpenCase
  | ReceiveEscalation
  | AssignUnits
  | AttachLead
  | FormJointInvestigationTeam
  | RecordFinding
  | RequestFundsMonitoring
  | AnswerFundsMonitoring
  | RequestDetermination
  | IssueDeterminationOpinion
  | AcceptDeterminationOpinion
  | ReferToDistrictMeeting
  | EscalateToCityMeeting
  | ApplyMeetingDecision
  | TakeAdministrativeMeasure
  | TransferToPolice
  | AcceptTransfer
  | DeclineTransfer
  | RecordProsecution
  | RecordJudgment
  | RecordRecovery
  | RecordRefundCompleted
  | ExemptFromTwoYearLimit
  | SetKeyCaseFlagFromClock
  | RecordVictimClaims
  | RecordPetition
  | CountRegisterPetition
  | AssessStabilityRisk
  | SetRiskGrade
  | SetKeyCaseFlag
  | RecordLeaderInstruction
  | AssignLeaderInCharge
  | FormDedicatedTeam
  | ClearKeyCaseFlag
  | RequestClosure
  | ApproveClosure
  | RejectClosure
  | ReopenCase;

// Compile-time check that the list above and the union name the same commands.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const _commandsListed: Same<CaseCommand['kind'], CaseCommandType> = true;
void _commandsListed;
