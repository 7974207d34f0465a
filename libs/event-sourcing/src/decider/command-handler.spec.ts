import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PostgresEventStore } from '../event-store/postgres/postgres-event-store';
import { SqliteEventStore } from '../event-store/sqlite/sqlite-event-store';
import { verifyChain } from '../event-store/hash';
import { WrongExpectedVersionError } from '../event-store/errors';
import { deciderSpec } from '../testing/decider-spec';
import { createTestSchema } from '@jm/testing';
import { assertNever, Decider, DomainEvent } from './decider';
import { CommandHandler, ConcurrencyRetriesExhaustedError, deriveEventId } from './command-handler';
import { createUpcaster } from './upcasting';

// A small stream to exercise the machinery: a memo that is opened, noted and closed.
type MemoEvent =
  DomainEvent<'MemoOpened', { title: string }> | DomainEvent<'MemoNoted', { text: string }> | DomainEvent<'MemoClosed', { reason: string }>;
type MemoCommand = { kind: 'OpenMemo'; title: string } | { kind: 'NoteMemo'; text: string } | { kind: 'CloseMemo'; reason: string };
type MemoState = { status: 'none' } | { status: 'open'; notes: number } | { status: 'closed'; notes: number };

class MemoConflict extends Error {}

const memo: Decider<MemoCommand, MemoState, MemoEvent> = {
  initialState: () => ({ status: 'none' }),
  decide(command, state) {
    switch (command.kind) {
      case 'OpenMemo':
        if (state.status !== 'none') throw new MemoConflict('memo already exists');
        return [{ type: 'MemoOpened', data: { title: command.title } }];
      case 'NoteMemo':
        if (state.status !== 'open') throw new MemoConflict('memo is not open');
        return [{ type: 'MemoNoted', data: { text: command.text } }];
      case 'CloseMemo':
        if (state.status === 'closed') return [];
        if (state.status !== 'open') throw new MemoConflict('memo is not open');
        return [{ type: 'MemoClosed', data: { reason: command.reason } }];
      default:
        return assertNever(command, 'command');
    }
  },
  evolve(state, event) {
    switch (event.type) {
      case 'MemoOpened':
        return { status: 'open', notes: 0 };
      case 'MemoNoted':
        return state.status === 'open' ? { status: 'open', notes: state.notes + 1 } : state;
      case 'MemoClosed':
        return state.status === 'open' ? { status: 'closed', notes: state.notes } : state;
      default:
        return assertNever(event, 'event');
    }
  },
};

const opened: MemoEvent = { type: 'MemoOpened', data: { title: '排查台账' } };
const envelopeOf = (id: string) => ({
  id,
  schemaVersion: 1,
  time: '2026-04-01T02:00:00.000Z',
  correlationId: id,
  causationId: id,
  actor: { agency: 'office', user: 'clerk' },
});
const meta = (commandId: string = randomUUID()) => ({
  commandId,
  time: '2026-04-01T02:00:00.000Z',
  actor: { agency: 'office', user: 'clerk' },
});

describe('deciderSpec', () => {
  const spec = deciderSpec(memo);
  it('given/when/then', () => {
    spec
      .given([opened])
      .when({ kind: 'NoteMemo', text: '核查中' })
      .then([{ type: 'MemoNoted', data: { text: '核查中' } }]);
    spec.given([]).when({ kind: 'NoteMemo', text: 'x' }).thenThrows(MemoConflict);
    spec
      .given([opened, { type: 'MemoClosed', data: { reason: 'done' } }])
      .when({ kind: 'CloseMemo', reason: 'again' })
      .thenNothing();
  });
  it('fails when the decision differs', () => {
    expect(() => spec.given([]).when({ kind: 'OpenMemo', title: 'a' }).then([])).toThrow();
  });
});

describe('deriveEventId', () => {
  it('is a stable lowercase UUID per command and index', () => {
    const id = deriveEventId('cmd-1', 0);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(deriveEventId('cmd-1', 0)).toBe(id);
    expect(deriveEventId('cmd-1', 1)).not.toBe(id);
    expect(deriveEventId('cmd-2', 0)).not.toBe(id);
  });
});

