/**
 * Consumer-side validation of intake's integration events (rule 10: contracts
 * are validated where they are consumed): decoded with the lead contract, then
 * the fields cases uses are checked; a malformed event throws, so the bus
 * retries it and then parks it with this message instead of acting on half a lead.
 */
import {
  ContractEventRefusedError,
  decodeLeadEvent,
  LeadContractEvent,
  LeadLinkConfirmedData,
  LeadLinkedData,
  LeadLinkUndoneData,
  LeadReportedToOfficeData,
  LeadSummary,
  Decoded,
} from '@jm/contracts';
import { StoredEvent } from '@jm/event-sourcing';
import { ACTIVITY_CATEGORY_CODES, FIELD_CODES } from '@jm/reference';

export class MalformedIntakeEventError extends Error {
  readonly code = 'MALFORMED_INTAKE_EVENT';
  constructor(event: StoredEvent, problems: string[]) {
    super(`intake event ${event.type} ${event.id} (${event.streamId}) does not match the lead contract: ${problems.join('; ')}`);
    this.name = 'MalformedIntakeEventError';
  }
}

const isText = (v: unknown): v is string => typeof v === 'string' && v.trim().length > 0;
const REGION = /^\d{6}$/;

function summaryProblems(s: Partial<LeadSummary> | undefined, leadId: unknown): string[] {
  if (typeof s !== 'object' || s === null) return ['summary: missing'];
  const p: string[] = [];
  if (s.leadId !== leadId) p.push(`summary.leadId: ${JSON.stringify(s.leadId)} is not the event's leadId`);
  if (!isText(s.title)) p.push('summary.title: missing');
  if (!(ACTIVITY_CATEGORY_CODES as string[]).includes(s.category as string))
    p.push(`summary.category: ${JSON.stringify(s.category)} is not a known activity category`);
  if (!(FIELD_CODES as string[]).includes(s.field as string)) p.push(`summary.field: ${JSON.stringify(s.field)} is not a known field`);
  if (typeof s.jurisdiction !== 'string' || !REGION.test(s.jurisdiction)) p.push('summary.jurisdiction: a 6-digit region code');
  if (s.street !== undefined && !isText(s.street)) p.push('summary.street: an agency code when present');
  if (!isText(s.receivedBy) || !isText(s.receivedAt)) p.push('summary.receivedBy/receivedAt: missing');
  if (!Array.isArray(s.subjects)) p.push('summary.subjects: a list');
  if (!Array.isArray(s.matchKeys)) p.push('summary.matchKeys: a list');
  return p;
}

/** The event read through the lead contract; a refusal is a malformed intake event. */
function decodeLead(event: StoredEvent): Decoded<LeadContractEvent> {
  try {
    return decodeLeadEvent(event);
  } catch (error) {
    if (error instanceof ContractEventRefusedError) throw new MalformedIntakeEventError(event, [error.message]);
    throw error;
  }
}

const notOf = (event: StoredEvent, expected: string): MalformedIntakeEventError =>
  new MalformedIntakeEventError(event, [`type: ${event.type} is not ${expected}`]);

export function parseLeadReportedToOffice(event: StoredEvent): LeadReportedToOfficeData {
  const decoded = decodeLead(event);
  if (decoded.type !== 'LeadReportedToOffice') throw notOf(event, 'LeadReportedToOffice');
  // Typed by the contract, checked as what may still be missing or wrong.
  const d: Partial<LeadReportedToOfficeData> = decoded.data;
  const problems: string[] = [];
  if (!isText(d.leadId)) problems.push('leadId: missing');
  if (!isText(d.office)) problems.push('office: missing');
  if (d.deadline !== undefined && !isText(d.deadline)) problems.push('deadline: an ISO instant when present');
  problems.push(...summaryProblems(d.summary, d.leadId));
  if (problems.length) throw new MalformedIntakeEventError(event, problems);
  return decoded.data;
}

export type LinkEventData = LeadLinkedData | LeadLinkConfirmedData | LeadLinkUndoneData;

export function parseLinkEvent(event: StoredEvent): LinkEventData {
  const decoded = decodeLead(event);
  if (decoded.type !== 'LeadLinked' && decoded.type !== 'LeadLinkConfirmed' && decoded.type !== 'LeadLinkUndone') throw notOf(event, 'a link event');
  const d: Partial<LinkEventData> = decoded.data;
  const problems: string[] = [];
  if (!isText(d.leadId)) problems.push('leadId: missing');
  if (d.target?.kind !== 'lead' && d.target?.kind !== 'case') problems.push('target.kind: lead or case');
  if (!isText(d.target?.id)) problems.push('target.id: missing');
  if (problems.length) throw new MalformedIntakeEventError(event, problems);
  return decoded.data;
}
