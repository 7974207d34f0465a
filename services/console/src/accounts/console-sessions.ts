/**
 * The SessionPort (session/session.port.ts) the gateway and OpenID Connect sign-in use: the live session of a
 * request, its CSRF check, and a session for someone the identity platform vouched for. Such a person gets an
 * account of their own on first sign-in (no password; username `ext-<hash of issuer and subject>`), whose roles
 * and name follow the platform's claims at each sign-in, audited like every other change.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Injectable } from '@nestjs/common';
import { ForbiddenError } from '@jm/event-sourcing';
import { allowedRolesFor, InjectServiceConfig } from '@jm/platform';
import type { ServiceConfig } from '@jm/platform';
import { isRole, Role } from '@jm/reference';
import { SignInFailedError } from './account/account.errors';
import type { ExistingAccount } from './account/account';
import { AccountBook, CONSOLE_SYSTEM } from './account-book';
import { AuthService } from './auth.service';
import { CredentialStore } from './credentials/credential-store';
import { clientOf, readCookie, setSessionCookies } from '../session/cookies';
import { csrfHeaderValid } from '../session/session.guard';
import { ConsoleSession, ExternalIdentity, SESSION_COOKIE, SessionPort } from '../session/session.port';
import { LiveSession, SessionStore } from '../session/session.store';

export const externalUsername = (issuer: string, subject: string): string =>
  `ext-${createHash('sha256').update(`${issuer}#${subject}`).digest('hex').slice(0, 24)}`;

@Injectable()
export class ConsoleSessions implements SessionPort {
  constructor(
    private readonly sessions: SessionStore,
    private readonly book: AccountBook,
    private readonly credentials: CredentialStore,
    private readonly auth: AuthService,
    @InjectServiceConfig() private readonly config: ServiceConfig,
  ) {}

  fromRequest(req: IncomingMessage): Promise<LiveSession | undefined> {
    return this.sessions.findLive(readCookie(req, SESSION_COOKIE));
  }

  csrfValid(req: IncomingMessage, session: ConsoleSession): boolean {
    return csrfHeaderValid(req, session);
  }

  async openExternal(identity: ExternalIdentity, req: IncomingMessage, res: ServerResponse): Promise<ConsoleSession> {
    const agency = this.book.registry.get(identity.agency);
    if (!agency) throw new ForbiddenError(`the identity platform names the agency "${identity.agency}", which is not in this deployment's registry`);
    const roles = identity.roles.filter(isRole) as Role[];
    const client = clientOf(req, this.config.domain.console);
    const account = await this.accountOf(identity, roles, agency.jurisdiction, allowedRolesFor(agency.kind));
    if (account.status !== 'active') {
      await this.book.run(
        account.accountId,
        { kind: 'RecordSignIn', outcome: 'failure', reason: 'disabled', client, policy: this.book.lockoutPolicy(), at: this.book.now() },
        CONSOLE_SYSTEM,
      );
      throw new SignInFailedError();
    }
    const signedIn = await this.auth.open(account, { method: 'oidc', client, mustChangePassword: false, totpEnrolmentRequired: false });
    setSessionCookies(req, res, this.config.domain.console, {
      token: signedIn.token,
      csrfToken: signedIn.session.csrfToken,
      maxAgeSeconds: signedIn.maxAgeSeconds,
    });
    return signedIn.session;
  }

  /** The identity's account, created on first sign-in, its roles and name brought up to the claims. */
  private async accountOf(identity: ExternalIdentity, roles: Role[], jurisdiction: string, allowedRoles: Role[]): Promise<ExistingAccount> {
    const externalKey = `${identity.issuer}#${identity.subject}`;
    const existing = await this.credentials.byExternalKey(externalKey);
    const at = this.book.now();
    if (!existing) {
      const accountId = randomUUID();
      const username = externalUsername(identity.issuer, identity.subject);
      await this.credentials.create({ username, accountId, agency: identity.agency, passwordHash: null, externalKey, createdAt: at });
      const external = { issuer: identity.issuer, subject: identity.subject };
      const displayName = identity.displayName.slice(0, 100) || username;
      const created = await this.book
        .run(
          accountId,
          {
            kind: 'CreateAccount',
            accountId,
            agency: identity.agency,
            jurisdiction,
            username,
            displayName,
            roles,
            allowedRoles,
            external,
            by: CONSOLE_SYSTEM,
            at,
          },
          CONSOLE_SYSTEM,
        )
        .catch(async (error: unknown) => {
          await this.credentials.remove(username);
          throw error;
        });
      return created.state as ExistingAccount;
    }
    const account = await this.book.load(existing.accountId);
    if (!account) throw new SignInFailedError();
    if (account.agency !== identity.agency)
      throw new ForbiddenError(
        `this identity belongs to the account of ${account.agency}, not ${identity.agency}; an administrator must sort this out`,
      );
    await this.book.run(account.accountId, { kind: 'ChangeRoles', roles, allowedRoles, by: CONSOLE_SYSTEM, at }, CONSOLE_SYSTEM);
    const displayName = identity.displayName.slice(0, 100);
    if (displayName) await this.book.run(account.accountId, { kind: 'ChangeDisplayName', displayName, by: CONSOLE_SYSTEM, at }, CONSOLE_SYSTEM);
    return (await this.book.load(account.accountId)) as ExistingAccount;
  }
}
