import { decodeNegotiationEvent, NEGOTIATION_CONTRACT } from '@jm/contracts';
import { storedAndPublished } from '@jm/contracts/testing';
import { NEGOTIATION_EVENT_SCHEMA_VERSIONS } from './negotiation.events';
import { publishNegotiationEvent } from './negotiation.publication';

describe('negotiation stream: the decoded stored event is the published one', () => {
  it.each(
    storedAndPublished({
      schemaVersions: NEGOTIATION_EVENT_SCHEMA_VERSIONS,
      spec: NEGOTIATION_CONTRACT,
      decode: decodeNegotiationEvent,
      publish: publishNegotiationEvent,
    }),
  )('$type', ({ decoded, published }) => {
    expect(published).toBeDefined();
    expect(decoded).toEqual(published);
  });
});
