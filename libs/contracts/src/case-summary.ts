/**
 * The published summary of a case: what others may know of it (its stage and
 * the facts the risk ledger and the auditor show), and its pure fold over the
 * case stream's contract events. Cases builds its decision state on this fold
 * (services/cases/src/case/case.ts), so the state machine is written once.
 * The summary is a union on `status`: each stage carries only what that stage
 * needs (the authority asked, the meeting the case sits on, the police it was
 * sent to); what holds across stages (units, flags, grade, the nature once
 * determined) sits in `facts`.
 */
import { assertNever } from '@jm/event-sourcing';
import type { ActivityCategory, Field, KeyCaseFlag, RiskGrade, Yuan } from '@jm/reference';
import type { CaseEventBody } from './case-contract-events';
import type { FundsMeasure, FundsOutcome, NatureConclusion, SensitiveStep, TwoYearExemptionGround } from './case-lifecycle-contracts';
import { TRANSFER_WITHOUT_ORDINAL } from './case-lifecycle-contracts';

export interface CaseFacts {
  caseId: string;
  caseNo: string;
  title: string;
  category: ActivityCategory;
  field: Field;
  jurisdiction: string;
  street?: string;
  /** The owning joint-meeting office. */
  office: string;
  leadUnit: string;
  cooperatingUnits: string[];
  leadIds: string[];
  /** Latest known amount involved (from the opening or the latest finding with an amount). */
  amountYuan?: Yuan;
  team?: { leader: string; members: string[] };
  keyFlags: KeyCaseFlag[];
  /** The leader in charge of the case (领导包案), the latest one. */
  leaderInCharge?: { leader: string; post: string; since: string };
  /** The dedicated team (一案一专班), as last formed. */
  dedicatedTeam?: { head: string; units: string[]; formedOn: string };
  /** Petitions recorded on the case (PetitionRecorded), absent before the first. */
  petitions?: number;
  riskGrade?: RiskGrade;
  fundsRequests: Record<string, { to: string; measure: FundsMeasure; outcome?: FundsOutcome }>;
  /** Settled once determined; kept through transfer, decline and reopening. */
  nature?: { conclusion: NatureConclusion; by: 'district_meeting' | 'city_meeting' | 'authority' };
  /** The police agency that accepted the transfer (立案), once accepted. */
  police?: string;
  /** How many transfers to the police so far (the last one's ordinal); absent before the first. */
  transfers?: number;
  /** A judgment is recorded; the refund is complete (both: the criminal case is concluded, its 2-year clock stops). */
  judged?: boolean;
  refundCompleted?: boolean;
  /** Exempt from the 2-year limit, why and (major and complex) who approved it. */
  twoYearExemption?: { ground: TwoYearExemptionGround; reason: string; approvedBy?: string };
  /** Sensitive steps a stability-risk assessment was made for (cleared on reopening: a reopened case is reassessed). */
  assessedSteps: SensitiveStep[];
  reopenings: number;
  /** The district's case this record was opened from, when another deployment escalated it here. */
  origin?: { deployment: string; caseId: string; caseNo: string; office: string };
}

export interface DeterminationOpinion {
  authority: string;
  conclusion: NatureConclusion;
  disputed: boolean;
}

/** The stages a case can be worked in (everything but a pending closure and closed). */
export type WorkingStage =
  | { status: 'investigating' }
  | { status: 'awaiting_opinion'; authority: string }
  | { status: 'opinion_issued'; opinion: DeterminationOpinion }
  | { status: 'at_district_meeting'; meetingId: string }
  | { status: 'awaiting_city_escalation'; districtMeetingId: string }
  /** `cityDeployment`: escalated to the city office of another deployment, whose decision alone moves the case. */
  | { status: 'at_city_meeting'; meetingId: string; districtMeetingId: string; cityDeployment?: string }
  | { status: 'determined' }
  | { status: 'transferred_to_police'; transfer: { police: string; deadline: string; ordinal: number } }
  | { status: 'in_criminal_proceedings' };

export type CaseStage =
  | WorkingStage
  /** `resume` is the stage a rejected request returns to. */
  | { status: 'closure_requested'; closure: { requestedBy: string; summary: string }; resume: WorkingStage }
  | { status: 'closed'; closure: { requestedBy: string; summary: string; approvedBy: string }; writtenOff: boolean };

