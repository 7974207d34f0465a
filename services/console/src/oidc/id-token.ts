/**
 * ID token validation (OpenID Connect Core 3.1.3.7): a compact JWS signed by a key of
 * the provider's JWKS (RS256/384/512, PS256/384/512, ES256/384/512; never "none" or
 * HMAC), then iss, aud, azp, exp and iat (with a small clock skew), nonce and sub.
 * Written on node:crypto: the maintained libraries (openid-client, jose) are
 * ESM-only and do not load under our jest (docs/decisions.md).
 */
import { constants, createPublicKey, JsonWebKey, KeyObject, verify, VerifyKeyObjectInput } from 'node:crypto';
import { tokenInvalid } from './oidc.errors';

export interface Jwk extends JsonWebKey {
  kid?: string;
  use?: string;
  alg?: string;
}

export interface IdTokenClaims {
  iss: string;
  sub: string;
  aud: string | string[];
  exp: number;
  iat: number;
  nonce?: string;
  azp?: string;
  [claim: string]: unknown;
}

export interface Jws {
  header: { alg?: unknown; kid?: unknown; [name: string]: unknown };
  payload: Record<string, unknown>;
  signingInput: Buffer;
  signature: Buffer;
}

export interface IdTokenExpectations {
  issuer: string;
  clientId: string;
  nonce: string;
  now: Date;
  /** Tolerated difference between our clock and the provider's. */
  skewSeconds?: number;
}

export const CLOCK_SKEW_SECONDS = 60;
/** An ID token issued longer ago than this is refused even if it has not expired: it cannot be the answer to this sign-in. */
const MAX_AGE_SECONDS = 600;

type Family = { kty: 'RSA'; padding?: number } | { kty: 'EC'; crv: string };
const ALGORITHMS: Readonly<Record<string, { hash: string } & Family>> = {
  RS256: { hash: 'sha256', kty: 'RSA' },
  RS384: { hash: 'sha384', kty: 'RSA' },
  RS512: { hash: 'sha512', kty: 'RSA' },
  PS256: { hash: 'sha256', kty: 'RSA', padding: constants.RSA_PKCS1_PSS_PADDING },
  PS384: { hash: 'sha384', kty: 'RSA', padding: constants.RSA_PKCS1_PSS_PADDING },
  PS512: { hash: 'sha512', kty: 'RSA', padding: constants.RSA_PKCS1_PSS_PADDING },
  ES256: { hash: 'sha256', kty: 'EC', crv: 'P-256' },
  ES384: { hash: 'sha384', kty: 'EC', crv: 'P-384' },
  ES512: { hash: 'sha512', kty: 'EC', crv: 'P-521' },
};
export const SUPPORTED_ALGORITHMS = Object.keys(ALGORITHMS);

export function decodeJws(token: string): Jws {
  const parts = token.split('.');
  if (parts.length !== 3) throw tokenInvalid('the ID token is not a compact JWS (three dot-separated parts)');
  try {
    const header = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8')) as Jws['header'];
    const payload = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as Record<string, unknown>;
    if (typeof header !== 'object' || header === null || typeof payload !== 'object' || payload === null || Array.isArray(payload))
      throw new Error('not objects');
    return { header, payload, signingInput: Buffer.from(`${parts[0]}.${parts[1]}`), signature: Buffer.from(parts[2], 'base64url') };
  } catch {
    throw tokenInvalid('the ID token header or payload is not base64url JSON objects');
  }
}

/** The keys of a JWKS that may have signed a JWS with this header: the kid's, else every signing key of the algorithm's type. */
export function candidateKeys(jws: Jws, keys: readonly Jwk[]): Jwk[] {
  const alg = ALGORITHMS[String(jws.header.alg)];
  if (!alg) return [];
  return keys.filter(
    (key) =>
      (typeof jws.header.kid !== 'string' || key.kid === jws.header.kid) &&
      key.kty === alg.kty &&
      (key.use === undefined || key.use === 'sig') &&
      (key.alg === undefined || key.alg === jws.header.alg) &&
      (alg.kty !== 'EC' || key.crv === alg.crv),
  );
}

/** Throws OIDC_TOKEN_INVALID unless one of the candidate keys verifies the signature with the header's algorithm. */
export function verifySignature(jws: Jws, keys: readonly Jwk[]): void {
  const alg = ALGORITHMS[String(jws.header.alg)];
  if (!alg) throw tokenInvalid(`ID token algorithm ${JSON.stringify(jws.header.alg)} is not accepted; accepted: ${SUPPORTED_ALGORITHMS.join(', ')}`);
  const candidates = candidateKeys(jws, keys);
  if (candidates.length === 0)
    throw tokenInvalid(`no key of the provider's JWKS matches the ID token (kid ${JSON.stringify(jws.header.kid)}, ${String(jws.header.alg)})`);
  const valid = candidates.some((jwk) => {
    let key: KeyObject;
    try {
      key = createPublicKey({ key: jwk, format: 'jwk' });
    } catch {
      return false;
    }
    const input: VerifyKeyObjectInput =
      alg.kty === 'EC'
        ? { key, dsaEncoding: 'ieee-p1363' }
        : alg.padding !== undefined
          ? { key, padding: alg.padding, saltLength: constants.RSA_PSS_SALTLEN_DIGEST }
          : { key };
    try {
      return verify(alg.hash, jws.signingInput, input, jws.signature);
    } catch {
      return false;
    }
  });
  if (!valid) throw tokenInvalid('the ID token signature does not verify with the provider key');
}

/** Checks the claims of a signature-verified ID token; returns them typed, or throws OIDC_TOKEN_INVALID naming the first wrong one. */
export function validateIdTokenClaims(payload: Record<string, unknown>, expect: IdTokenExpectations): IdTokenClaims {
  const skew = expect.skewSeconds ?? CLOCK_SKEW_SECONDS;
  const now = Math.floor(expect.now.getTime() / 1000);
  const { iss, sub, aud, azp, exp, iat, nonce } = payload;
  if (iss !== expect.issuer) throw tokenInvalid(`the ID token issuer ${JSON.stringify(iss)} is not ${expect.issuer}`);
  if (typeof sub !== 'string' || sub === '' || sub.length > 255) throw tokenInvalid('the ID token has no subject (sub)');
  const audiences = typeof aud === 'string' ? [aud] : Array.isArray(aud) ? aud : [];
  if (!audiences.includes(expect.clientId)) throw tokenInvalid(`the ID token is for audience ${JSON.stringify(aud)}, not this client`);
  // With several audiences the authorised party must be us; when given at all it must be us.
  if ((audiences.length > 1 || azp !== undefined) && azp !== expect.clientId)
    throw tokenInvalid(`the ID token's authorised party (azp) ${JSON.stringify(azp)} is not this client`);
  if (typeof exp !== 'number' || exp + skew <= now) throw tokenInvalid('the ID token has expired (exp)');
  if (typeof iat !== 'number' || iat - skew > now || iat + MAX_AGE_SECONDS + skew < now)
    throw tokenInvalid('the ID token was not issued for this sign-in (iat is in the future or too far in the past)');
  if (nonce !== expect.nonce) throw tokenInvalid('the ID token nonce does not match this sign-in');
  return payload as IdTokenClaims;
}
