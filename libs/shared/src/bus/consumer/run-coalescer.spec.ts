/**
 * RunCoalescer over a real ConsumerCore on both databases (PostgreSQL writes a
 * combined run's claims and checkpoints in one statement; SQLite in several).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { createTestSchema } from '../../testing/infra';
import { storedEvent } from '../../testing/stored-event';
import { EventHandler } from '../bus.port';
import { BUS_CONSUMER_ENTITIES } from './consumer.entities';
import { BUS_CONSUMER_MIGRATIONS } from './consumer.migrations';
import { ConsumerCore, RunItem } from './consumer-core';
import { RunCoalescer } from './run-coalescer';

const quiet = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

/** `count` events of one partition, from offset `first`. */
function partition(index: number, first: number, count: number): RunItem[] {
  return Array.from({ length: count }, (_, i) => ({
    event: storedEvent(`case-p${index}-${i}`),
    delivery: { topic: 't', source: `t:${index}`, position: String(first + i) },
  }));
}

const database: Array<[string, () => Promise<{ dataSource: DataSource; dispose: () => Promise<void> }>]> = [
  [
    'SQLite',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'jm-coalesce-'));
      const dataSource = new DataSource({ type: 'better-sqlite3', database: join(dir, 'c.db'), entities: BUS_CONSUMER_ENTITIES, migrations: BUS_CONSUMER_MIGRATIONS, migrationsRun: true });
      await dataSource.initialize();
      return { dataSource, dispose: async () => (await dataSource.destroy(), rmSync(dir, { recursive: true, force: true })) };
    },
  ],
  [
    'PostgreSQL',
    async () => {
      const schema = await createTestSchema('coalesce');
      const dataSource = new DataSource({ type: 'postgres', url: schema.url, schema: schema.schema, entities: BUS_CONSUMER_ENTITIES, migrations: BUS_CONSUMER_MIGRATIONS, migrationsRun: true });
      await dataSource.initialize();
      return { dataSource, dispose: async () => (await dataSource.destroy(), await schema.drop()) };
    },
  ],
];

