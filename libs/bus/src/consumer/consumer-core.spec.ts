/**
 * The consumer core on real databases (SQLite file; PostgreSQL with a schema set
 * only through the DataSource option): dedup, checkpoint, parking of an
 * undecodable message and its replay once it decodes, and table placement.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { StoredEvent } from '@jm/event-sourcing';
import { createTestSchema } from '@jm/testing';
import { storedEvent } from '@jm/event-sourcing/testing';
import { EventHandler } from '../bus.port';
import { encodeMessage } from '../integration-message';
import { BUS_CONSUMER_ENTITIES } from './consumer.entities';
import { BUS_CONSUMER_MIGRATIONS } from './consumer.migrations';
import { ConsumerCore, listParked } from './consumer-core';

const quiet = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

let position = 0;
const event = (streamId: string, type = 'CaseNoted'): StoredEvent => storedEvent(streamId, { type, position: ++position });

function recording(): { handler: EventHandler; seen: string[] } {
  const seen: string[] = [];
  return { seen, handler: async (e) => void seen.push(e.id) };
}

describe('ConsumerCore on SQLite', () => {
  let dir: string;
  let dataSource: DataSource;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'jm-core-'));
    dataSource = new DataSource({
      type: 'better-sqlite3',
      database: join(dir, 'consumer.db'),
      entities: BUS_CONSUMER_ENTITIES,
      migrations: BUS_CONSUMER_MIGRATIONS,
      migrationsRun: true,
    });
    await dataSource.initialize();
  });
  afterEach(async () => {
    await dataSource.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('applies a run in one transaction; a failing handler costs only its own attempts and the rest are applied once, in order', async () => {
    const events = ['case-1', 'case-2', 'case-3', 'case-4', 'case-5'].map((s) => event(s));
    const failing = events[2].id;
    const calls: Array<[string, number]> = [];
    const handler: EventHandler = async (e, ctx) => {
      calls.push([e.id, ctx.attempt]);
      await ctx.manager.query('SELECT 1');
      if (e.id === failing && ctx.attempt < 3) throw new Error('not yet');
    };
    const core = new ConsumerCore({ dataSource, group: 'g', handler, logger: quiet, maxAttempts: 5, retryDelayMs: 1 });
    const recorded: number[] = [];
    const items = events.map((e, i) => ({ event: e, delivery: { topic: 'cases.events.v1', source: 'embedded', position: 100 + i } }));
    // an event this group already processed is skipped inside the run
    await core.handleOne(events[4], items[4].delivery);
    calls.length = 0;

    expect(await core.handleRun(items, { onRecorded: (i) => recorded.push(i) })).toEqual({ recorded: 5, aborted: false });
    // the run (attempt 0 for all), then the two before the failure again as a run, then the failure's own attempts 1-3, then the one after it
    const [a, b, c, d] = events.map((e) => e.id);
    expect(calls).toEqual([
      [a, 0],
      [b, 0],
      [c, 0],
      [a, 0],
      [b, 0],
      [c, 1],
      [c, 2],
      [c, 3],
      [d, 0],
    ]);
    expect(recorded).toEqual([0, 1, 2, 3, 4]);
    expect(await core.loadCheckpoint('embedded')).toBe(104);
    // a whole run of duplicates changes nothing
    calls.length = 0;
    expect(await core.handleRun(items)).toEqual({ recorded: 5, aborted: false });
    expect(calls).toEqual([]);
  });

  it('runs the flushes handlers register once per transaction, after the last handler; an event twice in a run is applied once', async () => {
    const [a, b] = [event('case-1'), event('case-2')];
    const log: string[] = [];
    const handler: EventHandler = async (e, ctx) => {
      const buffer = (ctx.transaction.memo.get('buffer') as string[] | undefined) ?? [];
      if (!ctx.transaction.memo.has('buffer')) {
        ctx.transaction.memo.set('buffer', buffer);
        ctx.transaction.beforeCommit(async () => {
          log.push(`flush ${buffer.join(',')}`);
          await ctx.manager.query('SELECT 1');
        });
      }
      buffer.push(e.id === a.id ? 'a' : 'b');
      log.push(`handle ${e.id === a.id ? 'a' : 'b'}`);
    };
    const core = new ConsumerCore({ dataSource, group: 'g', handler, logger: quiet });
    const at = (e: StoredEvent, position: number) => ({ event: e, delivery: { topic: 'cases.events.v1', source: 'embedded', position } });
    expect(await core.handleRun([at(a, 1), at(b, 2), at(a, 3)])).toEqual({ recorded: 3, aborted: false });
    expect(log).toEqual(['handle a', 'handle b', 'flush a,b']);
    // one event alone gets its own scope and flush too
    log.length = 0;
    const c = event('case-3');
    await core.handleOne(c, at(c, 4).delivery);
    expect(log).toEqual(['handle b', 'flush b']);
  });

  it('commits a run that takes longer than maxRunMs in parts, each event applied once and the checkpoint at the last', async () => {
    const events = ['case-1', 'case-2', 'case-3', 'case-4'].map((s) => event(s));
    const seen: string[] = [];
    const transactions = new Set<unknown>();
    const handler: EventHandler = async (e, ctx) => {
      seen.push(e.id);
      transactions.add(ctx.transaction);
      await new Promise((resolve) => setTimeout(resolve, 15));
    };
    const core = new ConsumerCore({ dataSource, group: 'g', handler, logger: quiet, maxRunMs: 20 });
    const recorded: number[] = [];
    const items = [events[0], events[1], events[1], events[2], events[3]].map((e, i) => ({
      event: e,
      delivery: { topic: 'cases.events.v1', source: 'embedded', position: i + 1 },
    }));
    expect(await core.handleRun(items, { onRecorded: (i) => recorded.push(i) })).toEqual({ recorded: 5, aborted: false });
    expect(seen).toEqual(events.map((e) => e.id));
    expect(transactions.size).toBeGreaterThan(1);
    expect(recorded).toEqual([0, 1, 2, 3, 4]);
    expect(await core.loadCheckpoint('embedded')).toBe(5);
    const [{ n }] = (await dataSource.query(`SELECT COUNT(*) AS n FROM bus_processed_events WHERE consumer_group = 'g'`)) as Array<{ n: number }>;
    expect(Number(n)).toBe(4);
  });

  it("parks a run's failing event after exactly maxAttempts tries counting the run's own", async () => {
    const events = ['case-1', 'case-2', 'case-3'].map((s) => event(s));
    const tries: number[] = [];
    const handler: EventHandler = async (e, ctx) => {
      if (e.id !== events[1].id) return;
      tries.push(ctx.attempt);
      throw new Error('poisoned');
    };
    const core = new ConsumerCore({ dataSource, group: 'g', handler, logger: quiet, maxAttempts: 3, retryDelayMs: 1 });
    const items = events.map((e, i) => ({ event: e, delivery: { topic: 'cases.events.v1', source: 'embedded', position: i + 1 } }));
    expect(await core.handleRun(items)).toEqual({ recorded: 3, aborted: false });
    expect(tries).toEqual([0, 1, 2]);
    expect((await listParked(dataSource, 'g')).map((p) => [p.eventId, p.attempts])).toEqual([[events[1].id, 3]]);
    expect(await core.loadCheckpoint('embedded')).toBe(3);
  });

  it('applies an event once and keeps the checkpoint of its source', async () => {
    const { handler, seen } = recording();
    const core = new ConsumerCore({ dataSource, group: 'g', handler, logger: quiet });
    const e = event('case-1');
    expect(await core.loadCheckpoint('embedded')).toBeUndefined();
    expect(await core.handleOne(e, { topic: 'cases.events.v1', source: 'embedded', position: 7 })).toBe('applied');
    expect(await core.handleOne(e, { topic: 'cases.events.v1', source: 'embedded', position: 7 })).toBe('duplicate');
    expect(seen).toEqual([e.id]);
    expect(await core.loadCheckpoint('embedded')).toBe(7);
    // another group is independent
    const other = new ConsumerCore({ dataSource, group: 'h', handler, logger: quiet });
    expect(await other.handleOne(e, { topic: 'cases.events.v1', source: 'embedded', position: 7 })).toBe('applied');
  });

  it('parks an undecodable message once and replays it when its raw value decodes', async () => {
    const { handler, seen } = recording();
    const parked: string[] = [];
    const core = new ConsumerCore({ dataSource, group: 'g', handler, logger: quiet, onParked: (p) => parked.push(p.eventId) });
    const delivery = { topic: 't', source: 't:0', position: '12' };
    // a message that decodes (e.g. parked by an older, stricter consumer) stands in for a fixed one
    const good = event('case-2');
    const raw = encodeMessage(good).value;
    expect(await core.parkInvalid(raw, delivery, new Error('bad'), 'case-2')).toBe('parked');
    expect(await core.parkInvalid(raw, delivery, new Error('bad'), 'case-2')).toBe('duplicate');
    expect(parked).toEqual(['invalid:t:0:12']);
    expect(await core.loadCheckpoint('t:0')).toBe(12);
    await core.replayParked('invalid:t:0:12');
    expect(seen).toEqual([good.id]);
    expect(await listParked(dataSource, 'g', 'replayed')).toHaveLength(1);
    // the decoded event is now processed: delivering it again does nothing
    expect(await core.handleOne(good, { topic: 't', source: 't:0', position: '13' })).toBe('duplicate');
    await expect(core.replayParked('nope')).rejects.toThrow(/No parked event/);
  });

  it('keeps a parked event parked when its replay fails again', async () => {
    let broken = true;
    const core = new ConsumerCore({
      dataSource,
      group: 'g',
      maxAttempts: 2,
      retryDelayMs: 1,
      logger: quiet,
      handler: async () => {
        if (broken) throw new Error('still broken');
      },
    });
    const e = event('case-3');
    expect(await core.handleOne(e, { topic: 't', source: 'embedded', position: 1 })).toBe('parked');
    await expect(core.replayParked(e.id)).rejects.toThrow('still broken');
    expect((await listParked(dataSource, 'g'))[0].status).toBe('parked');
    broken = false;
    await core.replayParked(e.id);
    expect((await listParked(dataSource, 'g'))[0].status).toBe('replayed');
  });

  it('gives up without recording anything when stopping between tries', async () => {
    let stopping = false;
    const core = new ConsumerCore({
      dataSource,
      group: 'g',
      retryDelayMs: 1,
      logger: quiet,
      handler: async () => {
        stopping = true;
        throw new Error('fails');
      },
    });
    const e = event('case-4');
    expect(await core.handleOne(e, { topic: 't', source: 'embedded', position: 1 }, { isStopping: () => stopping })).toBe('aborted');
    expect(await listParked(dataSource, 'g')).toEqual([]);
    expect(await core.loadCheckpoint('embedded')).toBeUndefined();
  });
});

/** A fresh PostgreSQL schema with the consumer tables migrated, through a DataSource set to it. */
async function consumerDatabase(name: string): Promise<{ schema: Awaited<ReturnType<typeof createTestSchema>>; dataSource: DataSource }> {
  const schema = await createTestSchema(name);
  const dataSource = new DataSource({
    type: 'postgres',
    url: schema.url,
    schema: schema.schema,
    entities: BUS_CONSUMER_ENTITIES,
    migrations: BUS_CONSUMER_MIGRATIONS,
    migrationsRun: true,
  });
  await dataSource.initialize();
  return { schema, dataSource };
}

