/** The events of an account stream (`account-<id>`): its life, its credentials' changes (never the secrets) and its sign-ins. */
import type { DomainEvent } from '@jm/event-sourcing';
import type {
  AccountCreatedData,
  AccountDisabledData,
  AccountDisplayNameChangedData,
  AccountEnabledData,
  AccountLockedData,
  AccountRolesChangedData,
  AccountUnlockedData,
  OneTimePasswordIssuedData,
  PasswordChangedData,
  SessionsRevokedData,
  SignedInData,
  SignedOutData,
  SignInFailedData,
  TotpDisabledData,
  TotpEnrolledData,
} from '@jm/contracts';

export type AccountCreated = DomainEvent<'AccountCreated', AccountCreatedData>;
export type AccountRolesChanged = DomainEvent<'AccountRolesChanged', AccountRolesChangedData>;
export type AccountDisplayNameChanged = DomainEvent<'AccountDisplayNameChanged', AccountDisplayNameChangedData>;
export type AccountDisabled = DomainEvent<'AccountDisabled', AccountDisabledData>;
export type AccountEnabled = DomainEvent<'AccountEnabled', AccountEnabledData>;
export type OneTimePasswordIssued = DomainEvent<'OneTimePasswordIssued', OneTimePasswordIssuedData>;
export type PasswordChanged = DomainEvent<'PasswordChanged', PasswordChangedData>;
export type TotpEnrolled = DomainEvent<'TotpEnrolled', TotpEnrolledData>;
export type TotpDisabled = DomainEvent<'TotpDisabled', TotpDisabledData>;
export type SignedIn = DomainEvent<'SignedIn', SignedInData>;
export type SignInFailed = DomainEvent<'SignInFailed', SignInFailedData>;
export type AccountLocked = DomainEvent<'AccountLocked', AccountLockedData>;
export type AccountUnlocked = DomainEvent<'AccountUnlocked', AccountUnlockedData>;
export type SignedOut = DomainEvent<'SignedOut', SignedOutData>;
export type SessionsRevoked = DomainEvent<'SessionsRevoked', SessionsRevokedData>;

export type AccountEvent =
  | AccountCreated
  | AccountRolesChanged
  | AccountDisplayNameChanged
  | AccountDisabled
  | AccountEnabled
  | OneTimePasswordIssued
  | PasswordChanged
  | TotpEnrolled
  | TotpDisabled
  | SignedIn
  | SignInFailed
  | AccountLocked
  | AccountUnlocked
  | SignedOut
  | SessionsRevoked;

export const ACCOUNT_SCHEMA_VERSIONS: Record<AccountEvent['type'], number> = {
  AccountCreated: 1,
  AccountRolesChanged: 1,
  AccountDisplayNameChanged: 1,
  AccountDisabled: 1,
  AccountEnabled: 1,
  OneTimePasswordIssued: 1,
  PasswordChanged: 1,
  TotpEnrolled: 1,
  TotpDisabled: 1,
  SignedIn: 1,
  SignInFailed: 1,
  AccountLocked: 1,
  AccountUnlocked: 1,
  SignedOut: 1,
  SessionsRevoked: 1,
};
