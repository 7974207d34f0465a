import { ACCESS_CONTRACT, decodeAccessEvent, publishAccessEvent } from './access-contract-events';
import { storedAndPublished } from './testing';

// AccessLog (@jm/platform) appends RecordAccessed at schema version 1 in every service.

describe('access streams: the decoded stored event is the published one', () => {
  it.each(
    storedAndPublished({ schemaVersions: { RecordAccessed: 1 }, spec: ACCESS_CONTRACT, decode: decodeAccessEvent, publish: publishAccessEvent }),
  )('$type', ({ decoded, published }) => {
    expect(published).toBeDefined();
    expect(decoded).toEqual(published);
  });
});
