/**
 * Checks a batch before any adapter touches storage, and prepares the rows with
 * their chained hashes. Shared by every adapter so they reject the same input the
 * same way.
 */
import { EventMetadata, NewEvent } from './envelope';
import { AppendResult, ExpectedVersion } from './event-store.port';
import { DuplicateEventIdError, InvalidAppendError, WrongExpectedVersionError } from './errors';
import { chainHash } from './hash';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
// eslint-disable-next-line no-control-regex -- control characters are exactly what this rejects
const CONTROL = /[\u0000-\u001f\u007f]/;
const STREAM_ID = /^[a-z][a-z0-9]*(-[A-Za-z0-9_.:]+)+$/;

/** Positions number the events of one append in 12 bits (postgres-schema.ts). */
export const MAX_EVENTS_PER_APPEND = 4096;

export interface PreparedEvent {
  event: NewEvent;
  streamVersion: number;
  dataText: string;
  prevHash: string;
  hash: string;
}

/** Whether a stream by this id can exist at all ("<kind>-<id>", lowercase kind, at most 200 characters). */
export function isStreamId(streamId: unknown): streamId is string {
  return typeof streamId === 'string' && streamId.length <= 200 && STREAM_ID.test(streamId);
}

export function validateAppend(streamId: string, events: NewEvent[], expected: ExpectedVersion): void {
  const where = `append to ${streamId}`;
  if (!isStreamId(streamId)) {
    throw new InvalidAppendError(`${where}: stream id must look like "<kind>-<id>" (lowercase kind, at most 200 characters)`);
  }
  if (!(expected === 'any' || expected === 'no_stream' || (Number.isInteger(expected) && (expected as number) >= 0))) {
    throw new InvalidAppendError(`${where}: expected version must be 'any', 'no_stream' or a revision >= 0, got ${String(expected)}`);
  }
  if (!Array.isArray(events) || events.length === 0 || events.length > MAX_EVENTS_PER_APPEND) {
    throw new InvalidAppendError(
      `${where}: an append holds 1 to ${MAX_EVENTS_PER_APPEND} events, got ${Array.isArray(events) ? events.length : 'none'}`,
    );
  }
  const seen = new Set<string>();
  events.forEach((e, i) => {
    const at = `${where}, event[${i}]`;
    if (!e || typeof e !== 'object') throw new InvalidAppendError(`${at}: not an object`);
    if (typeof e.id !== 'string' || !UUID.test(e.id)) throw new InvalidAppendError(`${at}: id must be a lowercase UUID (got ${String(e.id)})`);
    if (seen.has(e.id)) throw new InvalidAppendError(`${at}: id ${e.id} appears twice in the batch`);
    seen.add(e.id);
    if (typeof e.type !== 'string' || !/^[A-Za-z][A-Za-z0-9]{0,99}$/.test(e.type)) {
      throw new InvalidAppendError(`${at}: type must be an identifier like "LeadReceived"`);
    }
    if (!Number.isInteger(e.schemaVersion) || e.schemaVersion < 1) throw new InvalidAppendError(`${at}: schemaVersion must be an integer >= 1`);
    if (typeof e.time !== 'string' || Number.isNaN(Date.parse(e.time)) || new Date(e.time).toISOString() !== e.time) {
      throw new InvalidAppendError(`${at}: time must be an ISO-8601 UTC instant like 2026-01-31T08:00:00.000Z`);
    }
    const fields: Array<[string, unknown]> = [
      ['correlationId', e.correlationId],
      ['causationId', e.causationId],
      ['actor.agency', e.actor?.agency],
      ['actor.user', e.actor?.user],
    ];
    for (const [name, value] of fields) {
      if (typeof value !== 'string' || value.length === 0 || value.length > 200 || CONTROL.test(value)) {
        throw new InvalidAppendError(`${at}: ${name} must be a non-empty string of at most 200 characters without control characters`);
      }
    }
    if (e.data === undefined) throw new InvalidAppendError(`${at}: data is required (use null or {} for none)`);
    if (e.metadata !== undefined) validateMetadata(e.metadata, at);
  });
}

const TRACEPARENT = /^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/;

function validateMetadata(metadata: EventMetadata, at: string): void {
  if (!metadata || typeof metadata !== 'object' || Array.isArray(metadata)) throw new InvalidAppendError(`${at}: metadata must be an object`);
  const { traceparent, tracestate, ...rest } = metadata;
  const unknown = Object.keys(rest);
  if (unknown.length) throw new InvalidAppendError(`${at}: metadata may hold traceparent and tracestate only, not ${unknown.join(', ')}`);
  if (traceparent !== undefined && (typeof traceparent !== 'string' || !TRACEPARENT.test(traceparent)))
    throw new InvalidAppendError(`${at}: metadata.traceparent must be a W3C traceparent like 00-<32 hex>-<16 hex>-01`);
  if (tracestate !== undefined && (typeof tracestate !== 'string' || tracestate.length > 512 || CONTROL.test(tracestate)))
    throw new InvalidAppendError(`${at}: metadata.tracestate must be a string of at most 512 characters without control characters`);
}

/** The metadata column's text: NULL when there is none, so events without it read back without it. */
export function metadataText(event: NewEvent): string | null {
  const metadata = event.metadata;
  return metadata && (metadata.traceparent !== undefined || metadata.tracestate !== undefined) ? JSON.stringify(metadata) : null;
}

/** Revision of the last event the append must follow, or throws the typed conflict. */
export function checkExpected(streamId: string, expected: ExpectedVersion, current: number | undefined): void {
  const actual = current === undefined ? 'no_stream' : current;
  if (expected === 'any') return;
  if (expected === 'no_stream' ? current !== undefined : current !== expected) {
    throw new WrongExpectedVersionError(streamId, expected, actual);
  }
}

export function prepareEvents(streamId: string, events: NewEvent[], current: number | undefined, lastHash: string): PreparedEvent[] {
  let prevHash = current === undefined ? '' : lastHash;
  let version = current === undefined ? 0 : current + 1;
  return events.map((event) => {
    const dataText = JSON.stringify(event.data);
    const streamVersion = version++;
    const hash = chainHash(prevHash, { ...event, streamId, streamVersion }, dataText);
    const prepared = { event, streamVersion, dataText, prevHash, hash };
    prevHash = hash;
    return prepared;
  });
}

/**
 * After an event-id clash: the append is a retry of one already stored when all
 * of its ids are stored, in this stream, consecutively and in the same order.
 */
export function isSameAppend(streamId: string, events: NewEvent[], stored: Array<{ id: string; streamId: string; streamVersion: number }>): boolean {
  if (stored.length !== events.length) return false;
  const byId = new Map(stored.map((s) => [s.id, s]));
  let first: number | undefined;
  return events.every((e, i) => {
    const s = byId.get(e.id);
    if (!s || s.streamId !== streamId) return false;
    if (first === undefined) first = s.streamVersion;
    return s.streamVersion === first + i;
  });
}

export interface StoredRef {
  id: string;
  streamId: string;
  streamVersion: number;
  position: number;
}

/** The answer to an append whose ids are stored already: the original result, or a refusal. */
export function retriedAppendResult(streamId: string, events: NewEvent[], stored: StoredRef[]): AppendResult {
  if (!isSameAppend(streamId, events, stored)) {
    const clash = stored[0];
    throw new DuplicateEventIdError(clash.id, `stored in ${clash.streamId} at version ${clash.streamVersion}, not as this append`);
  }
  const last = stored.reduce((a, b) => (a.streamVersion > b.streamVersion ? a : b));
  return { nextExpectedVersion: last.streamVersion, position: last.position };
}
