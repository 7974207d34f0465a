/** Commands of a negotiation stream; each carries the time and the actor snapshot. */
import type { DomainActor, NegotiationOpenedData, ReferralReason } from '@jm/contracts';

interface Base {
  at: string;
  actor: DomainActor;
}

/** From the bus only: the case's own record, the notified region's (from the message) or the superior's dispute. */
export interface OpenNegotiation extends Base {
  kind: 'OpenNegotiation';
  record: NegotiationOpenedData;
}

/** The notified office answers (HTTP). */
export interface AnswerNegotiation extends Base {
  kind: 'AnswerNegotiation';
  agree: boolean;
  leadRegion?: string;
  reason?: string;
}

/** The notifying side records the answer its message brought. */
export interface RecordAnswer extends Base {
  kind: 'RecordAnswer';
  agree: boolean;
  leadRegion?: string;
  reason?: string;
  by: string;
}

/** The due time passed without an answer (the due check), or the notifying side hears of a referral. */
export interface ReferNegotiation extends Base {
  kind: 'ReferNegotiation';
  reason: ReferralReason;
}

/** The common superior's office decides the dispute (HTTP). */
export interface DecideDispute extends Base {
  kind: 'DecideDispute';
  leadRegion: string;
  reason: string;
}

/** Either side records the superior's decision its message brought. */
export interface RecordDecision extends Base {
  kind: 'RecordDecision';
  leadRegion: string;
  reason: string;
  by: string;
}

export type NegotiationCommand = OpenNegotiation | AnswerNegotiation | RecordAnswer | ReferNegotiation | DecideDispute | RecordDecision;
export type NegotiationCommandKind = NegotiationCommand['kind'];

/** The command handler of negotiation-<id> (one per stream, commandHandlerProvider). */
export const NEGOTIATION_COMMANDS = Symbol('NEGOTIATION_COMMANDS');
