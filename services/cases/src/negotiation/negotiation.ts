/**
 * State of a negotiation record and its evolve. A notice or negotiation waits for the answer, then is
 * agreed (closed) or referred; a dispute waits for the superior's decision; a decided record is bound.
 */
import type { NegotiationOpenedData, NegotiationStatus } from '@jm/contracts';
import { assertNever } from '@jm/event-sourcing';
import type { NegotiationEvent } from './negotiation.events';

export interface NegotiationAnswer {
  agree: boolean;
  leadRegion?: string;
  reason?: string;
  by: string;
}

export interface NegotiationOutcome {
  leadRegion: string;
  reason: string;
  by: string;
}

interface Opened extends NegotiationOpenedData {
  answer?: NegotiationAnswer;
  /** Why it went to the common superior (kind dispute: in the opening itself). */
  referral?: NegotiationOpenedData['reason'];
  decision?: NegotiationOutcome;
}

export type NegotiationState =
  | { status: 'none' }
  | ({ status: Exclude<NegotiationStatus, 'agreed' | 'decided'> } & Opened)
  | ({ status: 'agreed' } & Opened & { answer: NegotiationAnswer })
  | ({ status: 'decided' } & Opened & { decision: NegotiationOutcome });
export type NegotiationStateStatus = NegotiationState['status'];

export const initialNegotiationState = (): NegotiationState => ({ status: 'none' });

/** The two regions the lead region is chosen from. */
export function regionsOf(state: Exclude<NegotiationState, { status: 'none' }>): string[] {
  return [state.from.region, state.to.region];
}

export function evolveNegotiation(state: NegotiationState, event: NegotiationEvent): NegotiationState {
  switch (event.type) {
    case 'NegotiationOpened':
      if (state.status !== 'none') return state;
      return event.data.kind === 'dispute'
        ? { ...event.data, status: 'awaiting_decision', referral: event.data.reason }
        : { ...event.data, status: 'awaiting_answer' };
    case 'NegotiationAnswered': {
      if (state.status !== 'awaiting_answer') return state;
      const { agree, leadRegion, reason, by } = event.data;
      const answer: NegotiationAnswer = { agree, ...(leadRegion ? { leadRegion } : {}), ...(reason ? { reason } : {}), by };
      return agree ? { ...state, status: 'agreed', answer } : { ...state, answer };
    }
    case 'NegotiationReferred':
      if (state.status !== 'awaiting_answer') return state;
      return { ...state, status: 'referred', referral: event.data.reason };
    case 'NegotiationDecided': {
      if (state.status === 'none' || state.status === 'decided' || state.status === 'agreed') return state;
      const { leadRegion, reason, by } = event.data;
      return { ...state, status: 'decided', decision: { leadRegion, reason, by } };
    }
    default:
      return assertNever(event, 'negotiation event');
  }
}
