/**
 * The account stream (`account-<id>`). Who may act on an account (an admin over its agency, the holder) is
 * checked before a command reaches here (admin/admin-scope.ts); the decider keeps the account's own rules:
 * roles the agency's kind allows, a state each command fits, and the lockout arithmetic of sign-ins.
 */
import { Decider, DomainRuleError, InvalidTransitionError, NotFoundError } from '@jm/event-sourcing';
import type { Role } from '@jm/reference';
import { AccountLockedError, SignInThrottledError } from './account.errors';
import type { AccountCommand, LockoutPolicy, RecordSignIn } from './account.commands';
import type { AccountEvent } from './account.events';
import { AccountState, evolveAccount, ExistingAccount, initialAccountState, isLocked } from './account';

/** Consecutive failures after which each next attempt waits (the delay doubles from 2 s, at most a minute). */
export const THROTTLE_AFTER_FAILURES = 3;

export function throttleSeconds(consecutiveFailures: number): number {
  return consecutiveFailures < THROTTLE_AFTER_FAILURES ? 0 : Math.min(60, 2 ** (consecutiveFailures - 2));
}

export type SignInGate = { open: true } | { open: false; error: AccountLockedError | SignInThrottledError };

/** Whether a sign-in attempt may be tried now (checked before the password is, and again when it is recorded). */
export function signInGate(state: ExistingAccount, now: string): SignInGate {
  const at = Date.parse(now);
  if (isLocked(state, now)) {
    const until = state.lockedUntil as string;
    return { open: false, error: new AccountLockedError(until, Math.max(1, Math.ceil((Date.parse(until) - at) / 1000))) };
  }
  if (state.lockedUntil !== undefined || state.lastFailureAt === undefined) return { open: true };
  const nextAt = Date.parse(state.lastFailureAt) + throttleSeconds(state.consecutiveFailures) * 1000;
  return nextAt > at ? { open: false, error: new SignInThrottledError(Math.max(1, Math.ceil((nextAt - at) / 1000))) } : { open: true };
}

function checkRoles(roles: readonly Role[], allowed: readonly Role[], agency: string): void {
  if (roles.length === 0) throw new DomainRuleError('an account needs at least one role');
  if (new Set(roles).size !== roles.length) throw new DomainRuleError('each role is named once');
  const misplaced = roles.filter((r) => !allowed.includes(r));
  if (misplaced.length)
    throw new DomainRuleError(`role(s) ${misplaced.join(', ')} cannot be held at ${agency}; allowed there: ${allowed.join(', ')}`);
}

function existing(state: AccountState): ExistingAccount {
  if (state.status === 'none') throw new NotFoundError('the account');
  return state;
}

function refuse(state: ExistingAccount, command: string, allowed: string[]): never {
  throw new InvalidTransitionError('account', command, state.status, allowed);
}

const ACTIVE_COMMANDS = ['ChangeRoles', 'DisableAccount', 'ResetPassword', 'ChangePassword', 'EnrolTotp', 'DisableTotp', 'RecordSignIn'];

function recordSignIn(command: RecordSignIn, state: ExistingAccount): AccountEvent[] {
  const gate = signInGate(state, command.at);
  if (!gate.open) throw gate.error;
  const { accountId } = state;
  const events: AccountEvent[] = [];
  // A lockout that ran out is closed before the attempt counts afresh.
  const expired = state.lockedUntil !== undefined;
  if (expired) events.push({ type: 'AccountUnlocked', data: { accountId, by: 'time', at: command.at } });
  if (command.outcome === 'success') {
    if (state.status !== 'active') refuse(state, 'RecordSignIn (success)', ['EnableAccount']);
    events.push({
      type: 'SignedIn',
      data: { accountId, sessionId: command.sessionId, method: command.method, client: command.client, at: command.at },
    });
    return events;
  }
  const failures = (expired ? 0 : state.consecutiveFailures) + 1;
  events.push({
    type: 'SignInFailed',
    data: { accountId, reason: command.reason, consecutiveFailures: failures, client: command.client, at: command.at },
  });
  if (failures >= command.policy.threshold)
    events.push({
      type: 'AccountLocked',
      data: { accountId, until: lockedUntil(command.at, command.policy), consecutiveFailures: failures, at: command.at },
    });
  return events;
}

