/**
 * Events of the case stream (`case-<caseId>`, domain.md "Cases"): one
 * per step of the lifecycle, past tense, stable names. Owned by cases; their
 * data shapes are the published contract's (libs/contracts/src/
 * case-contract-events.ts). Every event carries `caseId`, and `by`
 * (agency code) where the reader needs to know who did it. Amounts are Yuan
 * decimal strings in canonical form ("1500000.00").
 */
import type { CaseEventDataByType } from '@jm/contracts';
import type { DomainEvent } from '@jm/event-sourcing';

/** A case event of one type: its data is what the contract publishes (every type of the stream is published as stored). */
type Event<K extends keyof CaseEventDataByType> = DomainEvent<K, CaseEventDataByType[K]>;

export type CaseOpened = Event<'CaseOpened'>;
export type CrossRegionPartyNotified = Event<'CrossRegionPartyNotified'>;
export type CaseUnitsAssigned = Event<'CaseUnitsAssigned'>;
export type LeadAttachedToCase = Event<'LeadAttachedToCase'>;
export type JointInvestigationTeamFormed = Event<'JointInvestigationTeamFormed'>;
export type FindingRecorded = Event<'FindingRecorded'>;
export type FundsMonitoringRequested = Event<'FundsMonitoringRequested'>;
export type FundsMonitoringAnswered = Event<'FundsMonitoringAnswered'>;
export type DeterminationRequested = Event<'DeterminationRequested'>;
export type DeterminationOpinionIssued = Event<'DeterminationOpinionIssued'>;
export type ReferredToDistrictMeeting = Event<'ReferredToDistrictMeeting'>;
export type EscalatedToCityMeeting = Event<'EscalatedToCityMeeting'>;
/** A joint meeting's decision on this case; `by` is the convener's agency. */
export type MeetingDecisionApplied = Event<'MeetingDecisionApplied'>;
/**
 * The district office received the city meeting's decision back (决定反馈):
 * recorded as its own event, right after the city's MeetingDecisionApplied, so
 * the district's ledger shows when the answer came back and to whom.
 */
export type DecisionReceivedFromCity = Event<'DecisionReceivedFromCity'>;
/** The nature is settled; `by` says which body settled it (the deciding agency is in `decidedBy`). */
export type NatureDetermined = Event<'NatureDetermined'>;
export type AdministrativeMeasureTaken = Event<'AdministrativeMeasureTaken'>;
export type TransferredToPolice = Event<'TransferredToPolice'>;
export type TransferAcceptedByPolice = Event<'TransferAcceptedByPolice'>;
export type TransferDeclinedByPolice = Event<'TransferDeclinedByPolice'>;
export type ProsecutionRecorded = Event<'ProsecutionRecorded'>;
export type JudgmentRecorded = Event<'JudgmentRecorded'>;
export type FundsRefundCompleted = Event<'FundsRefundCompleted'>;
/** Judgment and refund both done: appended with the later of the two. */
export type CriminalCaseConcluded = Event<'CriminalCaseConcluded'>;
export type TwoYearLimitExempted = Event<'TwoYearLimitExempted'>;
export type FundsRecovered = Event<'FundsRecovered'>;
export type VictimClaimsRecorded = Event<'VictimClaimsRecorded'>;
export type PetitionRecorded = Event<'PetitionRecorded'>;
export type StabilityRiskAssessed = Event<'StabilityRiskAssessed'>;
/** `from` is absent the first time a grade is set. */
export type RiskGradeChanged = Event<'RiskGradeChanged'>;
/** `automatic` when the decider set it from the facts (amount, cross-region party), not an officer. */
export type KeyCaseFlagSet = Event<'KeyCaseFlagSet'>;
export type KeyCaseFlagCleared = Event<'KeyCaseFlagCleared'>;
/** 领导批示: the instruction itself; the leader_instruction flag it may set is a KeyCaseFlagSet of its own. */
export type LeaderInstructionRecorded = Event<'LeaderInstructionRecorded'>;
/** 领导包案: a leader takes charge of the case. */
export type LeaderTookCharge = Event<'LeaderTookCharge'>;
/** 一案一专班: the case's dedicated team; its units may see the case. */
export type DedicatedTeamFormed = Event<'DedicatedTeamFormed'>;
export type ClosureRequested = Event<'ClosureRequested'>;
export type ClosureRejected = Event<'ClosureRejected'>;
/** `reason` is the approved closure summary; `requestedBy` the unit that asked. */
export type CaseClosed = Event<'CaseClosed'>;
/** 销号: the risk leaves the ledger. */
export type RiskWrittenOff = Event<'RiskWrittenOff'>;
export type CaseReopened = Event<'CaseReopened'>;

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
  | FundsRefundCompleted
  | CriminalCaseConcluded
  | TwoYearLimitExempted
  | FundsRecovered
  | VictimClaimsRecorded
  | PetitionRecorded
  | StabilityRiskAssessed
  | RiskGradeChanged
  | KeyCaseFlagSet
  | KeyCaseFlagCleared
  | LeaderInstructionRecorded
  | LeaderTookCharge
  | DedicatedTeamFormed
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
  FundsRefundCompleted: 1,
  CriminalCaseConcluded: 1,
  TwoYearLimitExempted: 1,
  FundsRecovered: 1,
  VictimClaimsRecorded: 1,
  PetitionRecorded: 1,
  StabilityRiskAssessed: 1,
  RiskGradeChanged: 1,
  KeyCaseFlagSet: 1,
  KeyCaseFlagCleared: 1,
  LeaderInstructionRecorded: 1,
  LeaderTookCharge: 1,
  DedicatedTeamFormed: 1,
  ClosureRequested: 1,
  ClosureRejected: 1,
  CaseClosed: 1,
  RiskWrittenOff: 1,
  CaseReopened: 1,
};

/** Every event type of the case stream (the contract's CASE_EVENT_TYPES names only the ones intake relies on), from the version table (so the two cannot drift apart). */
export const CASE_STREAM_EVENT_TYPES = Object.keys(CASE_EVENT_SCHEMA_VERSIONS) as CaseEventType[];

export { toCaseStreamId } from '@jm/contracts';
