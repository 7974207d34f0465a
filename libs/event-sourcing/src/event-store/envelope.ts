/**
 * The stored event envelope (architecture.md, rule 10) and the shape a command
 * handler hands to the store. Everything an auditor needs travels with the event.
 */

/** Who caused an event: the agency (unit code from the registry) and the user. */
export interface Actor {
  agency: string;
  user: string;
}

/**
 * Operational context that travels with an event and is not part of what it records: the W3C trace context of the
 * append (docs/operations/tracing.md), so a relay, a consumer or a replay continues the trace that caused it. Not
 * hashed and not audited; absent on events appended without a trace.
 */
export interface EventMetadata {
  traceparent?: string;
  tracestate?: string;
}

/** What a caller appends. Ids and times come from the caller, never from the store. */
export interface NewEvent<Data = unknown> {
  /** UUID chosen by the caller; a retried append with the same id stores nothing twice. */
  id: string;
  type: string;
  schemaVersion: number;
  data: Data;
  /** ISO-8601 instant the command was handled (comes from the command, not the clock). */
  time: string;
  correlationId: string;
  causationId: string;
  actor: Actor;
  /** Stored as given, outside the hash chain; readers get it back only when it was given. */
  metadata?: EventMetadata;
}

/** What every reader gets back. */
export interface StoredEvent<Data = unknown> extends NewEvent<Data> {
  streamId: string;
  /** 0-based revision of the event within its stream. */
  streamVersion: number;
  /** Position in the global log; increasing in commit order, may have gaps. */
  position: number;
  /** Hash of the previous event of the same stream ('' for the first). */
  prevHash: string;
  /** Hash of this event chained to prevHash, hex; algorithm in hashAlg. */
  hash: string;
  hashAlg: 'SM3';
}

/**
 * What a projection reads of a stored event (EventStore.readAllForProjection):
 * the envelope without its audit-only fields (hash chain, correlation,
 * causation, user, schema version), which a bulk reader would decode for
 * nothing. A StoredEvent is one.
 */
export interface ProjectionEvent<Data = unknown> {
  id: string;
  type: string;
  data: Data;
  time: string;
  actor: Pick<Actor, 'agency'>;
  streamId: string;
  streamVersion: number;
  position: number;
}
