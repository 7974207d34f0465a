import { DEADLINE_CONTRACT, DEADLINE_EVENT_TYPES, decodeDeadlineEvent } from '@jm/contracts';
import { storedAndPublished } from '@jm/contracts/testing';
import { publishClockEvent } from './clock.publication';

// The engine appends every clock event at schema version 1 (the command handler's default); the types are the contract's list of the stream.

describe('clock stream: the decoded stored event is the published one', () => {
  it.each(
    storedAndPublished({
      schemaVersions: Object.fromEntries(Object.keys(DEADLINE_EVENT_TYPES).map((type) => [type, 1])),
      spec: DEADLINE_CONTRACT,
      decode: decodeDeadlineEvent,
      publish: publishClockEvent,
    }),
  )('$type', ({ decoded, published }) => {
    expect(published).toBeDefined();
    expect(decoded).toEqual(published);
  });
});
