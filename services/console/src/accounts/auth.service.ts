/**
 * Signing in and what a signed-in person does to their own account: sign-in (password, then TOTP when the account
 * has it), sign-out, the session view, changing the password, enrolling and turning off TOTP. Every sign-in,
 * failure, lockout and change is an event of the account; secrets go only to the credentials table.
 */
import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Clock } from '@jm/event-sourcing';
import { DomainRuleError } from '@jm/event-sourcing';
import { CLOCK, InjectServiceConfig, invalidFields } from '@jm/platform';
import type { ServiceConfig } from '@jm/platform';
import type { Role } from '@jm/reference';
import { SignInFailedError, SignInThrottledError, TotpRequiredByAgencyError, TotpRequiredError } from './account/account.errors';
import { signInGate } from './account/account.decider';
import type { ExistingAccount } from './account/account';
import type { SignInFailureReason } from '@jm/contracts';
import { AccountBook } from './account-book';
import { ClientSignInLimit } from './client-limit';
import { CredentialStore } from './credentials/credential-store';
import { hashPassword, passwordProblems, spendPasswordTime, verifyPassword } from './credentials/password';
import { newTotpSecret, otpauthUri, verifyTotp } from './credentials/totp';
import type { CredentialRow } from './credentials/credentials.table';
import { LiveSession, SessionStore } from '../session/session.store';

export interface SessionView {
  accountId: string;
  username: string;
  displayName: string;
  agency: string;
  agencyName: string;
  roles: string[];
  mustChangePassword: boolean;
  totpEnrolmentRequired: boolean;
  totpEnabled: boolean;
  csrfToken: string;
  idleExpiresAt: string;
  absoluteExpiresAt: string;
}

export interface SignedIn {
  token: string;
  session: LiveSession;
  maxAgeSeconds: number;
}

@Injectable()
export class AuthService {
  private readonly clientLimit: ClientSignInLimit;

  constructor(
    private readonly book: AccountBook,
    private readonly credentials: CredentialStore,
    private readonly sessions: SessionStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @InjectServiceConfig() config: ServiceConfig,
  ) {
    this.clientLimit = new ClientSignInLimit(config.domain.console.signInPerMinute, clock);
  }

  async signIn(input: { username: string; password: string; totp?: string }, client: string): Promise<SignedIn> {
    const wait = this.clientLimit.take(client);
    if (wait > 0) throw new SignInThrottledError(wait, 'from this address');
    const cred = await this.credentials.byUsername(input.username);
    const account = cred?.passwordHash ? await this.book.load(cred.accountId) : undefined;
    if (!cred?.passwordHash || !account) {
      // The same scrypt time and the same answer as a wrong password.
      await spendPasswordTime(input.password);
      await this.book.recordUnknownSignIn(input.username, client);
      throw new SignInFailedError();
    }
    const gate = signInGate(account, this.book.now());
    if (!gate.open) throw gate.error;
    const passwordOk = await verifyPassword(input.password, cred.passwordHash);
    if (account.status === 'disabled') return this.fail(account, 'disabled', client);
    if (!passwordOk) return this.fail(account, 'password', client);
    if (account.totpEnabled) {
      if (!input.totp) throw new TotpRequiredError();
      if (!(await this.totpAccepted(cred, input.totp))) return this.fail(account, 'totp', client);
    }
    const totpEnrolmentRequired = !account.totpEnabled && (await this.book.totpRequired(account.agency));
    return this.open(account, { method: 'password', client, mustChangePassword: account.mustChangePassword, totpEnrolmentRequired });
  }

  /** Opens a session for an account that proved itself, after recording the sign-in. */
  async open(
    account: ExistingAccount,
    options: { method: 'password' | 'oidc'; client: string; mustChangePassword: boolean; totpEnrolmentRequired: boolean },
  ): Promise<SignedIn> {
    const sessionId = randomUUID();
    const policy = this.book.lockoutPolicy();
    await this.book.run(
      account.accountId,
      { kind: 'RecordSignIn', outcome: 'success', sessionId, method: options.method, client: options.client, policy, at: this.book.now() },
      { agency: account.agency, user: account.accountId },
    );
    return this.sessions.open({
      id: sessionId,
      accountId: account.accountId,
      username: account.username,
      agency: account.agency,
      roles: account.roles,
      displayName: account.displayName,
      mustChangePassword: options.mustChangePassword,
      totpEnrolmentRequired: options.totpEnrolmentRequired,
      method: options.method,
      client: options.client,
    });
  }

  private async fail(account: ExistingAccount, reason: SignInFailureReason, client: string): Promise<never> {
    await this.book.run(
      account.accountId,
      { kind: 'RecordSignIn', outcome: 'failure', reason, client, policy: this.book.lockoutPolicy(), at: this.book.now() },
      { agency: account.agency, user: account.accountId },
    );
    throw new SignInFailedError();
  }

