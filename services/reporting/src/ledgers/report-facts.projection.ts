/**
 * Statistics facts (统计事实): which events count, and as what (FACT_KINDS).
 * Pure: one event gives zero or one row, keyed by the event id, so a
 * redelivered event inserts nothing new. Region, street, field and category
 * of leads and cases come from their ledger rows (joined by subject); the
 * fact carries a jurisdiction only when the event itself says (meetings).
 */
import { DEADLINE_STREAM_PREFIX, DeadlineMissedData, Decoded, PublishedEventOf, publishedDecoder } from '@jm/contracts';
import { assertNever, ProjectionEvent } from '@jm/event-sourcing';
import type { ReportFactRow } from '../read-model/read-model.tables';
import type { FactKind } from './fact-kinds';
import { caseIdOfStream } from './risk-ledger.projection';
import { fenOf, leadIdOfStream } from './lead-ledger.projection';

const CHINA_OFFSET_MS = 8 * 3600 * 1000;

/** The published event types that count as a fact (some only with certain data, see partsOf). */
export const FACT_EVENT_TYPES = [
  'LeadReceived',
  'LeadReportedToOffice',
  'LeadRouted',
  'VerificationStarted',
  'LeadReferredUp',
  'LeadClosedUnfounded',
  'LeadFounded',
  'CaseOpened',
  'JointInvestigationTeamFormed',
  'FundsMonitoringAnswered',
  'DeterminationRequested',
  'DeterminationOpinionIssued',
  'NatureDetermined',
  'ReferredToDistrictMeeting',
  'EscalatedToCityMeeting',
  'AdministrativeMeasureTaken',
  'TransferredToPolice',
  'TransferAcceptedByPolice',
  'TransferDeclinedByPolice',
  'ProsecutionRecorded',
  'JudgmentRecorded',
  'FundsRecovered',
  'VictimClaimsRecorded',
  'PetitionRecorded',
  'CaseClosed',
  'RiskWrittenOff',
  'CaseReopened',
  'MeetingScheduled',
  'CrossRegionPartyNotified',
  'DeadlineMissed',
] as const;
type FactEvent = Decoded<PublishedEventOf<(typeof FACT_EVENT_TYPES)[number]>>;

const FACT_TYPES: ReadonlySet<string> = new Set(FACT_EVENT_TYPES);
const decodeFact = publishedDecoder('report facts', FACT_EVENT_TYPES);
const DEADLINE_PREFIX = DEADLINE_STREAM_PREFIX;

