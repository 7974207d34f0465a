/**
 * Domain events of the case stream (`case-<caseId>`, domain.md "Cases"): one
 * per step of the lifecycle, past tense, stable names. Events listed in the
 * integration contract (libs/shared contracts/case-contracts.ts) carry at least
 * the contract's fields; every event carries `caseId`, and `by` (agency code)
 * where the reader needs to know who did it. Amounts are Yuan decimal strings
 * in canonical form ("1500000.00").
 */
import type {
  ActivityCategory,
  CaseClosedData,
  CaseOpenedData,
  CaseReopenedData,
  CaseUnitsAssignedData,
  CrossRegionPartyNotifiedData,
  DomainEvent,
  KeyCaseFlag,
  LeadAttachedToCaseData,
  RiskGrade,
  RiskWrittenOffData,
  Yuan,
} from '@jm/shared';
import type {
  AdministrativeMeasure,
  FundsMeasure,
  FundsOutcome,
  MeetingDecision,
  MeetingLevel,
  NatureConclusion,
  SensitiveStep,
  StabilityRiskLevel,
} from './case.commands';

export { toCaseStreamId } from '@jm/shared';

interface CaseData {
  caseId: string;
}
interface ByAgency {
  /** Agency code of the unit that acted. */
  by: string;
}

export type CaseOpened = DomainEvent<'CaseOpened', CaseOpenedData & ByAgency>;
export type CrossRegionPartyNotified = DomainEvent<'CrossRegionPartyNotified', CrossRegionPartyNotifiedData & { from: string }>;
export type CaseUnitsAssigned = DomainEvent<'CaseUnitsAssigned', CaseUnitsAssignedData & ByAgency & { previousLeadUnit: string }>;
export type LeadAttachedToCase = DomainEvent<'LeadAttachedToCase', LeadAttachedToCaseData & ByAgency>;
export type JointInvestigationTeamFormed = DomainEvent<'JointInvestigationTeamFormed', CaseData & ByAgency & { leader: string; members: string[] }>;
export type FindingRecorded = DomainEvent<'FindingRecorded', CaseData & ByAgency & { text: string; amountYuan?: Yuan; participants?: number }>;
export type FundsMonitoringRequested = DomainEvent<
  'FundsMonitoringRequested',
  CaseData & ByAgency & { requestId: string; to: string; measure: FundsMeasure; accounts: string[] }
>;
export type FundsMonitoringAnswered = DomainEvent<
  'FundsMonitoringAnswered',
  CaseData & ByAgency & { requestId: string; outcome: FundsOutcome; frozenAmountYuan?: Yuan; note: string }
>;
export type DeterminationRequested = DomainEvent<'DeterminationRequested', CaseData & ByAgency & { authority: string; authorityName?: string }>;
export type DeterminationOpinionIssued = DomainEvent<
  'DeterminationOpinionIssued',
  CaseData & { authority: string; conclusion: NatureConclusion; disputed: boolean; text: string }
>;
/**
 * The meeting's title, for timelines. Optional and added later without a new
 * schema version: events stored before it lack it and are read as they are
 * (timelines then show the meeting id), so no upcaster is needed.
 */
interface MeetingTitle {
  meetingTitle?: string;
}
export type ReferredToDistrictMeeting = DomainEvent<'ReferredToDistrictMeeting', CaseData & ByAgency & MeetingTitle & { meetingId: string; question: string }>;
export type EscalatedToCityMeeting = DomainEvent<
  'EscalatedToCityMeeting',
  CaseData & ByAgency & MeetingTitle & { meetingId: string; districtMeetingId: string; question: string }
>;
/** A joint meeting's decision on this case; `by` is the convener's agency. */
export type MeetingDecisionApplied = DomainEvent<
  'MeetingDecisionApplied',
  CaseData & ByAgency & MeetingTitle & { meetingId: string; level: MeetingLevel; decision: MeetingDecision; conclusion?: ActivityCategory; text: string }
>;
/**
 * The district office received the city meeting's decision back (决定反馈):
 * recorded as its own event, right after the city's MeetingDecisionApplied, so
 * the district's ledger shows when the answer came back and to whom.
 */
export type DecisionReceivedFromCity = DomainEvent<
  'DecisionReceivedFromCity',
  CaseData & MeetingTitle & { meetingId: string; office: string; decision: MeetingDecision; conclusion?: ActivityCategory }
>;
/** The nature is settled; `by` says which body settled it (the deciding agency is in `decidedBy`). */
export type NatureDetermined = DomainEvent<
  'NatureDetermined',
  CaseData & {
    conclusion: NatureConclusion;
    by: 'district_meeting' | 'city_meeting' | 'authority';
    decidedBy: string;
    authority?: string;
    meetingId?: string;
  }
>;
export type AdministrativeMeasureTaken = DomainEvent<
  'AdministrativeMeasureTaken',
  CaseData & ByAgency & { measure: AdministrativeMeasure; amountYuan?: Yuan; text: string }
