/**
 * Bearer tokens: compact JWS with HS256 (HMAC-SHA256) over a secret from
 * configuration. Only HS256 is accepted (no "none", no algorithm switching);
 * exp and iat are required, and the lifetime a token claims (exp − iat) may not
 * exceed the maximum (TOKEN_MAX_LIFETIME_HOURS, default 12 hours): a stolen
 * long-lived token would otherwise outlive any rotation of roles. A token
 * without iat is refused, because its lifetime cannot be judged. iat is taken
 * as signed (only a holder of the secret can set it), not compared with the
 * service's clock, which tests and replays set apart from the issuer's.
 * Rotation: a verifier may hold several secrets (JWT_SECRET and
 * JWT_PREVIOUS_SECRETS); every one is compared, in constant time, so the
 * answer's timing does not tell which secret, if any, matched.
 * Small enough to read in one sitting, so it is ours rather than a dependency.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export interface TokenClaims {
  /** User id. */
  sub: string;
  /** Agency code from the registry. */
  agency: string;
  roles: string[];
  /** Display name (optional). */
  name?: string;
  iat: number;
  exp: number;
  iss: string;
}

export const TOKEN_ISSUER = 'jm-platform';
export const MIN_SECRET_LENGTH = 32;
export const DEFAULT_TOKEN_MAX_LIFETIME_HOURS = 12;

export class TokenError extends Error {
  readonly code = 'UNAUTHENTICATED';
  constructor(message: string) {
    super(message);
    this.name = 'TokenError';
  }
}

const b64url = (input: Buffer | string): string => Buffer.from(input).toString('base64url');

function signature(secret: string, signingInput: string): Buffer {
  return createHmac('sha256', secret).update(signingInput).digest();
}

export function signToken(
  claims: { sub: string; agency: string; roles: string[]; name?: string },
  secret: string,
  options: { ttlSeconds: number; now?: Date },
): string {
  if (secret.length < MIN_SECRET_LENGTH) throw new Error(`the token secret must be at least ${MIN_SECRET_LENGTH} characters`);
  const iat = Math.floor((options.now ?? new Date()).getTime() / 1000);
  const payload: TokenClaims = { ...claims, iat, exp: iat + options.ttlSeconds, iss: TOKEN_ISSUER };
  const signingInput = `${b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }))}.${b64url(JSON.stringify(payload))}`;
  return `${signingInput}.${b64url(signature(secret, signingInput))}`;
}

/**
 * Verifies signature, algorithm, issuer, expiry and lifetime; returns the claims or throws TokenError saying what is wrong.
 * `secrets`: one secret, or every secret that may have signed (the current one and those kept during a rotation).
 */
export function verifyToken(
  token: string,
  secrets: string | readonly string[],
  now: Date = new Date(),
  maxLifetimeHours: number = DEFAULT_TOKEN_MAX_LIFETIME_HOURS,
): TokenClaims {
  const parts = token.split('.');
  if (parts.length !== 3) throw new TokenError('the bearer token is not a JWT (expected three dot-separated parts)');
  const [head, body, sig] = parts;
  let header: { alg?: unknown };
  let claims: Partial<TokenClaims>;
  try {
    header = JSON.parse(Buffer.from(head, 'base64url').toString('utf8')) as { alg?: unknown };
    claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Partial<TokenClaims>;
  } catch {
    throw new TokenError('the bearer token is not a JWT (header or payload is not base64url JSON)');
  }
  if (header.alg !== 'HS256') throw new TokenError(`token algorithm ${JSON.stringify(header.alg)} is not accepted; only HS256`);
  if (!signedWithOneOf(typeof secrets === 'string' ? [secrets] : secrets, `${head}.${body}`, Buffer.from(sig, 'base64url')))
    throw new TokenError('the token signature is not valid for this deployment');
  if (claims.iss !== TOKEN_ISSUER) throw new TokenError(`token issuer must be ${TOKEN_ISSUER}`);
  if (typeof claims.exp !== 'number') throw new TokenError('the token has no expiry (exp)');
  if (claims.exp * 1000 <= now.getTime()) throw new TokenError(`the token expired at ${new Date(claims.exp * 1000).toISOString()}`);
  if (typeof claims.iat !== 'number') throw new TokenError('the token has no issue time (iat), so its lifetime cannot be checked');
  const lifetimeHours = (claims.exp - claims.iat) / 3600;
  if (lifetimeHours > maxLifetimeHours)
    throw new TokenError(
      `the token claims a lifetime of ${+lifetimeHours.toFixed(2)} hours (exp − iat); at most ${maxLifetimeHours} hours are accepted (TOKEN_MAX_LIFETIME_HOURS)`,
    );
  if (typeof claims.sub !== 'string' || claims.sub.length === 0 || claims.sub.length > 128) throw new TokenError('the token names no user (sub)');
  if (typeof claims.agency !== 'string') throw new TokenError('the token names no agency');
  if (!Array.isArray(claims.roles) || claims.roles.some((r) => typeof r !== 'string'))
    throw new TokenError('the token roles must be a list of role codes');
  return claims as TokenClaims;
}

/** True when one of the secrets made the signature; compares against all of them, each in constant time, without stopping at a match. */
function signedWithOneOf(secrets: readonly string[], signingInput: string, given: Buffer): boolean {
  let matched = false;
  for (const secret of secrets) {
    const expected = signature(secret, signingInput);
    const equal = given.length === expected.length && timingSafeEqual(given, expected);
    matched = equal || matched;
  }
  return matched;
}