/** YYYY-MM of an instant in China Standard Time (UTC+8, no daylight saving). */
export function chinaMonthOf(instant: string): string {
  // Fast path for the canonical UTC form before 16:00: the same calendar day in China, so the same month.
  if (instant.length >= 20 && instant.charCodeAt(10) === 84 /* T */ && instant.endsWith('Z') && instant.slice(11, 13) < '16')
    return instant.slice(0, 7);
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
function partsOf(e: FactEvent, event: ProjectionEvent): FactParts | undefined {
  switch (e.type) {
    case 'LeadReceived': {
      const d = e.data;
      return { kind: 'lead_received', unit: d.receivedBy, detail: d.source, amountYuan: d.amountYuan, quantity: d.participants };
    }
    case 'LeadReportedToOffice': {
      const d = e.data;
      return { kind: 'lead_reported', unit: d.reportedBy, detail: Date.parse(d.reportedAt) <= Date.parse(d.deadline) ? 'on_time' : 'late' };
    }
    case 'LeadRouted':
      return { kind: 'lead_routed', unit: e.data.unit };
    case 'VerificationStarted':
      return { kind: 'verification_started', unit: e.data.unit };
    case 'LeadReferredUp': {
      const d = e.data;
      return { kind: 'lead_referred_up', unit: d.from, detail: d.to };
    }
    case 'LeadClosedUnfounded':
      return { kind: 'lead_closed_unfounded', unit: e.data.unit };
    case 'LeadFounded':
      return { kind: 'lead_founded', unit: e.data.unit };
    case 'CaseOpened': {
      const d = e.data;
      return { kind: 'case_opened', unit: d.leadUnit, amountYuan: d.amountYuan, quantity: d.participants };
    }
    case 'JointInvestigationTeamFormed': {
      const d = e.data;
      return { kind: 'joint_team_formed', unit: d.by, quantity: d.members.length };
    }
    case 'FundsMonitoringAnswered': {
      const d = e.data;
      return d.outcome === 'frozen' ? { kind: 'funds_frozen', unit: d.by, amountYuan: d.frozenAmountYuan } : undefined;
    }
    case 'DeterminationRequested': {
      const d = e.data;
      return { kind: 'determination_requested', unit: d.by, detail: d.authority };
    }
    case 'DeterminationOpinionIssued': {
      const d = e.data;
      return { kind: 'determination_issued', unit: d.authority, detail: d.conclusion };
    }
    case 'NatureDetermined': {
      const d = e.data;
      return { kind: 'nature_determined', unit: d.decidedBy, detail: d.by };
    }
    case 'ReferredToDistrictMeeting':
      return { kind: 'referred_to_district_meeting', unit: e.data.by };
    case 'EscalatedToCityMeeting':
      return { kind: 'escalated_to_city_meeting', unit: e.data.by };
    case 'AdministrativeMeasureTaken': {
      const d = e.data;
      // Old events have no `unit`: their `by` was the lead unit, the only one that could impose a measure then.
      return { kind: 'measure_taken', unit: d.unit ?? d.by, detail: d.measure, amountYuan: d.amountYuan };
    }
    case 'TransferredToPolice': {
      const d = e.data;
      return { kind: 'transferred_to_police', unit: d.by, detail: d.police };
    }
    case 'TransferAcceptedByPolice':
      return { kind: 'police_accepted', unit: e.data.police };
    case 'TransferDeclinedByPolice':
      return { kind: 'police_declined', unit: e.data.police };
    case 'ProsecutionRecorded': {
      const d = e.data;
      return { kind: 'prosecution', unit: d.by, quantity: d.defendants };
    }
    case 'JudgmentRecorded': {
      const d = e.data;
      return { kind: 'judgment', unit: d.by, amountYuan: d.amountYuan };
    }
    case 'FundsRecovered': {
      const d = e.data;
      return { kind: 'funds_recovered', unit: d.by, amountYuan: d.amountYuan };
    }
    case 'VictimClaimsRecorded': {
      const d = e.data;
      return { kind: 'victim_claims', unit: d.by, amountYuan: d.amountYuan, quantity: d.claimants };
    }
    case 'PetitionRecorded': {
      const d = e.data;
      return { kind: 'petition', unit: d.by, quantity: d.petitioners };
    }
    // approvedBy, by and from: the acting agency stands in when an event lacks them.
    case 'CaseClosed':
      return { kind: 'case_closed', unit: e.data.approvedBy ?? event.actor.agency };
    case 'RiskWrittenOff':
      return { kind: 'risk_written_off', unit: e.data.approvedBy };
    case 'CaseReopened':
      return { kind: 'case_reopened', unit: e.data.by ?? event.actor.agency };
    case 'MeetingScheduled': {
      const d = e.data;
      return { kind: 'meeting_held', unit: d.office, detail: d.level, jurisdiction: d.jurisdiction, occurredAt: d.scheduledFor };
    }
    case 'CrossRegionPartyNotified': {
      const d = e.data;
      return { kind: 'cross_region_notified', unit: d.from ?? event.actor.agency, detail: d.region };
    }
    case 'DeadlineMissed': {
      const d = e.data;
      const region = d.subject.kind === 'obligation' && d.jurisdiction ? { jurisdiction: d.jurisdiction } : {};
      return { kind: 'deadline_missed', unit: d.unit, detail: d.policyId, occurredAt: d.missedAt, ...region };
    }
    default:
      return assertNever(e, 'fact event');
  }
}

/** The fact one event adds, keyed by its id, or undefined when it is not counted. */
export function factOf(event: ProjectionEvent): ReportFactRow | undefined {
  if (!FACT_TYPES.has(event.type)) return undefined;
  // A missed clock counts for what it watched (its data says), any other event for its stream's subject.
  const missedClock = event.type === 'DeadlineMissed' && event.streamId.startsWith(DEADLINE_PREFIX);
  const streamSubject = missedClock ? undefined : subjectOf(event.streamId);
  if (!missedClock && !streamSubject) return undefined;
  const e = decodeFact(event);
  const subject = e.type === 'DeadlineMissed' && missedClock ? deadlineSubjectOf(e.data) : streamSubject;
  if (!subject) return undefined;
  const parts = partsOf(e, event);
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
