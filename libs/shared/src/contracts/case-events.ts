/**
 * Events of the case stream (`case-<caseId>`, domain.md "Cases"): one
 * per step of the lifecycle, past tense, stable names. Events listed in the
 * integration contract (libs/shared contracts/case-contracts.ts) carry at least
 * the contract's fields; every event carries `caseId`, and `by` (agency code)
 * where the reader needs to know who did it. Amounts are Yuan decimal strings
 * in canonical form ("1500000.00").
 */
import type { DomainEvent } from '../decider/decider';
import type { CaseClosedData, CaseOpenedData, CaseReopenedData, CaseUnitsAssignedData, CrossRegionPartyNotifiedData, LeadAttachedToCaseData, RiskWrittenOffData } from './case-contracts';
import type {
  AdministrativeMeasureTakenData,
  ClosureRejectedData,
  ClosureRequestedData,
  DecisionReceivedFromCityData,
  DeterminationOpinionIssuedData,
  DeterminationRequestedData,
  EscalatedToCityMeetingData,
  FindingRecordedData,
  FundsMonitoringAnsweredData,
  FundsMonitoringRequestedData,
  FundsRecoveredData,
  JointInvestigationTeamFormedData,
  JudgmentRecordedData,
  KeyCaseFlagClearedData,
  KeyCaseFlagSetData,
  MeetingDecisionAppliedData,
  NatureDeterminedData,
  PetitionRecordedData,
  ProsecutionRecordedData,
  ReferredToDistrictMeetingData,
  RiskGradeChangedData,
  StabilityRiskAssessedData,
  TransferAcceptedByPoliceData,
  TransferDeclinedByPoliceData,
  TransferredToPoliceData,
  VictimClaimsRecordedData,
} from './case-lifecycle-contracts';

interface ByAgency {
  /** Agency code of the unit that acted. */
  by: string;
}

export type CaseOpened = DomainEvent<'CaseOpened', CaseOpenedData & ByAgency>;
export type CrossRegionPartyNotified = DomainEvent<'CrossRegionPartyNotified', CrossRegionPartyNotifiedData & { from: string }>;
export type CaseUnitsAssigned = DomainEvent<'CaseUnitsAssigned', CaseUnitsAssignedData & ByAgency & { previousLeadUnit: string }>;
export type LeadAttachedToCase = DomainEvent<'LeadAttachedToCase', LeadAttachedToCaseData & ByAgency>;
export type JointInvestigationTeamFormed = DomainEvent<'JointInvestigationTeamFormed', JointInvestigationTeamFormedData>;
export type FindingRecorded = DomainEvent<'FindingRecorded', FindingRecordedData>;
export type FundsMonitoringRequested = DomainEvent<'FundsMonitoringRequested', FundsMonitoringRequestedData>;
export type FundsMonitoringAnswered = DomainEvent<'FundsMonitoringAnswered', FundsMonitoringAnsweredData>;
export type DeterminationRequested = DomainEvent<'DeterminationRequested', DeterminationRequestedData>;
export type DeterminationOpinionIssued = DomainEvent<'DeterminationOpinionIssued', DeterminationOpinionIssuedData>;
export type ReferredToDistrictMeeting = DomainEvent<'ReferredToDistrictMeeting', ReferredToDistrictMeetingData>;
export type EscalatedToCityMeeting = DomainEvent<'EscalatedToCityMeeting', EscalatedToCityMeetingData>;
/** A joint meeting's decision on this case; `by` is the convener's agency. */
export type MeetingDecisionApplied = DomainEvent<'MeetingDecisionApplied', MeetingDecisionAppliedData>;
/**
 * The district office received the city meeting's decision back (决定反馈):
 * recorded as its own event, right after the city's MeetingDecisionApplied, so
 * the district's ledger shows when the answer came back and to whom.
 */
export type DecisionReceivedFromCity = DomainEvent<'DecisionReceivedFromCity', DecisionReceivedFromCityData>;
/** The nature is settled; `by` says which body settled it (the deciding agency is in `decidedBy`). */
export type NatureDetermined = DomainEvent<'NatureDetermined', NatureDeterminedData>;
export type AdministrativeMeasureTaken = DomainEvent<'AdministrativeMeasureTaken', AdministrativeMeasureTakenData>;
export type TransferredToPolice = DomainEvent<'TransferredToPolice', TransferredToPoliceData>;
export type TransferAcceptedByPolice = DomainEvent<'TransferAcceptedByPolice', TransferAcceptedByPoliceData>;
export type TransferDeclinedByPolice = DomainEvent<'TransferDeclinedByPolice', TransferDeclinedByPoliceData>;
export type ProsecutionRecorded = DomainEvent<'ProsecutionRecorded', ProsecutionRecordedData>;
export type JudgmentRecorded = DomainEvent<'JudgmentRecorded', JudgmentRecordedData>;
export type FundsRecovered = DomainEvent<'FundsRecovered', FundsRecoveredData>;
export type VictimClaimsRecorded = DomainEvent<'VictimClaimsRecorded', VictimClaimsRecordedData>;
export type PetitionRecorded = DomainEvent<'PetitionRecorded', PetitionRecordedData>;
export type StabilityRiskAssessed = DomainEvent<'StabilityRiskAssessed', StabilityRiskAssessedData>;
/** `from` is absent the first time a grade is set. */
export type RiskGradeChanged = DomainEvent<'RiskGradeChanged', RiskGradeChangedData>;
/** `automatic` when the decider set it from the facts (amount, cross-region party), not an officer. */
export type KeyCaseFlagSet = DomainEvent<'KeyCaseFlagSet', KeyCaseFlagSetData>;
export type KeyCaseFlagCleared = DomainEvent<'KeyCaseFlagCleared', KeyCaseFlagClearedData>;
export type ClosureRequested = DomainEvent<'ClosureRequested', ClosureRequestedData>;
export type ClosureRejected = DomainEvent<'ClosureRejected', ClosureRejectedData>;
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
