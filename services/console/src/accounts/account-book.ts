/**
 * The one way the console's services read and change its streams: the account, agency-security and sign-in-log
 * command handlers with the command metadata (time from the clock, the acting person), the agency's TOTP policy,
 * and an account as the API shows it. Accounts are few (people of the agencies), so views fold the streams
 * instead of keeping a read model.
 */
import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { AccountActorRef } from '@jm/contracts';
import { toAccountStreamId, toAgencySecurityStreamId, toSignInLogStreamId } from '@jm/contracts';
import type { Clock, CommandHandler, CommandOf, HandleResult } from '@jm/event-sourcing';
import { AGENCY_REGISTRY, CLOCK, InjectServiceConfig } from '@jm/platform';
import type { ServiceConfig } from '@jm/platform';
import type { AgencyRegistry } from '@jm/reference';
import type { AccountCommand, LockoutPolicy } from './account/account.commands';
import type { AccountEvent } from './account/account.events';
import { AccountState, ExistingAccount, isLocked } from './account/account';
import type { AgencySecurityEvent, AgencySecurityState, SetAgencySecurity } from './agency-security/agency-security.decider';
import type { RecordUnknownSignIn, SignInLogEvent } from './sign-in-log/sign-in-log.decider';

export const ACCOUNT_HANDLER = Symbol('ACCOUNT_HANDLER');
export const AGENCY_SECURITY_HANDLER = Symbol('AGENCY_SECURITY_HANDLER');
export const SIGN_IN_LOG_HANDLER = Symbol('SIGN_IN_LOG_HANDLER');

/** The acting party of what the console does on its own (first start, a lockout running out). */
export const CONSOLE_SYSTEM: AccountActorRef = { agency: 'system', user: 'console' };

export interface AccountView {
  id: string;
  agency: string;
  username: string;
  displayName: string;
  roles: string[];
  status: 'active' | 'disabled' | 'locked';
  mustChangePassword: boolean;
  totpEnabled: boolean;
  external: boolean;
  createdAt: string;
  lastSignInAt?: string;
}

@Injectable()
export class AccountBook {
  constructor(
    @Inject(ACCOUNT_HANDLER) private readonly accounts: CommandHandler<AccountCommand, AccountState, AccountEvent>,
    @Inject(AGENCY_SECURITY_HANDLER) private readonly policies: CommandHandler<SetAgencySecurity, AgencySecurityState, AgencySecurityEvent>,
    @Inject(SIGN_IN_LOG_HANDLER) private readonly signInLog: CommandHandler<RecordUnknownSignIn, null, SignInLogEvent>,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(AGENCY_REGISTRY) readonly registry: AgencyRegistry,
    @InjectServiceConfig() private readonly config: ServiceConfig,
  ) {}

  now(): string {
    return this.clock.now().toISOString();
  }

  lockoutPolicy(): LockoutPolicy {
    const { lockoutThreshold, lockoutMinutes } = this.config.domain.console;
    return { threshold: lockoutThreshold, lockMinutes: lockoutMinutes };
  }

  async load(accountId: string): Promise<ExistingAccount | undefined> {
    const { state } = await this.accounts.load(toAccountStreamId(accountId));
    return state.status === 'none' ? undefined : state;
  }

  run<C extends AccountCommand>(
    accountId: string,
    command: C | CommandOf<C, AccountState>,
    actor: AccountActorRef,
  ): Promise<HandleResult<AccountState, AccountEvent>> {
    return this.accounts.handle(toAccountStreamId(accountId), command, this.metadata(actor));
  }

  async totpRequired(agency: string): Promise<boolean> {
    return (await this.policies.load(toAgencySecurityStreamId(agency))).state.totpRequired;
  }

  async setTotpRequired(agency: string, totpRequired: boolean, by: AccountActorRef): Promise<void> {
    const jurisdiction = this.registry.get(agency)?.jurisdiction ?? '';
    await this.policies.handle(
      toAgencySecurityStreamId(agency),
      { kind: 'SetAgencySecurity', agency, jurisdiction, totpRequired, by, at: this.now() },
      this.metadata(by),
    );
  }

  async recordUnknownSignIn(username: string, client: string): Promise<void> {
    const at = this.now();
    await this.signInLog.handle(
      toSignInLogStreamId(at),
      { kind: 'RecordUnknownSignIn', username: username.slice(0, 64), client, at },
      this.metadata(CONSOLE_SYSTEM),
    );
  }

  view(state: ExistingAccount): AccountView {
    const status = state.status === 'disabled' ? 'disabled' : isLocked(state, this.now()) ? 'locked' : 'active';
    return {
      id: state.accountId,
      agency: state.agency,
      username: state.username,
      displayName: state.displayName,
      roles: state.roles,
      status,
      mustChangePassword: state.mustChangePassword,
      totpEnabled: state.totpEnabled,
      external: state.external !== undefined,
      createdAt: state.createdAt,
      ...(state.lastSignInAt ? { lastSignInAt: state.lastSignInAt } : {}),
    };
  }

  private metadata(actor: AccountActorRef) {
    return { commandId: randomUUID(), time: this.now(), actor: { agency: actor.agency, user: actor.user } };
  }
}
