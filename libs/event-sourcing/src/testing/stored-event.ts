import { randomUUID } from 'node:crypto';
import { StoredEvent } from '../event-store/envelope';

/** A stored event as a consumer receives it (fresh id, empty data, placeholder hash), for tests of the consumer side. */
export function storedEvent(streamId: string, fields: Partial<StoredEvent> = {}): StoredEvent {
  const id = randomUUID();
  return {
    id,
    type: 'CaseNoted',
    schemaVersion: 1,
    data: {},
    time: '2026-01-05T09:00:00.000Z',
    correlationId: id,
    causationId: id,
    actor: { agency: 'a', user: 'u' },
    streamId,
    streamVersion: 0,
    position: 0,
    prevHash: '',
    hash: 'h',
    hashAlg: 'SM3',
    ...fields,
  };
}
