import { decodeObligationEvent, OBLIGATION_CONTRACT, OBLIGATION_EVENT_TYPES } from '@jm/contracts';
import { storedAndPublished } from '@jm/contracts/testing';
import { publishObligationEvent } from './obligation.publication';

// Obligation events are appended at schema version 1 (the command handler's default); the types are the contract's list of the stream.

describe('obligation stream: the decoded stored event is the published one', () => {
  it.each(
    storedAndPublished({
      schemaVersions: Object.fromEntries(Object.keys(OBLIGATION_EVENT_TYPES).map((type) => [type, 1])),
      spec: OBLIGATION_CONTRACT,
      decode: decodeObligationEvent,
      publish: publishObligationEvent,
    }),
  )('$type', ({ decoded, published }) => {
    expect(published).toBeDefined();
    expect(decoded).toEqual(published);
  });
});
