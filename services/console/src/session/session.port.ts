/**
 * What the rest of the console (the API gateway, OpenID Connect sign-in) needs
 * of sign-in sessions, owned by session/: the live session a request's cookie
 * names, and opening a session for someone the identity platform vouched for.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

/** httpOnly session cookie (an opaque random handle; the store keeps only its hash). */
export const SESSION_COOKIE = 'jm_session';
/** Readable by the web app on this origin; sent back in CSRF_HEADER on every state-changing request (double submit). */
export const CSRF_COOKIE = 'jm_csrf';
export const CSRF_HEADER = 'x-csrf-token';

export interface ConsoleSession {
  /** Opaque id of the session (not the cookie value): what an admin revokes. */
  id: string;
  accountId: string;
  agency: string;
  roles: string[];
  displayName: string;
  /** Signed in with a one-time password: only the password change is allowed until it is done. */
  mustChangePassword: boolean;
  /** The agency requires a second factor the account has not enrolled yet: only TOTP enrolment is allowed. */
  totpEnrolmentRequired: boolean;
  csrfToken: string;
  idleExpiresAt: string;
  absoluteExpiresAt: string;
}

/** Who the identity platform says signed in, after claims were mapped to an agency and roles (oidc/). */
export interface ExternalIdentity {
  issuer: string;
  subject: string;
  agency: string;
  roles: string[];
  displayName: string;
}

export interface SessionPort {
  /** The live session the request's cookie names (its idle timeout is extended), or undefined: none, expired or revoked. */
  fromRequest(req: IncomingMessage): Promise<ConsoleSession | undefined>;
  /** Whether a state-changing request carries the session's CSRF token in CSRF_HEADER (constant-time compare). */
  csrfValid(req: IncomingMessage, session: ConsoleSession): boolean;
  /** Opens a session for an external identity (creating or updating its account, audited) and sets the cookies on res. */
  openExternal(identity: ExternalIdentity, req: IncomingMessage, res: ServerResponse): Promise<ConsoleSession>;
}

export const SESSION_PORT = Symbol('SESSION_PORT');
