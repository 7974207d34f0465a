/**
 * The lead ledger's pure evolve (线索台账): one row per lead from two streams
 * that reach reporting on two topics in no particular order: intake's
 * `lead-<id>` writes the intake columns and `lead_version`; cases'
 * `routing-<id>` writes the triage columns and `routing_version`. Neither part
 * reads the other's columns, `status` is derived from both, and `last_event_*`
 * is the latest by (time, event id), so any interleaving of the two streams
 * gives the same row. An event at or below its stream's stored version was
 * applied already (a redelivery) and returns the row unchanged.
 *
 * Only company names leave the subjects: never people, phones, accounts or
 * anything of the informant.
 */
import {
  decodeLeadEvent,
  decodeRoutingEvent,
  LEAD_CONTRACT_EVENT_TYPES,
  LEAD_STREAM_PREFIX,
  LeadSubject,
  ROUTING_CONTRACT_EVENT_TYPES,
  ROUTING_STREAM_PREFIX,
} from '@jm/contracts';
import { assertNever, ProjectionEvent } from '@jm/event-sourcing';
import { toFen } from '@jm/reference';
import type { LeadLedgerRow, LeadLedgerStatus } from '../read-model/read-model.tables';

// Read once: every access to an import of a library barrel goes through its re-export getters, which costs in a fold of a million events.
const LEAD_PREFIX = LEAD_STREAM_PREFIX;
const ROUTING_PREFIX = ROUTING_STREAM_PREFIX;
const yuanToFen = toFen;
const decodeLead = decodeLeadEvent;
const decodeRouting = decodeRoutingEvent;

/** The published event types the lead ledger reads: every type of the lead and routing streams. */
export const LEAD_LEDGER_EVENT_TYPES: readonly string[] = [...LEAD_CONTRACT_EVENT_TYPES, ...ROUTING_CONTRACT_EVENT_TYPES];

/** Which part of the row a stream writes. */
export type LeadStreamPart = 'lead' | 'routing';

export function leadStreamPart(streamId: string): LeadStreamPart | undefined {
  if (streamId.startsWith(LEAD_PREFIX)) return 'lead';
  if (streamId.startsWith(ROUTING_PREFIX)) return 'routing';
  return undefined;
}

export function leadIdOfStream(streamId: string): string | undefined {
  const part = leadStreamPart(streamId);
  if (part === 'lead') return streamId.slice(LEAD_PREFIX.length);
  if (part === 'routing') return streamId.slice(ROUTING_PREFIX.length);
  return undefined;
}

/** Company names of the subjects, joined with "、", at most `max` characters (the column's length). */
export function companiesOf(subjects: readonly LeadSubject[] | undefined, max = 1000): string | null {
  const names: string[] = [];
  for (const s of subjects ?? []) {
    if (s.kind === 'company' && s.name && !names.includes(s.name)) names.push(s.name);
  }
  if (names.length === 0) return null;
  const joined = names.join('、');
  return joined.length > max ? joined.slice(0, max) : joined;
}

export function fenOf(yuan: string | undefined | null): number | null {
  return yuan ? Number(yuanToFen(yuan)) : null;
}

/** A lead known only by one of its streams so far: every column empty. */
export function emptyLeadLedgerRow(leadId: string): LeadLedgerRow {
  return {
    leadId,
    receiptNo: null,
    title: null,
    category: null,
    field: null,
    source: null,
    channel: null,
    jurisdiction: null,
    street: null,
    receivedBy: null,
    receivedAt: null,
    office: null,
    major: false,
    amountFen: null,
    participants: null,
    companies: null,
    reportDeadline: null,
    reportedAt: null,
    intakeStatus: null,
    triageStatus: null,
    status: 'received',
    unit: null,
    routedStreet: null,
    routingRule: null,
    routedAt: null,
    verificationDeadline: null,
    feedbackAt: null,
    referredTo: null,
    caseId: null,
    confirmedLinks: 0,
    confirmedLinkTargets: '',
    lastEventType: '',
    lastEventAt: '',
    lastEventId: '',
    leadVersion: -1,
    routingVersion: -1,
  };
}

const TRIAGE_TO_STATUS: Record<string, LeadLedgerStatus> = {
  open: 'triaged',
  routed: 'routed',
  verifying: 'verifying',
  referred_up: 'referred_up',
  closed_unfounded: 'closed_unfounded',
  founded: 'founded',
};

/** The ledger status from the two parts: the triage part once there is one, else the intake part. */
export function deriveLeadStatus(intakeStatus: string | null, triageStatus: string | null): LeadLedgerStatus {
  if (triageStatus && TRIAGE_TO_STATUS[triageStatus]) return TRIAGE_TO_STATUS[triageStatus];
  return intakeStatus === 'reported' ? 'reported' : 'received';
}

/** True when event is later than what the row last saw, by (time, id): the same answer in any delivery order. */
export function isLaterEvent(row: { lastEventAt: string; lastEventId: string }, event: ProjectionEvent): boolean {
  return event.time > row.lastEventAt || (event.time === row.lastEventAt && event.id > row.lastEventId);
}

