/**
 * The case stream's contract events (`case-<caseId>`, owned by cases): every
 * type of the stream is published, with the data as cases stores it. Readers
 * decode with `decodeCaseEvent` and switch on the type.
 */
import type {
  CaseClosedData,
  CaseOpenedData,
  CaseReopenedData,
  CaseUnitsAssignedData,
  CrossRegionPartyNotifiedData,
  LeadAttachedToCaseData,
  RiskWrittenOffData,
} from './case-contracts';
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
  CriminalCaseConcludedData,
  FundsRecoveredData,
  FundsRefundCompletedData,
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
  TwoYearLimitExemptedData,
  VictimClaimsRecordedData,
} from './case-lifecycle-contracts';
import { ContractSpec, ContractUnionOf, contractDecoder, contractTypes, Decoded, version1Requiring } from './contract-event';

interface ByAgency {
  /** Agency code of the unit that acted. */
  by: string;
}

/** The level of a leader who gave a written instruction (批示) on a case. */
export const LEADER_LEVELS = ['central', 'provincial', 'municipal', 'district'] as const;
export type LeaderLevel = (typeof LEADER_LEVELS)[number];

/** A leader's written instruction on the case (领导批示): who, at which level, the date (YYYY-MM-DD) and a summary of the text. */
export interface LeaderInstructionRecordedData extends ByAgency {
  caseId: string;
  leader: string;
  level: LeaderLevel;
  date: string;
  summary: string;
}

/** A leader takes charge of the case (领导包案): the leader's name and post, from which day. */
export interface LeaderTookChargeData extends ByAgency {
  caseId: string;
  leader: string;
  post: string;
  since: string;
}

/** A dedicated team for the case (一案一专班): who heads it, the member units, the day it was formed. */
export interface DedicatedTeamFormedData extends ByAgency {
  caseId: string;
  head: string;
  units: string[];
  formedOn: string;
}

/** The data of each type of the case stream, as published. */
export interface CaseEventDataByType {
  CaseOpened: CaseOpenedData & ByAgency;
  CrossRegionPartyNotified: CrossRegionPartyNotifiedData & { from: string };
  CaseUnitsAssigned: CaseUnitsAssignedData & ByAgency & { previousLeadUnit: string };
  LeadAttachedToCase: LeadAttachedToCaseData & ByAgency;
  JointInvestigationTeamFormed: JointInvestigationTeamFormedData;
  FindingRecorded: FindingRecordedData;
  FundsMonitoringRequested: FundsMonitoringRequestedData;
  FundsMonitoringAnswered: FundsMonitoringAnsweredData;
  DeterminationRequested: DeterminationRequestedData;
  DeterminationOpinionIssued: DeterminationOpinionIssuedData;
  ReferredToDistrictMeeting: ReferredToDistrictMeetingData;
  EscalatedToCityMeeting: EscalatedToCityMeetingData;
  MeetingDecisionApplied: MeetingDecisionAppliedData;
  DecisionReceivedFromCity: DecisionReceivedFromCityData;
  NatureDetermined: NatureDeterminedData;
  /** `unit`: the member unit (lead or cooperating) that imposed it; absent before issue 16, when only the lead unit could (`by`). */
  AdministrativeMeasureTaken: AdministrativeMeasureTakenData & { unit?: string };
  TransferredToPolice: TransferredToPoliceData;
  TransferAcceptedByPolice: TransferAcceptedByPoliceData;
  TransferDeclinedByPolice: TransferDeclinedByPoliceData;
  ProsecutionRecorded: ProsecutionRecordedData;
  JudgmentRecorded: JudgmentRecordedData;
  FundsRefundCompleted: FundsRefundCompletedData;
  CriminalCaseConcluded: CriminalCaseConcludedData;
  TwoYearLimitExempted: TwoYearLimitExemptedData;
  FundsRecovered: FundsRecoveredData;
  VictimClaimsRecorded: VictimClaimsRecordedData;
  PetitionRecorded: PetitionRecordedData;
  StabilityRiskAssessed: StabilityRiskAssessedData;
  RiskGradeChanged: RiskGradeChangedData;
  KeyCaseFlagSet: KeyCaseFlagSetData;
  KeyCaseFlagCleared: KeyCaseFlagClearedData;
  LeaderInstructionRecorded: LeaderInstructionRecordedData;
  LeaderTookCharge: LeaderTookChargeData;
  DedicatedTeamFormed: DedicatedTeamFormedData;
  ClosureRequested: ClosureRequestedData;
  ClosureRejected: ClosureRejectedData;
  /** `reason` is the approved closure summary; `requestedBy` the unit that asked. */
  CaseClosed: CaseClosedData & { approvedBy: string; requestedBy: string; note: string };
  RiskWrittenOff: RiskWrittenOffData;
  CaseReopened: CaseReopenedData & ByAgency;
}

export type CaseContractEventType = keyof CaseEventDataByType;
export type CaseContractEvent = ContractUnionOf<CaseEventDataByType>;
/** A decoded case event: what a fold reads (a domain event of the stream is one). */
export type CaseEventBody = Decoded<CaseContractEvent>;

/** Required: the case id, and the arrays and objects readers look into (a missing string reads as absent). */
const v1 = version1Requiring('caseId');

export const CASE_CONTRACT: ContractSpec<CaseContractEvent> = {
  CaseOpened: v1('leadIds', 'cooperatingUnits', 'subjects'),
  CrossRegionPartyNotified: v1('party'),
  CaseUnitsAssigned: v1('cooperatingUnits'),
  LeadAttachedToCase: v1('leadId'),
  JointInvestigationTeamFormed: v1('members'),
  FindingRecorded: v1(),
  FundsMonitoringRequested: v1('requestId'),
  FundsMonitoringAnswered: v1('requestId'),
  DeterminationRequested: v1(),
  DeterminationOpinionIssued: v1(),
  ReferredToDistrictMeeting: v1('meetingId'),
  EscalatedToCityMeeting: v1('meetingId'),
  MeetingDecisionApplied: v1('meetingId', 'decision'),
  DecisionReceivedFromCity: v1('meetingId'),
  NatureDetermined: v1(),
  AdministrativeMeasureTaken: v1(),
  TransferredToPolice: v1(),
  TransferAcceptedByPolice: v1(),
  TransferDeclinedByPolice: v1(),
  ProsecutionRecorded: v1(),
  JudgmentRecorded: v1(),
  FundsRefundCompleted: v1(),
  CriminalCaseConcluded: v1(),
  TwoYearLimitExempted: v1(),
  FundsRecovered: v1(),
  VictimClaimsRecorded: v1(),
  PetitionRecorded: v1(),
  StabilityRiskAssessed: v1(),
  RiskGradeChanged: v1(),
  KeyCaseFlagSet: v1(),
  KeyCaseFlagCleared: v1(),
  LeaderInstructionRecorded: v1(),
  LeaderTookCharge: v1(),
  DedicatedTeamFormed: v1('units'),
  ClosureRequested: v1(),
  ClosureRejected: v1(),
  CaseClosed: v1(),
  RiskWrittenOff: v1(),
  CaseReopened: v1(),
};

export const CASE_CONTRACT_EVENT_TYPES = contractTypes(CASE_CONTRACT);
export const decodeCaseEvent = contractDecoder('case', CASE_CONTRACT);
