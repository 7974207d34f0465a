/**
 * The state of an account, folded from its stream: who it is, whether it may sign in, and the counters the
 * lockout rules read. "Locked" is not a status of its own: an active account whose lockout has not run out.
 */
import { assertNever } from '@jm/event-sourcing';
import type { ExternalSubject } from '@jm/contracts';
import type { Role } from '@jm/reference';
import type { AccountEvent } from './account.events';

/** Who an account is (as created). */
export interface AccountIdentity {
  accountId: string;
  agency: string;
  jurisdiction: string;
  username: string;
  displayName: string;
  roles: Role[];
  external?: ExternalSubject;
}

export interface AccountFacts extends AccountIdentity {
  mustChangePassword: boolean;
  totpEnabled: boolean;
  /** Failed sign-ins since the last success, unlock or enabling. */
  consecutiveFailures: number;
  lastFailureAt?: string;
  lockedUntil?: string;
  createdAt: string;
  lastSignInAt?: string;
}

export type AccountState = { status: 'none' } | ({ status: 'active' | 'disabled' } & AccountFacts);
export type ExistingAccount = Exclude<AccountState, { status: 'none' }>;

export const initialAccountState = (): AccountState => ({ status: 'none' });

const cleared = { consecutiveFailures: 0, lastFailureAt: undefined, lockedUntil: undefined };

export function evolveAccount(state: AccountState, event: AccountEvent): AccountState {
  if (event.type === 'AccountCreated') {
    const d = event.data;
    return {
      status: 'active',
      accountId: d.accountId,
      agency: d.agency,
      jurisdiction: d.jurisdiction,
      username: d.username,
      displayName: d.displayName,
      roles: d.roles as Role[],
      ...(d.external ? { external: d.external } : {}),
      mustChangePassword: false,
      totpEnabled: false,
      consecutiveFailures: 0,
      createdAt: d.at,
    };
  }
  if (state.status === 'none') return state;
  switch (event.type) {
    case 'AccountRolesChanged':
      return { ...state, roles: event.data.roles as Role[] };
    case 'AccountDisplayNameChanged':
      return { ...state, displayName: event.data.displayName };
    case 'AccountDisabled':
      return { ...state, status: 'disabled' };
    case 'AccountEnabled':
      return { ...state, status: 'active', ...cleared };
    case 'OneTimePasswordIssued':
      return { ...state, mustChangePassword: true };
    case 'PasswordChanged':
      return { ...state, mustChangePassword: false };
    case 'TotpEnrolled':
      return { ...state, totpEnabled: true };
    case 'TotpDisabled':
      return { ...state, totpEnabled: false };
    case 'SignedIn':
      return { ...state, ...cleared, lastSignInAt: event.data.at };
    case 'SignInFailed':
      return { ...state, consecutiveFailures: event.data.consecutiveFailures, lastFailureAt: event.data.at };
    case 'AccountLocked':
      return { ...state, lockedUntil: event.data.until };
    case 'AccountUnlocked':
      return { ...state, ...cleared };
    case 'SignedOut':
    case 'SessionsRevoked':
      return state;
    default:
      return assertNever(event, 'account event');
  }
}

/** Locked now: the lockout has not run out. */
export function isLocked(state: ExistingAccount, now: string): boolean {
  return state.lockedUntil !== undefined && Date.parse(state.lockedUntil) > Date.parse(now);
}
