/**
 * Thin command handling (style.md rule 7): load the stream once, upcast, fold,
 * build the command from that state (its access checks included), decide,
 * append with the version of that load; on a version conflict start again from
 * the load, a bounded number of times. Event ids derive from the command id, so
 * a command retried by its caller (HTTP retry, redelivery) appends nothing twice.
 */
import { createHash } from 'node:crypto';
import { Actor, NewEvent, StoredEvent } from '../event-store/envelope';
import { EventStore } from '../event-store/event-store.port';
import { WrongExpectedVersionError } from '../event-store/errors';
import { isStreamId } from '../event-store/append-input';
import { Decider, DomainEvent } from './decider';

export interface CommandMetadata {
  /** Unique per command; the source of event ids. */
  commandId: string;
  /** ISO-8601 UTC instant the command is handled at. */
  time: string;
  actor: Actor;
  correlationId?: string;
  causationId?: string;
  /**
   * The stream version the caller last saw (HTTP If-Match). When given, a
   * stream that has moved on is a WrongExpectedVersionError (409) instead of a
   * silent retry on the newer state.
   */
  expectedVersion?: number;
}

export interface HandleResult<State, Event> {
  events: Event[];
  state: State;
  nextExpectedVersion: number | undefined;
  position?: number;
}

export interface CommandHandlerOptions {
  maxAttempts?: number;
  /** Schema version written for each event type (default 1). */
  schemaVersions?: Record<string, number>;
  /** Applied to stored events before they are folded (upcasting). */
  upcast?: (event: StoredEvent) => StoredEvent;
}

/**
 * The command as a function of the stream as loaded (state, version, and the upcast events for
 * rules that read the history): it checks what the caller may do there (throwing NotFound/Forbidden/
 * rule errors) and returns the command, or undefined when that state leaves nothing to do (nothing
 * is appended). Run on each attempt's load, so a retry sees fresh state.
 */
export type CommandOf<Command, State> = (
  state: State,
  version: number | undefined,
  stored: StoredEvent[],
) => Command | undefined | Promise<Command | undefined>;

/** Metadata whose command id depends on the state the command was built from (a scheduler's round): run after the command function, on the same load. */
export type MetadataOf<Command, State> = (command: Command, state: State) => CommandMetadata;

export class ConcurrencyRetriesExhaustedError extends Error {
  readonly code = 'CONCURRENCY_RETRIES_EXHAUSTED';
  constructor(streamId: string, attempts: number) {
    super(`Stream ${streamId} kept changing: gave up after ${attempts} attempts; try again`);
    this.name = 'ConcurrencyRetriesExhaustedError';
  }
}

