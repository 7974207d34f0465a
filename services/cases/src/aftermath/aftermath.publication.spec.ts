import { AFTERMATH_CONTRACT, decodeAftermathEvent } from '@jm/contracts';
import { storedAndPublished } from '@jm/contracts/testing';
import { publishAftermathEvent } from './aftermath.publication';
import { AFTERMATH_EVENT_SCHEMA_VERSIONS } from './aftermath.events';

describe('aftermath stream: the decoded stored event is the published one, and the sealed identity is neither', () => {
  it.each(
    storedAndPublished({
      schemaVersions: AFTERMATH_EVENT_SCHEMA_VERSIONS,
      spec: AFTERMATH_CONTRACT,
      decode: decodeAftermathEvent,
      publish: publishAftermathEvent,
    }),
  )('$type', ({ type, decoded, published }) => {
    if (type === 'AftermathIdentitySealed') {
      expect(published).toBeUndefined();
      expect(decoded).toBeUndefined();
    } else {
      expect(published).toBeDefined();
      expect(decoded).toEqual(published);
    }
  });
});