/** Intake's part of the row after one lead-<id> event, written into `row`. */
function applyIntake(row: LeadLedgerRow, event: ProjectionEvent): void {
  const e = decodeLead(event);
  switch (e.type) {
    case 'LeadReceived': {
      const d = e.data;
      row.receiptNo = d.receiptNo;
      row.title = d.title;
      row.category = d.category;
      row.field = d.field;
      row.source = d.source;
      row.channel = d.channel;
      row.jurisdiction = d.jurisdiction;
      row.street = d.street ?? null;
      row.receivedBy = d.receivedBy;
      row.receivedAt = d.receivedAt;
      row.office = d.office;
      row.major = d.major;
      row.amountFen = fenOf(d.amountYuan);
      row.participants = d.participants ?? null;
      row.companies = companiesOf(d.subjects);
      row.reportDeadline = d.reportDeadline;
      row.intakeStatus = row.intakeStatus ?? 'received';
      return;
    }
    case 'LeadReportedToOffice': {
      const d = e.data;
      row.reportedAt = d.reportedAt;
      row.intakeStatus = 'reported';
      return;
    }
    case 'LeadLinkConfirmed': {
      const d = e.data;
      const targets = splitList(row.confirmedLinkTargets);
      const key = `${d.target.kind}:${d.target.id}`;
      if (!targets.includes(key)) setLinks(row, [...targets, key]);
      return;
    }
    case 'LeadLinkUndone': {
      const d = e.data;
      const key = `${d.target.kind}:${d.target.id}`;
      setLinks(
        row,
        splitList(row.confirmedLinkTargets).filter((t) => t !== key),
      );
      return;
    }
    case 'LeadSupplemented':
    case 'LeadLinked': // a suggestion only
    case 'InformantIdentityShredded':
      // Nothing the ledger shows.
      return;
    default:
      assertNever(e, 'lead event');
  }
}

function splitList(value: string): string[] {
  return value ? value.split(',') : [];
}

function setLinks(row: LeadLedgerRow, targets: string[]): void {
  row.confirmedLinks = targets.length;
  row.confirmedLinkTargets = targets.join(',');
}

/** The triage part of the row after one routing-<id> event, written into `row`. */
function applyRouting(row: LeadLedgerRow, event: ProjectionEvent): void {
  const e = decodeRouting(event);
  switch (e.type) {
    case 'TriageOpened':
      row.triageStatus = row.triageStatus ?? 'open';
      return;
    case 'LeadRouted': {
      const d = e.data;
      row.triageStatus = 'routed';
      row.unit = d.unit;
      row.routedStreet = d.street ?? null;
      row.routingRule = d.rule;
      row.routedAt = event.time;
      row.verificationDeadline = d.deadline;
      return;
    }
    case 'VerificationStarted':
      row.triageStatus = 'verifying';
      return;
    case 'LeadReferredUp': {
      const d = e.data;
      row.triageStatus = 'referred_up';
      row.referredTo = d.to;
      return;
    }
    case 'LeadClosedUnfounded': {
      const d = e.data;
      row.triageStatus = 'closed_unfounded';
      row.unit = row.unit ?? d.unit;
      row.feedbackAt = event.time;
      return;
    }
    case 'LeadFounded': {
      const d = e.data;
      row.triageStatus = 'founded';
      row.unit = row.unit ?? d.unit;
      row.caseId = d.caseId;
      row.feedbackAt = event.time;
      return;
    }
    case 'LinkedLeadNoted':
    case 'LinkedLeadRemoved':
      // The links the ledger counts are intake's confirmed ones.
      return;
    default:
      assertNever(e, 'routing event');
  }
}

/**
 * One event of a lead-<id> or routing-<id> stream: the row it gives, or
 * undefined when the event changes nothing (another stream's, or a version the
 * row holds already). `copy` false changes `row` itself (a row only the
 * caller holds); true leaves it as it is.
 */
function stepLeadLedger(row: LeadLedgerRow | undefined, event: ProjectionEvent, copy: boolean): LeadLedgerRow | undefined {
  const part = leadStreamPart(event.streamId);
  if (!part) return undefined;
  if (row && event.streamVersion <= (part === 'lead' ? row.leadVersion : row.routingVersion)) return undefined;
  const next = !row ? emptyLeadLedgerRow(leadIdOfStream(event.streamId)!) : copy ? { ...row } : row;
  // Judged before the event is written in: (time, id) of the row's last event as it was.
  const later = isLaterEvent(next, event);
  if (part === 'lead') {
    applyIntake(next, event);
    next.leadVersion = event.streamVersion;
  } else {
    applyRouting(next, event);
    next.routingVersion = event.streamVersion;
  }
  next.status = deriveLeadStatus(next.intakeStatus, next.triageStatus);
  if (later) {
    next.lastEventType = event.type;
    next.lastEventAt = event.time;
    next.lastEventId = event.id;
  }
  return next;
}

/**
 * The row after one event of a lead-<id> or routing-<id> stream (pure).
 * Undefined only when the event belongs to neither stream and there is no row.
 */
export function evolveLeadLedger(row: LeadLedgerRow | undefined, event: ProjectionEvent): LeadLedgerRow | undefined {
  return stepLeadLedger(row, event, true) ?? row;
}

/**
 * The same step for a row only the caller holds (the rebuild's fold): written
 * in place, no copy per event (a fold of a million events spends its time in
 * the collector otherwise). Returns the row (a new one for a lead not seen
 * before), or undefined when the event changes nothing.
 */
export function foldLeadLedger(row: LeadLedgerRow | undefined, event: ProjectionEvent): LeadLedgerRow | undefined {
  return stepLeadLedger(row, event, false);
}
