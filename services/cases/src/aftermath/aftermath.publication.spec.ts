import { AFTERMATH_CONTRACT, decodeAftermathEvent } from '@jm/contracts';
import { storedAndPublished } from '@jm/contracts/testing';
import { publishAftermathEvent } from './aftermath.publication';
import { AFTERMATH_EVENT_SCHEMA_VERSIONS, AftermathIdentitySealed } from './aftermath.events';

const sealed: AftermathIdentitySealed = {
  type: 'AftermathIdentitySealed',
  data: { caseId: 'C1', personId: 'P1', identity: { alg: 'AES-256-GCM', keyId: 'aftermath-P1', iv: 'i', tag: 't', ciphertext: 'SEALED' } },
};

describe('aftermath stream: the decoded stored event is the published one; the sealed identity never leaves cases', () => {
  it.each(
    storedAndPublished({
      schemaVersions: AFTERMATH_EVENT_SCHEMA_VERSIONS,
      spec: AFTERMATH_CONTRACT,
      decode: decodeAftermathEvent,
      publish: publishAftermathEvent,
    }).filter(({ type }) => type !== 'AftermathIdentitySealed'),
  )('$type', ({ decoded, published }) => {
    expect(published).toBeDefined();
    expect(decoded).toEqual(published);
  });

  it('publishes AftermathIdentitySealed with the case and person ids only, which decodes', () => {
    const published = publishAftermathEvent(sealed);
    expect(published).toEqual({ type: 'AftermathIdentitySealed', version: 1, data: { caseId: 'C1', personId: 'P1' } });
    expect(JSON.stringify(published)).not.toMatch(/SEALED|identity/);
    expect(decodeAftermathEvent({ type: published!.type, data: published!.data, schemaVersion: 1 }).data).toEqual({ caseId: 'C1', personId: 'P1' });
    expect(decodeAftermathEvent({ ...sealed, schemaVersion: 1 }).data).toEqual({ ...published!.data, identity: sealed.data.identity });
  });
});
