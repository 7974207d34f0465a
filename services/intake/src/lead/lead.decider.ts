/**
 * Decisions on one lead (stream `lead-<leadId>`): receiving it (首问负责: who
 * received it and when), reporting it to the office with its deadline,
 * supplements, links found by matching and the office's verdict on them, and
 * crypto-shredding the informant's identity. Pure: commands carry the time,
 * the actor and everything looked up outside (sealed identity, office,
 * deadline hours); authorisation by role and agency is decided here.
 */
import { DomainActor, EvidenceRef, hasRole, LeadReceivedData, LeadSummary, LinkTarget, MatchReasonKind } from '@jm/contracts';
import { assertNever, Decider, DomainRuleError, ForbiddenError, InvalidTransitionError } from '@jm/event-sourcing';
import { regionContains } from '@jm/reference';
import type { LeadEvent, LeadReportedToOffice } from './lead.events';
import { evolveLead, initialLeadState, LeadState, linkTo, LinkStatus, ReceivedLeadState } from './lead';

/** The user of the actor a public (possibly anonymous) submission acts as; see publicActor(). */
export const PUBLIC_USER = 'public';
/** The user of the actor the matching process manager acts as; see matchingActor(). */
export const MATCHING_USER = 'system:matching';

interface OfficeLike {
  code: string;
  level: DomainActor['level'];
  jurisdiction: string;
}

/**
 * Public submissions have no token: they act as "the public, received by the
 * office of the lead's jurisdiction", with no roles at all.
 */
export function publicActor(office: OfficeLike): DomainActor {
  return { user: PUBLIC_USER, agency: office.code, agencyKind: 'office', level: office.level, jurisdiction: office.jurisdiction, roles: [] };
}

/** Matching runs on behalf of the lead's office, as a system user without roles. */
export function matchingActor(office: OfficeLike): DomainActor {
  return { user: MATCHING_USER, agency: office.code, agencyKind: 'office', level: office.level, jurisdiction: office.jurisdiction, roles: [] };
}

const isPublic = (actor: DomainActor): boolean => actor.user === PUBLIC_USER && actor.roles.length === 0;
const isMatcher = (actor: DomainActor): boolean => actor.user === MATCHING_USER && actor.roles.length === 0;

interface CommandBase {
  /** ISO-8601 instant the command is handled at. */
  at: string;
  actor: DomainActor;
}

/** What the submitter says about the lead; receiver, time and deadline come from the command itself. */
export type LeadContent = Omit<LeadReceivedData, 'receivedBy' | 'receivedAt' | 'reportDeadline'>;

export interface ReceiveLead extends CommandBase {
  kind: 'ReceiveLead';
  /** public: an informant through the public endpoint (actor = publicActor(office)); agency: an authenticated officer. */
  intake: 'public' | 'agency';
  lead: LeadContent;
  /** Report to the office in the same step (default for public submissions). */
  reportToOffice: boolean;
  /** Configured first-receiver reporting deadline (LEAD_REPORT_DEADLINE_HOURS). */
  reportDeadlineHours: number;
}

export interface ReportLeadToOffice extends CommandBase {
  kind: 'ReportLeadToOffice';
}

export interface SupplementLead extends CommandBase {
  kind: 'SupplementLead';
  /** informant: through the receipt (the caller checked the receipt secret); agency: an officer. */
  by: 'informant' | 'agency';
  text?: string;
  evidence: EvidenceRef[];
}

export interface LinkLead extends CommandBase {
  kind: 'LinkLead';
  target: LinkTarget;
  reasons: Array<{ kind: MatchReasonKind; value: string }>;
  score: number;
}

export interface ConfirmLink extends CommandBase {
  kind: 'ConfirmLink';
  target: LinkTarget;
}

export interface UndoLink extends CommandBase {
  kind: 'UndoLink';
  target: LinkTarget;
  reason: string;
}

export interface ShredInformantIdentity extends CommandBase {
  kind: 'ShredInformantIdentity';
  reason: string;
}

export type LeadCommand = ReceiveLead | ReportLeadToOffice | SupplementLead | LinkLead | ConfirmLink | UndoLink | ShredInformantIdentity;

const AFTER_RECEIVED: LeadCommand['kind'][] = ['SupplementLead', 'LinkLead', 'ConfirmLink', 'UndoLink', 'ShredInformantIdentity'];

/** What each lead status allows (named in every 409). */
export const ALLOWED_BY_STATUS: Record<LeadState['status'], LeadCommand['kind'][]> = {
  none: ['ReceiveLead'],
  received: ['ReportLeadToOffice', ...AFTER_RECEIVED],
  reported: [...AFTER_RECEIVED],
};

const ALLOWED_BY_LINK: Record<LinkStatus | 'absent', LeadCommand['kind'][]> = {
  absent: ['LinkLead'],
  suggested: ['ConfirmLink', 'UndoLink'],
  confirmed: ['UndoLink'],
  undone: ['ConfirmLink'],
};

