/**
 * Need-to-know for the reporting read side (docs/reporting-statistics.md,
 * "Scope"): an office-level agency (officers, conveners, analysts, auditors,
 * admins) reads the rows of its region, a street its own street, a member unit
 * the rows it is involved in. The ledgers hold no informant identity and no
 * personal data, and the folded `state` is never answered.
 */
import { DomainActor } from '@jm/contracts';
import { ForbiddenError } from '@jm/event-sourcing';
import type { Agency } from '@jm/reference';
import { Role } from '@jm/reference';

/** Roles that may read ledgers, statistics and exports at all (scoped below by the agency's kind). */
export const REPORT_READER_ROLES: readonly Role[] = ['office_officer', 'convener', 'analyst', 'auditor', 'admin', 'street_officer', 'unit_officer'];

export type ReportScope = { kind: 'region'; region: string; agency: string } | { kind: 'street'; street: string } | { kind: 'unit'; unit: string };

export function scopeOf(actor: DomainActor): ReportScope {
  if (!actor.roles.some((r) => REPORT_READER_ROLES.includes(r))) {
    throw new ForbiddenError(
      `reading ledgers and statistics needs one of the roles ${REPORT_READER_ROLES.join(', ')}; the token has ${actor.roles.length ? actor.roles.join(', ') : 'none'}`,
    );
  }
  return agencyScope({ code: actor.agency, kind: actor.agencyKind, jurisdiction: actor.jurisdiction });
}

/** The rows an agency's readers see, by its kind: an office its region, a street its street, any other its cases. */
export function agencyScope(agency: Pick<Agency, 'code' | 'kind' | 'jurisdiction'>): ReportScope {
  if (agency.kind === 'office') return { kind: 'region', region: agency.jurisdiction, agency: agency.code };
  if (agency.kind === 'street') return { kind: 'street', street: agency.code };
  return { kind: 'unit', unit: agency.code };
}

/**
 * The distinct scopes of these agencies' readers, the widest first (regions, then streets, then units; a region's
 * lists cost the most to read cold).
 */
export function readerScopes(agencies: ReadonlyArray<Pick<Agency, 'code' | 'kind' | 'jurisdiction'>>): ReportScope[] {
  const byKey = new Map<string, ReportScope>();
  for (const agency of agencies) {
    const scope = agencyScope(agency);
    const key = scope.kind === 'region' ? `region:${scope.region}` : scope.kind === 'street' ? `street:${scope.street}` : `unit:${scope.unit}`;
    if (!byKey.has(key)) byKey.set(key, scope);
  }
  const rank = { region: 0, street: 1, unit: 2 } as const;
  return [...byKey.values()].sort((a, b) => rank[a.kind] - rank[b.kind]);
}

/** regionContains as SQL on a 6-digit column: a city (…00) or province (…0000) holds the codes sharing its prefix. */
export function regionCondition(column: string, region: string, param: string): { sql: string; params: Record<string, string> } {
  const prefix = region.endsWith('0000') ? region.slice(0, 2) : region.endsWith('00') ? region.slice(0, 4) : undefined;
  return prefix === undefined
    ? { sql: `${column} = :${param}`, params: { [param]: region } }
    : { sql: `${column} LIKE :${param}`, params: { [param]: `${prefix}%` } };
}

/** The LIKE pattern that finds one code in a ",a,b," list column. */
export function memberPattern(code: string): string {
  return `%,${code.replace(/[\\%_]/g, (c) => `\\${c}`)},%`;
}

export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export const LIKE_ESCAPE = "ESCAPE '\\'";

export interface SqlCondition {
  sql: string;
  params: Record<string, string>;
}

/*
 * An office's scope is its region alone: every row an office handles lies in
 * its region (a district office's own district, a city office's districts),
 * and a bare condition on jurisdiction lets PostgreSQL walk the
 * (jurisdiction, <sort>) indexes instead of scanning the table (an OR with
 * office = :agency defeated them: bench:reporting, ledger-query).
 */

/** Scope over lead_ledger (alias l): the region's rows, the street's, or the unit's (routed to it or first received by it). */
export function leadScopeSql(scope: ReportScope, l = 'l'): SqlCondition {
  if (scope.kind === 'region') return regionCondition(`${l}.jurisdiction`, scope.region, 'scopeRegion');
  if (scope.kind === 'street')
    return { sql: `(${l}.street = :scopeStreet OR ${l}.routed_street = :scopeStreet)`, params: { scopeStreet: scope.street } };
  return { sql: `(${l}.unit = :scopeUnit OR ${l}.received_by = :scopeUnit)`, params: { scopeUnit: scope.unit } };
}

/** Scope over risk_ledger (alias r): the region's rows, the street's, or cases the unit is involved in. */
export function riskScopeSql(scope: ReportScope, r = 'r'): SqlCondition {
  if (scope.kind === 'region') return regionCondition(`${r}.jurisdiction`, scope.region, 'scopeRegion');
  if (scope.kind === 'street') return { sql: `${r}.street = :scopeStreet`, params: { scopeStreet: scope.street } };
  return { sql: `${r}.units LIKE :scopeUnitPattern ${LIKE_ESCAPE}`, params: { scopeUnitPattern: memberPattern(scope.unit) } };
}