  private async totpAccepted(cred: CredentialRow, code: string): Promise<boolean> {
    const secret = await this.credentials.activeTotp(cred);
    const step = secret ? verifyTotp(secret, code, this.clock.now(), cred.totpLastStep ?? undefined) : undefined;
    return step !== undefined && (await this.credentials.spendTotpStep(cred.accountId, step));
  }

  async view(session: LiveSession): Promise<SessionView> {
    const account = await this.book.load(session.accountId);
    return {
      accountId: session.accountId,
      username: session.username,
      displayName: session.displayName,
      agency: session.agency,
      agencyName: this.book.registry.name(session.agency),
      roles: session.roles as Role[],
      mustChangePassword: session.mustChangePassword,
      totpEnrolmentRequired: session.totpEnrolmentRequired,
      totpEnabled: account?.totpEnabled ?? false,
      csrfToken: session.csrfToken,
      idleExpiresAt: session.idleExpiresAt,
      absoluteExpiresAt: session.absoluteExpiresAt,
    };
  }

  async signOut(session: LiveSession): Promise<void> {
    await this.sessions.end(session.id, 'sign_out');
    await this.book.run(session.accountId, { kind: 'SignOut', sessionId: session.id, reason: 'sign_out', at: this.book.now() }, this.self(session));
  }

  /** Changes the holder's own password; the other sessions of the account end, this one goes on. */
  async changePassword(session: LiveSession, currentPassword: string, newPassword: string): Promise<void> {
    const cred = await this.credentialsOf(session);
    if (!cred.passwordHash) throw new DomainRuleError('this account signs in through the identity platform and has no password');
    if (!(await verifyPassword(currentPassword, cred.passwordHash)))
      throw invalidFields([{ field: 'currentPassword', messages: ['is not the current password'] }]);
    const problems = passwordProblems(newPassword, cred.username);
    if (newPassword === currentPassword) problems.push('must differ from the current password');
    if (problems.length) throw invalidFields([{ field: 'newPassword', messages: problems }]);
    const hash = await hashPassword(newPassword);
    await this.book.run(session.accountId, { kind: 'ChangePassword', at: this.book.now() }, this.self(session));
    await this.credentials.setPasswordHash(session.accountId, hash, this.book.now());
    await this.sessions.update(session.id, { mustChangePassword: false });
    await this.sessions.endAllOf(session.accountId, 'password_changed', session.id);
  }

  /** A new secret to enrol (replacing one set up and not confirmed); shown once, sealed in the credentials table. */
  async setupTotp(session: LiveSession): Promise<{ secret: string; otpauthUri: string }> {
    const account = await this.book.load(session.accountId);
    if (account?.totpEnabled) throw new DomainRuleError('TOTP is already on for this account; turn it off first to enrol another device');
    const secret = newTotpSecret();
    await this.credentials.setPendingTotp(session.accountId, secret, this.book.now());
    return { secret, otpauthUri: otpauthUri(secret, session.username) };
  }

  async confirmTotp(session: LiveSession, code: string): Promise<void> {
    const cred = await this.credentialsOf(session);
    const secret = await this.credentials.pendingTotp(cred);
    if (!secret) throw new DomainRuleError('no TOTP set up to confirm: call POST /auth/totp/setup first');
    const step = verifyTotp(secret, code, this.clock.now());
    if (step === undefined) throw invalidFields([{ field: 'code', messages: ['is not the current code of the authenticator app'] }]);
    await this.book.run(session.accountId, { kind: 'EnrolTotp', at: this.book.now() }, this.self(session));
    await this.credentials.confirmTotp(cred, step, this.book.now());
    await this.sessions.update(session.id, { totpEnrolmentRequired: false });
  }

  async disableTotp(session: LiveSession, code: string): Promise<void> {
    const cred = await this.credentialsOf(session);
    if (await this.book.totpRequired(session.agency)) throw new TotpRequiredByAgencyError(session.agency);
    if (!(await this.totpAccepted(cred, code)))
      throw invalidFields([{ field: 'code', messages: ['is not the current code of the authenticator app'] }]);
    await this.book.run(
      session.accountId,
      { kind: 'DisableTotp', agencyRequiresTotp: false, by: this.self(session), at: this.book.now() },
      this.self(session),
    );
    await this.credentials.clearTotp(cred, this.book.now());
  }

  private async credentialsOf(session: LiveSession): Promise<CredentialRow> {
    const cred = await this.credentials.byAccountId(session.accountId);
    if (!cred) throw new SignInFailedError();
    return cred;
  }

  private self(session: LiveSession) {
    return { agency: session.agency, user: session.accountId };
  }
}
