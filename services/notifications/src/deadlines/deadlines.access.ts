/**
 * Need-to-know for clocks and obligations: an office-level agency (officers,
 * conveners, analysts, auditors, admins) sees the rows of units in its
 * region; a member unit or a street sees its own. Analysts and auditors only
 * read. Ticking on demand is for an office's officers and admins.
 */
import { DomainActor, hasRole } from '@jm/contracts';
import { ForbiddenError } from '@jm/event-sourcing';
import { regionContains, Role } from '@jm/reference';

export const DEADLINE_READER_ROLES: readonly Role[] = ['office_officer', 'convener', 'analyst', 'auditor', 'admin', 'unit_officer', 'street_officer'];

export type DeadlineScope = { kind: 'region'; region: string } | { kind: 'unit'; unit: string };

export function deadlineScopeOf(actor: DomainActor): DeadlineScope {
  if (!hasRole(actor, ...DEADLINE_READER_ROLES)) {
    throw new ForbiddenError(
      `reading deadlines needs one of the roles ${DEADLINE_READER_ROLES.join(', ')}; the token has ${actor.roles.join(', ') || 'none'}`,
    );
  }
  return actor.agencyKind === 'office' ? { kind: 'region', region: actor.jurisdiction } : { kind: 'unit', unit: actor.agency };
}

/** Whether a unit (its code and region) is in the scope. */
export function scopeCovers(scope: DeadlineScope, unit: string, jurisdiction: string | undefined): boolean {
  return scope.kind === 'unit' ? unit === scope.unit : regionContains(scope.region, jurisdiction ?? '000000');
}

/** The scope as a SQL condition on a table with `unit` and `jurisdiction` columns (alias t). */
export function scopeSql(scope: DeadlineScope, t = 't'): { sql: string; params: Record<string, string> } {
  if (scope.kind === 'unit') return { sql: `${t}.unit = :scopeUnit`, params: { scopeUnit: scope.unit } };
  const r = scope.region;
  const prefix = r.endsWith('0000') ? r.slice(0, 2) : r.endsWith('00') ? r.slice(0, 4) : undefined;
  return prefix === undefined
    ? { sql: `${t}.jurisdiction = :scopeRegion`, params: { scopeRegion: r } }
    : { sql: `${t}.jurisdiction LIKE :scopeRegion`, params: { scopeRegion: `${prefix}%` } };
}

export function requireOperator(actor: DomainActor): void {
  if (actor.agencyKind !== 'office' || !hasRole(actor, 'office_officer', 'admin')) {
    throw new ForbiddenError(
      `running the deadline check on demand is for an office's office_officer or admin; you act for ${actor.agency} as ${actor.roles.join(', ') || 'no role'}`,
    );
  }
}

export function requireAdmin(actor: DomainActor, what: string): void {
  if (actor.agencyKind !== 'office' || !hasRole(actor, 'admin'))
    throw new ForbiddenError(`${what} is for an office's admin; you act for ${actor.agency} as ${actor.roles.join(', ') || 'no role'}`);
}
