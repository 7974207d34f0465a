/**
 * The authenticated caller, and the snapshot of it that commands carry into
 * the domain (deciders are pure: they never look up the registry themselves).
 */
import type { Actor } from '../event-store/envelope';
import { Agency, AgencyKind, AgencyRegistry, Duty, Level } from './agency-registry';
import { TokenClaims, TokenError } from './jwt';
import { isRole, Role, ROLE_CODES } from './roles';

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

export interface Principal extends DomainActor {
  name?: string;
}

/** Which roles an agency kind may hold; a token asking for more is refused. */
const ROLES_BY_KIND: Record<AgencyKind, Role[]> = {
  office: ['office_officer', 'convener', 'analyst', 'auditor', 'admin'],
  member: ['unit_officer', 'analyst', 'auditor'],
  street: ['street_officer', 'analyst'],
};

export function principalFromClaims(claims: TokenClaims, registry: AgencyRegistry): Principal {
  const agency = registry.get(claims.agency);
  if (!agency) throw new TokenError(`the token's agency "${claims.agency}" is not in this deployment's agency registry`);
  const unknown = claims.roles.filter((r) => !isRole(r));
  if (unknown.length) throw new TokenError(`unknown role(s) ${unknown.join(', ')}; allowed: ${ROLE_CODES.join(', ')}`);
  const roles = claims.roles as Role[];
  const misplaced = roles.filter((r) => !ROLES_BY_KIND[agency.kind].includes(r));
  if (misplaced.length) {
    throw new TokenError(`role(s) ${misplaced.join(', ')} cannot be held at a ${agency.kind} agency; allowed: ${ROLES_BY_KIND[agency.kind].join(', ')}`);
  }
  return { ...toDomainActor(agency, claims.sub, roles), ...(claims.name ? { name: claims.name } : {}) };
}

export function allowedRolesFor(kind: AgencyKind): Role[] {
  return [...ROLES_BY_KIND[kind]];
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