describe('createUpcaster', () => {
  it('lifts old shapes step by step when read, leaving newer ones alone', () => {
    const upcast = createUpcaster([
      { type: 'MemoOpened', fromVersion: 1, upcast: (data) => ({ data: { subject: (data as { name: string }).name } }) },
      { type: 'MemoOpened', fromVersion: 2, upcast: (data) => ({ data: { title: (data as { subject: string }).subject } }) },
    ]);
    const stored = {
      id: randomUUID(),
      type: 'MemoOpened',
      schemaVersion: 1,
      data: { name: '旧格式' },
      time: '2026-01-01T00:00:00.000Z',
      correlationId: 'c',
      causationId: 'c',
      actor: { agency: 'a', user: 'u' },
      streamId: 'memo-1',
      streamVersion: 0,
      position: 1,
      prevHash: '',
      hash: 'h',
      hashAlg: 'SM3' as const,
    };
    expect(upcast(stored)).toMatchObject({ schemaVersion: 3, data: { title: '旧格式' }, hash: 'h' });
    expect(upcast({ ...stored, schemaVersion: 3, data: { title: 'new' } }).data).toEqual({ title: 'new' });
    expect(stored.data).toEqual({ name: '旧格式' });
  });
});

describe('CommandHandler on the SQLite store', () => {
  const dir = mkdtempSync(join(tmpdir(), 'jm-ch-'));
  let store: SqliteEventStore;
  beforeEach(() => {
    store = SqliteEventStore.open({ path: join(dir, `${randomUUID()}.sqlite`) });
  });
  afterEach(() => store.close());
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('loads, decides and appends with envelopes built from the command metadata', async () => {
    const handler = new CommandHandler(store, memo, { schemaVersions: { MemoNoted: 2 } });
    await handler.handle('memo-1', { kind: 'OpenMemo', title: 't' }, meta('c1'));
    const result = await handler.handle('memo-1', { kind: 'NoteMemo', text: 'n' }, meta('c2'));
    expect(result.state).toEqual({ status: 'open', notes: 1 });
    const stored = await store.readStream('memo-1');
    expect(stored.map((e) => [e.type, e.schemaVersion, e.id])).toEqual([
      ['MemoOpened', 1, deriveEventId('c1', 0)],
      ['MemoNoted', 2, deriveEventId('c2', 0)],
    ]);
    expect(stored[1]).toMatchObject({ time: '2026-04-01T02:00:00.000Z', correlationId: 'c2', actor: { agency: 'office', user: 'clerk' } });
    expect(verifyChain(stored).ok).toBe(true);
  });

  it('a command retried with the same id appends nothing twice', async () => {
    const handler = new CommandHandler(store, memo);
    await handler.handle('memo-2', { kind: 'OpenMemo', title: 't' }, meta());
    const note = meta();
    const first = await handler.handle('memo-2', { kind: 'NoteMemo', text: 'once' }, note);
    const second = await handler.handle('memo-2', { kind: 'NoteMemo', text: 'once' }, note);
    expect(second.nextExpectedVersion).toBe(first.nextExpectedVersion);
    expect(await store.readStream('memo-2')).toHaveLength(2);
  });

  it('propagates domain errors and appends nothing', async () => {
    const handler = new CommandHandler(store, memo);
    await expect(handler.handle('memo-3', { kind: 'NoteMemo', text: 'x' }, meta())).rejects.toBeInstanceOf(MemoConflict);
    expect(await store.readStream('memo-3')).toHaveLength(0);
  });

  it('given a retried command after the stream moved on, then it answers what it did the first time instead of deciding again', async () => {
    const handler = new CommandHandler(store, memo);
    await handler.handle('memo-4', { kind: 'OpenMemo', title: 't' }, meta());
    const close = meta();
    const first = await handler.handle('memo-4', { kind: 'CloseMemo', reason: 'done' }, close);
    // Deciding CloseMemo again on a closed memo would throw; the retry must not get there.
    const retried = await handler.handle('memo-4', { kind: 'CloseMemo', reason: 'done' }, { ...close, expectedVersion: 0 });
    expect(retried).toMatchObject({ events: [{ type: 'MemoClosed', data: { reason: 'done' } }], nextExpectedVersion: first.nextExpectedVersion });
    expect(await store.readStream('memo-4')).toHaveLength(2);
  });

  it('given an expected version the stream has moved past (If-Match), then a WrongExpectedVersionError and nothing appended', async () => {
    const handler = new CommandHandler(store, memo);
    await handler.handle('memo-5', { kind: 'OpenMemo', title: 't' }, meta());
    await handler.handle('memo-5', { kind: 'NoteMemo', text: 'a' }, { ...meta(), expectedVersion: 0 });
    await expect(handler.handle('memo-5', { kind: 'NoteMemo', text: 'b' }, { ...meta(), expectedVersion: 0 })).rejects.toBeInstanceOf(
      WrongExpectedVersionError,
    );
    await expect(handler.handle('memo-6', { kind: 'OpenMemo', title: 't' }, { ...meta(), expectedVersion: 3 })).rejects.toMatchObject({
      actual: 'no_stream',
    });
    expect(await store.readStream('memo-5')).toHaveLength(2);
  });
});

