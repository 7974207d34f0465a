/**
 * One periodic obligation of one unit for one period (stream
 * `obligation-<obligationId>`): none → due → submitted (on time) | missing →
 * late (submitted after the due time). Opening is idempotent (the scheduler
 * opens every period each tick it has not seen); the miss is recorded once,
 * at or after the due time, when the obligation's clock misses; a submission
 * comes once, from the unit itself.
 */
import { DomainActor, hasRole, ObligationKind, ObligationStatus } from '@jm/contracts';
import { assertNever, Decider, ForbiddenError, InvalidTransitionError } from '@jm/event-sourcing';
import type { ObligationEvent } from './obligation.events';

export interface ObligationFacts {
  obligationId: string;
  policyId: string;
  kind: ObligationKind;
  unit: string;
  period: string;
  dueAt: string;
  submittedAt?: string;
  missedAt?: string;
  reference?: string;
}
export type ObligationState = { status: 'none' } | ({ status: ObligationStatus } & ObligationFacts);

export interface OpenObligation {
  kind: 'OpenObligation';
  at: string;
  obligationId: string;
  policyId: string;
  obligationKind: ObligationKind;
  unit: string;
  period: string;
  dueAt: string;
}
export interface SubmitObligation {
  kind: 'SubmitObligation';
  at: string;
  actor: DomainActor;
  reference?: string;
}
export interface RecordObligationMissed {
  kind: 'RecordObligationMissed';
  at: string;
}
export type ObligationCommand = OpenObligation | SubmitObligation | RecordObligationMissed;

export const OBLIGATION_SUBMITTER_ROLES = ['office_officer', 'unit_officer', 'street_officer'] as const;

export function evolveObligation(state: ObligationState, event: ObligationEvent): ObligationState {
  switch (event.type) {
    case 'ObligationDue': {
      if (state.status !== 'none') return state;
      const { obligationId, policyId, kind, unit, period, dueAt } = event.data;
      return { status: 'due', obligationId, policyId, kind, unit, period, dueAt };
    }
    case 'ObligationSubmitted':
      if (state.status === 'none') return state;
      return {
        ...state,
        status: event.data.late ? 'late' : 'submitted',
        submittedAt: event.data.submittedAt,
        ...(event.data.reference ? { reference: event.data.reference } : {}),
      };
    case 'ObligationMissed':
      if (state.status !== 'due') return state;
      return { ...state, status: 'missing', missedAt: event.data.missedAt };
    default:
      return assertNever(event, 'obligation event');
  }
}

export function decideObligation(command: ObligationCommand, state: ObligationState): ObligationEvent[] {
  switch (command.kind) {
    case 'OpenObligation': {
      if (state.status !== 'none') return [];
      const { obligationId, policyId, obligationKind, unit, period, dueAt } = command;
      return [{ type: 'ObligationDue', data: { obligationId, kind: obligationKind, unit, period, dueAt, policyId } }];
    }
    case 'SubmitObligation': {
      if (state.status === 'none') throw new InvalidTransitionError('obligation', command.kind, state.status, []);
      const { actor } = command;
      if (actor.agency !== state.unit || !hasRole(actor, ...OBLIGATION_SUBMITTER_ROLES)) {
        throw new ForbiddenError(
          `only an officer (${OBLIGATION_SUBMITTER_ROLES.join(', ')}) of ${state.unit} submits its ${state.kind} for ${state.period}; you act for ${actor.agency} as ${actor.roles.join(', ') || 'no role'}`,
        );
      }
      if (state.status === 'submitted' || state.status === 'late') {
        throw new InvalidTransitionError(`obligation ${state.obligationId} (submitted ${state.submittedAt})`, command.kind, state.status, []);
      }
      const late = state.status === 'missing' || Date.parse(command.at) > Date.parse(state.dueAt);
      const { obligationId, kind, unit, period } = state;
      const reference = command.reference?.trim();
      return [
        {
          type: 'ObligationSubmitted',
          data: {
            obligationId,
            kind,
            unit,
            period,
            submittedAt: command.at,
            by: { agency: actor.agency, user: actor.user },
            late,
            ...(reference ? { reference } : {}),
          },
        },
      ];
    }
    case 'RecordObligationMissed': {
      if (state.status !== 'due' || Date.parse(command.at) < Date.parse(state.dueAt)) return [];
      const { obligationId, policyId, kind, unit, period, dueAt } = state;
      return [{ type: 'ObligationMissed', data: { obligationId, policyId, kind, unit, period, dueAt, missedAt: command.at } }];
    }
    default:
      return assertNever(command, 'obligation command');
  }
}

export const obligationDecider: Decider<ObligationCommand, ObligationState, ObligationEvent> = {
  decide: decideObligation,
  evolve: evolveObligation,
  initialState: () => ({ status: 'none' }),
};
