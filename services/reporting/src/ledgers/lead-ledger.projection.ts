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
  LEAD_STREAM_PREFIX,
  LeadClosedUnfoundedData,
  LeadFoundedData,
  LeadLinkConfirmedData,
  LeadLinkUndoneData,
  LeadReceivedData,
  LeadReferredUpData,
  LeadReportedToOfficeData,
  LeadRoutedData,
  LeadSubject,
  ROUTING_STREAM_PREFIX,
  StoredEvent,
  toFen,
} from '@jm/shared';
import type { LeadLedgerRow, LeadLedgerStatus } from '../read-model/read-model.tables';

// Read once: every access to an import of @jm/shared goes through its re-export getters, which costs in a fold of a million events.
const LEAD_PREFIX = LEAD_STREAM_PREFIX;
const ROUTING_PREFIX = ROUTING_STREAM_PREFIX;
const yuanToFen = toFen;

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
export function isLaterEvent(row: { lastEventAt: string; lastEventId: string }, event: StoredEvent): boolean {
  return event.time > row.lastEventAt || (event.time === row.lastEventAt && event.id > row.lastEventId);
}

/** What one lead-<id> event changes in intake's part of the row. */
function intakeChanges(row: LeadLedgerRow, event: StoredEvent): Partial<LeadLedgerRow> {
  switch (event.type) {
    case 'LeadReceived': {
      const d = event.data as LeadReceivedData;
      return {
        receiptNo: d.receiptNo,
        title: d.title,
        category: d.category,
        field: d.field,
        source: d.source,
        channel: d.channel,
        jurisdiction: d.jurisdiction,
        street: d.street ?? null,
        receivedBy: d.receivedBy,
        receivedAt: d.receivedAt,
        office: d.office,
        major: d.major,
        amountFen: fenOf(d.amountYuan),
        participants: d.participants ?? null,
        companies: companiesOf(d.subjects),
        reportDeadline: d.reportDeadline,
        intakeStatus: row.intakeStatus ?? 'received',
      };
    }
    case 'LeadReportedToOffice': {
      const d = event.data as LeadReportedToOfficeData;
      return { reportedAt: d.reportedAt, intakeStatus: 'reported' };
    }
    case 'LeadLinkConfirmed': {
      const d = event.data as LeadLinkConfirmedData;
      const targets = splitList(row.confirmedLinkTargets);
      const key = `${d.target.kind}:${d.target.id}`;
      return targets.includes(key) ? {} : linkChanges([...targets, key]);
    }
    case 'LeadLinkUndone': {
      const d = event.data as LeadLinkUndoneData;
      const key = `${d.target.kind}:${d.target.id}`;
      return linkChanges(splitList(row.confirmedLinkTargets).filter((t) => t !== key));
    }
    default:
      // LeadSupplemented, LeadLinked (a suggestion only), InformantIdentityShredded: nothing the ledger shows.
      return {};
  }
}

function splitList(value: string): string[] {
  return value ? value.split(',') : [];
}

function linkChanges(targets: string[]): Partial<LeadLedgerRow> {
  return { confirmedLinks: targets.length, confirmedLinkTargets: targets.join(',') };
}

/** What one routing-<id> event changes in the triage part of the row. */
function routingChanges(row: LeadLedgerRow, event: StoredEvent): Partial<LeadLedgerRow> {
  switch (event.type) {
    case 'TriageOpened':
      return { triageStatus: row.triageStatus ?? 'open' };
    case 'LeadRouted': {
      const d = event.data as LeadRoutedData;
      return { triageStatus: 'routed', unit: d.unit, routedStreet: d.street ?? null, routingRule: d.rule, routedAt: event.time, verificationDeadline: d.deadline };
    }
    case 'VerificationStarted':
      return { triageStatus: 'verifying' };
    case 'LeadReferredUp': {
      const d = event.data as LeadReferredUpData;
      return { triageStatus: 'referred_up', referredTo: d.to };
    }
    case 'LeadClosedUnfounded': {
      const d = event.data as LeadClosedUnfoundedData;
      return { triageStatus: 'closed_unfounded', unit: row.unit ?? d.unit, feedbackAt: event.time };
    }
    case 'LeadFounded': {
      const d = event.data as LeadFoundedData;
      return { triageStatus: 'founded', unit: row.unit ?? d.unit, caseId: d.caseId, feedbackAt: event.time };
    }
    default:
      // LinkedLeadNoted, LinkedLeadRemoved: the links the ledger counts are intake's confirmed ones.
      return {};
  }
}

/**
 * The row after one event of a lead-<id> or routing-<id> stream (pure).
 * Undefined only when the event belongs to neither stream and there is no row.
 */
export function evolveLeadLedger(row: LeadLedgerRow | undefined, event: StoredEvent): LeadLedgerRow | undefined {
  const part = leadStreamPart(event.streamId);
  if (!part) return row;
  const current = row ?? emptyLeadLedgerRow(leadIdOfStream(event.streamId)!);
  const applied = part === 'lead' ? current.leadVersion : current.routingVersion;
  if (event.streamVersion <= applied) return row ?? undefined;
  // One copy per event: a fold of a million events feels every extra spread of this 38-column row.
  const next: LeadLedgerRow = { ...current, ...(part === 'lead' ? intakeChanges(current, event) : routingChanges(current, event)) };
  if (part === 'lead') next.leadVersion = event.streamVersion;
  else next.routingVersion = event.streamVersion;
  next.status = deriveLeadStatus(next.intakeStatus, next.triageStatus);
  if (isLaterEvent(current, event)) {
    next.lastEventType = event.type;
    next.lastEventAt = event.time;
    next.lastEventId = event.id;
  }
  return next;
}