const OFFICER_ROLES = ['office_officer', 'unit_officer', 'street_officer'] as const;

function refuse(command: LeadCommand, state: LeadState): never {
  throw new InvalidTransitionError('lead', command.kind, state.status, ALLOWED_BY_STATUS[state.status]);
}

function received(command: LeadCommand, state: LeadState): ReceivedLeadState {
  if (state.status === 'none' || !ALLOWED_BY_STATUS[state.status].includes(command.kind)) refuse(command, state);
  return state;
}

/** The office of the lead's jurisdiction, acting through an office officer. */
function isOfficeOfficerFor(actor: DomainActor, lead: LeadReceivedData): boolean {
  return actor.agencyKind === 'office' && hasRole(actor, 'office_officer') && regionContains(actor.jurisdiction, lead.jurisdiction);
}

function requireOfficeOfficer(actor: DomainActor, lead: LeadReceivedData, what: string): void {
  if (hasRole(actor, 'analyst', 'auditor') && !hasRole(actor, 'office_officer')) {
    throw new ForbiddenError(`${what}: analysts and auditors read, they do not act on leads`);
  }
  if (!isOfficeOfficerFor(actor, lead)) {
    throw new ForbiddenError(
      `${what}: only an office_officer of the joint-meeting office whose jurisdiction contains ${lead.jurisdiction} may do this; ${actor.agency} may not`,
    );
  }
}

function requireReason(reason: string, what: string): string {
  const trimmed = reason.trim();
  if (!trimmed) throw new DomainRuleError(`${what} needs a reason`);
  return trimmed;
}

function summaryOf(lead: LeadReceivedData): LeadSummary {
  const {
    leadId,
    receiptNo,
    title,
    category,
    field,
    source,
    channel,
    jurisdiction,
    street,
    receivedBy,
    receivedAt,
    subjects,
    matchKeys,
    amountYuan,
    participants,
    major,
  } = lead;
  return {
    leadId,
    receiptNo,
    title,
    category,
    field,
    source,
    channel,
    jurisdiction,
    ...(street !== undefined ? { street } : {}),
    receivedBy,
    receivedAt,
    subjects,
    matchKeys,
    ...(amountYuan !== undefined ? { amountYuan } : {}),
    ...(participants !== undefined ? { participants } : {}),
    major,
  };
}

function reported(lead: LeadReceivedData, by: string, at: string): LeadReportedToOffice {
  return {
    type: 'LeadReportedToOffice',
    data: { leadId: lead.leadId, office: lead.office, reportedBy: by, reportedAt: at, deadline: lead.reportDeadline, summary: summaryOf(lead) },
  };
}

function addHours(iso: string, hours: number): string {
  return new Date(new Date(iso).getTime() + hours * 3600_000).toISOString();
}

/** Who may submit a lead, and how: the part of ReceiveLead a service checks before it seals anything for the lead. */
export function requireMayReceive(command: ReceiveLead): void {
  const { actor, lead } = command;
  if (command.intake === 'public') {
    // The public endpoint acts as the public at the office of the lead's jurisdiction, nothing else.
    if (!isPublic(actor) || actor.agency !== lead.office)
      throw new ForbiddenError('a public submission is received by the office of its jurisdiction on behalf of the public');
    if (!lead.receiptSecretHash) throw new DomainRuleError('a public submission needs a receipt secret hash so the informant can follow up');
  } else {
    if (isPublic(actor) || isMatcher(actor)) throw new ForbiddenError('an agency submission needs an authenticated officer');
    if (!hasRole(actor, ...OFFICER_ROLES)) {
      throw new ForbiddenError(
        `only officers (office_officer, unit_officer, street_officer) receive leads; ${actor.roles.length ? actor.roles.join(', ') : 'no role'} may not submit (analysts and auditors read only)`,
      );
    }
  }
}

function receive(command: ReceiveLead): LeadEvent[] {
  requireMayReceive(command);
  const { actor, lead } = command;
  const data: LeadReceivedData = {
    ...lead,
    receivedBy: actor.agency,
    receivedAt: command.at,
    reportDeadline: addHours(command.at, command.reportDeadlineHours),
  };
  const events: LeadEvent[] = [{ type: 'LeadReceived', data }];
  if (command.reportToOffice) events.push(reported(data, actor.agency, command.at));
  return events;
}

function reportToOffice(command: ReportLeadToOffice, state: ReceivedLeadState): LeadEvent[] {
  const lead = state.received;
  const { actor } = command;
  const mayReport = hasRole(actor, ...OFFICER_ROLES) && (actor.agency === lead.receivedBy || isOfficeOfficerFor(actor, lead));
  if (!mayReport) {
    throw new ForbiddenError(
      `only the receiving agency (${lead.receivedBy}) or the office of ${lead.jurisdiction} reports this lead to the office (首问负责); ${actor.agency} may not`,
    );
  }
  return [reported(lead, actor.agency, command.at)];
}

