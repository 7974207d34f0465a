import { MEETING_CONTRACT, decodeMeetingEvent } from '@jm/contracts';
import { storedAndPublished } from '@jm/contracts/testing';
import { publishMeetingEvent } from './meeting.publication';
import { MEETING_EVENT_SCHEMA_VERSIONS } from './meeting.events';

describe('meeting stream: the decoded stored event is the published one', () => {
  it.each(
    storedAndPublished({
      schemaVersions: MEETING_EVENT_SCHEMA_VERSIONS,
      spec: MEETING_CONTRACT,
      decode: decodeMeetingEvent,
      publish: publishMeetingEvent,
    }),
  )('$type', ({ decoded, published }) => {
    expect(published).toBeDefined();
    expect(decoded).toEqual(published);
  });
});
