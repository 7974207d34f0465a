/**
 * The signed-in user's agency and roles, read from the console's GET /auth/session.
 * A stand-in until the shell's useSession() lands; swap the import at merge.
 */
import { useQuery } from '@tanstack/react-query';
import { consoleFetch } from '../../app/api';
import type { Role } from '../../app/features';

export interface SessionRoles {
  agency: string;
  agencyName?: string;
  roles: Role[];
  displayName?: string;
}

export function useSessionRoles(): SessionRoles | undefined {
  const { data } = useQuery({
    queryKey: ['auth', 'session'],
    queryFn: () => consoleFetch<SessionRoles>('/auth/session'),
    staleTime: 60_000,
  });
  return data;
}

/** Roles that read reporting's ledgers and statistics and notifications' deadlines (REPORT_READER_ROLES, DEADLINE_READER_ROLES). */
export const READER_ROLES: Role[] = ['office_officer', 'convener', 'unit_officer', 'street_officer', 'analyst', 'auditor', 'admin'];

export function hasAnyRole(session: SessionRoles | undefined, ...roles: Role[]): boolean {
  return !!session && session.roles.some((role) => roles.includes(role));
}
