/** Commands on an account stream: each carries its time and who issues it (an admin, the holder, or the system). */
import type { AccountActorRef, SignInFailureReason, SignInMethod } from '@jm/contracts';
import type { Role } from '@jm/reference';
import type { AccountIdentity } from './account';

/** The lockout policy (CONSOLE_LOCKOUT_THRESHOLD, CONSOLE_LOCKOUT_MINUTES). */
export interface LockoutPolicy {
  threshold: number;
  lockMinutes: number;
}

export interface CreateAccount extends AccountIdentity {
  kind: 'CreateAccount';
  /** The roles the agency's kind allows (allowedRolesFor). */
  allowedRoles: readonly Role[];
  by: AccountActorRef;
  at: string;
}

export interface ChangeRoles {
  kind: 'ChangeRoles';
  roles: Role[];
  allowedRoles: readonly Role[];
  by: AccountActorRef;
  at: string;
}

export interface ChangeDisplayName {
  kind: 'ChangeDisplayName';
  displayName: string;
  by: AccountActorRef;
  at: string;
}

export interface DisableAccount {
  kind: 'DisableAccount';
  reason: string;
  by: AccountActorRef;
  at: string;
}

/** Enables a disabled account, or unlocks a locked one. */
export interface EnableAccount {
  kind: 'EnableAccount';
  by: AccountActorRef;
  at: string;
}

export interface ResetPassword {
  kind: 'ResetPassword';
  by: AccountActorRef;
  at: string;
}

export interface ChangePassword {
  kind: 'ChangePassword';
  at: string;
}

export interface EnrolTotp {
  kind: 'EnrolTotp';
  at: string;
}

export interface DisableTotp {
  kind: 'DisableTotp';
  agencyRequiresTotp: boolean;
  by: AccountActorRef;
  at: string;
}

/** The outcome of a sign-in attempt the service checked (password, code): recorded, and counted for the lockout. */
export type RecordSignIn =
  | { kind: 'RecordSignIn'; outcome: 'success'; sessionId: string; method: SignInMethod; client: string; policy: LockoutPolicy; at: string }
  | { kind: 'RecordSignIn'; outcome: 'failure'; reason: SignInFailureReason; client: string; policy: LockoutPolicy; at: string };

export interface SignOut {
  kind: 'SignOut';
  sessionId: string;
  reason: 'sign_out' | 'idle' | 'expired';
  at: string;
}

export interface RevokeSessions {
  kind: 'RevokeSessions';
  reason: string;
  by: AccountActorRef;
  at: string;
}

export type AccountCommand =
  | CreateAccount
  | ChangeRoles
  | ChangeDisplayName
  | DisableAccount
  | EnableAccount
  | ResetPassword
  | ChangePassword
  | EnrolTotp
  | DisableTotp
  | RecordSignIn
  | SignOut
  | RevokeSessions;