/** The real store, with its stream reads noted. */
function observe(store: SqliteEventStore, onRead: (streamId: string) => void): SqliteEventStore {
  return new Proxy(store, {
    get(target, property, receiver) {
      if (property === 'readStream') return (streamId: string) => (onRead(streamId), target.readStream(streamId));
      const value = Reflect.get(target, property, receiver) as unknown;
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

describe('CommandHandler on a store whose stream reads are noted', () => {
  const dir = mkdtempSync(join(tmpdir(), 'jm-ch-new-'));
  let store: SqliteEventStore;
  let reads: string[];
  let observed: SqliteEventStore;
  beforeEach(() => {
    store = SqliteEventStore.open({ path: join(dir, `${randomUUID()}.sqlite`) });
    reads = [];
    observed = observe(store, (streamId) => reads.push(streamId));
  });
  afterEach(() => store.close());
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  describe('CommandHandler with newStream (a stream id just drawn at random)', () => {
    it('given a stream that does not exist, then it appends without reading the stream', async () => {
      const handler = new CommandHandler(observed, memo);
      const result = await handler.handle('memo-new-1', { kind: 'OpenMemo', title: 't' }, meta('n1'), { newStream: true });
      expect(reads).toEqual([]);
      expect(result).toMatchObject({ state: { status: 'open', notes: 0 }, nextExpectedVersion: 0 });
      const stored = await store.readStream('memo-new-1');
      expect(stored.map((e) => [e.type, e.id])).toEqual([['MemoOpened', deriveEventId('n1', 0)]]);
    });

    it('given a stream that exists after all, then it reads it and decides as without the option', async () => {
      const handler = new CommandHandler(observed, memo);
      await handler.handle('memo-new-2', { kind: 'OpenMemo', title: 't' }, meta('n2'));
      reads = [];
      // A command the existing state refuses is refused, and nothing is appended.
      await expect(handler.handle('memo-new-2', { kind: 'OpenMemo', title: 'again' }, meta(), { newStream: true })).rejects.toBeInstanceOf(
        MemoConflict,
      );
      expect(reads).toEqual(['memo-new-2']);
      // A command the existing state allows is decided on that state.
      const noted = await handler.handle('memo-new-2', { kind: 'NoteMemo', text: 'n' }, meta(), { newStream: true });
      expect(noted).toMatchObject({ state: { status: 'open', notes: 1 }, nextExpectedVersion: 1 });
      // A retried command answers what it did the first time.
      const retried = await handler.handle('memo-new-2', { kind: 'OpenMemo', title: 't' }, meta('n2'), { newStream: true });
      expect(retried).toMatchObject({ events: [{ type: 'MemoOpened' }], nextExpectedVersion: 0 });
      expect((await store.readStream('memo-new-2')).map((e) => e.type)).toEqual(['MemoOpened', 'MemoNoted']);
    });

    it('given an expected version (If-Match), then the option is ignored and the stream is read', async () => {
      const handler = new CommandHandler(observed, memo);
      await handler.handle('memo-new-3', { kind: 'OpenMemo', title: 't' }, meta());
      reads = [];
      await handler.handle('memo-new-3', { kind: 'NoteMemo', text: 'a' }, { ...meta(), expectedVersion: 0 }, { newStream: true });
      expect(reads).toEqual(['memo-new-3']);
    });
  });

  describe('CommandHandler with the command as a function of the loaded state (one load per command)', () => {
    class NotVisible extends Error {}
    /** An access check on the state, as a service's need-to-know would do, then the command. */
    const noteIfOpen =
      (text: string, seen: Array<[MemoState, number | undefined]>) =>
      (state: MemoState, version: number | undefined): MemoCommand => {
        seen.push([state, version]);
        if (state.status === 'none') throw new NotVisible('no such memo');
        return { kind: 'NoteMemo', text };
      };

    it('given an access check and a command built from the state, then the stream is read once and the command decided on that state', async () => {
      const handler = new CommandHandler(observed, memo);
      await handler.handle('memo-of-1', { kind: 'OpenMemo', title: 't' }, meta());
      reads = [];
      const seen: Array<[MemoState, number | undefined]> = [];
      const result = await handler.handle('memo-of-1', noteIfOpen('n', seen), meta());
      expect(reads).toEqual(['memo-of-1']);
      expect(seen).toEqual([[{ status: 'open', notes: 0 }, 0]]);
      expect(result).toMatchObject({ state: { status: 'open', notes: 1 }, nextExpectedVersion: 1 });
    });

    it('given a check that refuses, then its error and nothing appended', async () => {
      const handler = new CommandHandler(observed, memo);
      await expect(handler.handle('memo-of-2', noteIfOpen('n', []), meta())).rejects.toBeInstanceOf(NotVisible);
      expect(reads).toEqual(['memo-of-2']);
      expect(await store.readStream('memo-of-2')).toHaveLength(0);
    });

    it('given a concurrent append between the load and the append, then the function runs again on the fresh state', async () => {
      const handler = new CommandHandler(observed, memo);
      await handler.handle('memo-of-3', { kind: 'OpenMemo', title: 't' }, meta());
      reads = [];
      const seen: Array<[MemoState, number | undefined]> = [];
      const check = noteIfOpen('mine', seen);
      const result = await handler.handle(
        'memo-of-3',
        async (state, version) => {
          // Someone else notes the memo after this attempt loaded it: this attempt's append is refused.
          if (seen.length === 0) await store.append('memo-of-3', [{ ...envelopeOf(randomUUID()), type: 'MemoNoted', data: { text: 'theirs' } }], 0);
          return check(state, version);
        },
        meta(),
      );
      expect(reads).toEqual(['memo-of-3', 'memo-of-3']);
      expect(seen).toEqual([
        [{ status: 'open', notes: 0 }, 0],
        [{ status: 'open', notes: 1 }, 1],
      ]);
      expect(result).toMatchObject({ state: { status: 'open', notes: 2 }, nextExpectedVersion: 2 });
    });

    it('given a state that leaves nothing to do (the function answers undefined), then nothing appended and the loaded state answered', async () => {
      const handler = new CommandHandler(observed, memo);
      await handler.handle('memo-of-5', { kind: 'OpenMemo', title: 't' }, meta());
      reads = [];
      const result = await handler.handle('memo-of-5', (state) => (state.status === 'closed' ? { kind: 'NoteMemo', text: 'n' } : undefined), meta());
      expect(reads).toEqual(['memo-of-5']);
      expect(result).toEqual({ events: [], state: { status: 'open', notes: 0 }, nextExpectedVersion: 0 });
      expect(await store.readStream('memo-of-5')).toHaveLength(1);
    });

    it('given metadata as a function of the command and the state, then the command id comes from the state of the attempt that appends', async () => {
      const handler = new CommandHandler(observed, memo);
      await handler.handle('memo-of-6', { kind: 'OpenMemo', title: 't' }, meta());
      reads = [];
      const ids: string[] = [];
      const result = await handler.handle(
        'memo-of-6',
        async (state) => {
          // Someone else notes the memo after the first load: the second attempt sees one note more.
          if (ids.length === 0) await store.append('memo-of-6', [{ ...envelopeOf(randomUUID()), type: 'MemoNoted', data: { text: 'theirs' } }], 0);
          return { kind: 'NoteMemo', text: `note ${state.status === 'open' ? state.notes + 1 : 0}` };
        },
        (command, state) => {
          const commandId = `${command.kind}:${state.status === 'open' ? state.notes + 1 : 0}`;
          ids.push(commandId);
          return meta(commandId);
        },
      );
      expect(ids).toEqual(['NoteMemo:1', 'NoteMemo:2']);
      expect(reads).toEqual(['memo-of-6', 'memo-of-6']);
      expect(result).toMatchObject({ events: [{ type: 'MemoNoted', data: { text: 'note 2' } }], nextExpectedVersion: 2 });
      expect((await store.readStream('memo-of-6')).at(-1)).toMatchObject({ id: deriveEventId('NoteMemo:2', 0), correlationId: 'NoteMemo:2' });
      // Retried under the id it was appended with, it answers what it did then.
      const again = await handler.handle('memo-of-6', { kind: 'NoteMemo', text: 'note 2' }, meta('NoteMemo:2'));
      expect(again).toMatchObject({ events: [{ type: 'MemoNoted', data: { text: 'note 2' } }], nextExpectedVersion: 2 });
    });

    it('given newStream and a function, then nothing is read and the function sees the initial state', async () => {
      const handler = new CommandHandler(observed, memo);
      const seen: MemoState[] = [];
      await handler.handle('memo-of-4', (state) => (seen.push(state), { kind: 'OpenMemo', title: 't' }), meta(), { newStream: true });
      expect(reads).toEqual([]);
      expect(seen).toEqual([{ status: 'none' }]);
    });
  });
});

describe('CommandHandler under real concurrency (PostgreSQL)', () => {
  let schema: Awaited<ReturnType<typeof createTestSchema>>;
  let store: PostgresEventStore;
  beforeAll(async () => {
    schema = await createTestSchema('ch');
    store = await PostgresEventStore.connect({ url: schema.url, schema: schema.schema, poolSize: 12 });
  });
  afterAll(async () => {
    await store.close();
    await schema.drop();
  });

  it('retries on version conflicts until every concurrent command is appended', async () => {
    const handler = new CommandHandler(store, memo, { maxAttempts: 50 });
    await handler.handle('memo-pg', { kind: 'OpenMemo', title: 't' }, meta());
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => handler.handle('memo-pg', { kind: 'NoteMemo', text: `n${i}` }, meta())));
    expect(results).toHaveLength(10);
    const stored = await store.readStream('memo-pg');
    expect(stored).toHaveLength(11);
    expect(verifyChain(stored).ok).toBe(true);
  });

  it('gives up with a typed error after the bounded number of attempts', async () => {
    const handler = new CommandHandler(store, memo, { maxAttempts: 1 });
    await handler.handle('memo-pg2', { kind: 'OpenMemo', title: 't' }, meta());
    const outcomes = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) => handler.handle('memo-pg2', { kind: 'NoteMemo', text: `n${i}` }, meta())),
    );
    const rejected = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
    expect(rejected.length).toBeGreaterThan(0);
    rejected.forEach((r) => expect(r.reason).toBeInstanceOf(ConcurrencyRetriesExhaustedError));
    expect(await store.readStream('memo-pg2')).toHaveLength(1 + outcomes.length - rejected.length);
  });
});
