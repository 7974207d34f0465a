import { createHmac } from 'node:crypto';
import { AgencyRegistry } from '@jm/reference';
import { signToken, TokenError, verifyToken } from './jwt';
import { principalFromClaims } from './principal';

const SECRET = 'a-secret-long-enough-for-hs256-tokens-0123';
const registry = AgencyRegistry.fromFile('config/agencies.json');
const NOW = new Date('2026-11-22T02:00:00Z');

function forge(header: object, payload: object, secret = SECRET): string {
  const enc = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const input = `${enc(header)}.${enc(payload)}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
}

describe('bearer tokens', () => {
  const claims = { sub: 'zhang', agency: 'lc-office', roles: ['office_officer'] };

  it('given a token signed with the secret, when verified, then the claims come back with issuer and expiry', () => {
    const token = signToken(claims, SECRET, { ttlSeconds: 60, now: NOW });
    expect(verifyToken(token, SECRET, NOW)).toMatchObject({ ...claims, iss: 'jm-platform', exp: NOW.getTime() / 1000 + 60 });
  });

  it('given another secret, a tampered payload, or an expired token, then each is refused with the reason', () => {
    const token = signToken(claims, SECRET, { ttlSeconds: 60, now: NOW });
    expect(() => verifyToken(token, `${SECRET}x`, NOW)).toThrow(/signature is not valid/);
    const [h, , s] = token.split('.');
    const tampered = `${h}.${Buffer.from(JSON.stringify({ ...claims, roles: ['admin'], iss: 'jm-platform', exp: 9e9 })).toString('base64url')}.${s}`;
    expect(() => verifyToken(tampered, SECRET, NOW)).toThrow(/signature is not valid/);
    expect(() => verifyToken(token, SECRET, new Date(NOW.getTime() + 61_000))).toThrow(/expired/);
  });

  it('given alg none or a token without expiry, then it is refused', () => {
    expect(() => verifyToken(forge({ alg: 'none' }, { ...claims, iss: 'jm-platform', exp: 9e9 }), SECRET, NOW)).toThrow(/only HS256/);
    expect(() => verifyToken(forge({ alg: 'HS256' }, { ...claims, iss: 'jm-platform' }), SECRET, NOW)).toThrow(/no expiry/);
    expect(() => verifyToken('not-a-jwt', SECRET, NOW)).toThrow(TokenError);
  });

  describe('during a rotation (the current secret and the previous ones)', () => {
    const OLD = 'the-old-secret-long-enough-for-hs256-0123456';
    const NEW = 'the-new-secret-long-enough-for-hs256-6543210';

    it('given a token signed with the old secret, then it is accepted while the old secret is kept and refused once it is removed', () => {
      const token = signToken(claims, OLD, { ttlSeconds: 60, now: NOW });
      expect(verifyToken(token, [NEW, OLD], NOW)).toMatchObject(claims);
      expect(() => verifyToken(token, [NEW], NOW)).toThrow(/signature is not valid/);
    });

    it('given a token signed with the new secret, then it is accepted with or without the old one', () => {
      const token = signToken(claims, NEW, { ttlSeconds: 60, now: NOW });
      expect(verifyToken(token, [NEW, OLD], NOW)).toMatchObject(claims);
      expect(verifyToken(token, [NEW], NOW)).toMatchObject(claims);
    });

    it('given an unknown secret, alg none, another algorithm, or no secret at all, then it is refused', () => {
      const payload = { ...claims, iss: 'jm-platform', iat: NOW.getTime() / 1000, exp: NOW.getTime() / 1000 + 60 };
      expect(() => verifyToken(signToken(claims, SECRET, { ttlSeconds: 60, now: NOW }), [NEW, OLD], NOW)).toThrow(/signature is not valid/);
      expect(() => verifyToken(forge({ alg: 'none' }, payload, OLD), [NEW, OLD], NOW)).toThrow(/only HS256/);
      const hs384 = forge({ alg: 'HS384' }, payload, OLD);
      expect(() => verifyToken(hs384, [NEW, OLD], NOW)).toThrow(/only HS256/);
      expect(() => verifyToken(forge({ alg: 'HS256' }, payload, OLD), [], NOW)).toThrow(/signature is not valid/);
    });
  });

  it('given a short secret, then no token is signed', () => {
    expect(() => signToken(claims, 'short', { ttlSeconds: 60 })).toThrow(/at least 32/);
  });
});

describe('principal from claims', () => {
  const base = { iat: 0, exp: 9e9, iss: 'jm-platform' };

  it('given a registered agency and fitting roles, then the principal carries the agency kind, duty, level and jurisdiction', () => {
    expect(principalFromClaims({ ...base, sub: 'li', agency: 'lc-police', roles: ['unit_officer'] }, registry)).toEqual({
      user: 'li',
      agency: 'lc-police',
      agencyKind: 'member',
      duty: 'police',
      level: 'district',
      jurisdiction: '350502',
      roles: ['unit_officer'],
    });
  });

  it('given an unknown agency, an unknown role, or a role the agency cannot hold, then each is refused', () => {
    expect(() => principalFromClaims({ ...base, sub: 'x', agency: 'nowhere', roles: ['analyst'] }, registry)).toThrow(/not in this deployment/);
    expect(() => principalFromClaims({ ...base, sub: 'x', agency: 'lc-office', roles: ['boss'] }, registry)).toThrow(/unknown role/);
    expect(() => principalFromClaims({ ...base, sub: 'x', agency: 'lc-market', roles: ['office_officer'] }, registry)).toThrow(
      /cannot be held at a member agency/,
    );
  });
});

describe('bearer tokens: maximum lifetime', () => {
  const claims = { sub: 'zhang', agency: 'lc-office', roles: ['office_officer'] };
  const at = NOW.getTime() / 1000;
  const signed = (payload: object) => forge({ alg: 'HS256' }, { ...claims, iss: 'jm-platform', ...payload });

  it('given a token that claims more than 12 hours (exp − iat), then it is refused with the lifetime and the limit', () => {
    expect(() => verifyToken(signToken(claims, SECRET, { ttlSeconds: 12 * 3600 + 1, now: NOW }), SECRET, NOW)).toThrow(
      /lifetime of 12 hours .*at most 12 hours/,
    );
    expect(() => verifyToken(signed({ iat: at - 60, exp: at + 30 * 24 * 3600 }), SECRET, NOW)).toThrow(TokenError);
    expect(verifyToken(signToken(claims, SECRET, { ttlSeconds: 12 * 3600, now: NOW }), SECRET, NOW).sub).toBe('zhang');
  });

  it('given a configured maximum, then that one applies', () => {
    const twoHours = signToken(claims, SECRET, { ttlSeconds: 2 * 3600, now: NOW });
    expect(() => verifyToken(twoHours, SECRET, NOW, 1)).toThrow(/at most 1 hours/);
    expect(verifyToken(twoHours, SECRET, NOW, 2).sub).toBe('zhang');
  });

  it('given a token without iat, then it is refused: its lifetime cannot be judged', () => {
    expect(() => verifyToken(signed({ exp: at + 60 }), SECRET, NOW)).toThrow(/no issue time \(iat\)/);
  });
});
