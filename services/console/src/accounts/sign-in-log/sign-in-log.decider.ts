/**
 * The stream `sign-in-<yyyy-mm-dd>`: failed sign-ins under names no account has, one stream per day, so auditors
 * see guessing too. Only facts are recorded (the name when it looks like a username, never the password).
 */
import type { UnknownAccountSignInFailedData } from '@jm/contracts';
import type { Decider, DomainEvent } from '@jm/event-sourcing';

export type UnknownAccountSignInFailed = DomainEvent<'UnknownAccountSignInFailed', UnknownAccountSignInFailedData>;
export type SignInLogEvent = UnknownAccountSignInFailed;
export const SIGN_IN_LOG_SCHEMA_VERSIONS = { UnknownAccountSignInFailed: 1 } as const;

/** Anything else typed in the name field (it may be a password typed in the wrong field) is left out. */
export const USERNAME_PATTERN = /^[a-z0-9._-]{3,32}$/;

export interface RecordUnknownSignIn {
  kind: 'RecordUnknownSignIn';
  username: string;
  client: string;
  at: string;
}

export const signInLogDecider: Decider<RecordUnknownSignIn, null, SignInLogEvent> = {
  initialState: () => null,
  evolve: (state) => state,
  decide: ({ username, client, at }) => [
    { type: 'UnknownAccountSignInFailed', data: { ...(USERNAME_PATTERN.test(username) ? { username } : {}), client, at } },
  ],
};
