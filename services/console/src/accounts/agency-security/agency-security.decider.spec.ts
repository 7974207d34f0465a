/** given/when/then for an agency's sign-in policy: TOTP off by default, set once, changes recorded, repeats not. */
import { deciderSpec } from '@jm/event-sourcing/testing';
import { AgencySecurityPolicySet, agencySecurityDecider, SetAgencySecurity } from './agency-security.decider';

const spec = deciderSpec(agencySecurityDecider);
const by = { agency: 'lc-office', user: 'admin' };
const set = (totpRequired: boolean): SetAgencySecurity => ({
  kind: 'SetAgencySecurity',
  agency: 'lc-market',
  jurisdiction: '350502',
  totpRequired,
  by,
  at: '2026-03-02T01:00:00.000Z',
});
const policySet = (totpRequired: boolean): AgencySecurityPolicySet => ({
  type: 'AgencySecurityPolicySet',
  data: { agency: 'lc-market', jurisdiction: '350502', totpRequired, by, at: '2026-03-02T01:00:00.000Z' },
});

describe('agency security decider', () => {
  it('given no policy (TOTP not required), when TOTP is required, then it is recorded; asking again appends nothing', () => {
    spec
      .given([])
      .when(set(true))
      .then([policySet(true)]);
    spec
      .given([policySet(true)])
      .when(set(true))
      .thenNothing();
    spec.given([]).when(set(false)).thenNothing();
  });

  it('given TOTP required, when it is no longer required, then that is recorded', () => {
    spec
      .given([policySet(true)])
      .when(set(false))
      .then([policySet(false)]);
  });
});
