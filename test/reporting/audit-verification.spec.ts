/**
 * Verification against tampering, on real SQLite and PostgreSQL stores: rows
 * are altered, deleted and inserted directly in the database, and each change
 * is found in the right stream at its first bad position; removing a stream's
 * last event or a whole stream is found through the anchor.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Client } from 'pg';
import { SYSTEM_AGENCY } from '@jm/contracts';
import { chainHash, EventStore, NewEvent, PostgresEventStore, SqliteEventStore, StoredEvent } from '@jm/event-sourcing';
import { createTestSchema, pollUntil } from '@jm/testing';
import { newEvent } from '@jm/event-sourcing/testing/fixtures';
import { AnchorBook, takeAnchor } from '../../services/reporting/src/audit/audit-anchors';
import { verifyStore } from '../../services/reporting/src/audit/audit-verification';

const event = (type: string, data: unknown): NewEvent => newEvent(type, data, { actor: { agency: 'lc-office', user: 'u1' } });

/** Direct SQL on the store's own table, as someone with database access would do it. */
interface Tamper {
  sql(statement: string, params?: unknown[]): Promise<void>;
  close(): Promise<void>;
}

interface Harness {
  store: EventStore;
  tamper: Tamper;
  /** SQL to insert a row with every column (positional parameters differ). */
  insert: (e: StoredEvent) => Promise<void>;
  cleanup(): Promise<void>;
}

async function sqliteHarness(): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), 'jm-audit-verify-'));
  const path = join(dir, 'events.sqlite');
  const store = SqliteEventStore.open({ path });
  const db = new Database(path);
  const tamper: Tamper = {
    sql: async (statement, params = []) => void db.prepare(statement.replace(/\$\d+/g, '?')).run(...params),
    close: async () => void db.close(),
  };
  return {
    store,
    tamper,
    insert: (e) =>
      tamper.sql(
        `INSERT INTO events (event_id, stream_id, stream_version, type, schema_version, data, time, correlation_id, causation_id, actor_agency, actor_user, prev_hash, hash, hash_alg)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
        [
          e.id,
          e.streamId,
          e.streamVersion,
          e.type,
          e.schemaVersion,
          JSON.stringify(e.data),
          e.time,
          e.correlationId,
          e.causationId,
          e.actor.agency,
          e.actor.user,
          e.prevHash,
          e.hash,
          e.hashAlg,
        ],
      ),
    cleanup: async () => {
      await tamper.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function postgresHarness(): Promise<Harness> {
  const pg = await createTestSchema('audit_verify');
  const store = await PostgresEventStore.connect({ url: pg.url, schema: pg.schema, poolSize: 2 });
  const client = new Client({ connectionString: pg.url });
  await client.connect();
  await client.query(`SET search_path TO "${pg.schema}"`);
  const tamper: Tamper = {
    sql: async (statement, params = []) => void (await client.query(statement, params)),
    close: () => client.end(),
  };
  return {
    store,
    tamper,
    insert: (e) =>
      tamper.sql(
        `INSERT INTO events (position, transaction_id, event_id, stream_id, stream_version, type, schema_version, data, time, correlation_id, causation_id, actor_agency, actor_user, prev_hash, hash, hash_alg)
         VALUES ((SELECT max(position) + 1 FROM events), pg_current_xact_id(), $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
        [
          e.id,
          e.streamId,
          e.streamVersion,
          e.type,
          e.schemaVersion,
          JSON.stringify(e.data),
          e.time,
          e.correlationId,
          e.causationId,
          e.actor.agency,
          e.actor.user,
          e.prevHash,
          e.hash,
          e.hashAlg,
        ],
      ),
    cleanup: async () => {
      await tamper.close();
      await store.close();
      await pg.drop();
    },
  };
}

/**
 * Until readers see the append: PostgreSQL shows a position only once every
 * older transaction on the server has ended (postgres-schema.ts), and the
 * server is shared with other tests.
 */
