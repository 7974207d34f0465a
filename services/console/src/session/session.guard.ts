/**
 * The console's own routes (/auth, /admin) authenticate by session cookie, not by bearer token: @SessionRequired()
 * finds the live session (401 SESSION_REQUIRED), checks the CSRF header on every method but GET and HEAD
 * (403 CSRF_TOKEN_INVALID), holds back a session that must first change its password or enrol TOTP (403), and
 * checks roles (403 FORBIDDEN). @CurrentSession() reads the session in the handler. Such routes are @Public()
 * to the platform's bearer guard.
 */
import { applyDecorators, CanActivate, createParamDecorator, ExecutionContext, Injectable, SetMetadata, UseGuards } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiHeader } from '@nestjs/swagger';
import type { IncomingMessage } from 'node:http';
import { ForbiddenError } from '@jm/event-sourcing';
import { Public } from '@jm/platform';
import type { Role } from '@jm/reference';
import { readCookie } from './cookies';
import { CsrfTokenInvalidError, PasswordChangeRequiredError, SessionRequiredError, TotpEnrolmentRequiredError } from './session.errors';
import { CSRF_HEADER, SESSION_COOKIE } from './session.port';
import { LiveSession, sameSecret, SessionStore } from './session.store';

export interface SessionRequirement {
  /** Any of these roles (none: any signed-in account). */
  roles?: Role[];
  /** Let a session through that must still change its password or enrol TOTP (the routes that do that). */
  pending?: boolean;
}

const REQUIREMENT = 'jm:console-session';
type SessionRequest = IncomingMessage & { consoleSession?: LiveSession };

export function csrfHeaderValid(req: IncomingMessage, session: Pick<LiveSession, 'csrfToken'>): boolean {
  const header = req.headers[CSRF_HEADER];
  return typeof header === 'string' && sameSecret(header, session.csrfToken);
}

const SAFE_METHODS = new Set(['GET', 'HEAD']);

@Injectable()
export class ConsoleSessionGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly sessions: SessionStore,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const requirement =
      this.reflector.getAllAndOverride<SessionRequirement | undefined>(REQUIREMENT, [context.getHandler(), context.getClass()]) ?? {};
    const req = context.switchToHttp().getRequest<SessionRequest>();
    const session = await this.sessions.findLive(readCookie(req, SESSION_COOKIE));
    if (!session) throw new SessionRequiredError();
    if (!SAFE_METHODS.has(req.method ?? 'GET') && !csrfHeaderValid(req, session)) throw new CsrfTokenInvalidError();
    if (!requirement.pending) {
      if (session.mustChangePassword) throw new PasswordChangeRequiredError();
      if (session.totpEnrolmentRequired) throw new TotpEnrolmentRequiredError();
    }
    const roles = requirement.roles ?? [];
    if (roles.length && !roles.some((r) => session.roles.includes(r))) throw new ForbiddenError(`only ${roles.join(', ')} may do this`);
    req.consoleSession = session;
    return true;
  }
}

/** The route needs a live console session (see the module header). */
export const SessionRequired = (requirement: SessionRequirement = {}): MethodDecorator & ClassDecorator =>
  applyDecorators(Public(), SetMetadata(REQUIREMENT, requirement), UseGuards(ConsoleSessionGuard));

export const CurrentSession = createParamDecorator((_data: unknown, context: ExecutionContext): LiveSession => {
  const session = context.switchToHttp().getRequest<SessionRequest>().consoleSession;
  if (!session) throw new SessionRequiredError();
  return session;
});

/** Declares the CSRF header a state-changing route needs, in its OpenAPI operation. */
export const ApiCsrfHeader = (): MethodDecorator & ClassDecorator =>
  ApiHeader({ name: CSRF_HEADER, required: true, description: 'The value of the jm_csrf cookie (double submit)' });
