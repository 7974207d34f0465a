/** What a console route answers when the session does not let the request through (codes in the error catalogue). */

export class SessionRequiredError extends Error {
  readonly code = 'SESSION_REQUIRED';
  constructor() {
    super('sign in first: no session, or it expired or was ended');
    this.name = 'SessionRequiredError';
  }
}

export class CsrfTokenInvalidError extends Error {
  readonly code = 'CSRF_TOKEN_INVALID';
  constructor() {
    super("a state-changing request must carry the session's CSRF token (cookie jm_csrf) in the X-CSRF-Token header");
    this.name = 'CsrfTokenInvalidError';
  }
}

export class PasswordChangeRequiredError extends Error {
  readonly code = 'PASSWORD_CHANGE_REQUIRED';
  constructor() {
    super('change the one-time password first (POST /auth/password)');
    this.name = 'PasswordChangeRequiredError';
  }
}

export class TotpEnrolmentRequiredError extends Error {
  readonly code = 'TOTP_ENROLMENT_REQUIRED';
  constructor() {
    super('your agency requires TOTP: enrol an authenticator app first (POST /auth/totp/setup, then /auth/totp/confirm)');
    this.name = 'TotpEnrolmentRequiredError';
  }
}