/** A name-based UUID (version 8 layout) from the command id and the event's index. */
export function deriveEventId(commandId: string, index: number): string {
  const h = createHash('sm3').update(`${commandId}#${index}`).digest('hex');
  const variant = ((parseInt(h[16], 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export class CommandHandler<Command, State, Event extends DomainEvent> {
  constructor(
    private readonly store: EventStore,
    private readonly decider: Decider<Command, State, Event>,
    private readonly options: CommandHandlerOptions = {},
  ) {}

  /** A stream id that can never be written (an id from a URL that is not well formed) loads as a stream with no events, never a store error. */
  async load(streamId: string): Promise<{ state: State; version: number | undefined; stored: StoredEvent[] }> {
    const stored = (isStreamId(streamId) ? await this.store.readStream(streamId) : []).map(this.options.upcast ?? ((e: StoredEvent) => e));
    let state = this.decider.initialState();
    for (const e of stored) state = this.decider.evolve(state, { type: e.type, data: e.data } as Event);
    return { state, version: stored.length ? stored[stored.length - 1].streamVersion : undefined, stored };
  }

  /**
   * `options.newStream`: the caller has just drawn the stream's id at random, so the stream almost surely does not
   * exist. The first attempt then decides on the initial state and appends with `no_stream` without reading the
   * stream (one round trip less on the submit path). If the stream exists after all the append is refused, and if
   * the decider refuses or decides nothing on the initial state, it is not trusted either: in each case the next
   * attempt loads the stream as usual, so the outcome is the same as without the option.
   *
   * `command` is the command itself or a function of the loaded state that builds it ({@link CommandOf});
   * either way the stream is read once per attempt. `metadata` may be a function of the command built and
   * that state ({@link MetadataOf}), for a command id derived from the state.
   */
  async handle<C extends Command>(
    streamId: string,
    command: C | CommandOf<C, State>,
    metadata: CommandMetadata | MetadataOf<C, State>,
    options: { newStream?: boolean } = {},
  ): Promise<HandleResult<State, Event>> {
    const maxAttempts = this.options.maxAttempts ?? 5;
    for (let attempt = 1; ; attempt++) {
      const assumeNew = attempt === 1 && options.newStream === true && typeof metadata === 'object' && metadata.expectedVersion === undefined;
      const { state, version, stored } = assumeNew
        ? { state: this.decider.initialState(), version: undefined, stored: [] }
        : await this.load(streamId);
      let decided: C | undefined;
      try {
        decided = typeof command === 'function' ? await (command as CommandOf<C, State>)(state, version, stored) : command;
      } catch (error) {
        // Refused on the assumed empty state: as for a refused decision below, the real state has the last word.
        if (assumeNew) continue;
        throw error;
      }
      if (decided === undefined) {
        if (assumeNew) continue;
        return { events: [], state, nextExpectedVersion: version };
      }
      const meta = typeof metadata === 'function' ? metadata(decided, state) : metadata;
      // A command already handled (a retried request with the same command id) answers what it did then.
      const done = alreadyHandled(stored, meta.commandId);
      if (done.length > 0) {
        return {
          events: done.map((e) => ({ type: e.type, data: e.data }) as Event),
          state,
          nextExpectedVersion: done[done.length - 1].streamVersion,
          position: done[done.length - 1].position,
        };
      }
      if (meta.expectedVersion !== undefined && meta.expectedVersion !== version) {
        throw new WrongExpectedVersionError(streamId, meta.expectedVersion, version ?? 'no_stream');
      }
      let events: Event[];
      try {
        events = this.decider.decide(decided, state);
      } catch (error) {
        // Refused on the assumed empty state: whether the real state refuses too is known only by reading it.
        if (assumeNew) continue;
        throw error;
      }
      if (events.length === 0 && assumeNew) continue;
      if (events.length === 0) return { events, state, nextExpectedVersion: version };
      const toAppend: NewEvent[] = events.map((event, index) => ({
        id: deriveEventId(meta.commandId, index),
        type: event.type,
        schemaVersion: this.options.schemaVersions?.[event.type] ?? 1,
        data: event.data,
        time: meta.time,
        correlationId: meta.correlationId ?? meta.commandId,
        causationId: meta.causationId ?? meta.commandId,
        actor: meta.actor,
      }));
      try {
        const result = await this.store.append(streamId, toAppend, version === undefined ? 'no_stream' : version);
        return {
          events,
          state: events.reduce(this.decider.evolve, state),
          nextExpectedVersion: result.nextExpectedVersion,
          position: result.position,
        };
      } catch (error) {
        // With an explicit expected version the caller's view is stale: tell them instead of retrying.
        if (!(error instanceof WrongExpectedVersionError) || meta.expectedVersion !== undefined) throw error;
        // A stream assumed new that exists: the next attempt loads it and decides again.
        if (assumeNew) continue;
        if (attempt >= maxAttempts) throw new ConcurrencyRetriesExhaustedError(streamId, attempt);
      }
    }
  }
}

function alreadyHandled(stored: StoredEvent[], commandId: string): StoredEvent[] {
  const first = deriveEventId(commandId, 0);
  const start = stored.findIndex((e) => e.id === first);
  if (start < 0) return [];
  const result: StoredEvent[] = [];
  for (let i = start; i < stored.length && stored[i].id === deriveEventId(commandId, i - start); i++) result.push(stored[i]);
  return result;
}
