/**
 * given/when/then for an account: creation with a one-time password, roles within the agency's kind, disable and
 * enable, password and TOTP changes, and the lockout arithmetic of sign-ins (throttle after 3 failures, lock at the
 * threshold, unlock by time or by an admin's enabling).
 */
import { deciderSpec } from '@jm/event-sourcing/testing';
import { DomainRuleError, InvalidTransitionError } from '@jm/event-sourcing';
import type { AccountCreatedData } from '@jm/contracts';
import { AccountLockedError, SignInThrottledError } from './account.errors';
import type { Role } from '@jm/reference';
import type { LockoutPolicy, RecordSignIn } from './account.commands';
import type { AccountEvent } from './account.events';
import { accountDecider, signInGate, throttleSeconds } from './account.decider';
import { evolveAccount, ExistingAccount, initialAccountState } from './account';

const spec = deciderSpec(accountDecider);
const admin = { agency: 'lc-office', user: 'a-admin' };
const T0 = '2026-03-02T01:00:00.000Z';
const at = (seconds: number): string => new Date(Date.parse(T0) + seconds * 1000).toISOString();
const policy: LockoutPolicy = { threshold: 5, lockMinutes: 15 };
const created: AccountCreatedData & { roles: Role[] } = {
  accountId: 'a1',
  agency: 'lc-office',
  jurisdiction: '350502',
  username: 'zhang.san',
  displayName: '张三',
  roles: ['office_officer'],
  by: admin,
  at: T0,
};
const history: AccountEvent[] = [
  { type: 'AccountCreated', data: created },
  { type: 'OneTimePasswordIssued', data: { accountId: 'a1', reason: 'created', by: admin, at: T0 } },
];
const fail = (seconds: number, reason: 'password' | 'totp' = 'password'): RecordSignIn => ({
  kind: 'RecordSignIn',
  outcome: 'failure',
  reason,
  client: '127.0.0.1',
  policy,
  at: at(seconds),
});
const success = (seconds: number): RecordSignIn => ({
  kind: 'RecordSignIn',
  outcome: 'success',
  sessionId: 's1',
  method: 'password',
  client: '127.0.0.1',
  policy,
  at: at(seconds),
});
const failed = (seconds: number, n: number): AccountEvent => ({
  type: 'SignInFailed',
  data: { accountId: 'a1', reason: 'password', consecutiveFailures: n, client: '127.0.0.1', at: at(seconds) },
});
const stateOf = (events: AccountEvent[]): ExistingAccount => events.reduce(evolveAccount, initialAccountState()) as ExistingAccount;
/** Failures 1..n, each after the previous one's wait. */
function failures(n: number): AccountEvent[] {
  const events: AccountEvent[] = [];
  let t = 10;
  for (let i = 1; i <= n; i++) {
    t += throttleSeconds(i - 1);
    events.push(failed(t, i));
  }
  return events;
}

