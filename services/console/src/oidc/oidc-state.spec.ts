/** The sealed sign-in state cookie, its single use, and the return path a sign-in may go back to. */
import { randomBytes } from 'node:crypto';
import { newSignInState, openState, sealState, UsedStates } from './oidc-state';
import { safeReturnTo } from './oidc-sign-in.service';
import { OidcError } from './oidc.errors';

const KEY = randomBytes(32);
const NOW = new Date('2026-12-04T12:00:00Z');
const invalid = (check: () => unknown): void => {
  expect(check).toThrow(OidcError);
  expect(check).toThrow(expect.objectContaining({ code: 'OIDC_STATE_INVALID' }) as Error);
};

describe('sign-in state cookie', () => {
  it('opens what it sealed, until it expires', () => {
    const state = newSignInState('/cases', NOW);
    expect(openState(sealState(state, KEY), KEY, NOW)).toEqual(state);
    invalid(() => openState(sealState(state, KEY), KEY, new Date(NOW.getTime() + 601_000)));
  });

  it('refuses no cookie, another key and any altered byte', () => {
    const sealed = sealState(newSignInState('/', NOW), KEY);
    invalid(() => openState(undefined, KEY, NOW));
    invalid(() => openState(sealed, randomBytes(32), NOW));
    const raw = Buffer.from(sealed, 'base64url');
    raw[20] ^= 1;
    invalid(() => openState(raw.toString('base64url'), KEY, NOW));
  });

  it('is used once', () => {
    const used = new UsedStates();
    const state = newSignInState('/', NOW);
    expect(used.consume(state, NOW)).toBe(true);
    expect(used.consume(state, NOW)).toBe(false);
    expect(used.consume(newSignInState('/', NOW), NOW)).toBe(true);
  });
});

describe('return path', () => {
  it.each([
    ['/cases/42?tab=timeline#top', '/cases/42?tab=timeline#top'],
    [undefined, '/'],
    ['https://evil.example/', '/'],
    ['//evil.example/x', '/'],
    ['/\\evil.example', '/'],
    ['/%0d%0aSet-Cookie:x', '/%0d%0aSet-Cookie:x'],
    ['/a\r\nb', '/'],
    ['javascript:alert(1)', '/'],
    ['/auth/oidc/start', '/'],
    ['/sign-in', '/'],
  ])('%s → %s', (given, expected) => {
    expect(safeReturnTo(given)).toBe(expected);
  });
});
