/**
 * Who acts for an agency in the channels part: the agency's own officers and
 * admins, and the officers and admins of an office whose jurisdiction
 * contains it (a district office its units and streets, a city office its
 * districts). Reading and setting an agency's channels and replaying its dead
 * letters follow this one rule. Other roles (convener, analyst, auditor) never
 * manage channels, in any agency.
 */
import { hasRole } from '@jm/contracts';
import { regionContains } from '@jm/reference';
import type { DomainActor } from '@jm/contracts';
import type { Agency, Role } from '@jm/reference';

/** The roles that manage notification channels (each only within its reach). */
export const CHANNEL_ROLES: readonly Role[] = ['office_officer', 'unit_officer', 'street_officer', 'admin'];

export function holdsChannelRole(actor: Pick<DomainActor, 'roles'>): boolean {
  return hasRole(actor, ...CHANNEL_ROLES);
}

/** Does the actor act for this agency (its own people, or an office over it), in a role that manages channels? */
export function actsFor(actor: DomainActor, agency: Pick<Agency, 'code' | 'jurisdiction'>): boolean {
  if (!holdsChannelRole(actor)) return false;
  if (actor.agency === agency.code) return true;
  return actor.agencyKind === 'office' && regionContains(actor.jurisdiction, agency.jurisdiction);
}
