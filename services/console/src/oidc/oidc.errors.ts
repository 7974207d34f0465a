/**
 * Why an OpenID Connect sign-in failed. The callback never answers an error body:
 * it redirects to /sign-in?error=<code> (codes in the error catalogue), and the
 * detail only reaches the log.
 */
export type OidcErrorCode =
  'OIDC_DISABLED' | 'OIDC_PROVIDER_ERROR' | 'OIDC_STATE_INVALID' | 'OIDC_TOKEN_INVALID' | 'OIDC_UNMAPPED' | 'OIDC_PROVIDER_UNAVAILABLE';

export class OidcError extends Error {
  override readonly name = 'OidcError';

  constructor(
    readonly code: OidcErrorCode,
    detail: string,
  ) {
    super(detail);
  }
}

export const disabled = (): OidcError => new OidcError('OIDC_DISABLED', 'OpenID Connect sign-in is not configured (OIDC_ISSUER)');
export const stateInvalid = (detail: string): OidcError => new OidcError('OIDC_STATE_INVALID', detail);
export const tokenInvalid = (detail: string): OidcError => new OidcError('OIDC_TOKEN_INVALID', detail);
export const unmapped = (detail: string): OidcError => new OidcError('OIDC_UNMAPPED', detail);
export const unavailable = (detail: string): OidcError => new OidcError('OIDC_PROVIDER_UNAVAILABLE', detail);
