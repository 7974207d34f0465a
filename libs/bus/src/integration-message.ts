/**
 * The Kafka message is an integration contract, separate from the domain event
 * type: a versioned JSON document carrying the envelope's metadata (ids,
 * stream position, time, actor, hash chain) and the contract event the owning
 * service published (type, contract version, data). Consumers validate it
 * before handing it to a handler; a message that fails validation is parked.
 * jm.event.v1 messages (the stored event as it was) may still be on a topic
 * and are read as before.
 */
import type { ContractEvent } from '@jm/contracts';
import { StoredEvent } from '@jm/event-sourcing';

export const CONTRACT = 'jm.event.v2';
/** The stored event itself: read, no longer written. */
export const CONTRACT_V1 = 'jm.event.v1';

/** The envelope without what the contract event carries. */
export type EnvelopeMetadata = Omit<StoredEvent, 'type' | 'schemaVersion' | 'data'>;

export interface IntegrationMessage {
  contract: typeof CONTRACT;
  envelope: EnvelopeMetadata;
  event: ContractEvent;
}

/** A service's publication: the contract event of a stored event, or undefined when it is not published. */
export type EventPublication = (event: StoredEvent) => ContractEvent | undefined;

/** The publication of a stream without a contract of its own: the event as stored. */
export const publishAsStored = (event: StoredEvent): ContractEvent => ({ type: event.type, version: event.schemaVersion, data: event.data });

/**
 * A service's publication from its streams' publication functions (each takes the stream's domain events, which is
 * what its stored events are), by stream id prefix; a stream without one is published as stored.
 */
export function servicePublication(
  streams: ReadonlyArray<readonly [prefix: string, publish: (event: never) => ContractEvent | undefined]>,
): EventPublication {
  return (event) => {
    const stream = streams.find(([prefix]) => event.streamId.startsWith(prefix));
    return stream ? stream[1]({ type: event.type, data: event.data } as never) : publishAsStored(event);
  };
}

/** The Kafka message of a published event. */
export function encodePublished(event: StoredEvent, published: ContractEvent): { key: string; value: string; headers: Record<string, string> } {
  const { type: _type, schemaVersion: _schemaVersion, data: _data, ...envelope } = event;
  const message: IntegrationMessage = { contract: CONTRACT, envelope, event: published };
  return {
    key: event.streamId,
    value: JSON.stringify(message),
    headers: { 'event-id': event.id, 'event-type': published.type, contract: CONTRACT },
  };
}

/** The Kafka message of an event published as stored. */
export function encodeMessage(event: StoredEvent): { key: string; value: string; headers: Record<string, string> } {
  return encodePublished(event, publishAsStored(event));
}

export class InvalidMessageError extends Error {
  readonly code = 'INVALID_MESSAGE';
  constructor(detail: string) {
    super(`Invalid integration message: ${detail}`);
    this.name = 'InvalidMessageError';
  }
}

const STRING_FIELDS = ['id', 'streamId', 'time', 'correlationId', 'causationId', 'hash', 'prevHash'] as const;
const NUMBER_FIELDS = ['streamVersion', 'position'] as const;

/** Checks the envelope's metadata; `at` names the object in errors. */
function checkEnvelope(envelope: Record<string, unknown>, at: string): void {
  for (const field of STRING_FIELDS) {
    if (typeof envelope[field] !== 'string') throw new InvalidMessageError(`${at}.${field} must be a string`);
  }
  for (const field of NUMBER_FIELDS) {
    if (!Number.isInteger(envelope[field])) throw new InvalidMessageError(`${at}.${field} must be an integer`);
  }
  const actor = envelope.actor as Record<string, unknown> | undefined;
  if (!actor || typeof actor.agency !== 'string' || typeof actor.user !== 'string') {
    throw new InvalidMessageError(`${at}.actor must have string agency and user`);
  }
}

/**
 * Parses and checks a message value; throws InvalidMessageError naming the first bad field. The event comes back in
 * the stored event's shape (type, schema version = contract version, data): handlers decode it with the contract
 * decoder of its stream category, as they decode a stored event on the embedded bus.
 */
export function decodeMessage(value: Buffer | string | null): StoredEvent {
  if (value === null) throw new InvalidMessageError('empty value');
  let parsed: unknown;
  try {
    parsed = JSON.parse(typeof value === 'string' ? value : value.toString('utf8'));
  } catch (error) {
    throw new InvalidMessageError(`not JSON (${(error as Error).message})`);
  }
  const message = parsed as Record<string, unknown> | null;
  if (!message || typeof message !== 'object') throw new InvalidMessageError('not an object');
  if (message.contract === CONTRACT_V1) return decodeV1(message.event);
  if (message.contract !== CONTRACT) throw new InvalidMessageError(`contract must be ${CONTRACT_V1} or ${CONTRACT}, got ${String(message.contract)}`);
  const envelope = message.envelope as Record<string, unknown> | undefined;
  if (!envelope || typeof envelope !== 'object') throw new InvalidMessageError('envelope is missing');
  checkEnvelope(envelope, 'envelope');
  const event = message.event as Record<string, unknown> | undefined;
  if (!event || typeof event !== 'object') throw new InvalidMessageError('event is missing');
  if (typeof event.type !== 'string') throw new InvalidMessageError('event.type must be a string');
  if (!Number.isInteger(event.version)) throw new InvalidMessageError('event.version must be an integer');
  if (!('data' in event)) throw new InvalidMessageError('event.data is missing');
  return { ...(envelope as unknown as EnvelopeMetadata), type: event.type, schemaVersion: event.version as number, data: event.data };
}

function decodeV1(value: unknown): StoredEvent {
  const event = value as Record<string, unknown> | undefined;
  if (!event || typeof event !== 'object') throw new InvalidMessageError('event is missing');
  checkEnvelope(event, 'event');
  if (typeof event.type !== 'string') throw new InvalidMessageError('event.type must be a string');
  if (!Number.isInteger(event.schemaVersion)) throw new InvalidMessageError('event.schemaVersion must be an integer');
  if (!('data' in event)) throw new InvalidMessageError('event.data is missing');
  return event as unknown as StoredEvent;
}
