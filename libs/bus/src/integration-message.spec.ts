import { storedEvent } from '@jm/event-sourcing/testing';
import { CONTRACT, CONTRACT_V1, decodeMessage, encodeMessage, encodePublished, InvalidMessageError, servicePublication } from './integration-message';

describe('integration message (jm.event.v2)', () => {
  const stored = storedEvent('case-C1', { type: 'CaseReopened', data: { caseId: 'C1', reason: 'r', by: 'lc-office' } });

  it('carries the envelope metadata and the contract event; decoded, it is the stored event', () => {
    const message = encodeMessage(stored);
    const value = JSON.parse(message.value) as Record<string, unknown>;
    expect(value.contract).toBe(CONTRACT);
    expect(value.event).toEqual({ type: 'CaseReopened', version: 1, data: stored.data });
    expect(value.envelope).not.toHaveProperty('data');
    expect(message.headers).toEqual({ 'event-id': stored.id, 'event-type': 'CaseReopened', contract: CONTRACT });
    expect(decodeMessage(message.value)).toEqual(stored);
  });

  it('goes out as the service published it: its type, contract version and data', () => {
    const message = encodePublished(stored, { type: 'CaseReopened', version: 2, data: { caseId: 'C1' } });
    expect(decodeMessage(message.value)).toEqual({ ...stored, schemaVersion: 2, data: { caseId: 'C1' } });
  });

  it('still reads a jm.event.v1 message (the stored event as it was)', () => {
    expect(decodeMessage(JSON.stringify({ contract: CONTRACT_V1, event: stored }))).toEqual(stored);
  });

  it('refuses another contract, a bad envelope or a contract event without a version', () => {
    const value = JSON.parse(encodeMessage(stored).value) as { envelope: Record<string, unknown>; event: Record<string, unknown> };
    expect(() => decodeMessage(JSON.stringify({ ...value, contract: 'jm.event.v0' }))).toThrow(/contract must be jm.event.v1 or jm.event.v2/);
    expect(() => decodeMessage(JSON.stringify({ ...value, envelope: { ...value.envelope, position: 'x' } }))).toThrow(InvalidMessageError);
    expect(() => decodeMessage(JSON.stringify({ ...value, event: { type: 'CaseReopened', data: {} } }))).toThrow(/event.version/);
  });

  it('a service publication takes each stream to its function and publishes the rest as stored', () => {
    const publication = servicePublication([['case-', () => undefined]]);
    expect(publication(stored)).toBeUndefined();
    const access = storedEvent('access-case-C1', { type: 'RecordAccessed', data: { roles: [] } });
    expect(publication(access)).toEqual({ type: 'RecordAccessed', version: 1, data: { roles: [] } });
  });
});
