/**
 * Statistics facts (统计事实): which events count, and as what (FACT_KINDS).
 * Pure: one event gives zero or one row, keyed by the event id, so a
 * redelivered event inserts nothing new. Region, street, field and category
 * of leads and cases come from their ledger rows (joined by subject); the
 * fact carries a jurisdiction only when the event itself says (meetings).
 */
import {
  AdministrativeMeasureTakenData,
  CaseClosedData,
  CaseOpenedData,
  CrossRegionPartyNotifiedData,
  DEADLINE_STREAM_PREFIX,
  DeadlineMissedData,
  DeterminationOpinionIssuedData,
  DeterminationRequestedData,
  FundsMonitoringAnsweredData,
  FundsRecoveredData,
  JointInvestigationTeamFormedData,
  JudgmentRecordedData,
  LeadClosedUnfoundedData,
  LeadFoundedData,
  LeadReceivedData,
  LeadReferredUpData,
  LeadReportedToOfficeData,
  LeadRoutedData,
  MeetingScheduledData,
  NatureDeterminedData,
  PetitionRecordedData,
  ProsecutionRecordedData,
  RiskWrittenOffData,
  ProjectionEvent,
  TransferAcceptedByPoliceData,
  TransferDeclinedByPoliceData,
  TransferredToPoliceData,
  VerificationStartedData,
  VictimClaimsRecordedData,
} from '@jm/shared/core';
import type { ReportFactRow } from '../read-model/read-model.tables';
import type { FactKind } from './fact-kinds';
import { caseIdOfStream } from './risk-ledger.projection';
import { fenOf, leadIdOfStream } from './lead-ledger.projection';

const CHINA_OFFSET_MS = 8 * 3600 * 1000;

/** YYYY-MM of an instant in China Standard Time (UTC+8, no daylight saving). */
export function chinaMonthOf(instant: string): string {
  // Fast path for the canonical UTC form before 16:00: the same calendar day in China, so the same month.
  if (instant.length >= 20 && instant.charCodeAt(10) === 84 /* T */ && instant.endsWith('Z') && instant.slice(11, 13) < '16') return instant.slice(0, 7);
  return new Date(Date.parse(instant) + CHINA_OFFSET_MS).toISOString().slice(0, 7);
}

interface FactParts {
  kind: FactKind;
  unit?: string | null;
  detail?: string | null;
  amountYuan?: string;
  quantity?: number | null;
  jurisdiction?: string;
  occurredAt?: string;
}

type Subject = Pick<ReportFactRow, 'subjectType' | 'subjectId'>;

/** What a missed clock watched: its lead (a routing clock counts for its lead) or case, else the obligation itself. */
function deadlineSubjectOf(data: DeadlineMissedData): Subject {
  const kind = data.subject.kind;
  if (kind === 'lead' || kind === 'routing') return { subjectType: 'lead', subjectId: data.subject.id };
  if (kind === 'case') return { subjectType: 'case', subjectId: data.subject.id };
  return { subjectType: 'obligation', subjectId: data.subject.id };
}

function subjectOf(streamId: string): Subject | undefined {
  const leadId = leadIdOfStream(streamId);
  if (leadId) return { subjectType: 'lead', subjectId: leadId };
  const caseId = caseIdOfStream(streamId);
  if (caseId) return { subjectType: 'case', subjectId: caseId };
  if (streamId.startsWith('meeting-')) return { subjectType: 'meeting', subjectId: streamId.slice('meeting-'.length) };
  return undefined;
}

