/**
 * The relying party's conversations with the provider: discovery (cached), the
 * authorisation URL (code flow, PKCE S256, state, nonce), the token exchange
 * (client_secret_basic or client_secret_post as the provider supports, or a public
 * client), the JWKS (cached, fetched again once for an unknown kid: key rotation)
 * and userinfo. Network failures and 5xx are OIDC_PROVIDER_UNAVAILABLE; answers
 * that refuse us or do not verify are OIDC_TOKEN_INVALID.
 */
import { decodeJws, IdTokenClaims, Jwk, candidateKeys, validateIdTokenClaims, verifySignature } from './id-token';
import { OidcConfig, isLoopback } from './oidc.config';
import { OidcError, tokenInvalid, unavailable } from './oidc.errors';
import { codeChallenge, SignInState } from './oidc-state';

export interface ProviderMetadata {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
  jwks_uri: string;
  userinfo_endpoint?: string;
  token_endpoint_auth_methods_supported?: string[];
  code_challenge_methods_supported?: string[];
  authorization_response_iss_parameter_supported?: boolean;
}

export type TokenAuthMethod = 'client_secret_basic' | 'client_secret_post' | 'none';

const HTTP_TIMEOUT_MS = 10_000;
/** Discovery and keys are fetched again after this long, or at once when a kid is unknown (at most once a minute). */
const METADATA_TTL_MS = 3_600_000;
const JWKS_REFETCH_MIN_MS = 60_000;

/** The client authentication the provider supports: basic first (the default of RFC 6749), then post; none for a public client. */
export function tokenAuthMethod(metadata: Pick<ProviderMetadata, 'token_endpoint_auth_methods_supported'>, hasSecret: boolean): TokenAuthMethod {
  if (!hasSecret) return 'none';
  const supported = metadata.token_endpoint_auth_methods_supported ?? ['client_secret_basic'];
  if (supported.includes('client_secret_basic')) return 'client_secret_basic';
  if (supported.includes('client_secret_post')) return 'client_secret_post';
  throw unavailable(`the provider supports neither client_secret_basic nor client_secret_post (it lists ${supported.join(', ')})`);
}

export class OidcRelyingParty {
  private metadataCache?: { value: ProviderMetadata; fetchedAt: number };
  private jwksCache?: { keys: Jwk[]; fetchedAt: number };

  constructor(private readonly config: OidcConfig) {}

