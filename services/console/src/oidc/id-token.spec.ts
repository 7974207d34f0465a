/** ID token checks, each proven with a token that breaks exactly one rule. */
import { createHmac, generateKeyPairSync, KeyObject, sign, constants } from 'node:crypto';
import { decodeJws, IdTokenExpectations, Jwk, validateIdTokenClaims, verifySignature } from './id-token';
import { OidcError } from './oidc.errors';

const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const jwk = (key: KeyObject, kid: string): Jwk => ({ ...key.export({ format: 'jwk' }), kid, use: 'sig' });
const JWKS = [jwk(rsa.publicKey, 'rsa-1'), jwk(ec.publicKey, 'ec-1')];

const b64 = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
function token(alg: string, payload: object, kid?: string): string {
  const input = `${b64({ alg, ...(kid ? { kid } : {}) })}.${b64(payload)}`;
  const data = Buffer.from(input);
  const signature =
    alg === 'RS256'
      ? sign('sha256', data, rsa.privateKey)
      : alg === 'PS256'
        ? sign('sha256', data, { key: rsa.privateKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST })
        : alg === 'ES256'
          ? sign('sha256', data, { key: ec.privateKey, dsaEncoding: 'ieee-p1363' })
          : alg === 'HS256'
            ? createHmac('sha256', 'secret').update(data).digest()
            : Buffer.alloc(0);
  return `${input}.${signature.toString('base64url')}`;
}

const NOW = new Date('2026-12-04T12:00:00Z');
const iat = NOW.getTime() / 1000;
const CLAIMS = { iss: 'https://id.example.gov.cn', sub: 'u-1', aud: 'console', exp: iat + 300, iat, nonce: 'n-1' };
const EXPECT: IdTokenExpectations = { issuer: 'https://id.example.gov.cn', clientId: 'console', nonce: 'n-1', now: NOW };

const refusal = (check: () => unknown): string => {
  try {
    check();
  } catch (error) {
    expect(error).toBeInstanceOf(OidcError);
    expect((error as OidcError).code).toBe('OIDC_TOKEN_INVALID');
    return (error as Error).message;
  }
  throw new Error('expected a refusal');
};

describe('ID token signature', () => {
  it.each([
    ['RS256', 'rsa-1'],
    ['PS256', 'rsa-1'],
    ['ES256', 'ec-1'],
    ['ES256', undefined],
  ])('verifies %s with the key of kid %s', (alg, kid) => {
    expect(() => verifySignature(decodeJws(token(alg, CLAIMS, kid)), JWKS)).not.toThrow();
  });

  it('refuses "none" and HMAC, a kid the JWKS does not hold, a key of another type, and a signature by another key', () => {
    expect(refusal(() => verifySignature(decodeJws(token('none', CLAIMS)), JWKS))).toContain('not accepted');
    expect(refusal(() => verifySignature(decodeJws(token('HS256', CLAIMS)), JWKS))).toContain('not accepted');
    expect(refusal(() => verifySignature(decodeJws(token('RS256', CLAIMS, 'rsa-2')), JWKS))).toContain('no key');
    expect(refusal(() => verifySignature(decodeJws(token('RS256', CLAIMS, 'ec-1')), JWKS))).toContain('no key');
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 });
    expect(refusal(() => verifySignature(decodeJws(token('RS256', CLAIMS, 'rsa-1')), [jwk(other.publicKey, 'rsa-1')]))).toContain('does not verify');
    const [head, , sig] = token('ES256', CLAIMS, 'ec-1').split('.');
    const altered = `${head}.${b64({ ...CLAIMS, sub: 'u-2' })}.${sig}`;
    expect(refusal(() => verifySignature(decodeJws(altered), JWKS))).toContain('does not verify');
  });

  it('refuses what is not a compact JWS', () => {
    expect(refusal(() => decodeJws('a.b'))).toContain('three');
    expect(refusal(() => decodeJws('bm90IGpzb24.e30.'))).toContain('base64url JSON');
  });
});

describe('ID token claims', () => {
  it('accepts a token for this client, sign-in and time, within the clock skew', () => {
    expect(validateIdTokenClaims({ ...CLAIMS }, EXPECT).sub).toBe('u-1');
    expect(validateIdTokenClaims({ ...CLAIMS, exp: iat - 30, iat: iat + 30 }, EXPECT).sub).toBe('u-1');
    expect(validateIdTokenClaims({ ...CLAIMS, aud: ['console', 'api'], azp: 'console' }, EXPECT).sub).toBe('u-1');
  });

  it.each([
    ['another issuer', { iss: 'https://evil.example' }, 'issuer'],
    ['no subject', { sub: undefined }, 'subject'],
    ['another audience', { aud: 'other' }, 'audience'],
    ['several audiences without azp', { aud: ['console', 'other'] }, 'azp'],
    ['another authorised party', { azp: 'other' }, 'azp'],
    ['expired beyond the skew', { exp: iat - 61 }, 'expired'],
    ['issued in the future beyond the skew', { iat: iat + 61 }, 'iat'],
    ['issued long ago', { iat: iat - 3600, exp: iat + 60 }, 'iat'],
    ['another nonce', { nonce: 'n-2' }, 'nonce'],
    ['no nonce', { nonce: undefined }, 'nonce'],
  ])('refuses %s', (_what, change, reason) => {
    expect(refusal(() => validateIdTokenClaims({ ...CLAIMS, ...change }, EXPECT))).toContain(reason);
  });
});
