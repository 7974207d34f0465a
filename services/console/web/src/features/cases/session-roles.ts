/**
 * The signed-in user's agency and roles as the casework screens use them: the shell's session
 * (app/session.tsx, provided by RequireSession around every signed-in route).
 */
import type { Role } from '../../app/features';
import { hasRole, SessionView, useSession } from '../../app/session';

export type SessionRoles = Pick<SessionView, 'agency' | 'agencyName' | 'roles' | 'displayName'>;

export function useSessionRoles(): SessionRoles {
  return useSession();
}

/** Roles that read reporting's ledgers and statistics and notifications' deadlines (REPORT_READER_ROLES, DEADLINE_READER_ROLES). */
export const READER_ROLES: Role[] = ['office_officer', 'convener', 'unit_officer', 'street_officer', 'analyst', 'auditor', 'admin'];

export function hasAnyRole(session: Pick<SessionView, 'roles'> | undefined, ...roles: Role[]): boolean {
  return hasRole(session, ...roles);
}
