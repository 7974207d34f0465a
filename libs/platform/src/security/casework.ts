/**
 * Who reads lead and case files at all (intake and cases alike): the casework
 * roles. Analysts work from reporting's projections and auditors from the
 * audit API; administrators run the installation. Need-to-know (which files
 * of its region or assignments a caseworker sees) comes after this check.
 */
import { ForbiddenError } from '@jm/event-sourcing';
import { hasRole } from '@jm/contracts';
import type { DomainActor } from '@jm/contracts';
import type { Role } from '@jm/reference';

export const CASEWORK_ROLES: readonly Role[] = ['office_officer', 'unit_officer', 'street_officer', 'convener'];

/** Refuses (403) roles that never read lead or case files, naming where they should look instead. */
export function requireCaseworker(actor: Pick<DomainActor, 'roles'>): void {
  if (hasRole(actor, ...CASEWORK_ROLES)) return;
  if (hasRole(actor, 'analyst')) throw new ForbiddenError("analysts query reporting's projections (ledgers, statistics), not lead or case files");
  if (hasRole(actor, 'auditor'))
    throw new ForbiddenError("auditors replay and verify the event log through reporting's audit API, not lead or case files");
  throw new ForbiddenError(
    `roles ${actor.roles.join(', ') || '(none)'} do not read lead or case files; casework roles are ${CASEWORK_ROLES.join(', ')}`,
  );
}
