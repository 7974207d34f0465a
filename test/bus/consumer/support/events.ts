/** Test events: new ones to append, and stored-looking ones to put on Kafka directly. */
import { randomUUID } from 'node:crypto';
import { NewEvent, StoredEvent } from '@jm/event-sourcing';

export interface EventSpec {
  streamId: string;
  type: string;
  data?: unknown;
}

export function newEvent(type: string, data: unknown = {}): NewEvent {
  const id = randomUUID();
  return {
    id,
    type,
    schemaVersion: 1,
    data,
    time: '2026-01-05T09:00:00.000Z',
    correlationId: id,
    causationId: id,
    actor: { agency: 'test-agency', user: 'test-user' },
  };
}

/** Builds StoredEvents as a relay would publish them (positions and versions counted here). */
export class StoredEventFactory {
  private position = 0;
  private readonly versions = new Map<string, number>();

  next(spec: EventSpec): StoredEvent {
    const version = (this.versions.get(spec.streamId) ?? -1) + 1;
    this.versions.set(spec.streamId, version);
    this.position += 1;
    return {
      ...newEvent(spec.type, spec.data ?? { n: this.position }),
      streamId: spec.streamId,
      streamVersion: version,
      position: this.position,
      prevHash: '',
      hash: `h${this.position}`,
      hashAlg: 'SM3',
    };
  }
}
