/**
 * The case stream's events (`case-<caseId>`). They are declared in the shared
 * contract (libs/shared contracts/case-events.ts) because reporting and
 * notifications fold the same stream; this module keeps the cases-local import path.
 */
export type {
  AdministrativeMeasureTaken,
  CaseClosed,
  CaseEvent,
  CaseEventType,
  CaseOpened,
  CaseReopened,
  CaseUnitsAssigned,
  ClosureRejected,
  ClosureRequested,
  CrossRegionPartyNotified,
  DecisionReceivedFromCity,
  DeterminationOpinionIssued,
  DeterminationRequested,
  EscalatedToCityMeeting,
  FindingRecorded,
  FundsMonitoringAnswered,
  FundsMonitoringRequested,
  FundsRecovered,
  JointInvestigationTeamFormed,
  JudgmentRecorded,
  KeyCaseFlagCleared,
  KeyCaseFlagSet,
  LeadAttachedToCase,
  MeetingDecisionApplied,
  NatureDetermined,
  PetitionRecorded,
  ProsecutionRecorded,
  ReferredToDistrictMeeting,
  RiskGradeChanged,
  RiskWrittenOff,
  StabilityRiskAssessed,
  TransferAcceptedByPolice,
  TransferDeclinedByPolice,
  TransferredToPolice,
  VictimClaimsRecorded,
} from '@jm/shared';
export { CASE_EVENT_SCHEMA_VERSIONS, CASE_STREAM_EVENT_TYPES, toCaseStreamId } from '@jm/shared';
