import { loadConfig, verifyToken } from '@jm/platform';
import { TEST_JWT_SECRET, TEST_SECURITY_ENV } from '@jm/platform/testing';
import type { ConsoleSession } from '../session/session.port';
import { GatewayTokens } from './gateway.tokens';
import { loadGatewayConfig } from './gateway.config';

const session: ConsoleSession = {
  id: 's-1',
  accountId: 'a-1',
  agency: 'lc-office',
  roles: ['office_officer'],
  displayName: '张三',
  mustChangePassword: false,
  totpEnrolmentRequired: false,
  csrfToken: 'c',
  idleExpiresAt: '2026-03-01T09:00:00.000Z',
  absoluteExpiresAt: '2026-03-01T16:00:00.000Z',
};

describe('GatewayTokens', () => {
  const start = new Date('2026-03-01T08:00:00.000Z');
  let tokens: GatewayTokens;
  beforeEach(() => {
    jest.useFakeTimers({ now: start });
    tokens = new GatewayTokens({ upstreams: {} as never, jwtSecret: TEST_JWT_SECRET, tokenTtlSeconds: 300, trustProxy: false });
  });
  afterEach(() => jest.useRealTimers());

  it('given a session, then a 5-minute token of its identity, reused while more than a minute is left and renewed after', () => {
    const first = tokens.tokenFor(session);
    expect(verifyToken(first, TEST_JWT_SECRET, start)).toMatchObject({ sub: 'a-1', agency: 'lc-office', roles: ['office_officer'], name: '张三' });
    jest.setSystemTime(new Date(start.getTime() + 239_000));
    expect(tokens.tokenFor(session)).toBe(first);
    jest.setSystemTime(new Date(start.getTime() + 241_000));
    const renewed = tokens.tokenFor(session);
    expect(renewed).not.toBe(first);
    expect(verifyToken(renewed, TEST_JWT_SECRET, new Date(start.getTime() + 241_000)).exp).toBe(Math.floor(start.getTime() / 1000) + 241 + 300);
  });

  it('given the same session with other roles, then a token of its own at once', () => {
    const first = tokens.tokenFor(session);
    const other = tokens.tokenFor({ ...session, roles: ['office_officer', 'convener'] });
    expect(other).not.toBe(first);
    expect(verifyToken(other, TEST_JWT_SECRET, start).roles).toEqual(['office_officer', 'convener']);
  });

  it('given JWT_SECRET rotated (the old one kept in JWT_PREVIOUS_SECRETS), then tokens are signed with the new secret only', () => {
    const NEW = 'the-new-jwt-secret-after-rotation-0123456789';
    const service = loadConfig('console', { ...TEST_SECURITY_ENV, JWT_SECRET: NEW, JWT_PREVIOUS_SECRETS: TEST_JWT_SECRET });
    // As console.module.ts wires it.
    const rotated = new GatewayTokens(loadGatewayConfig({ JWT_SECRET: service.security.jwtSecret }));
    const token = rotated.tokenFor(session);
    expect(verifyToken(token, NEW, start).sub).toBe('a-1');
    expect(() => verifyToken(token, TEST_JWT_SECRET, start)).toThrow(/signature is not valid/);
  });
});
