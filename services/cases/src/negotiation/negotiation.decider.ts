/**
 * Decides a cross-region negotiation record (stream `negotiation-<id>`, docs/federation-casework.md).
 * The notified region's office officer answers: agree on a lead region (主办地, one of the two regions) or
 * disagree with a reason, which refers it to the common superior (协商无法达成共识的，报共同上级), as does
 * the due time passing without an answer. The superior's office officer decides; the decision binds both,
 * so nothing is answered after it. What other deployments' messages bring (an answer, a referral, the
 * decision) is recorded once: a repeated or late message appends nothing.
 */
import { DomainActor, hasRole } from '@jm/contracts';
import type { NegotiationKind } from '@jm/contracts';
import { assertNever, Decider, DomainRuleError, ForbiddenError, InvalidTransitionError } from '@jm/event-sourcing';
import type { NegotiationCommand, NegotiationCommandKind } from './negotiation.commands';
import type { NegotiationEvent } from './negotiation.events';
import { evolveNegotiation, initialNegotiationState, NegotiationState, NegotiationStateStatus, regionsOf } from './negotiation';

type Opened = Exclude<NegotiationState, { status: 'none' }>;

/** What each kind of record allows in each status (the HTTP commands are refused outside it with 409). */
export const NEGOTIATION_ALLOWED_COMMANDS: Readonly<
  Record<NegotiationKind, Partial<Record<NegotiationStateStatus, readonly NegotiationCommandKind[]>>>
> = {
  notice: { awaiting_answer: ['RecordAnswer', 'ReferNegotiation', 'RecordDecision'], referred: ['RecordDecision'] },
  negotiation: { awaiting_answer: ['AnswerNegotiation', 'ReferNegotiation', 'RecordDecision'], referred: ['RecordDecision'] },
  dispute: { awaiting_decision: ['DecideDispute'] },
};

function allowed(state: Opened, command: NegotiationCommand): boolean {
  return (NEGOTIATION_ALLOWED_COMMANDS[state.kind][state.status] ?? []).includes(command.kind);
}

function refuse(state: NegotiationState, command: NegotiationCommand): never {
  if (state.status === 'none') throw new InvalidTransitionError('cross-region negotiation', command.kind, 'none', []);
  const subject =
    state.status === 'decided'
      ? `cross-region negotiation of ${state.case.caseNo} (${state.kind}; bound by the decision of ${state.decision.by}: lead region ${state.decision.leadRegion})`
      : state.status === 'referred'
        ? `cross-region negotiation of ${state.case.caseNo} (${state.kind}; referred to the common superior ${state.superior}, whose decision binds both)`
        : `cross-region negotiation of ${state.case.caseNo} (${state.kind})`;
  throw new InvalidTransitionError(subject, command.kind, state.status, NEGOTIATION_ALLOWED_COMMANDS[state.kind][state.status] ?? []);
}

function requireOfficeOfficer(actor: DomainActor, state: Opened, what: string): void {
  if (actor.agency !== state.office || !hasRole(actor, 'office_officer')) {
    throw new ForbiddenError(
      `only an office officer of ${state.office} ${what}; you act for ${actor.agency} as ${actor.roles.join(', ') || 'no role'}`,
    );
  }
}

function requireRegion(state: Opened, leadRegion: string | undefined): string {
  const regions = regionsOf(state);
  if (!leadRegion || !regions.includes(leadRegion)) {
    throw new DomainRuleError(`leadRegion: one of the two regions of this negotiation, ${regions.join(' or ')}; found ${leadRegion ?? 'none'}`);
  }
  return leadRegion;
}

function requireReason(reason: string | undefined, what: string): string {
  if (!reason || reason.trim().length === 0) throw new DomainRuleError(`reason: ${what} needs its reason`);
  return reason;
}

export function decideNegotiation(command: NegotiationCommand, state: NegotiationState): NegotiationEvent[] {
  if (command.kind === 'OpenNegotiation') {
    // Derived ids: a redelivered message or event opens nothing twice.
    return state.status === 'none' ? [{ type: 'NegotiationOpened', data: command.record }] : [];
  }
  const fromBus = command.kind === 'RecordAnswer' || command.kind === 'ReferNegotiation' || command.kind === 'RecordDecision';
  if (state.status === 'none' || !allowed(state, command)) {
    if (fromBus) return [];
    return refuse(state, command);
  }
  const negotiationId = state.negotiationId;
  switch (command.kind) {
    case 'AnswerNegotiation': {
      requireOfficeOfficer(command.actor, state, 'answers this negotiation');
      if (command.agree) {
        const leadRegion = requireRegion(state, command.leadRegion);
        return [{ type: 'NegotiationAnswered', data: { negotiationId, agree: true, leadRegion, by: state.office } }];
      }
      const reason = requireReason(command.reason, 'a disagreement');
      return [
        { type: 'NegotiationAnswered', data: { negotiationId, agree: false, reason, by: state.office } },
        { type: 'NegotiationReferred', data: { negotiationId, reason: 'disagreed', superior: state.superior } },
      ];
    }
    case 'RecordAnswer': {
      const { agree, leadRegion, reason, by } = command;
      if (agree) {
        if (!leadRegion || !regionsOf(state).includes(leadRegion)) return [];
        return [{ type: 'NegotiationAnswered', data: { negotiationId, agree: true, leadRegion, by } }];
      }
      return [
        { type: 'NegotiationAnswered', data: { negotiationId, agree: false, ...(reason ? { reason } : {}), by } },
        { type: 'NegotiationReferred', data: { negotiationId, reason: 'disagreed', superior: state.superior } },
      ];
    }
    case 'ReferNegotiation':
      // The due check refers only what is due; a notice hears of the referral from the notified side.
      if (state.kind === 'negotiation' && (!state.dueAt || command.at < state.dueAt)) return [];
      return [{ type: 'NegotiationReferred', data: { negotiationId, reason: command.reason, superior: state.superior } }];
    case 'DecideDispute': {
      requireOfficeOfficer(command.actor, state, 'decides this dispute');
      const leadRegion = requireRegion(state, command.leadRegion);
      const reason = requireReason(command.reason, 'a decision');
      return [{ type: 'NegotiationDecided', data: { negotiationId, leadRegion, reason, by: state.office } }];
    }
    case 'RecordDecision': {
      if (!regionsOf(state).includes(command.leadRegion)) return [];
      return [{ type: 'NegotiationDecided', data: { negotiationId, leadRegion: command.leadRegion, reason: command.reason, by: command.by } }];
    }
    default:
      return assertNever(command, 'negotiation command');
  }
}

export const negotiationDecider: Decider<NegotiationCommand, NegotiationState, NegotiationEvent> = {
  decide: decideNegotiation,
  evolve: evolveNegotiation,
  initialState: initialNegotiationState,
};
