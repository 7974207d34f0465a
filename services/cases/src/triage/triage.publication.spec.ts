import { ROUTING_CONTRACT, decodeRoutingEvent } from '@jm/contracts';
import { storedAndPublished } from '@jm/contracts/testing';
import { publishTriageEvent } from './triage.publication';
import { TRIAGE_EVENT_SCHEMA_VERSIONS } from './triage.events';

describe('triage stream: the decoded stored event is the published one', () => {
  it.each(
    storedAndPublished({
      schemaVersions: TRIAGE_EVENT_SCHEMA_VERSIONS,
      spec: ROUTING_CONTRACT,
      decode: decodeRoutingEvent,
      publish: publishTriageEvent,
    }),
  )('$type', ({ decoded, published }) => {
    expect(published).toBeDefined();
    expect(decoded).toEqual(published);
  });
});
