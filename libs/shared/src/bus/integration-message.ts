/**
 * The Kafka message is an integration contract, separate from the domain event
 * type: a versioned JSON document carrying the full envelope. Consumers validate
 * it before handing it to a handler; a message that fails validation is parked.
 */
import { StoredEvent } from '../event-store/envelope';

export const CONTRACT = 'jm.event.v1';

export interface IntegrationMessage {
  contract: typeof CONTRACT;
  event: StoredEvent;
}

export function encodeMessage(event: StoredEvent): { key: string; value: string; headers: Record<string, string> } {
  const message: IntegrationMessage = { contract: CONTRACT, event };
  return {
    key: event.streamId,
    value: JSON.stringify(message),
    headers: { 'event-id': event.id, 'event-type': event.type, contract: CONTRACT },
  };
}

export class InvalidMessageError extends Error {
  readonly code = 'INVALID_MESSAGE';
  constructor(detail: string) {
    super(`Invalid integration message: ${detail}`);
    this.name = 'InvalidMessageError';
  }
}

const STRING_FIELDS = ['id', 'type', 'streamId', 'time', 'correlationId', 'causationId', 'hash', 'prevHash'] as const;
const NUMBER_FIELDS = ['schemaVersion', 'streamVersion', 'position'] as const;

/** Parses and checks a message value; throws InvalidMessageError naming the first bad field. */
export function decodeMessage(value: Buffer | string | null): StoredEvent {
  if (value === null) throw new InvalidMessageError('empty value');
  let parsed: unknown;
  try {
    parsed = JSON.parse(typeof value === 'string' ? value : value.toString('utf8'));
  } catch (error) {
    throw new InvalidMessageError(`not JSON (${(error as Error).message})`);
  }
  const message = parsed as Partial<IntegrationMessage>;
  if (!message || typeof message !== 'object') throw new InvalidMessageError('not an object');
  if (message.contract !== CONTRACT) throw new InvalidMessageError(`contract must be ${CONTRACT}, got ${String(message.contract)}`);
  const event = message.event as unknown as Record<string, unknown> | undefined;
  if (!event || typeof event !== 'object') throw new InvalidMessageError('event is missing');
  for (const field of STRING_FIELDS) {
    if (typeof event[field] !== 'string') throw new InvalidMessageError(`event.${field} must be a string`);
  }
  for (const field of NUMBER_FIELDS) {
    if (!Number.isInteger(event[field])) throw new InvalidMessageError(`event.${field} must be an integer`);
  }
  const actor = event.actor as Record<string, unknown> | undefined;
  if (!actor || typeof actor.agency !== 'string' || typeof actor.user !== 'string') {
    throw new InvalidMessageError('event.actor must have string agency and user');
  }
  if (!('data' in event)) throw new InvalidMessageError('event.data is missing');
  return event as unknown as StoredEvent;
}
