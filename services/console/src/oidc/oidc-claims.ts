/**
 * The claim mapping (OIDC_CLAIM_MAPPING, a JSON file; config/oidc-claims.example.json):
 * which claim names the agency (optionally through a map from the identity
 * platform's organisation ids to agency codes), which claim holds roles or groups
 * and which role codes each value grants. mapClaims turns a verified set of claims
 * into an agency of the registry and roles its kind may hold, or refuses (OIDC_UNMAPPED).
 */
import { readFileSync } from 'node:fs';
import { AgencyRegistry, isRole, Role, ROLE_CODES } from '@jm/reference';
import { allowedRolesFor } from '@jm/platform';
import { unmapped } from './oidc.errors';

export interface ClaimMapping {
  agency: { claim: string; map?: Readonly<Record<string, string>> };
  roles: { claim: string; map?: Readonly<Record<string, readonly Role[]>> };
  displayName: { claim: string };
}

export interface MappedIdentity {
  agency: string;
  roles: Role[];
  displayName: string;
}

const CLAIM_PATH = /^[A-Za-z0-9_:/.-]{1,128}$/;

/** Reads and checks a mapping file against the registry; returns it, or the list of problems. */
export function readClaimMapping(path: string, registry: AgencyRegistry): ClaimMapping | string[] {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    return [`cannot be read as JSON: ${(error as Error).message}`];
  }
  return parseClaimMapping(raw, registry);
}

export function parseClaimMapping(raw: unknown, registry: AgencyRegistry): ClaimMapping | string[] {
  const problems: string[] = [];
  const doc = isObject(raw) ? raw : {};
  if (!isObject(raw)) problems.push('the file must hold a JSON object');
  const claimOf = (section: string, fallback?: string): string => {
    const value = isObject(doc[section]) ? doc[section].claim : undefined;
    if (value === undefined && fallback !== undefined) return fallback;
    if (typeof value !== 'string' || !CLAIM_PATH.test(value)) problems.push(`${section}.claim: a claim name (a dotted path for nested claims)`);
    return String(value);
  };
  const mapOf = (section: string): Record<string, unknown> | undefined => {
    const map = isObject(doc[section]) ? doc[section].map : undefined;
    if (map === undefined) return undefined;
    if (!isObject(map)) problems.push(`${section}.map: an object from claim values to codes`);
    return isObject(map) ? map : undefined;
  };

  const agencyMap = mapOf('agency');
  for (const [value, code] of Object.entries(agencyMap ?? {})) {
    if (typeof code !== 'string' || !registry.get(code))
      problems.push(`agency.map["${value}"]: an agency code of the registry (given ${JSON.stringify(code)})`);
  }
  const rawRoleMap = mapOf('roles');
  const roleMap: Record<string, Role[]> = {};
  for (const [value, codes] of Object.entries(rawRoleMap ?? {})) {
    const list = typeof codes === 'string' ? [codes] : codes;
    if (!Array.isArray(list) || list.length === 0 || !list.every(isRole))
      problems.push(`roles.map["${value}"]: a role code or a list of them, each one of ${ROLE_CODES.join(', ')}`);
    else roleMap[value] = list;
  }
  const mapping: ClaimMapping = {
    agency: { claim: claimOf('agency'), ...(agencyMap ? { map: agencyMap as Record<string, string> } : {}) },
    roles: { claim: claimOf('roles'), ...(rawRoleMap ? { map: roleMap } : {}) },
    displayName: { claim: claimOf('displayName', 'name') },
  };
  return problems.length ? problems : mapping;
}

/** The agency and roles the claims give under the mapping; OIDC_UNMAPPED with the reason when they give none the registry allows. */
export function mapClaims(claims: Readonly<Record<string, unknown>>, mapping: ClaimMapping, registry: AgencyRegistry): MappedIdentity {
  const agencyValue = claimAt(claims, mapping.agency.claim);
  if (typeof agencyValue !== 'string' || agencyValue === '')
    throw unmapped(`the claim "${mapping.agency.claim}" (agency) is missing or not a string`);
  const code = mapping.agency.map ? mapping.agency.map[agencyValue] : agencyValue;
  const agency = code === undefined ? undefined : registry.get(code);
  if (!agency) throw unmapped(`the ${mapping.agency.claim} "${agencyValue}" maps to no agency of the registry`);

  const rolesValue = claimAt(claims, mapping.roles.claim);
  const values = typeof rolesValue === 'string' ? rolesValue.split(/[\s,]+/) : Array.isArray(rolesValue) ? rolesValue : [];
  // Values the mapping does not name are the identity platform's other groups: ignored, not refused.
  const roles = [
    ...new Set(
      values
        .filter((v): v is string => typeof v === 'string')
        .flatMap((v) => (mapping.roles.map ? (mapping.roles.map[v] ?? []) : isRole(v) ? [v] : [])),
    ),
  ];
  if (roles.length === 0) throw unmapped(`the claim "${mapping.roles.claim}" grants no role of the platform`);
  const allowed = allowedRolesFor(agency.kind);
  const misplaced = roles.filter((r) => !allowed.includes(r));
  if (misplaced.length)
    throw unmapped(`role(s) ${misplaced.join(', ')} cannot be held at ${agency.code} (a ${agency.kind} agency); allowed: ${allowed.join(', ')}`);

  const name = claimAt(claims, mapping.displayName.claim) ?? claims.preferred_username;
  return { agency: agency.code, roles, displayName: typeof name === 'string' && name.trim() !== '' ? name.trim() : String(claims.sub) };
}

/** A claim by name, or by dotted path into nested objects (realm_access.roles). A name with dots that exists as such wins. */
function claimAt(claims: Readonly<Record<string, unknown>>, path: string): unknown {
  if (path in claims) return claims[path];
  let node: unknown = claims;
  for (const part of path.split('.')) node = isObject(node) ? node[part] : undefined;
  return node;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
