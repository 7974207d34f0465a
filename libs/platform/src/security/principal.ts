/**
 * The authenticated caller, and the snapshot of it that commands carry into
 * the domain (deciders are pure: they never look up the registry themselves).
 */
import { DomainActor, toDomainActor } from '@jm/contracts';
import { AgencyKind, AgencyRegistry, isRole, Role, ROLE_CODES } from '@jm/reference';
import { TokenClaims, TokenError } from './jwt';

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
    throw new TokenError(
      `role(s) ${misplaced.join(', ')} cannot be held at a ${agency.kind} agency; allowed: ${ROLES_BY_KIND[agency.kind].join(', ')}`,
    );
  }
  return { ...toDomainActor(agency, claims.sub, roles), ...(claims.name ? { name: claims.name } : {}) };
}

export function allowedRolesFor(kind: AgencyKind): Role[] {
  return [...ROLES_BY_KIND[kind]];
}