describe('account decider', () => {
  it('given nothing, when an admin creates an account, then it is created with a one-time password to change', () => {
    spec
      .given([])
      .when({ kind: 'CreateAccount', ...created, allowedRoles: ['office_officer', 'admin'] })
      .then(history);
    expect(stateOf(history)).toMatchObject({ status: 'active', mustChangePassword: true, totpEnabled: false });
  });

  it('given nothing, when an external identity is created, then it has no password', () => {
    const external = { issuer: 'https://idp.example', subject: 'u-1' };
    spec
      .given([])
      .when({ kind: 'CreateAccount', ...created, external, allowedRoles: ['office_officer'] })
      .then([{ type: 'AccountCreated', data: { ...created, external } }]);
  });

  it('refuses roles the agency kind does not allow, no role, and a role twice', () => {
    const create = (roles: Role[]) =>
      spec.given([]).when({ kind: 'CreateAccount', ...created, roles, allowedRoles: ['unit_officer', 'analyst', 'auditor'] });
    create(['admin']).thenThrows(/admin cannot be held at lc-office; allowed there: unit_officer, analyst, auditor/);
    create([]).thenThrows(DomainRuleError);
    create(['analyst', 'analyst']).thenThrows(DomainRuleError);
    spec
      .given(history)
      .when({ kind: 'CreateAccount', ...created, allowedRoles: ['office_officer'] })
      .thenThrows(InvalidTransitionError);
  });

  it('changes roles (naming the previous ones), and appends nothing for the same set', () => {
    spec
      .given(history)
      .when({ kind: 'ChangeRoles', roles: ['office_officer', 'auditor'], allowedRoles: ['office_officer', 'auditor'], by: admin, at: at(1) })
      .then([
        {
          type: 'AccountRolesChanged',
          data: {
            accountId: 'a1',
            agency: 'lc-office',
            roles: ['office_officer', 'auditor'],
            previousRoles: ['office_officer'],
            by: admin,
            at: at(1),
          },
        },
      ]);
    spec
      .given(history)
      .when({ kind: 'ChangeRoles', roles: ['office_officer'], allowedRoles: ['office_officer'], by: admin, at: at(1) })
      .thenNothing();
  });

  it('disables an active account once; enabling brings it back; a disabled account cannot sign in', () => {
    const disabled: AccountEvent = { type: 'AccountDisabled', data: { accountId: 'a1', reason: '离职', by: admin, at: at(1) } };
    spec
      .given(history)
      .when({ kind: 'DisableAccount', reason: '离职', by: admin, at: at(1) })
      .then([disabled]);
    spec
      .given([...history, disabled])
      .when({ kind: 'DisableAccount', reason: 'x', by: admin, at: at(2) })
      .thenThrows(InvalidTransitionError);
    spec
      .given([...history, disabled])
      .when({ kind: 'EnableAccount', by: admin, at: at(2) })
      .then([{ type: 'AccountEnabled', data: { accountId: 'a1', by: admin, at: at(2) } }]);
    spec
      .given([...history, disabled])
      .when(success(3))
      .thenThrows(InvalidTransitionError);
    spec
      .given(history)
      .when({ kind: 'EnableAccount', by: admin, at: at(2) })
      .thenNothing();
  });

  it('a changed password clears the forced change; a reset forces it again; an external account has no password', () => {
    const changed: AccountEvent = { type: 'PasswordChanged', data: { accountId: 'a1', at: at(1) } };
    spec
      .given(history)
      .when({ kind: 'ChangePassword', at: at(1) })
      .then([changed]);
    expect(stateOf([...history, changed]).mustChangePassword).toBe(false);
    const reset: AccountEvent = { type: 'OneTimePasswordIssued', data: { accountId: 'a1', reason: 'reset', by: admin, at: at(2) } };
    spec
      .given([...history, changed])
      .when({ kind: 'ResetPassword', by: admin, at: at(2) })
      .then([reset]);
    expect(stateOf([...history, changed, reset]).mustChangePassword).toBe(true);
    const external: AccountEvent = { type: 'AccountCreated', data: { ...created, external: { issuer: 'i', subject: 's' } } };
    spec
      .given([external])
      .when({ kind: 'ResetPassword', by: admin, at: at(2) })
      .thenThrows(DomainRuleError);
  });

  it('enrols TOTP once, and refuses to turn it off where the agency requires it', () => {
    const enrolled: AccountEvent = { type: 'TotpEnrolled', data: { accountId: 'a1', at: at(1) } };
    spec
      .given(history)
      .when({ kind: 'EnrolTotp', at: at(1) })
      .then([enrolled]);
    spec
      .given([...history, enrolled])
      .when({ kind: 'EnrolTotp', at: at(2) })
      .thenThrows(InvalidTransitionError);
    spec
      .given([...history, enrolled])
      .when({ kind: 'DisableTotp', agencyRequiresTotp: true, by: admin, at: at(2) })
      .thenThrows(/required by its agency/);
    spec
      .given([...history, enrolled])
      .when({ kind: 'DisableTotp', agencyRequiresTotp: false, by: admin, at: at(2) })
      .then([{ type: 'TotpDisabled', data: { accountId: 'a1', by: admin, at: at(2) } }]);
  });

  describe('sign-in failures', () => {
    it('counts consecutive failures; a success starts the count again', () => {
      spec
        .given(history)
        .when(fail(10))
        .then([failed(10, 1)]);
      spec
        .given([...history, failed(10, 1)])
        .when(fail(11))
        .then([failed(11, 2)]);
      const signedIn: AccountEvent = {
        type: 'SignedIn',
        data: { accountId: 'a1', sessionId: 's1', method: 'password', client: '127.0.0.1', at: at(12) },
      };
      spec
        .given([...history, ...failures(2)])
        .when(success(12))
        .then([signedIn]);
      expect(stateOf([...history, ...failures(2), signedIn]).consecutiveFailures).toBe(0);
    });

    it('after 3 failures each next attempt waits an increasing delay, and an early one is refused without counting', () => {
      expect([1, 2, 3, 4, 5, 6].map(throttleSeconds)).toEqual([0, 0, 2, 4, 8, 16]);
      const three = failures(3);
      const last = Date.parse(three[2].data.at) / 1000 - Date.parse(T0) / 1000;
      spec
        .given([...history, ...three])
        .when(fail(last + 1))
        .thenThrows(SignInThrottledError);
      const gate = signInGate(stateOf([...history, ...three]), at(last + 1));
      expect(gate).toMatchObject({ open: false, error: { code: 'SIGN_IN_THROTTLED', retryAfterSeconds: 1 } });
      spec
        .given([...history, ...three])
        .when(fail(last + 2))
        .then([failed(last + 2, 4)]);
    });

    it('at the threshold the account locks for the configured minutes; attempts during the lock are refused', () => {
      const four = failures(4);
      const last = Date.parse(four[3].data.at) / 1000 - Date.parse(T0) / 1000;
      const t = last + throttleSeconds(4);
      const until = at(t + 15 * 60);
      spec
        .given([...history, ...four])
        .when(fail(t))
        .then([failed(t, 5), { type: 'AccountLocked', data: { accountId: 'a1', until, consecutiveFailures: 5, at: at(t) } }]);
      const locked = [
        ...history,
        ...four,
        failed(t, 5),
        { type: 'AccountLocked', data: { accountId: 'a1', until, consecutiveFailures: 5, at: at(t) } } as AccountEvent,
      ];
      spec
        .given(locked)
        .when(success(t + 60))
        .thenThrows(AccountLockedError);
      expect(signInGate(stateOf(locked), at(t + 60))).toMatchObject({ open: false, error: { code: 'ACCOUNT_LOCKED', retryAfterSeconds: 14 * 60 } });
      // Once the lockout ran out, the attempt counts from zero after an unlock by time.
      spec
        .given(locked)
        .when(fail(t + 15 * 60))
        .then([{ type: 'AccountUnlocked', data: { accountId: 'a1', by: 'time', at: at(t + 15 * 60) } }, failed(t + 15 * 60, 1)]);
      // An admin's enabling unlocks it at once.
      spec
        .given(locked)
        .when({ kind: 'EnableAccount', by: admin, at: at(t + 60) })
        .then([{ type: 'AccountUnlocked', data: { accountId: 'a1', by: 'admin', admin, at: at(t + 60) } }]);
    });
  });
});