describe('ConsumerCore on PostgreSQL', () => {
  it('writes its tables into the DataSource schema (no search_path needed)', async () => {
    const { schema, dataSource } = await consumerDatabase('core');
    try {
      const { handler } = recording();
      const core = new ConsumerCore({ dataSource, group: 'g', handler, logger: quiet });
      const e = event('case-5');
      expect(await core.handleOne(e, { topic: 't', source: 't:1', position: '9007199254740993' })).toBe('applied');
      expect(await core.handleOne(e, { topic: 't', source: 't:1', position: '9007199254740993' })).toBe('duplicate');
      const client = new Client({ connectionString: schema.url });
      await client.connect();
      try {
        const processed = await client.query(`SELECT event_id FROM "${schema.schema}".bus_processed_events`);
        expect(processed.rows).toEqual([{ event_id: e.id }]);
        const checkpoint = await client.query(`SELECT position::text AS position FROM "${schema.schema}".bus_checkpoints`);
        expect(checkpoint.rows).toEqual([{ position: '9007199254740993' }]);
      } finally {
        await client.end();
      }
    } finally {
      await dataSource.destroy();
      await schema.drop();
    }
  });

  it('a run reads before it writes: no xid until its handlers flush; an event another member claimed meanwhile is applied once, by that member', async () => {
    const { schema, dataSource } = await consumerDatabase('core_claim');
    const other = new Client({ connectionString: schema.url });
    await other.connect();
    try {
      await other.query(`CREATE TABLE "${schema.schema}".applied (event_id text PRIMARY KEY)`);
      const events = ['case-a', 'case-b', 'case-c'].map((s) => event(s));
      const xids: Array<string | null> = [];
      const handler: EventHandler = async (e, ctx) => {
        // The transaction has no xid while its handlers only read (a PostgreSQL store's readers are not held back).
        const [{ xid }] = (await ctx.manager.query('SELECT pg_current_xact_id_if_assigned()::text AS xid')) as Array<{ xid: string | null }>;
        xids.push(xid);
        if (e.id === events[0].id && ctx.attempt === 0) {
          // Another member of the group (after a rebalance) applies the last event of the run and commits first.
          await other.query(`INSERT INTO "${schema.schema}".applied VALUES ($1)`, [events[2].id]);
          await other.query(`INSERT INTO "${schema.schema}".bus_processed_events (consumer_group, event_id, processed_at) VALUES ('g', $1, 'x')`, [
            events[2].id,
          ]);
        }
        ctx.transaction.beforeCommit(async () => {
          await ctx.manager.query(`INSERT INTO "${schema.schema}".applied VALUES ($1)`, [e.id]);
        });
      };
      // One run whatever the machine's load: past maxRunMs the run would commit in parts, and the
      // second part would not call the handler of the event the other member claimed.
      const core = new ConsumerCore({ dataSource, group: 'g', handler, logger: quiet, retryDelayMs: 1, maxRunMs: 60_000 });
      const items = events.map((e, i) => ({ event: e, delivery: { topic: 't', source: 't:0', position: String(i) } }));
      expect(await core.handleRun(items)).toEqual({ recorded: 3, aborted: false });
      expect(xids.slice(0, 3)).toEqual([null, null, null]);
      const applied = await other.query(`SELECT event_id FROM "${schema.schema}".applied ORDER BY event_id`);
      expect(applied.rows.map((r: { event_id: string }) => r.event_id)).toEqual(events.map((e) => e.id).sort());
      const processed = await other.query(`SELECT count(*)::int AS n FROM "${schema.schema}".bus_processed_events`);
      expect(processed.rows).toEqual([{ n: 3 }]);
    } finally {
      await other.end();
      await dataSource.destroy();
      await schema.drop();
    }
  });
});
