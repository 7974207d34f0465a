/**
 * State of one lead, folded from its events. A union on `status`, so a lead
 * that was never received has no facts at all, and only a received lead can
 * be reported. Links and the informant's identity have their own small state
 * machines inside a received lead.
 */
import { LeadReceivedData, LeadSupplementedData, LinkTarget, MatchReasonKind, SealedValue } from '@jm/contracts';
import { assertNever } from '@jm/event-sourcing';
import type { LeadEvent } from './lead.events';

export type LinkStatus = 'suggested' | 'confirmed' | 'undone';

export interface LeadLink {
  target: LinkTarget;
  status: LinkStatus;
  reasons: Array<{ kind: MatchReasonKind; value: string }>;
  score: number;
  undoReason?: string;
}

export type InformantState = { status: 'absent' } | { status: 'sealed'; sealed: SealedValue } | { status: 'shredded'; keyId: string; reason: string };

interface ReceivedFacts {
  received: LeadReceivedData;
  informant: InformantState;
  links: LeadLink[];
  supplements: LeadSupplementedData[];
}

export type LeadState =
  { status: 'none' } | ({ status: 'received' } & ReceivedFacts) | ({ status: 'reported'; reportedBy: string; reportedAt: string } & ReceivedFacts);

export type ReceivedLeadState = Exclude<LeadState, { status: 'none' }>;

export const initialLeadState = (): LeadState => ({ status: 'none' });

export const sameTarget = (a: LinkTarget, b: LinkTarget): boolean => a.kind === b.kind && a.id === b.id;

export function linkTo(state: ReceivedLeadState, target: LinkTarget): LeadLink | undefined {
  return state.links.find((l) => sameTarget(l.target, target));
}

function withLink(state: ReceivedLeadState, target: LinkTarget, change: (link: LeadLink) => LeadLink): LeadState {
  return { ...state, links: state.links.map((l) => (sameTarget(l.target, target) ? change(l) : l)) };
}

export function evolveLead(state: LeadState, event: LeadEvent): LeadState {
  if (event.type === 'LeadReceived') {
    if (state.status !== 'none') return state;
    const informant: InformantState = event.data.informant ? { status: 'sealed', sealed: event.data.informant } : { status: 'absent' };
    return { status: 'received', received: event.data, informant, links: [], supplements: [] };
  }
  // Every other event only makes sense on a received lead; the decider never emits one otherwise.
  if (state.status === 'none') return state;
  switch (event.type) {
    case 'LeadReportedToOffice':
      return { ...state, status: 'reported', reportedBy: event.data.reportedBy, reportedAt: event.data.reportedAt };
    case 'LeadSupplemented':
      return { ...state, supplements: [...state.supplements, event.data] };
    case 'LeadLinked':
      if (linkTo(state, event.data.target)) return state;
      return {
        ...state,
        links: [...state.links, { target: event.data.target, status: 'suggested', reasons: event.data.reasons, score: event.data.score }],
      };
    case 'LeadLinkConfirmed':
      return withLink(state, event.data.target, (l) => ({ ...l, status: 'confirmed', undoReason: undefined }));
    case 'LeadLinkUndone':
      return withLink(state, event.data.target, (l) => ({ ...l, status: 'undone', undoReason: event.data.reason }));
    case 'InformantIdentityShredded':
      return { ...state, informant: { status: 'shredded', keyId: event.data.keyId, reason: event.data.reason } };
    default:
      return assertNever(event, 'lead event');
  }
}