async function visible(store: EventStore, appended: { position: number }): Promise<void> {
  await pollUntil(async () => ((await store.headPosition()) >= appended.position ? true : undefined), {
    timeoutMs: 10000,
    what: `position ${appended.position} visible`,
  });
}

/** Three streams, interleaved in the log, and an anchor over them. */
async function given(h: Harness): Promise<{ lead: StoredEvent[]; kase: StoredEvent[]; meeting: StoredEvent[] }> {
  const { store } = h;
  await store.append('lead-L1', [event('LeadReceived', { n: 0 }), event('LeadReportedToOffice', { n: 1 })], 'no_stream');
  await store.append('case-C1', [event('CaseOpened', { n: 0 }), event('FindingRecorded', { n: 1 })], 'no_stream');
  await store.append('lead-L1', [event('LeadSupplemented', { n: 2 }), event('LeadSupplemented', { n: 3 }), event('LeadLinked', { n: 4 })], 1);
  await store.append('meeting-M1', [event('MeetingScheduled', { n: 0 }), event('MeetingClosed', { n: 1 })], 'no_stream');
  await visible(store, await store.append('case-C1', [event('RiskGradeChanged', { n: 2 }), event('KeyCaseFlagSet', { n: 3 })], 1));
  await takeAnchor(store, { at: new Date('2026-03-02T02:00:00.000Z'), actor: { agency: SYSTEM_AGENCY, user: 'test' }, trigger: 'manual' });
  // Events after the anchor are fine as long as their chains hold.
  await visible(store, await store.append('case-C1', [event('FindingRecorded', { n: 4 })], 3));
  return { lead: await store.readStream('lead-L1'), kase: await store.readStream('case-C1'), meeting: await store.readStream('meeting-M1') };
}