/** The kind and figures of one event, or undefined when it is not counted. */
function partsOf(event: ProjectionEvent): FactParts | undefined {
  const data = event.data;
  switch (event.type) {
    case 'LeadReceived': {
      const d = data as LeadReceivedData;
      return { kind: 'lead_received', unit: d.receivedBy, detail: d.source, amountYuan: d.amountYuan, quantity: d.participants };
    }
    case 'LeadReportedToOffice': {
      const d = data as LeadReportedToOfficeData;
      return { kind: 'lead_reported', unit: d.reportedBy, detail: Date.parse(d.reportedAt) <= Date.parse(d.deadline) ? 'on_time' : 'late' };
    }
    case 'LeadRouted':
      return { kind: 'lead_routed', unit: (data as LeadRoutedData).unit };
    case 'VerificationStarted':
      return { kind: 'verification_started', unit: (data as VerificationStartedData).unit };
    case 'LeadReferredUp': {
      const d = data as LeadReferredUpData;
      return { kind: 'lead_referred_up', unit: d.from, detail: d.to };
    }
    case 'LeadClosedUnfounded':
      return { kind: 'lead_closed_unfounded', unit: (data as LeadClosedUnfoundedData).unit };
    case 'LeadFounded':
      return { kind: 'lead_founded', unit: (data as LeadFoundedData).unit };
    case 'CaseOpened': {
      const d = data as CaseOpenedData;
      return { kind: 'case_opened', unit: d.leadUnit, amountYuan: d.amountYuan, quantity: d.participants };
    }
    case 'JointInvestigationTeamFormed': {
      const d = data as JointInvestigationTeamFormedData;
      return { kind: 'joint_team_formed', unit: d.by, quantity: d.members.length };
    }
    case 'FundsMonitoringAnswered': {
      const d = data as FundsMonitoringAnsweredData;
      return d.outcome === 'frozen' ? { kind: 'funds_frozen', unit: d.by, amountYuan: d.frozenAmountYuan } : undefined;
    }
    case 'DeterminationRequested': {
      const d = data as DeterminationRequestedData;
      return { kind: 'determination_requested', unit: d.by, detail: d.authority };
    }
    case 'DeterminationOpinionIssued': {
      const d = data as DeterminationOpinionIssuedData;
      return { kind: 'determination_issued', unit: d.authority, detail: d.conclusion };
    }
    case 'NatureDetermined': {
      const d = data as NatureDeterminedData;
      return { kind: 'nature_determined', unit: d.decidedBy, detail: d.by };
    }
    case 'ReferredToDistrictMeeting':
      return { kind: 'referred_to_district_meeting', unit: (data as { by: string }).by };
    case 'EscalatedToCityMeeting':
      return { kind: 'escalated_to_city_meeting', unit: (data as { by: string }).by };
    case 'AdministrativeMeasureTaken': {
      const d = data as AdministrativeMeasureTakenData;
      return { kind: 'measure_taken', unit: d.by, detail: d.measure, amountYuan: d.amountYuan };
    }
    case 'TransferredToPolice': {
      const d = data as TransferredToPoliceData;
      return { kind: 'transferred_to_police', unit: d.by, detail: d.police };
    }
    case 'TransferAcceptedByPolice':
      return { kind: 'police_accepted', unit: (data as TransferAcceptedByPoliceData).police };
    case 'TransferDeclinedByPolice':
      return { kind: 'police_declined', unit: (data as TransferDeclinedByPoliceData).police };
    case 'ProsecutionRecorded': {
      const d = data as ProsecutionRecordedData;
      return { kind: 'prosecution', unit: d.by, quantity: d.defendants };
    }
    case 'JudgmentRecorded': {
      const d = data as JudgmentRecordedData;
      return { kind: 'judgment', unit: d.by, amountYuan: d.amountYuan };
    }
    case 'FundsRecovered': {
      const d = data as FundsRecoveredData;
      return { kind: 'funds_recovered', unit: d.by, amountYuan: d.amountYuan };
    }
    case 'VictimClaimsRecorded': {
      const d = data as VictimClaimsRecordedData;
      return { kind: 'victim_claims', unit: d.by, amountYuan: d.amountYuan, quantity: d.claimants };
    }
    case 'PetitionRecorded': {
      const d = data as PetitionRecordedData;
      return { kind: 'petition', unit: d.by, quantity: d.petitioners };
    }
    case 'CaseClosed':
      return { kind: 'case_closed', unit: (data as CaseClosedData & { approvedBy?: string }).approvedBy ?? event.actor.agency };
    case 'RiskWrittenOff':
      return { kind: 'risk_written_off', unit: (data as RiskWrittenOffData).approvedBy };
    case 'CaseReopened':
      return { kind: 'case_reopened', unit: (data as { by?: string }).by ?? event.actor.agency };
    case 'MeetingScheduled': {
      const d = data as MeetingScheduledData;
      return { kind: 'meeting_held', unit: d.office, detail: d.level, jurisdiction: d.jurisdiction, occurredAt: d.scheduledFor };
    }
    case 'CrossRegionPartyNotified': {
      const d = data as CrossRegionPartyNotifiedData & { from?: string };
      return { kind: 'cross_region_notified', unit: d.from ?? event.actor.agency, detail: d.region };
    }
    case 'DeadlineMissed': {
      const d = data as DeadlineMissedData;
      const region = d.subject.kind === 'obligation' && d.jurisdiction ? { jurisdiction: d.jurisdiction } : {};
      return { kind: 'deadline_missed', unit: d.unit, detail: d.policyId, occurredAt: d.missedAt, ...region };
    }
    default:
      return undefined;
  }
}

/** The fact one event adds, keyed by its id, or undefined when it is not counted. */
export function factOf(event: ProjectionEvent): ReportFactRow | undefined {
  const subject =
    event.type === 'DeadlineMissed' && event.streamId.startsWith(DEADLINE_STREAM_PREFIX) ? deadlineSubjectOf(event.data as DeadlineMissedData) : subjectOf(event.streamId);
  if (!subject) return undefined;
  const parts = partsOf(event);
  if (!parts) return undefined;
  const occurredAt = parts.occurredAt ?? event.time;
  return {
    eventId: event.id,
    kind: parts.kind,
    subjectType: subject.subjectType,
    subjectId: subject.subjectId,
    unit: parts.unit ?? null,
    jurisdiction: parts.jurisdiction ?? null,
    occurredAt,
    month: chinaMonthOf(occurredAt),
    detail: parts.detail ?? null,
    amountFen: fenOf(parts.amountYuan),
    quantity: parts.quantity ?? null,
  };
}

/** The facts one event adds (0 or 1 rows). */
export function factsOf(event: ProjectionEvent): ReportFactRow[] {
  const fact = factOf(event);
  return fact ? [fact] : [];
}
