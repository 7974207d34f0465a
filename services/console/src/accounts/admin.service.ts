/**
 * What an admin does to the accounts it manages (admin-scope.ts; in a deployment of a federation, of the agencies
 * the deployment serves only): create with a one-time password, disable,
 * enable (which also unlocks), reset the password, change roles, revoke sessions, list; and set an agency's TOTP
 * requirement. An account or agency outside its reach is "not found". Each change is an event of the account.
 */
import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { AccountActorRef } from '@jm/contracts';
import { DomainRuleError, NotFoundError } from '@jm/event-sourcing';
import { allowedRolesFor, FEDERATION, Federation } from '@jm/platform';
import type { Page } from '@jm/platform';
import type { Agency, Role } from '@jm/reference';
import type { ExistingAccount } from './account/account';
import { AccountBook, AccountView } from './account-book';
import { managedAgencies, ServesAgency } from './admin-scope';
import type { CreateAccountDto, ListAccountsQuery } from './admin.dto';
import { CredentialStore } from './credentials/credential-store';
import { hashPassword, oneTimePassword } from './credentials/password';
import type { LiveSession } from '../session/session.store';
import { SessionStore } from '../session/session.store';
import type { SessionRow } from '../session/session.table';

export interface ManagedAgency {
  code: string;
  name: string;
  kind: string;
  level: string;
  allowedRoles: Role[];
  totpRequired: boolean;
}

/** A live session as an admin sees it (never its cookie hash or CSRF token). */
export type SessionSummary = Pick<SessionRow, 'id' | 'method' | 'client' | 'createdAt' | 'lastSeenAt' | 'idleExpiresAt' | 'absoluteExpiresAt'>;

@Injectable()
export class AdminService {
  constructor(
    private readonly book: AccountBook,
    private readonly credentials: CredentialStore,
    private readonly sessions: SessionStore,
    @Inject(FEDERATION) private readonly federation: Federation,
  ) {}

  /** The agencies this console serves (every one without DEPLOYMENT); first start and every admin route keep to them. */
  readonly serves: ServesAgency = (code) => this.federation.servesAgency(code);

  private managedBy(admin: LiveSession): Agency[] {
    return managedAgencies(this.book.registry, admin.agency, this.serves);
  }

  async agencies(admin: LiveSession): Promise<ManagedAgency[]> {
    return Promise.all(
      this.managedBy(admin).map(async (a) => ({
        code: a.code,
        name: a.name['zh-CN'],
        kind: a.kind,
        level: a.level,
        allowedRoles: allowedRolesFor(a.kind),
        totpRequired: await this.book.totpRequired(a.code),
      })),
    );
  }

  async list(admin: LiveSession, query: ListAccountsQuery): Promise<Page<AccountView>> {
    const agencies = query.agency ? [this.agencyFor(admin, query.agency).code] : this.managedBy(admin).map((a) => a.code);
    const rows = await this.credentials.ofAgencies(agencies);
    const views: AccountView[] = [];
    for (const row of rows) {
      const account = await this.book.load(row.accountId);
      if (account) views.push(this.book.view(account));
    }
    const matching = query.status ? views.filter((v) => v.status === query.status) : views;
    const { page, pageSize } = query;
    const start = (page - 1) * pageSize;
    return { items: matching.slice(start, start + pageSize), total: matching.length, page, pageSize };
  }

  async create(admin: LiveSession, dto: CreateAccountDto): Promise<{ account: AccountView; oneTimePassword: string }> {
    return this.createIn(this.agencyFor(admin, dto.agency), dto, this.by(admin));
  }

  /** Creates a password account with a one-time password (also first start's admins, by the system). */
  async createIn(
    agency: Agency,
    dto: Pick<CreateAccountDto, 'username' | 'displayName' | 'roles'>,
    by: AccountActorRef,
  ): Promise<{ account: AccountView; oneTimePassword: string }> {
    const accountId = randomUUID();
    const password = oneTimePassword();
    const at = this.book.now();
    await this.credentials.create({
      username: dto.username,
      accountId,
      agency: agency.code,
      passwordHash: await hashPassword(password),
      externalKey: null,
      createdAt: at,
    });
    try {
      const { state } = await this.book.run(
        accountId,
        {
          kind: 'CreateAccount',
          accountId,
          agency: agency.code,
          jurisdiction: agency.jurisdiction,
          username: dto.username,
          displayName: dto.displayName,
          roles: dto.roles,
          allowedRoles: allowedRolesFor(agency.kind),
          by,
          at,
        },
        by,
      );
      return { account: this.book.view(state as ExistingAccount), oneTimePassword: password };
    } catch (error) {
      // Refused (a role the agency cannot hold): the name is free again.
      await this.credentials.remove(dto.username);
      throw error;
    }
  }

