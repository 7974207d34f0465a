import { CASE_CONTRACT, decodeCaseEvent } from '@jm/contracts';
import { storedAndPublished } from '@jm/contracts/testing';
import { publishCaseEvent } from './case.publication';
import { CASE_EVENT_SCHEMA_VERSIONS } from './case.events';

describe('case stream: the decoded stored event is the published one', () => {
  it.each(
    storedAndPublished({ schemaVersions: CASE_EVENT_SCHEMA_VERSIONS, spec: CASE_CONTRACT, decode: decodeCaseEvent, publish: publishCaseEvent }),
  )('$type', ({ decoded, published }) => {
    expect(published).toBeDefined();
    expect(decoded).toEqual(published);
  });
});