  async metadata(): Promise<ProviderMetadata> {
    if (this.metadataCache && Date.now() - this.metadataCache.fetchedAt < METADATA_TTL_MS) return this.metadataCache.value;
    const url = `${this.config.issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
    const { body } = await this.request(url, {}, 'discovery');
    const metadata = body as Partial<ProviderMetadata>;
    if (metadata.issuer !== this.config.issuer)
      throw unavailable(`discovery names the issuer ${JSON.stringify(metadata.issuer)}, not ${this.config.issuer}`);
    for (const name of ['authorization_endpoint', 'token_endpoint', 'jwks_uri'] as const)
      if (!this.endpointAllowed(metadata[name])) throw unavailable(`discovery has no usable ${name} (${JSON.stringify(metadata[name])})`);
    if (metadata.userinfo_endpoint !== undefined && !this.endpointAllowed(metadata.userinfo_endpoint)) delete metadata.userinfo_endpoint;
    if (metadata.code_challenge_methods_supported && !metadata.code_challenge_methods_supported.includes('S256'))
      throw unavailable('the provider does not support PKCE with S256');
    this.metadataCache = { value: metadata as ProviderMetadata, fetchedAt: Date.now() };
    return metadata as ProviderMetadata;
  }

  async authorizationUrl(state: SignInState): Promise<string> {
    const url = new URL((await this.metadata()).authorization_endpoint);
    const params = {
      response_type: 'code',
      client_id: this.config.clientId,
      redirect_uri: this.config.redirectUri,
      scope: this.config.scopes.join(' '),
      state: state.state,
      nonce: state.nonce,
      code_challenge: codeChallenge(state.codeVerifier),
      code_challenge_method: 'S256',
    };
    for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
    return url.toString();
  }

  /** Exchanges the code and validates the ID token; adds userinfo claims the ID token lacks when `wanted` names some. */
  async redeem(code: string, state: SignInState, now: Date, wanted: readonly string[]): Promise<IdTokenClaims> {
    const metadata = await this.metadata();
    const method = tokenAuthMethod(metadata, this.config.clientSecret !== undefined);
    const form = new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: this.config.redirectUri,
      code_verifier: state.codeVerifier,
    });
    const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' };
    if (method === 'client_secret_basic') {
      // RFC 6749 2.3.1: both parts form-urlencoded before base64.
      const user = `${encodeURIComponent(this.config.clientId)}:${encodeURIComponent(this.config.clientSecret as string)}`;
      headers.authorization = `Basic ${Buffer.from(user).toString('base64')}`;
    } else {
      form.set('client_id', this.config.clientId);
      if (method === 'client_secret_post') form.set('client_secret', this.config.clientSecret as string);
    }
    const { body } = await this.request(metadata.token_endpoint, { method: 'POST', headers, body: form.toString() }, 'token exchange', tokenInvalid);
    const tokens = body as { id_token?: unknown; access_token?: unknown; token_type?: unknown };
    if (typeof tokens.id_token !== 'string') throw tokenInvalid('the token response has no ID token');

    const jws = decodeJws(tokens.id_token);
    verifySignature(jws, await this.keysFor(jws));
    const claims = validateIdTokenClaims(jws.payload, { issuer: this.config.issuer, clientId: this.config.clientId, nonce: state.nonce, now });

    const missing = wanted.filter((name) => !(name.split('.')[0] in claims));
    if (missing.length === 0 || !metadata.userinfo_endpoint || typeof tokens.access_token !== 'string') return claims;
    const userinfo = (
      await this.request(
        metadata.userinfo_endpoint,
        { headers: { authorization: `Bearer ${tokens.access_token}`, accept: 'application/json' } },
        'userinfo',
        tokenInvalid,
      )
    ).body as Record<string, unknown>;
    // OpenID Connect Core 5.3.2: userinfo about anyone else must not be used.
    if (userinfo.sub !== claims.sub) throw tokenInvalid('the userinfo answer is about another subject');
    return { ...userinfo, ...claims };
  }

  /** The JWKS keys that may have signed this token; fetches the set again (rate-limited) when none does: the provider rotated its keys. */
  private async keysFor(jws: ReturnType<typeof decodeJws>): Promise<Jwk[]> {
    const cached = this.jwksCache;
    const age = cached ? Date.now() - cached.fetchedAt : Infinity;
    if (cached && age < METADATA_TTL_MS && (candidateKeys(jws, cached.keys).length > 0 || age < JWKS_REFETCH_MIN_MS)) return cached.keys;
    const { body } = await this.request((await this.metadata()).jwks_uri, {}, 'JWKS');
    const keys = (body as { keys?: unknown }).keys;
    if (!Array.isArray(keys)) throw unavailable('the provider JWKS has no "keys" array');
    this.jwksCache = { keys: keys.filter((k): k is Jwk => typeof k === 'object' && k !== null), fetchedAt: Date.now() };
    return this.jwksCache.keys;
  }

  /** Endpoints must be https, or http on loopback when the issuer itself is (tests). */
  private endpointAllowed(value: unknown): boolean {
    if (typeof value !== 'string') return false;
    try {
      const url = new URL(value);
      return url.protocol === 'https:' || (url.protocol === 'http:' && isLoopback(url) && this.config.issuer.startsWith('http:'));
    } catch {
      return false;
    }
  }

  /** A JSON answer; a 4xx is `refused` (the provider said no to us), anything unreachable or broken OIDC_PROVIDER_UNAVAILABLE. */
  private async request(
    url: string,
    init: RequestInit,
    what: string,
    refused: (detail: string) => OidcError = unavailable,
  ): Promise<{ status: number; body: unknown }> {
    let response: Response;
    try {
      response = await fetch(url, { ...init, redirect: 'error', signal: AbortSignal.timeout(HTTP_TIMEOUT_MS) });
    } catch (error) {
      throw unavailable(`${what}: ${url} did not answer (${(error as Error).cause ? String((error as Error).cause) : (error as Error).message})`);
    }
    let body: unknown;
    try {
      body = await response.json();
    } catch {
      body = undefined;
    }
    if (response.status >= 500 || (response.ok && (typeof body !== 'object' || body === null)))
      throw unavailable(`${what}: ${url} answered ${response.status}${typeof body === 'object' ? '' : ' without JSON'}`);
    if (!response.ok) {
      const error = body as { error?: unknown; error_description?: unknown } | undefined;
      throw refused(`${what} refused with ${response.status}: ${String(error?.error ?? '')} ${String(error?.error_description ?? '')}`.trim());
    }
    return { status: response.status, body };
  }
}