describe.each([
  ['SQLite', sqliteHarness],
  ['PostgreSQL', postgresHarness],
])('verification on %s', (_name, harness) => {
  let h: Harness;
  let streams: Awaited<ReturnType<typeof given>>;
  beforeEach(async () => {
    h = await harness();
    streams = await given(h);
  });
  afterEach(() => h.cleanup());

  it('given an untouched store, every chain holds and the anchor matches', async () => {
    const result = await verifyStore(h.store);
    expect(result).toMatchObject({ ok: true, problems: [], streams: 4, anchor: expect.objectContaining({ streams: 3 }) });
    // lead 5, case 5, meeting 2, and the anchor's chunk and seal.
    expect(result.events).toBe(14);
  });

  it("when a row's data is altered, that row is the first bad position of its stream", async () => {
    const target = streams.lead[2];
    await h.tamper.sql(`UPDATE events SET data = $1 WHERE event_id = $2`, [JSON.stringify({ n: 2, text: '篡改' }), target.id]);
    const result = await verifyStore(h.store);
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual([{ streamId: 'lead-L1', position: target.position, version: 2, kind: 'altered', message: expect.any(String) }]);
  });

  it('when a row in the middle of a stream is deleted, the chain breaks at the next row', async () => {
    await h.tamper.sql(`DELETE FROM events WHERE event_id = $1`, [streams.lead[1].id]);
    const result = await verifyStore(h.store);
    expect(result.problems).toEqual([
      {
        streamId: 'lead-L1',
        position: streams.lead[2].position,
        version: 1,
        kind: 'missing',
        message: expect.stringContaining('revision 1 is missing'),
      },
    ]);
  });

  it('when a forged row is inserted, the forged row is the first bad position', async () => {
    const head = streams.meeting[1];
    const forged: StoredEvent = {
      ...head,
      id: randomUUID(),
      type: 'MeetingDecisionRecorded',
      data: { forged: true },
      streamVersion: 2,
      prevHash: head.hash,
      hash: 'f'.repeat(64),
    };
    await h.insert(forged);
    const [stored] = await h.store.readStream('meeting-M1', 2);
    await visible(h.store, stored);
    const result = await verifyStore(h.store);
    expect(result.problems).toEqual([
      { streamId: 'meeting-M1', position: stored.position, version: 2, kind: 'altered', message: expect.any(String) },
    ]);
  });

  it('when a forged row is slipped into the middle with a valid-looking hash, the chain breaks right after it', async () => {
    // The later rows move up one revision to make room, as a careful forger would do.
    const [first, second] = streams.meeting;
    await h.tamper.sql(`UPDATE events SET stream_version = stream_version + 10 WHERE stream_id = 'meeting-M1' AND stream_version >= 1`);
    await h.tamper.sql(`UPDATE events SET stream_version = stream_version - 9 WHERE stream_id = 'meeting-M1' AND stream_version >= 10`);
    const data = { forged: true };
    const forged: StoredEvent = { ...second, id: randomUUID(), type: 'CasePutOnAgenda', data, streamVersion: 1, prevHash: first.hash, hash: '' };
    forged.hash = chainHash(first.hash, forged, JSON.stringify(data));
    await h.insert(forged);
    await visible(h.store, (await h.store.readStream('meeting-M1', 1))[0]);
    const result = await verifyStore(h.store);
    expect(result.problems).toEqual([
      { streamId: 'meeting-M1', position: second.position, version: 2, kind: 'chain_broken', message: expect.any(String) },
    ]);
  });

  it("when a stream's last event is deleted, the anchor shows it missing", async () => {
    // lead-L1's anchored head is revision 4; nothing after it, so the chain alone looks sound.
    const last = streams.lead[4];
    await h.tamper.sql(`DELETE FROM events WHERE event_id = $1`, [last.id]);
    const result = await verifyStore(h.store);
    expect(result.problems).toEqual([
      {
        streamId: 'lead-L1',
        position: last.position,
        version: 4,
        kind: 'truncated',
        message: expect.stringContaining('the anchor recorded revision 4'),
      },
    ]);
  });

  it('when a whole stream is deleted, the anchor shows it gone', async () => {
    await h.tamper.sql(`DELETE FROM events WHERE stream_id = 'meeting-M1'`);
    const result = await verifyStore(h.store);
    expect(result.problems).toEqual([
      { streamId: 'meeting-M1', position: null, version: 0, kind: 'stream_missing', message: expect.stringContaining('the stream is gone') },
    ]);
  });

  it("when a stream's anchored head is rewritten with a recomputed chain, the anchor shows the mismatch", async () => {
    const head = streams.meeting[1];
    const data = { n: 1, rewritten: true };
    const hash = chainHash(head.prevHash, head, JSON.stringify(data));
    await h.tamper.sql(`UPDATE events SET data = $1, hash = $2 WHERE event_id = $3`, [JSON.stringify(data), hash, head.id]);
    const result = await verifyStore(h.store);
    expect(result.problems).toEqual([
      { streamId: 'meeting-M1', position: head.position, version: 1, kind: 'anchor_mismatch', message: expect.any(String) },
    ]);
  });

  it('an anchor records every head in one append, and the book reads the latest', async () => {
    const book = new AnchorBook(h.store);
    const [first] = await book.list();
    const second = await takeAnchor(h.store, {
      at: new Date('2026-03-02T03:00:00.000Z'),
      actor: { agency: SYSTEM_AGENCY, user: 'test' },
      trigger: 'schedule',
    });
    const latest = await book.latestAnchor();
    expect(first).toMatchObject({ streams: 3, events: 11, chunks: 1, trigger: 'manual' });
    expect(latest?.summary.anchorId).toBe(second.anchorId);
    expect(latest?.heads.map((x) => [x.streamId, x.version])).toEqual([
      ['audit-anchors', 1],
      ['case-C1', 4],
      ['lead-L1', 4],
      ['meeting-M1', 1],
    ]);
    expect((await book.list()).map((a) => a.anchorId)).toEqual([first.anchorId, second.anchorId]);
  });
});
