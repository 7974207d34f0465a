/**
 * Commands of the triage stream. Each carries the time and the actor (a
 * snapshot from the token or, for process managers, from the triggering
 * event); registry look-ups (parent office, deadlines) are done by the app
 * before the command reaches the pure decider.
 */
import type { DomainActor, LeadSummary } from '@jm/contracts';

interface Base {
  at: string;
  actor: DomainActor;
}

/** Issued by the process manager when intake reports a lead to the office; a repeat does nothing. */
export interface OpenTriage extends Base {
  kind: 'OpenTriage';
  summary: LeadSummary;
  office: string;
  deadline?: string;
  /** Another deployment referred the lead up here (federation): its deployment, lead id and office. */
  origin?: { deployment: string; leadId: string; office: string };
}

/** Mirrors intake's link decisions so that a founded case attaches its linked leads. */
export interface RecordLeadLink extends Base {
  kind: 'RecordLeadLink';
  /** This stream's lead (links may arrive before the lead's own report). */
  leadId: string;
  target: string;
  confirmed: boolean;
}

export interface RemoveLeadLink extends Base {
  kind: 'RemoveLeadLink';
  leadId: string;
  target: string;
}

/** The office routes the lead to the responsible unit, the street being the territorial unit. */
export interface RouteLead extends Base {
  kind: 'RouteLead';
  unit: string;
  street?: string;
  /** Which routing rule chose the unit, or "manual". */
  rule: string;
  deadline: string;
}

/** Beyond the district's authority: report up to the next level's office (逐级上报). */
export interface ReferLeadUp extends Base {
  kind: 'ReferLeadUp';
  to: string;
  reason: string;
}

export interface StartVerification extends Base {
  kind: 'StartVerification';
}

export interface FeedBackUnfounded extends Base {
  kind: 'FeedBackUnfounded';
  reason: string;
}

/** The case id is chosen by the app (the domain makes no ids). */
export interface FeedBackFounded extends Base {
  kind: 'FeedBackFounded';
  caseId: string;
}

export type TriageCommand =
  OpenTriage | RecordLeadLink | RemoveLeadLink | RouteLead | ReferLeadUp | StartVerification | FeedBackUnfounded | FeedBackFounded;

export type TriageCommandKind = TriageCommand['kind'];
