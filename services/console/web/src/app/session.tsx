/**
 * The signed-in session (GET /auth/session, cached by TanStack Query): who the
 * user is, their agency and roles. RequireSession guards the signed-in routes:
 * no session → /sign-in?returnTo=…; a pending password change or TOTP enrolment
 * → that page first. Any 401 afterwards ends the session with a notice.
 */
import { createContext, ReactNode, useContext, useEffect } from 'react';
import { App as AntApp } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Navigate, useLocation, useNavigate } from 'react-router-dom';
import { ApiProblem, consoleFetch, onUnauthorized } from './api';
import type { Role } from './features';
import { useT } from './i18n';
import { ErrorState, Loading } from './states';

export interface SessionView {
  accountId: string;
  username: string;
  displayName: string;
  agency: string;
  agencyName: string;
  roles: Role[];
  mustChangePassword: boolean;
  totpEnrolmentRequired: boolean;
  totpEnabled: boolean;
  csrfToken: string;
  idleExpiresAt: string;
  absoluteExpiresAt: string;
}

export const SESSION_KEY = ['auth', 'session'] as const;
export const SIGN_IN_PATH = '/sign-in';
export const PASSWORD_PATH = '/account/password';
export const TOTP_PATH = '/account/totp';

/** The session, or null when there is none (the console answers 204). */
async function fetchSession(): Promise<SessionView | null> {
  return (await consoleFetch<SessionView | undefined>('/auth/session')) ?? null;
}

export function useSessionQuery() {
  return useQuery({ queryKey: SESSION_KEY, queryFn: fetchSession, staleTime: 60_000 });
}

const SessionContext = createContext<SessionView | undefined>(undefined);

/** The session inside the signed-in routes (RequireSession provides it). */
export function useSession(): SessionView {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside RequireSession');
  return session;
}

/** Roles that read reporting's ledgers and statistics and notifications' deadlines (REPORT_READER_ROLES, DEADLINE_READER_ROLES). */
export const READER_ROLES: Role[] = ['office_officer', 'convener', 'unit_officer', 'street_officer', 'analyst', 'auditor', 'admin'];

export function hasRole(session: Pick<SessionView, 'roles'> | null | undefined, ...roles: Role[]): boolean {
  return !!session && roles.some((role) => session.roles.includes(role));
}

/** Where a session must go first, if anywhere: the forced password change, then TOTP enrolment. */
export function pendingStep(session: SessionView): string | undefined {
  if (session.mustChangePassword) return PASSWORD_PATH;
  if (session.totpEnrolmentRequired && !session.totpEnabled) return TOTP_PATH;
  return undefined;
}

export function signInPath(returnTo?: string): string {
  return returnTo && returnTo !== '/' ? `${SIGN_IN_PATH}?returnTo=${encodeURIComponent(returnTo)}` : SIGN_IN_PATH;
}

/** A 401 from any call while signed in: the session expired or was revoked; say so and go to sign-in. */
function ExpiryWatch() {
  const t = useT();
  const { notification } = AntApp.useApp();
  const navigate = useNavigate();
  const location = useLocation();
  const queryClient = useQueryClient();
  useEffect(
    () =>
      onUnauthorized(() => {
        notification.warning({ key: 'session-expired', title: t('app.sessionExpired') });
        queryClient.setQueryData(SESSION_KEY, null);
        queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== SESSION_KEY[0] });
        void navigate(signInPath(location.pathname + location.search), { replace: true });
      }),
    [t, notification, navigate, location, queryClient],
  );
  return null;
}

export function RequireSession({ children }: { children: ReactNode }) {
  const { data: session, isPending, error, refetch } = useSessionQuery();
  const location = useLocation();
  if (isPending) return <Loading />;
  if (error) return <ErrorState error={error} onRetry={() => void refetch()} />;
  if (!session) return <Navigate to={signInPath(location.pathname + location.search)} replace />;
  const pending = pendingStep(session);
  if (pending && location.pathname !== pending) return <Navigate to={pending} replace />;
  return (
    <SessionContext.Provider value={session}>
      <ExpiryWatch />
      {children}
    </SessionContext.Provider>
  );
}

/** A route only some roles may open: the others see 403. */
export function RequireRole({ roles, children }: { roles: Role[]; children: ReactNode }) {
  const session = useSession();
  const t = useT();
  if (!hasRole(session, ...roles)) return <ErrorState error={new ApiProblem(403, 'FORBIDDEN', t('app.forbidden'))} />;
  return <>{children}</>;
}
