import { AUDIT_ANCHOR_CONTRACT, decodeAuditAnchorEvent } from '@jm/contracts';
import { storedAndPublished } from '@jm/contracts/testing';
import { AUDIT_ANCHOR_EVENT_SCHEMA_VERSIONS } from './audit-anchor.events';
import { publishAuditAnchorEvent } from './audit-anchor.publication';

describe('audit anchors stream: the decoded stored event is the published one', () => {
  it.each(
    storedAndPublished({
      schemaVersions: AUDIT_ANCHOR_EVENT_SCHEMA_VERSIONS,
      spec: AUDIT_ANCHOR_CONTRACT,
      decode: decodeAuditAnchorEvent,
      publish: publishAuditAnchorEvent,
    }),
  )('$type', ({ decoded, published }) => {
    expect(published).toBeDefined();
    expect(decoded).toEqual(published);
  });
});