>;
export type TransferredToPolice = DomainEvent<'TransferredToPolice', CaseData & ByAgency & { police: string; deadline: string; reason: string }>;
export type TransferAcceptedByPolice = DomainEvent<'TransferAcceptedByPolice', CaseData & { police: string; filedOn: string; policeCaseNo?: string }>;
export type TransferDeclinedByPolice = DomainEvent<'TransferDeclinedByPolice', CaseData & { police: string; reasons: string[] }>;
export type ProsecutionRecorded = DomainEvent<'ProsecutionRecorded', CaseData & ByAgency & { text: string; defendants?: number }>;
export type JudgmentRecorded = DomainEvent<'JudgmentRecorded', CaseData & ByAgency & { text: string; amountYuan?: Yuan }>;
export type FundsRecovered = DomainEvent<'FundsRecovered', CaseData & ByAgency & { amountYuan: Yuan; text?: string }>;
export type VictimClaimsRecorded = DomainEvent<'VictimClaimsRecorded', CaseData & ByAgency & { claimants: number; amountYuan: Yuan; text?: string }>;
export type PetitionRecorded = DomainEvent<'PetitionRecorded', CaseData & ByAgency & { petitioners: number; text: string }>;
export type StabilityRiskAssessed = DomainEvent<
  'StabilityRiskAssessed',
  CaseData & ByAgency & { level: StabilityRiskLevel; beforeStep: SensitiveStep; text: string }
>;
/** `from` is absent the first time a grade is set. */
export type RiskGradeChanged = DomainEvent<'RiskGradeChanged', CaseData & ByAgency & { from?: RiskGrade; to: RiskGrade; reason: string }>;
/** `automatic` when the decider set it from the facts (amount, cross-region party), not an officer. */
export type KeyCaseFlagSet = DomainEvent<'KeyCaseFlagSet', CaseData & ByAgency & { flag: KeyCaseFlag; reason: string; automatic: boolean }>;
export type KeyCaseFlagCleared = DomainEvent<'KeyCaseFlagCleared', CaseData & ByAgency & { flag: KeyCaseFlag; reason: string }>;
export type ClosureRequested = DomainEvent<'ClosureRequested', CaseData & ByAgency & { summary: string }>;
export type ClosureRejected = DomainEvent<'ClosureRejected', CaseData & ByAgency & { reason: string }>;
/** `reason` is the approved closure summary; `requestedBy` the unit that asked. */
export type CaseClosed = DomainEvent<'CaseClosed', CaseClosedData & { approvedBy: string; requestedBy: string; note: string }>;
/** 销号: the risk leaves the ledger. */
export type RiskWrittenOff = DomainEvent<'RiskWrittenOff', RiskWrittenOffData>;
export type CaseReopened = DomainEvent<'CaseReopened', CaseReopenedData & ByAgency>;

export type CaseEvent =
  | CaseOpened
  | CrossRegionPartyNotified
  | CaseUnitsAssigned
  | LeadAttachedToCase
  | JointInvestigationTeamFormed
  | FindingRecorded
  | FundsMonitoringRequested
  | FundsMonitoringAnswered
  | DeterminationRequested
  | DeterminationOpinionIssued
  | ReferredToDistrictMeeting
  | EscalatedToCityMeeting
  | MeetingDecisionApplied
  | DecisionReceivedFromCity
  | NatureDetermined
  | AdministrativeMeasureTaken
  | TransferredToPolice
  | TransferAcceptedByPolice
  | TransferDeclinedByPolice
  | ProsecutionRecorded
  | JudgmentRecorded
  | FundsRecovered
  | VictimClaimsRecorded
  | PetitionRecorded
  | StabilityRiskAssessed
  | RiskGradeChanged
  | KeyCaseFlagSet
  | KeyCaseFlagCleared
  | ClosureRequested
  | ClosureRejected
  | CaseClosed
  | RiskWrittenOff
  | CaseReopened;

export type CaseEventType = CaseEvent['type'];

/** Schema version of each event type as stored (style.md rule 11: a changed shape gets a new version plus an upcaster). */
export const CASE_EVENT_SCHEMA_VERSIONS: Record<CaseEventType, number> = {
  CaseOpened: 1,
  CrossRegionPartyNotified: 1,
  CaseUnitsAssigned: 1,
  LeadAttachedToCase: 1,
  JointInvestigationTeamFormed: 1,
  FindingRecorded: 1,
  FundsMonitoringRequested: 1,
  FundsMonitoringAnswered: 1,
  DeterminationRequested: 1,
  DeterminationOpinionIssued: 1,
  ReferredToDistrictMeeting: 1,
  EscalatedToCityMeeting: 1,
  MeetingDecisionApplied: 1,
  DecisionReceivedFromCity: 1,
  NatureDetermined: 1,
  AdministrativeMeasureTaken: 1,
  TransferredToPolice: 1,
  TransferAcceptedByPolice: 1,
  TransferDeclinedByPolice: 1,
  ProsecutionRecorded: 1,
  JudgmentRecorded: 1,
  FundsRecovered: 1,
  VictimClaimsRecorded: 1,
  PetitionRecorded: 1,
  StabilityRiskAssessed: 1,
  RiskGradeChanged: 1,
  KeyCaseFlagSet: 1,
  KeyCaseFlagCleared: 1,
  ClosureRequested: 1,
  ClosureRejected: 1,
  CaseClosed: 1,
  RiskWrittenOff: 1,
  CaseReopened: 1,
};

/** Every event type of the case stream (the contract's CASE_EVENT_TYPES names only the shared ones), from the version table (so the two cannot drift apart). */
export const CASE_STREAM_EVENT_TYPES = Object.keys(CASE_EVENT_SCHEMA_VERSIONS) as CaseEventType[];
