/** given/when/then for failed sign-ins under unknown names: recorded with the client, the name only when it looks like one. */
import { deciderSpec } from '@jm/event-sourcing/testing';
import { signInLogDecider } from './sign-in-log.decider';

const spec = deciderSpec(signInLogDecider);
const at = '2026-03-02T01:00:00.000Z';

describe('sign-in log decider', () => {
  it('records a failed sign-in under an unknown username', () => {
    spec
      .given([])
      .when({ kind: 'RecordUnknownSignIn', username: 'no.such', client: '10.0.0.9', at })
      .then([{ type: 'UnknownAccountSignInFailed', data: { username: 'no.such', client: '10.0.0.9', at } }]);
  });

  it('leaves out a name that is not shaped like a username (it may be a password typed in the wrong field)', () => {
    spec
      .given([])
      .when({ kind: 'RecordUnknownSignIn', username: 'Secret Pass#2026', client: '10.0.0.9', at })
      .then([{ type: 'UnknownAccountSignInFailed', data: { client: '10.0.0.9', at } }]);
  });
});