function supplement(command: SupplementLead, state: ReceivedLeadState): LeadEvent[] {
  const lead = state.received;
  const { actor } = command;
  if (command.by === 'informant') {
    if (!isPublic(actor) || actor.agency !== lead.office) throw new ForbiddenError('an informant supplements through the public receipt only');
    if (!lead.receiptSecretHash) throw new ForbiddenError('this lead was not submitted by the public: there is no receipt to supplement it with');
  } else {
    const mayAdd = hasRole(actor, ...OFFICER_ROLES) && (actor.agency === lead.receivedBy || isOfficeOfficerFor(actor, lead));
    if (!mayAdd)
      throw new ForbiddenError(
        `only the receiving agency (${lead.receivedBy}) or the office of ${lead.jurisdiction} adds to this lead; ${actor.agency} may not`,
      );
  }
  const text = command.text?.trim();
  if (!text && command.evidence.length === 0) throw new DomainRuleError('a supplement needs text or evidence');
  return [{ type: 'LeadSupplemented', data: { leadId: lead.leadId, by: command.by, ...(text ? { text } : {}), evidence: command.evidence } }];
}

function link(command: LinkLead, state: ReceivedLeadState): LeadEvent[] {
  const lead = state.received;
  if (!isMatcher(command.actor) && !isOfficeOfficerFor(command.actor, lead)) {
    throw new ForbiddenError(
      `links are made by matching or by an office_officer of the office of ${lead.jurisdiction}; ${command.actor.agency} may not`,
    );
  }
  if (command.target.kind === 'lead' && command.target.id === lead.leadId) throw new DomainRuleError('a lead cannot be linked to itself');
  if (command.reasons.length === 0) throw new DomainRuleError('a link needs at least one reason');
  if (!(command.score > 0 && command.score <= 1)) throw new DomainRuleError('a link score is in (0, 1]');
  // The same target twice (a redelivery, a second matching key, or a link the office undid) changes nothing.
  if (linkTo(state, command.target)) return [];
  return [{ type: 'LeadLinked', data: { leadId: lead.leadId, target: command.target, reasons: command.reasons, score: command.score } }];
}

function linkStep(command: ConfirmLink | UndoLink, state: ReceivedLeadState): LeadEvent[] {
  const lead = state.received;
  requireOfficeOfficer(command.actor, lead, command.kind === 'ConfirmLink' ? 'confirming a link' : 'undoing a link');
  const current = linkTo(state, command.target)?.status ?? 'absent';
  if (!ALLOWED_BY_LINK[current].includes(command.kind)) {
    throw new InvalidTransitionError(`link to ${command.target.kind} ${command.target.id}`, command.kind, current, ALLOWED_BY_LINK[current]);
  }
  if (command.kind === 'ConfirmLink') return [{ type: 'LeadLinkConfirmed', data: { leadId: lead.leadId, target: command.target } }];
  const reason = requireReason(command.reason, 'undoing a link');
  return [{ type: 'LeadLinkUndone', data: { leadId: lead.leadId, target: command.target, reason } }];
}

function shred(command: ShredInformantIdentity, state: ReceivedLeadState): LeadEvent[] {
  const lead = state.received;
  const { actor } = command;
  const mayShred =
    actor.agencyKind === 'office' && hasRole(actor, 'office_officer', 'admin') && regionContains(actor.jurisdiction, lead.jurisdiction);
  if (!mayShred) {
    throw new ForbiddenError(
      `only an office_officer or admin of the office whose jurisdiction contains ${lead.jurisdiction} shreds an informant's identity; ${actor.agency} may not`,
    );
  }
  const informant = state.informant;
  if (informant.status !== 'sealed') {
    throw new InvalidTransitionError('informant identity', command.kind, informant.status, []);
  }
  const reason = requireReason(command.reason, 'shredding an identity');
  return [{ type: 'InformantIdentityShredded', data: { leadId: lead.leadId, keyId: informant.sealed.keyId, reason } }];
}

export const leadDecider: Decider<LeadCommand, LeadState, LeadEvent> = {
  initialState: initialLeadState,
  evolve: evolveLead,
  decide(command, state) {
    switch (command.kind) {
      case 'ReceiveLead':
        if (state.status !== 'none') refuse(command, state);
        return receive(command);
      case 'ReportLeadToOffice':
        return reportToOffice(command, received(command, state));
      case 'SupplementLead':
        return supplement(command, received(command, state));
      case 'LinkLead':
        return link(command, received(command, state));
      case 'ConfirmLink':
      case 'UndoLink':
        return linkStep(command, received(command, state));
      case 'ShredInformantIdentity':
        return shred(command, received(command, state));
      default:
        return assertNever(command, 'lead command');
    }
  },
};

/** Key id of the informant's data key in the KeyVault. */
export const informantKeyId = (leadId: string): string => `informant-${leadId}`;
