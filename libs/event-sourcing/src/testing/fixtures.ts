/** Event builders for store tests: valid envelopes with ids and times supplied, as commands would. */
import { randomUUID } from 'node:crypto';
import { NewEvent } from '../event-store/envelope';

let clock = Date.parse('2026-03-02T01:00:00.000Z');

export function newEvent(type = 'LeadReceived', data: unknown = { n: 1 }, overrides: Partial<NewEvent> = {}): NewEvent {
  clock += 1000;
  return {
    id: randomUUID(),
    type,
    schemaVersion: 1,
    data,
    time: new Date(clock).toISOString(),
    correlationId: randomUUID(),
    causationId: randomUUID(),
    actor: { agency: 'office', user: 'tester' },
    ...overrides,
  };
}

export function newEvents(count: number, type = 'LeadReceived'): NewEvent[] {
  return Array.from({ length: count }, (_, i) => newEvent(type, { i }));
}