  async disable(admin: LiveSession, accountId: string, reason: string): Promise<AccountView> {
    if (accountId === admin.accountId) throw new DomainRuleError('you cannot disable your own account; ask another administrator');
    const account = await this.managed(admin, accountId);
    const { state } = await this.book.run(
      account.accountId,
      { kind: 'DisableAccount', reason, by: this.by(admin), at: this.book.now() },
      this.by(admin),
    );
    await this.sessions.endAllOf(accountId, 'disabled');
    return this.book.view(state as ExistingAccount);
  }

  async enable(admin: LiveSession, accountId: string): Promise<AccountView> {
    const account = await this.managed(admin, accountId);
    const { state } = await this.book.run(account.accountId, { kind: 'EnableAccount', by: this.by(admin), at: this.book.now() }, this.by(admin));
    return this.book.view(state as ExistingAccount);
  }

  async resetPassword(admin: LiveSession, accountId: string): Promise<{ oneTimePassword: string }> {
    const account = await this.managed(admin, accountId);
    const password = oneTimePassword();
    const hash = await hashPassword(password);
    await this.book.run(account.accountId, { kind: 'ResetPassword', by: this.by(admin), at: this.book.now() }, this.by(admin));
    await this.credentials.setPasswordHash(accountId, hash, this.book.now());
    await this.sessions.endAllOf(accountId, 'password_reset');
    return { oneTimePassword: password };
  }

  async changeRoles(admin: LiveSession, accountId: string, roles: Role[]): Promise<AccountView> {
    const account = await this.managed(admin, accountId);
    const agency = this.book.registry.get(account.agency) as Agency;
    const { state } = await this.book.run(
      account.accountId,
      { kind: 'ChangeRoles', roles, allowedRoles: allowedRolesFor(agency.kind), by: this.by(admin), at: this.book.now() },
      this.by(admin),
    );
    await this.sessions.setRolesOf(accountId, roles);
    return this.book.view(state as ExistingAccount);
  }

  async revokeSessions(admin: LiveSession, accountId: string): Promise<void> {
    const account = await this.managed(admin, accountId);
    await this.book.run(
      account.accountId,
      { kind: 'RevokeSessions', reason: 'revoked by an administrator', by: this.by(admin), at: this.book.now() },
      this.by(admin),
    );
    await this.sessions.endAllOf(accountId, 'revoked');
  }

  async sessionsOf(admin: LiveSession, accountId: string): Promise<SessionSummary[]> {
    await this.managed(admin, accountId);
    return (await this.sessions.liveOf(accountId)).map(({ id, method, client, createdAt, lastSeenAt, idleExpiresAt, absoluteExpiresAt }) => ({
      id,
      method,
      client,
      createdAt,
      lastSeenAt,
      idleExpiresAt,
      absoluteExpiresAt,
    }));
  }

  async setSecurity(admin: LiveSession, code: string, totpRequired: boolean): Promise<{ agency: string; totpRequired: boolean }> {
    const agency = this.agencyFor(admin, code);
    await this.book.setTotpRequired(agency.code, totpRequired, this.by(admin));
    return { agency: agency.code, totpRequired };
  }

  private agencyFor(admin: LiveSession, code: string): Agency {
    const agency = this.managedBy(admin).find((a) => a.code === code);
    if (!agency) throw new NotFoundError(`agency ${code}`);
    return agency;
  }

  /** An account of an agency the admin manages; any other is not found. */
  private async managed(admin: LiveSession, accountId: string): Promise<ExistingAccount> {
    const account = await this.book.load(accountId);
    if (!account || !this.managedBy(admin).some((a) => a.code === account.agency)) throw new NotFoundError(`account ${accountId}`);
    return account;
  }

  private by(admin: LiveSession): AccountActorRef {
    return { agency: admin.agency, user: admin.accountId };
  }
}
