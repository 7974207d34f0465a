/**
 * Who acts, as the domain sees it: the snapshot of the caller that commands carry
 * (deciders are pure and never look up the registry), and the envelope's actor.
 * Framework-free; published with the contracts.
 */
import type { Actor } from '@jm/event-sourcing';
import type { Agency, AgencyKind, Duty, Level, Role } from '@jm/reference';

/** Who is acting, as the domain sees it. */
export interface DomainActor {
  user: string;
  agency: string;
  agencyKind: AgencyKind;
  duty?: Duty;
  level: Level;
  jurisdiction: string;
  roles: Role[];
}

export function toDomainActor(agency: Agency, user: string, roles: Role[]): DomainActor {
  return {
    user,
    agency: agency.code,
    agencyKind: agency.kind,
    ...(agency.duty ? { duty: agency.duty } : {}),
    level: agency.level,
    jurisdiction: agency.jurisdiction,
    roles,
  };
}

/** The envelope's actor (rule 10): agency and user. */
export function envelopeActor(actor: Pick<DomainActor, 'agency' | 'user'>): Actor {
  return { agency: actor.agency, user: actor.user };
}

export function hasRole(actor: Pick<DomainActor, 'roles'>, ...roles: Role[]): boolean {
  return roles.some((r) => actor.roles.includes(r));
}
