/**
 * Decides the triage of one lead (stream `routing-<leadId>`). Authority is
 * checked here, on the actor snapshot the command carries: only an officer of
 * the office that owns the lead routes it or reports it up; only the unit it
 * was routed to verifies and feeds back.
 */
import { DomainActor, hasRole } from '@jm/contracts';
import { assertNever, Decider, DomainRuleError, ForbiddenError, InvalidTransitionError } from '@jm/event-sourcing';
import type { TriageCommand, TriageCommandKind } from './triage.commands';
import type { TriageEvent } from './triage.events';
import { evolveTriage, initialTriageState, TriageState, TriageStatus } from './triage';

/** What each status allows (link bookkeeping is always allowed and not listed). */
export const TRIAGE_ALLOWED_COMMANDS: Readonly<Record<TriageStatus, readonly TriageCommandKind[]>> = {
  not_reported: ['OpenTriage'],
  awaiting_triage: ['RouteLead', 'ReferLeadUp'],
  routed: ['RouteLead', 'StartVerification', 'FeedBackUnfounded', 'FeedBackFounded'],
  referred_up: ['RouteLead', 'ReferLeadUp'],
  closed_unfounded: [],
  founded: [],
};

function refuse(command: TriageCommand, state: TriageState): never {
  throw new InvalidTransitionError('lead triage', command.kind, state.status, TRIAGE_ALLOWED_COMMANDS[state.status]);
}

function requireOfficeOfficer(actor: DomainActor, office: string, what: string): void {
  if (actor.agency !== office || !hasRole(actor, 'office_officer')) {
    throw new ForbiddenError(`only an office officer of ${office}, the office that owns this lead, may ${what}; you act for ${actor.agency}`);
  }
}

function requireRoutedUnit(actor: DomainActor, unit: string, what: string): void {
  if (actor.agency !== unit || !hasRole(actor, 'unit_officer', 'street_officer')) {
    throw new ForbiddenError(`only the unit the lead was routed to (${unit}) may ${what}; you act for ${actor.agency}`);
  }
}

export function decideTriage(command: TriageCommand, state: TriageState): TriageEvent[] {
  switch (command.kind) {
    case 'OpenTriage': {
      // Redelivery of the report, or a second report of the same lead: the triage is already open.
      if (state.status !== 'not_reported') return [];
      if (command.summary.leadId.length === 0) throw new DomainRuleError('the lead summary has no leadId');
      return [
        {
          type: 'TriageOpened',
          data: {
            leadId: command.summary.leadId,
            office: command.office,
            summary: command.summary,
            ...(command.deadline ? { deadline: command.deadline } : {}),
            ...(command.origin ? { origin: command.origin } : {}),
          },
        },
      ];
    }
    case 'RecordLeadLink': {
      if (command.target === command.leadId) throw new DomainRuleError('a lead cannot be linked to itself');
      const existing = state.links.find((l) => l.leadId === command.target);
      if (existing && existing.confirmed === command.confirmed) return [];
      // A confirmed link does not fall back to unconfirmed when a late LeadLinked is redelivered.
      if (existing?.confirmed && !command.confirmed) return [];
      return [{ type: 'LinkedLeadNoted', data: { leadId: command.leadId, target: command.target, confirmed: command.confirmed } }];
    }
    case 'RemoveLeadLink': {
      if (!state.links.some((l) => l.leadId === command.target)) return [];
      return [{ type: 'LinkedLeadRemoved', data: { leadId: command.leadId, target: command.target } }];
    }
    case 'RouteLead': {
      if (state.status !== 'awaiting_triage' && state.status !== 'referred_up' && state.status !== 'routed') return refuse(command, state);
      requireOfficeOfficer(command.actor, state.office, 'route it');
      if (command.unit === state.office)
        throw new DomainRuleError(`a lead is routed to a member or territorial unit, not to the office ${state.office} itself`);
      if (command.street !== undefined && command.street === command.unit)
        throw new DomainRuleError(`street ${command.street} is already the responsible unit; leave street out`);
      if (state.status === 'routed') {
        const r = state.routing;
        if (r.unit === command.unit && r.street === command.street && r.rule === command.rule && r.deadline === command.deadline) return [];
        if (r.verificationStartedAt) {
          throw new DomainRuleError(`${r.unit} started verifying on ${r.verificationStartedAt}; the lead can no longer be routed elsewhere`);
        }
      }
      return [
        {
          type: 'LeadRouted',
          data: {
            leadId: state.leadId,
            unit: command.unit,
            ...(command.street ? { street: command.street } : {}),
            rule: command.rule,
            deadline: command.deadline,
          },
        },
      ];
    }
    case 'ReferLeadUp': {
      if (state.status !== 'awaiting_triage' && state.status !== 'referred_up') return refuse(command, state);
      requireOfficeOfficer(command.actor, state.office, 'report it up');
      if (command.to === state.office) throw new DomainRuleError(`the lead already belongs to ${state.office}; report it to the next level's office`);
      if (command.reason.trim().length === 0) throw new DomainRuleError('a referral up needs a reason');
      return [{ type: 'LeadReferredUp', data: { leadId: state.leadId, from: state.office, to: command.to, reason: command.reason } }];
    }
    case 'StartVerification': {
      if (state.status !== 'routed') return refuse(command, state);
      requireRoutedUnit(command.actor, state.routing.unit, 'start verifying it');
      if (state.routing.verificationStartedAt) return [];
      return [{ type: 'VerificationStarted', data: { leadId: state.leadId, unit: state.routing.unit, startedAt: command.at } }];
    }
    case 'FeedBackUnfounded': {
      if (state.status !== 'routed') return refuse(command, state);
      requireRoutedUnit(command.actor, state.routing.unit, 'feed back on it');
      if (command.reason.trim().length === 0) throw new DomainRuleError('an unfounded lead is closed with a reason');
      return [{ type: 'LeadClosedUnfounded', data: { leadId: state.leadId, unit: state.routing.unit, reason: command.reason } }];
    }
    case 'FeedBackFounded': {
      if (state.status !== 'routed') return refuse(command, state);
      requireRoutedUnit(command.actor, state.routing.unit, 'feed back on it');
      return [{ type: 'LeadFounded', data: { leadId: state.leadId, unit: state.routing.unit, caseId: command.caseId, actor: command.actor } }];
    }
    default:
      return assertNever(command, 'triage command');
  }
}

export const triageDecider: Decider<TriageCommand, TriageState, TriageEvent> = {
  decide: decideTriage,
  evolve: evolveTriage,
  initialState: initialTriageState,
};
