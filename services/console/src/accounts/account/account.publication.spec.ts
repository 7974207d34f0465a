/**
 * The console's streams publish what they store (no event holds a secret): for every type, the decoder of the
 * stored event equals the publication's output, and no published event carries anything shaped like a secret.
 */
import { decodeAccountEvent, decodeAgencySecurityEvent, decodeSignInLogEvent, ACCOUNT_CONTRACT_EVENT_TYPES } from '@jm/contracts';
import type { AccountEvent } from './account.events';
import { ACCOUNT_SCHEMA_VERSIONS } from './account.events';
import { publishAccountEvent } from './account.publication';
import { publishAgencySecurityEvent } from '../agency-security/agency-security.publication';
import { publishSignInLogEvent } from '../sign-in-log/sign-in-log.publication';

const by = { agency: 'lc-office', user: 'admin' };
const at = '2026-03-02T01:00:00.000Z';
const accountId = 'a1';
const EVENTS: AccountEvent[] = [
  {
    type: 'AccountCreated',
    data: { accountId, agency: 'lc-office', jurisdiction: '350502', username: 'zhang.san', displayName: '张三', roles: ['office_officer'], by, at },
  },
  { type: 'AccountRolesChanged', data: { accountId, agency: 'lc-office', roles: ['auditor'], previousRoles: ['office_officer'], by, at } },
  { type: 'AccountDisplayNameChanged', data: { accountId, displayName: '张三丰', by, at } },
  { type: 'AccountDisabled', data: { accountId, reason: '离职', by, at } },
  { type: 'AccountEnabled', data: { accountId, by, at } },
  { type: 'OneTimePasswordIssued', data: { accountId, reason: 'reset', by, at } },
  { type: 'PasswordChanged', data: { accountId, at } },
  { type: 'TotpEnrolled', data: { accountId, at } },
  { type: 'TotpDisabled', data: { accountId, by, at } },
  { type: 'SignedIn', data: { accountId, sessionId: 's1', method: 'password', client: '127.0.0.1', at } },
  { type: 'SignInFailed', data: { accountId, reason: 'password', consecutiveFailures: 1, client: '127.0.0.1', at } },
  { type: 'AccountLocked', data: { accountId, until: at, consecutiveFailures: 5, at } },
  { type: 'AccountUnlocked', data: { accountId, by: 'time', at } },
  { type: 'SignedOut', data: { accountId, sessionId: 's1', reason: 'sign_out', at } },
  { type: 'SessionsRevoked', data: { accountId, reason: '离职', by, at } },
];

describe('console publications', () => {
  it('covers every account event type', () => {
    expect(EVENTS.map((e) => e.type).sort()).toEqual([...ACCOUNT_CONTRACT_EVENT_TYPES].sort());
  });

  it.each(EVENTS.map((e) => [e.type, e] as const))('publishes %s as stored, and the stored event decodes to it', (_type, event) => {
    const published = publishAccountEvent(event);
    expect(published).toEqual({ type: event.type, version: ACCOUNT_SCHEMA_VERSIONS[event.type], data: event.data });
    expect(decodeAccountEvent({ ...event, schemaVersion: published.version }).data).toEqual(published.data);
    expect(Object.keys(published.data).filter((key) => /hash|secret|password|otp|token|cookie|csrf/i.test(key))).toEqual([]);
  });

  it('publishes the agency policy and the unknown-name failures as stored', () => {
    const policy = { type: 'AgencySecurityPolicySet' as const, data: { agency: 'lc-market', jurisdiction: '350502', totpRequired: true, by, at } };
    expect(decodeAgencySecurityEvent({ ...policy, schemaVersion: 1 }).data).toEqual(publishAgencySecurityEvent(policy).data);
    const unknown = { type: 'UnknownAccountSignInFailed' as const, data: { username: 'no.such', client: '127.0.0.1', at } };
    expect(decodeSignInLogEvent({ ...unknown, schemaVersion: 1 }).data).toEqual(publishSignInLogEvent(unknown).data);
  });
});
