/**
 * State of one lead's triage and its evolve. A union on `status`:
 * not_reported (nothing yet; links may already be noted, since another lead's
 * stream can be matched first) → awaiting_triage → routed | referred_up →
 * closed_unfounded | founded.
 */
import { Decoded, LeadSummary, RoutingContractEvent } from '@jm/contracts';
import { assertNever } from '@jm/event-sourcing';

export interface LeadLink {
  leadId: string;
  confirmed: boolean;
}

export interface Routing {
  unit: string;
  street?: string;
  rule: string;
  deadline: string;
  verificationStartedAt?: string;
}

interface Opened {
  leadId: string;
  summary: LeadSummary;
  /** The office that owns the lead now (changes when it is referred up). */
  office: string;
  reportDeadline?: string;
  links: LeadLink[];
  /** The deployment that referred the lead up here, and the lead's id and office there (federation). */
  origin?: { deployment: string; leadId: string; office: string };
}

export type TriageState =
  | { status: 'not_reported'; links: LeadLink[] }
  | ({ status: 'awaiting_triage' } & Opened)
  | ({ status: 'routed'; routing: Routing } & Opened)
  | ({ status: 'referred_up'; from: string; reason: string } & Opened)
  | ({ status: 'closed_unfounded'; routing: Routing; reason: string } & Opened)
  | ({ status: 'founded'; routing: Routing; caseId: string } & Opened);

export type TriageStatus = TriageState['status'];

export const initialTriageState = (): TriageState => ({ status: 'not_reported', links: [] });

function withLinks(state: TriageState, links: LeadLink[]): TriageState {
  return { ...state, links };
}

/** Folds the contract event (a domain event is one; the actor on LeadFounded is not part of the state), so readers fold what is published. */
export function evolveTriage(state: TriageState, event: Decoded<RoutingContractEvent>): TriageState {
  switch (event.type) {
    case 'TriageOpened':
      if (state.status !== 'not_reported') return state;
      return {
        status: 'awaiting_triage',
        leadId: event.data.leadId,
        summary: event.data.summary,
        office: event.data.office,
        ...(event.data.deadline ? { reportDeadline: event.data.deadline } : {}),
        links: state.links,
        ...(event.data.origin ? { origin: event.data.origin } : {}),
      };
    case 'LinkedLeadNoted': {
      const others = state.links.filter((l) => l.leadId !== event.data.target);
      return withLinks(state, [...others, { leadId: event.data.target, confirmed: event.data.confirmed }]);
    }
    case 'LinkedLeadRemoved':
      return withLinks(
        state,
        state.links.filter((l) => l.leadId !== event.data.target),
      );
    case 'LeadRouted': {
      if (state.status !== 'awaiting_triage' && state.status !== 'referred_up' && state.status !== 'routed') return state;
      const { unit, street, rule, deadline } = event.data;
      const { leadId, summary, office, reportDeadline, links, origin } = state;
      return {
        status: 'routed',
        leadId,
        summary,
        office,
        ...(reportDeadline ? { reportDeadline } : {}),
        links,
        ...(origin ? { origin } : {}),
        routing: { unit, ...(street ? { street } : {}), rule, deadline },
      };
    }
    case 'LeadReferredUp': {
      if (state.status !== 'awaiting_triage' && state.status !== 'referred_up') return state;
      const { leadId, summary, reportDeadline, links, origin } = state;
      return {
        status: 'referred_up',
        leadId,
        summary,
        office: event.data.to,
        ...(reportDeadline ? { reportDeadline } : {}),
        links,
        ...(origin ? { origin } : {}),
        from: event.data.from,
        reason: event.data.reason,
      };
    }
    case 'VerificationStarted':
      if (state.status !== 'routed') return state;
      return { ...state, routing: { ...state.routing, verificationStartedAt: event.data.startedAt } };
    case 'LeadClosedUnfounded':
      if (state.status !== 'routed') return state;
      return { ...state, status: 'closed_unfounded', reason: event.data.reason };
    case 'LeadFounded':
      if (state.status !== 'routed') return state;
      return { ...state, status: 'founded', caseId: event.data.caseId };
    default:
      return assertNever(event, 'triage event');
  }
}
