import { LEAD_CONTRACT, decodeLeadEvent } from '@jm/contracts';
import { storedAndPublished } from '@jm/contracts/testing';
import { publishLeadEvent } from './lead.publication';
import { LEAD_EVENT_TYPE_LIST } from './lead.events';

// Intake appends every lead event at schema version 1 (the command handler's default).

describe('lead stream: the decoded stored event is the published one', () => {
  it.each(
    storedAndPublished({
      schemaVersions: Object.fromEntries(LEAD_EVENT_TYPE_LIST.map((type) => [type, 1])),
      spec: LEAD_CONTRACT,
      decode: decodeLeadEvent,
      publish: publishLeadEvent,
    }),
  )('$type', ({ decoded, published }) => {
    expect(published).toBeDefined();
    expect(decoded).toEqual(published);
  });
});