describe.each(database)('RunCoalescer on %s', (_name, open) => {
  let db: Awaited<ReturnType<typeof open>>;
  beforeEach(async () => (db = await open()));
  afterEach(async () => db.dispose());

  /** A core whose handler notes each call with the events of its transaction, and waits at `gate` for the event given. */
  function setUp(options: { failOnce?: string; waitAt?: string; gate?: Promise<void> } = {}) {
    const calls: Array<{ id: string; attempt: number; transaction: string[] }> = [];
    const failed = new Set<string>();
    const handler: EventHandler = async (e, ctx) => {
      calls.push({ id: e.id, attempt: ctx.attempt, transaction: ctx.transaction.events.map((x) => x.id) });
      if (e.id === options.waitAt) await options.gate;
      if (e.id === options.failOnce && !failed.has(e.id)) {
        failed.add(e.id);
        throw new Error('fails once');
      }
    };
    const core = new ConsumerCore({ dataSource: db.dataSource, group: 'g', handler, logger: quiet, retryDelayMs: 1 });
    return { core, calls, coalescer: new RunCoalescer(core, 250) };
  }

  it('applies the runs submitted while one is applied together: one transaction, a checkpoint per source, each submitter its own outcome', async () => {
    const [a, b, c] = [partition(0, 10, 2), partition(1, 5, 1), partition(2, 7, 2)];
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const { core, calls, coalescer } = setUp({ waitAt: a[0].event.id, gate });
    const recorded: Record<string, number[]> = { a: [], b: [], c: [] };
    const pa = coalescer.apply(a, { onRecorded: (i) => recorded.a.push(i) });
    // a is being applied (its handler waits); b and c come in meanwhile
    while (calls.length === 0) await new Promise((resolve) => setImmediate(resolve));
    const pb = coalescer.apply(b, { onRecorded: (i) => recorded.b.push(i) });
    const pc = coalescer.apply(c, { onRecorded: (i) => recorded.c.push(i) });
    open();
    expect(await Promise.all([pa, pb, pc])).toEqual([
      { recorded: 2, aborted: false },
      { recorded: 1, aborted: false },
      { recorded: 2, aborted: false },
    ]);
    expect(recorded).toEqual({ a: [0, 1], b: [0], c: [0, 1] });
    const ids = (items: RunItem[]) => items.map((item) => item.event.id);
    expect(calls.map((call) => call.id)).toEqual([...ids(a), ...ids(b), ...ids(c)]);
    // a alone; b and c in one transaction together
    expect(calls.map((call) => call.transaction)).toEqual([ids(a), ids(a), [...ids(b), ...ids(c)], [...ids(b), ...ids(c)], [...ids(b), ...ids(c)]]);
    expect([await core.loadCheckpoint('t:0'), await core.loadCheckpoint('t:1'), await core.loadCheckpoint('t:2')]).toEqual([11, 5, 7 + 1]);
    // delivered again, nothing is applied twice
    expect(await coalescer.apply([...b, ...c])).toEqual({ recorded: 3, aborted: false });
    expect(calls).toHaveLength(5);
  });

  it('a failing handler in a combined run costs only its own attempts; every submitter keeps its order and count', async () => {
    const [a, b, c] = [partition(0, 0, 1), partition(1, 0, 2), partition(2, 0, 2)];
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const { core, calls, coalescer } = setUp({ waitAt: a[0].event.id, gate, failOnce: b[1].event.id });
    const pa = coalescer.apply(a);
    while (calls.length === 0) await new Promise((resolve) => setImmediate(resolve));
    const recordedB: number[] = [];
    const pb = coalescer.apply(b, { onRecorded: (i) => recordedB.push(i) });
    const pc = coalescer.apply(c);
    open();
    expect(await Promise.all([pa, pb, pc])).toEqual([
      { recorded: 1, aborted: false },
      { recorded: 2, aborted: false },
      { recorded: 2, aborted: false },
    ]);
    expect(recordedB).toEqual([0, 1]);
    const attempts = (item: RunItem) => calls.filter((call) => call.id === item.event.id).map((call) => call.attempt);
    // b[1] failed in the combined run (attempt 0) and went again on its own (attempt 1); b[0] and c were applied once
    expect(attempts(b[1])).toEqual([0, 1]);
    // b[0] ran in the combined run (rolled back with it) and again before b[1]; c ran after b[1], once
    const runs = (item: RunItem) => calls.filter((call) => call.id === item.event.id).length;
    expect([runs(b[0]), runs(c[0]), runs(c[1])]).toEqual([2, 1, 1]);
    expect([await core.loadCheckpoint('t:1'), await core.loadCheckpoint('t:2')]).toEqual([1, 1]);
    // delivered again, nothing runs
    const before = calls.length;
    expect(await coalescer.apply([...a, ...b, ...c])).toEqual({ recorded: 5, aborted: false });
    expect(calls).toHaveLength(before);
  });

  it('stops a combined run as a whole when one submitter is stopping: nothing of it is recorded', async () => {
    const [a, b, c] = [partition(0, 0, 1), partition(1, 0, 1), partition(2, 0, 1)];
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const { core, calls, coalescer } = setUp({ waitAt: a[0].event.id, gate });
    const pa = coalescer.apply(a);
    while (calls.length === 0) await new Promise((resolve) => setImmediate(resolve));
    const pb = coalescer.apply(b, { isStopping: () => true });
    const pc = coalescer.apply(c);
    open();
    expect(await Promise.all([pa, pb, pc])).toEqual([
      { recorded: 1, aborted: false },
      { recorded: 0, aborted: true },
      { recorded: 0, aborted: true },
    ]);
    expect(await core.loadCheckpoint('t:1')).toBeUndefined();
    expect(await core.loadCheckpoint('t:2')).toBeUndefined();
  });
});