export type OpenedCaseSummary = CaseStage & { facts: CaseFacts };
export type CaseSummary = { status: 'none' } | OpenedCaseSummary;
export type CaseStatus = CaseSummary['status'];

export const CASE_STATUSES: readonly CaseStatus[] = [
  'none',
  'investigating',
  'awaiting_opinion',
  'opinion_issued',
  'at_district_meeting',
  'awaiting_city_escalation',
  'at_city_meeting',
  'determined',
  'transferred_to_police',
  'in_criminal_proceedings',
  'closure_requested',
  'closed',
];

export const initialCaseSummary = (): CaseSummary => ({ status: 'none' });

/** The stage part of an opened case, without its facts. */
function stageOf(state: OpenedCaseSummary): CaseStage {
  const { facts: _facts, ...stage } = state;
  return stage as CaseStage;
}

function isWorking(stage: CaseStage): stage is WorkingStage {
  return stage.status !== 'closure_requested' && stage.status !== 'closed';
}

export function foldCaseSummary(state: CaseSummary, event: CaseEventBody): CaseSummary {
  if (event.type === 'CaseOpened') {
    const d = event.data;
    const origin = d.origin;
    // A record opened from a district's escalation waits for a city meeting, as the district's case did.
    const stage: CaseStage = origin
      ? { status: 'awaiting_city_escalation', districtMeetingId: origin.districtMeeting.meetingId }
      : { status: 'investigating' };
    return {
      ...stage,
      facts: {
        caseId: d.caseId,
        caseNo: d.caseNo,
        title: d.title,
        category: d.category,
        field: d.field,
        jurisdiction: d.jurisdiction,
        ...(d.street ? { street: d.street } : {}),
        office: d.office,
        leadUnit: d.leadUnit,
        cooperatingUnits: d.cooperatingUnits,
        leadIds: d.leadIds,
        ...(d.amountYuan ? { amountYuan: d.amountYuan } : {}),
        keyFlags: [],
        fundsRequests: {},
        assessedSteps: [],
        reopenings: 0,
        ...(origin ? { origin: { deployment: origin.deployment, caseId: origin.caseId, caseNo: origin.caseNo, office: origin.office } } : {}),
      },
    };
  }
  // Nothing but an opening means anything before the case exists.
  if (state.status === 'none') return state;
  const facts = state.facts;
  const withFacts = (changes: Partial<CaseFacts>): CaseSummary => ({ ...state, facts: { ...facts, ...changes } });
  const moveTo = (stage: CaseStage, changes: Partial<CaseFacts> = {}): CaseSummary => ({ ...stage, facts: { ...facts, ...changes } });
  const afterDisposalReturn = (): WorkingStage => (facts.nature ? { status: 'determined' } : { status: 'investigating' });

  switch (event.type) {
    case 'CrossRegionPartyNotified':
      return state;
    case 'FindingRecorded':
      return event.data.amountYuan ? withFacts({ amountYuan: event.data.amountYuan }) : state;
    case 'CaseUnitsAssigned':
      return withFacts({ leadUnit: event.data.leadUnit, cooperatingUnits: event.data.cooperatingUnits });
    case 'LeadAttachedToCase':
      return facts.leadIds.includes(event.data.leadId) ? state : withFacts({ leadIds: [...facts.leadIds, event.data.leadId] });
    case 'JointInvestigationTeamFormed':
      return withFacts({ team: { leader: event.data.leader, members: event.data.members } });
    case 'FundsMonitoringRequested':
      return withFacts({ fundsRequests: { ...facts.fundsRequests, [event.data.requestId]: { to: event.data.to, measure: event.data.measure } } });
    case 'FundsMonitoringAnswered': {
      const request = facts.fundsRequests[event.data.requestId];
      if (!request) return state;
      return withFacts({ fundsRequests: { ...facts.fundsRequests, [event.data.requestId]: { ...request, outcome: event.data.outcome } } });
    }
    case 'DeterminationRequested':
      return moveTo({ status: 'awaiting_opinion', authority: event.data.authority });
    case 'DeterminationOpinionIssued':
      return moveTo({
        status: 'opinion_issued',
        opinion: { authority: event.data.authority, conclusion: event.data.conclusion, disputed: event.data.disputed },
      });
    case 'ReferredToDistrictMeeting':
      return moveTo({ status: 'at_district_meeting', meetingId: event.data.meetingId });
    case 'EscalatedToCityMeeting':
      return moveTo({
        status: 'at_city_meeting',
        meetingId: event.data.meetingId,
        districtMeetingId: event.data.districtMeetingId,
        ...(event.data.cityDeployment ? { cityDeployment: event.data.cityDeployment } : {}),
      });
    case 'MeetingDecisionApplied':
      switch (event.data.decision) {
        case 'escalate':
          return moveTo({ status: 'awaiting_city_escalation', districtMeetingId: event.data.meetingId });
        case 'further_investigation':
          return moveTo({ status: 'investigating' });
        case 'determined':
        case 'not_illegal':
          // NatureDetermined, decided in the same command, moves the case.
          return state;
        default:
          return assertNever(event.data.decision, 'meeting decision');
      }
    case 'DecisionReceivedFromCity':
      return state;
    case 'NatureDetermined':
      return moveTo({ status: 'determined' }, { nature: { conclusion: event.data.conclusion, by: event.data.by } });
    case 'JudgmentRecorded':
      return withFacts({ judged: true });
    case 'FundsRefundCompleted':
      return withFacts({ refundCompleted: true });
    case 'TwoYearLimitExempted': {
      const { ground, reason, approvedBy } = event.data;
      return withFacts({ twoYearExemption: { ground, reason, ...(approvedBy ? { approvedBy } : {}) } });
    }
    case 'AdministrativeMeasureTaken':
    case 'ProsecutionRecorded':
    case 'CriminalCaseConcluded':
    case 'FundsRecovered':
    case 'VictimClaimsRecorded':
    case 'LeaderInstructionRecorded':
      return state;
    case 'LeaderTookCharge':
      return withFacts({ leaderInCharge: { leader: event.data.leader, post: event.data.post, since: event.data.since } });
    case 'DedicatedTeamFormed':
      return withFacts({ dedicatedTeam: { head: event.data.head, units: event.data.units, formedOn: event.data.formedOn } });
    case 'PetitionRecorded':
      return withFacts({ petitions: (facts.petitions ?? 0) + 1 });
    case 'TransferredToPolice': {
      const ordinal = event.data.transfer ?? TRANSFER_WITHOUT_ORDINAL;
      return moveTo(
        { status: 'transferred_to_police', transfer: { police: event.data.police, deadline: event.data.deadline, ordinal } },
        { transfers: Math.max(facts.transfers ?? 0, ordinal) },
      );
    }
    case 'TransferAcceptedByPolice':
      return moveTo({ status: 'in_criminal_proceedings' }, { police: event.data.police });
    case 'TransferDeclinedByPolice':
      return moveTo(afterDisposalReturn());
    case 'StabilityRiskAssessed':
      return facts.assessedSteps.includes(event.data.beforeStep)
        ? state
        : withFacts({ assessedSteps: [...facts.assessedSteps, event.data.beforeStep] });
    case 'RiskGradeChanged':
      return withFacts({ riskGrade: event.data.to });
    case 'KeyCaseFlagSet':
      return facts.keyFlags.includes(event.data.flag) ? state : withFacts({ keyFlags: [...facts.keyFlags, event.data.flag] });
    case 'KeyCaseFlagCleared':
      return withFacts({ keyFlags: facts.keyFlags.filter((f) => f !== event.data.flag) });
    case 'ClosureRequested': {
      const stage = stageOf(state);
      if (!isWorking(stage)) return state;
      return moveTo({ status: 'closure_requested', closure: { requestedBy: event.data.by, summary: event.data.summary }, resume: stage });
    }
    case 'ClosureRejected':
      return state.status === 'closure_requested' ? moveTo(state.resume) : state;
    case 'CaseClosed': {
      const requestedBy = state.status === 'closure_requested' ? state.closure.requestedBy : event.data.requestedBy;
      return moveTo({ status: 'closed', closure: { requestedBy, summary: event.data.reason, approvedBy: event.data.approvedBy }, writtenOff: false });
    }
    case 'RiskWrittenOff':
      return state.status === 'closed' ? { ...state, writtenOff: true } : state;
    case 'CaseReopened':
      return moveTo({ status: 'investigating' }, { assessedSteps: [], reopenings: facts.reopenings + 1 });
    default:
      return assertNever(event, 'case event');
  }
}