const lockedUntil = (at: string, policy: LockoutPolicy): string => new Date(Date.parse(at) + policy.lockMinutes * 60_000).toISOString();

export function decideAccount(command: AccountCommand, state: AccountState): AccountEvent[] {
  if (command.kind === 'CreateAccount') {
    if (state.status !== 'none') throw new InvalidTransitionError('account', 'CreateAccount', state.status, ACTIVE_COMMANDS);
    checkRoles(command.roles, command.allowedRoles, command.agency);
    const { accountId, agency, jurisdiction, username, displayName, roles, external, by, at } = command;
    const created: AccountEvent = {
      type: 'AccountCreated',
      data: { accountId, agency, jurisdiction, username, displayName, roles, ...(external ? { external } : {}), by, at },
    };
    // An external account signs in at its identity platform: it has no password at all.
    return external ? [created] : [created, { type: 'OneTimePasswordIssued', data: { accountId, reason: 'created', by, at } }];
  }
  const account = existing(state);
  const { accountId } = account;
  switch (command.kind) {
    case 'ChangeRoles': {
      checkRoles(command.roles, command.allowedRoles, account.agency);
      const same = command.roles.length === account.roles.length && command.roles.every((r) => account.roles.includes(r));
      if (same) return [];
      return [
        {
          type: 'AccountRolesChanged',
          data: { accountId, agency: account.agency, roles: command.roles, previousRoles: account.roles, by: command.by, at: command.at },
        },
      ];
    }
    case 'ChangeDisplayName':
      return command.displayName === account.displayName
        ? []
        : [{ type: 'AccountDisplayNameChanged', data: { accountId, displayName: command.displayName, by: command.by, at: command.at } }];
    case 'DisableAccount':
      if (account.status !== 'active') refuse(account, 'DisableAccount', ['EnableAccount']);
      return [{ type: 'AccountDisabled', data: { accountId, reason: command.reason, by: command.by, at: command.at } }];
    case 'EnableAccount':
      if (account.status === 'disabled') return [{ type: 'AccountEnabled', data: { accountId, by: command.by, at: command.at } }];
      // Enabling an active account unlocks it (and forgets its failures); otherwise there is nothing to do.
      if (account.lockedUntil === undefined && account.consecutiveFailures === 0) return [];
      return [{ type: 'AccountUnlocked', data: { accountId, by: 'admin', admin: command.by, at: command.at } }];
    case 'ResetPassword':
      if (account.external) throw new DomainRuleError('this account signs in through the identity platform and has no password to reset');
      return [{ type: 'OneTimePasswordIssued', data: { accountId, reason: 'reset', by: command.by, at: command.at } }];
    case 'ChangePassword':
      if (account.external) throw new DomainRuleError('this account signs in through the identity platform and has no password');
      if (account.status !== 'active') refuse(account, 'ChangePassword', ['EnableAccount']);
      return [{ type: 'PasswordChanged', data: { accountId, at: command.at } }];
    case 'EnrolTotp':
      if (account.status !== 'active') refuse(account, 'EnrolTotp', ['EnableAccount']);
      if (account.totpEnabled) throw new InvalidTransitionError('account', 'EnrolTotp', 'TOTP enabled', ['DisableTotp']);
      return [{ type: 'TotpEnrolled', data: { accountId, at: command.at } }];
    case 'DisableTotp':
      if (!account.totpEnabled) return [];
      if (command.agencyRequiresTotp) throw new InvalidTransitionError('account', 'DisableTotp', 'TOTP required by its agency', []);
      return [{ type: 'TotpDisabled', data: { accountId, by: command.by, at: command.at } }];
    case 'RecordSignIn':
      return recordSignIn(command, account);
    case 'SignOut':
      return [{ type: 'SignedOut', data: { accountId, sessionId: command.sessionId, reason: command.reason, at: command.at } }];
    case 'RevokeSessions':
      return [{ type: 'SessionsRevoked', data: { accountId, reason: command.reason, by: command.by, at: command.at } }];
  }
}

export const accountDecider: Decider<AccountCommand, AccountState, AccountEvent> = {
  initialState: initialAccountState,
  evolve: evolveAccount,
  decide: decideAccount,
};
