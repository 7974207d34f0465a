/**
 * The console's sign-in and account errors; each `code` is in the error catalogue
 * (libs/platform nest/error-catalogue.ts), which gives its status and title.
 * `retryAfterSeconds`: what the answer's Retry-After header says.
 */

/** The same answer for an unknown name, a wrong password or a disabled account, so none can be told apart. */
export class SignInFailedError extends Error {
  readonly code = 'SIGN_IN_FAILED';
  constructor() {
    super('the username or password is wrong, or the account cannot sign in; check them and try again');
    this.name = 'SignInFailedError';
  }
}

/** The password was right and the account needs a TOTP code: the form asks for it and sends it again. */
export class TotpRequiredError extends Error {
  readonly code = 'TOTP_REQUIRED';
  constructor() {
    super('enter the 6-digit code of your authenticator app (totp)');
    this.name = 'TotpRequiredError';
  }
}

export class SignInThrottledError extends Error {
  readonly code = 'SIGN_IN_THROTTLED';
  constructor(
    readonly retryAfterSeconds: number,
    why = 'after several failed sign-ins',
  ) {
    super(`too many sign-in attempts ${why}; wait ${retryAfterSeconds} s before the next one`);
    this.name = 'SignInThrottledError';
  }
}

export class AccountLockedError extends Error {
  readonly code = 'ACCOUNT_LOCKED';
  constructor(
    readonly until: string,
    readonly retryAfterSeconds: number,
  ) {
    super(`the account is locked after too many failed sign-ins until ${until}; an administrator may unlock it by enabling it`);
    this.name = 'AccountLockedError';
  }
}

export class UsernameTakenError extends Error {
  readonly code = 'USERNAME_TAKEN';
  constructor(username: string) {
    super(`the username ${username} is taken (usernames are unique across the deployment); choose another`);
    this.name = 'UsernameTakenError';
  }
}

export class TotpRequiredByAgencyError extends Error {
  readonly code = 'TOTP_REQUIRED_BY_AGENCY';
  constructor(agency: string) {
    super(`the agency ${agency} requires TOTP for every account; it cannot be turned off`);
    this.name = 'TotpRequiredByAgencyError';
  }
}
