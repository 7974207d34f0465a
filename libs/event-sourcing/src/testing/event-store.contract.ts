/**
 * The contract every EventStore adapter must pass (architecture.md rules 1-4 and
 * 10). Each adapter's spec calls describeEventStoreContract with a harness that
 * makes fresh stores and can reach under the adapter to corrupt a row.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { StoredEvent } from '../event-store/envelope';
import { CheckpointStore, EventStore, LeaseStore } from '../event-store/event-store.port';
import { DuplicateEventIdError, InvalidAppendError, WrongExpectedVersionError } from '../event-store/errors';
import { verifyChain } from '../event-store/hash';
import { pollUntil } from '@jm/testing';
import { newEvent, newEvents } from './fixtures';

/** The stored columns a tamper test may rewrite: the data, every field of the hashed envelope and the chain's own columns. */
export type EventColumn =
  | 'data'
  | 'event_id'
  | 'type'
  | 'schema_version'
  | 'stream_id'
  | 'stream_version'
  | 'time'
  | 'correlation_id'
  | 'causation_id'
  | 'actor_agency'
  | 'actor_user'
  | 'prev_hash'
  | 'hash'
  | 'hash_alg';

export type ContractStore = EventStore & { leases: LeaseStore; checkpoints: CheckpointStore };

export interface StoreHarness {
  /** A store over fresh, empty storage shared by every store this harness opens in the test. */
  open(): Promise<ContractStore>;
  /** Options that let writer.fixture.ts open the same storage in another process. */
  writerOptions(): Record<string, unknown>;
  /** Change one stored column of one event behind the store's back (the column names are the same in every SQL adapter). */
  tamper(streamId: string, streamVersion: number, column: EventColumn, value: string | number): Promise<void>;
  /** Delete one event behind the store's back. */
  remove(streamId: string, streamVersion: number): Promise<void>;
  /** Reset to fresh storage for the next test. */
  reset(): Promise<void>;
  dispose(): Promise<void>;
}

const WRITER = join(__dirname, 'writer.fixture.ts');

/**
 * Waits until the global log shows these streams' last events. A PostgreSQL reader sees no position past the
 * oldest transaction open anywhere on the server (the no-skip rule, docs/event-store.md), so right after an
 * append another test's transaction can still hide it; a stream read sees its own events at once.
 */
async function visibleThrough(store: EventStore, ...streams: string[]): Promise<void> {
  const last = Math.max(0, ...(await Promise.all(streams.map(async (s) => (await store.readStream(s)).at(-1)?.position ?? 0))));
  await pollUntil(async () => (await store.headPosition()) >= last, { timeoutMs: 30_000, what: `the global log through position ${last}` });
}

function runWriter(options: Record<string, unknown>): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-r', '@swc-node/register', WRITER, JSON.stringify(options)], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, SWC_NODE_PROJECT: join(__dirname, '../../../../tsconfig.json') },
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`writer ${String(options.writer)} exited ${code}: ${stderr}`))));
  });
}

export function describeEventStoreContract(name: string, makeHarness: () => Promise<StoreHarness>): void {
  describe(`EventStore contract: ${name}`, () => {
    let harness: StoreHarness;
    let store: ContractStore;
    const opened: ContractStore[] = [];
    const open = async () => {
      const s = await harness.open();
      opened.push(s);
      return s;
    };

    beforeAll(async () => {
      harness = await makeHarness();
    });
    beforeEach(async () => {
      await harness.reset();
      store = await open();
    });
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((s) => s.close()));
    });
    afterAll(async () => {
      await harness.dispose();
    });

    describe('append and read', () => {
      it('appends to a new stream and reads it back with the full envelope', async () => {
        const events = newEvents(3);
        const result = await store.append('lead-1', events, 'no_stream');
        expect(result.nextExpectedVersion).toBe(2);
        const read = await store.readStream('lead-1');
        expect(read.map((e) => e.streamVersion)).toEqual([0, 1, 2]);
        expect(read.map((e) => e.id)).toEqual(events.map((e) => e.id));
        expect(read[2].position).toBe(result.position);
        expect(read[0]).toMatchObject({
          type: events[0].type,
          schemaVersion: 1,
          streamId: 'lead-1',
          time: events[0].time,
          correlationId: events[0].correlationId,
          causationId: events[0].causationId,
          actor: events[0].actor,
          data: events[0].data,
          prevHash: '',
          hashAlg: 'SM3',
        });
        expect(read[1].prevHash).toBe(read[0].hash);
        expect(read[0].hash).toMatch(/^[0-9a-f]{64}$/);
      });

      it('keeps trace metadata outside the hash chain: read back as given, absent where not given', async () => {
        const traceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
        // One append of one event and one of several (the adapters write them by different statements).
        await store.append('lead-m1', [newEvent('LeadReceived', { n: 1 }, { metadata: { traceparent } })], 'no_stream');
        await store.append(
          'lead-m2',
          [newEvent('LeadReceived', { n: 2 }), newEvent('LeadReceived', { n: 3 }, { metadata: { traceparent, tracestate: 'jm=1' } })],
          'no_stream',
        );
        const one = await store.readStream('lead-m1');
        const [without, withState] = await store.readStream('lead-m2');
        expect(one[0].metadata).toEqual({ traceparent });
        expect(withState.metadata).toEqual({ traceparent, tracestate: 'jm=1' });
        expect('metadata' in without).toBe(false);
        // verifyChain recomputes each hash from the audited fields only: metadata is not among them.
        expect(verifyChain(one).ok).toBe(true);
        expect(verifyChain([without, withState]).ok).toBe(true);
        await visibleThrough(store, 'lead-m1', 'lead-m2');
        const page = await store.readAll({ streamPrefixes: ['lead-m'] });
        expect(page.map((e) => e.metadata?.traceparent)).toEqual([traceparent, undefined, traceparent]);
      });

      it('refuses malformed trace metadata and stores nothing', async () => {
        for (const metadata of [{ traceparent: 'not-a-traceparent' }, { traceparent: 7 }, { tracestate: 'a\nb' }, { baggage: 'x' }, []]) {
          const event = newEvent('LeadReceived', {}, { metadata: metadata as never });
          await expect(store.append('lead-bad-meta', [event], 'any')).rejects.toBeInstanceOf(InvalidAppendError);
        }
        expect(await store.readStream('lead-bad-meta')).toEqual([]);
      });

      it('checks the expected version exactly', async () => {
        await store.append('case-1', newEvents(2), 'no_stream');
        await expect(store.append('case-1', newEvents(1), 'no_stream')).rejects.toBeInstanceOf(WrongExpectedVersionError);
        await expect(store.append('case-1', newEvents(1), 0)).rejects.toMatchObject({ code: 'WRONG_EXPECTED_VERSION', actual: 1 });
        await expect(store.append('case-2', newEvents(1), 0)).rejects.toMatchObject({ actual: 'no_stream' });
        await expect(store.append('case-1', newEvents(1), 1)).resolves.toMatchObject({ nextExpectedVersion: 2 });
        await expect(store.append('case-1', newEvents(1), 'any')).resolves.toMatchObject({ nextExpectedVersion: 3 });
        expect(await store.readStream('case-1')).toHaveLength(4);
        expect(await store.readStream('case-2')).toHaveLength(0);
      });

      it('rejects bad input with a clear error and stores nothing', async () => {
        const bad = [
          () => store.append('Lead 1', newEvents(1), 'any'),
          () => store.append('lead-1', [], 'any'),
          () => store.append('lead-1', [newEvent('LeadReceived', {}, { id: 'not-a-uuid' })], 'any'),
          () => store.append('lead-1', [newEvent('LeadReceived', {}, { time: '2026-13-01' })], 'any'),
          () => store.append('lead-1', [newEvent('Lead Received')], 'any'),
          () => store.append('lead-1', [newEvent('LeadReceived', {}, { actor: { agency: '', user: 'u' } })], 'any'),
          () => store.append('lead-1', [newEvent('LeadReceived', {}, { actor: { agency: 'office', user: 'a\u001fb' } })], 'any'),
          () => store.append('lead-1', [newEvent('LeadReceived', {}, { correlationId: 'x'.repeat(201) })], 'any'),
          () =>
            store.append(
              'lead-1',
              Array.from({ length: 4097 }, () => newEvent()),
              'any',
            ),
          () => store.append('lead-1', newEvents(1), -2 as never),
        ];
        for (const attempt of bad) await expect(attempt()).rejects.toBeInstanceOf(InvalidAppendError);
        const e = newEvent();
        await expect(store.append('lead-1', [e, { ...e }], 'any')).rejects.toThrow(/appears twice/);
        expect(await store.readAll()).toHaveLength(0);
      });

      it('of 20 concurrent appends with the same expected version exactly one succeeds', async () => {
        await store.append('case-race', newEvents(1), 'no_stream');
        const attempts = await Promise.allSettled(Array.from({ length: 20 }, (_, i) => store.append('case-race', [newEvent('CaseNoted', { i })], 0)));
        const ok = attempts.filter((a) => a.status === 'fulfilled');
        const failed = attempts.filter((a): a is PromiseRejectedResult => a.status === 'rejected');
        expect(ok).toHaveLength(1);
        expect(failed).toHaveLength(19);
        failed.forEach((f) => expect(f.reason).toBeInstanceOf(WrongExpectedVersionError));
        expect(await store.readStream('case-race')).toHaveLength(2);
      });

      it('a retried append with the same event ids stores nothing twice and reports the same success', async () => {
        const events = newEvents(3);
        const first = await store.append('lead-retry', events, 'no_stream');
        const again = await store.append('lead-retry', events, 'no_stream');
        expect(again).toEqual(first);
        const concurrent = await Promise.all([store.append('lead-retry', events, 'no_stream'), store.append('lead-retry', events, 'any')]);
        concurrent.forEach((r) => expect(r).toEqual(first));
        expect(await store.readStream('lead-retry')).toHaveLength(3);
        await visibleThrough(store, 'lead-retry');
        expect(await store.readAll()).toHaveLength(3);
      });

      it('an event id reused in another append is refused, not silently dropped', async () => {
        const events = newEvents(2);
        await store.append('lead-a', events, 'no_stream');
        await expect(store.append('lead-b', [events[0]], 'no_stream')).rejects.toBeInstanceOf(DuplicateEventIdError);
        await expect(store.append('lead-a', [events[1], newEvent()], 'any')).rejects.toBeInstanceOf(DuplicateEventIdError);
        await visibleThrough(store, 'lead-a');
        expect(await store.readAll()).toHaveLength(2);
      });

      it('two store instances over the same storage keep one chain and exact version checks', async () => {
        const other = await open();
        await store.append('case-two', newEvents(2), 'no_stream');
        expect(await other.readStream('case-two')).toHaveLength(2);
        await other.append('case-two', newEvents(1), 1);
        // store last saw revision 1; its view is stale now.
        await expect(store.append('case-two', newEvents(1), 1)).rejects.toMatchObject({ code: 'WRONG_EXPECTED_VERSION', actual: 2 });
        await store.append('case-two', newEvents(1), 2);
        await other.append('case-two', newEvents(1), 'any');
        const stored = await store.readStream('case-two');
        expect(stored.map((e) => e.streamVersion)).toEqual([0, 1, 2, 3, 4]);
        expect(verifyChain(stored)).toEqual({ ok: true, checked: 5 });
      });

      it('round-trips Chinese text and a 1 MB payload byte for byte', async () => {
        const chinese = {
          title: '关于某投资咨询公司涉嫌非法集资的线索',
          subjects: [{ name: '某某财富管理有限公司', creditCode: '91310000MA1FL0XX0X' }],
          note: '举报人称：年化收益率承诺 18%，已有 300 余名群众参与；🙂 \u2028 "引号" \\ 反斜杠',
        };
        const big = { blob: '非'.repeat(300_000) + 'x'.repeat(1_048_576 - 300_000 * 3), nested: { arr: [1, 2.5, -0.125, null, true] } };
        await store.append('lead-zh', [newEvent('LeadReceived', chinese), newEvent('EvidenceAttached', big)], 'no_stream');
        const [a, b] = await store.readStream('lead-zh');
        expect(Buffer.from(JSON.stringify(a.data))).toEqual(Buffer.from(JSON.stringify(chinese)));
        expect(Buffer.byteLength(JSON.stringify(b.data))).toBeGreaterThanOrEqual(1_048_576);
        expect(Buffer.from(JSON.stringify(b.data)).equals(Buffer.from(JSON.stringify(big)))).toBe(true);
        expect(verifyChain([a, b]).ok).toBe(true);
      });
    });

    describe('hash chain', () => {
      /** The verdict on a stream after one column of one stored row was rewritten. */
      async function verdictAfter(streamId: string, version: number, column: EventColumn, value: string | number) {
        await store.append(streamId, newEvents(5), 'no_stream');
        expect(verifyChain(await store.readStream(streamId))).toEqual({ ok: true, checked: 5 });
        await harness.tamper(streamId, version, column, value);
        return verifyChain(await store.readStream(streamId));
      }

      const envelope: Array<[EventColumn, string | number]> = [
        ['data', JSON.stringify({ i: 999 })],
        ['event_id', randomUUID()],
        ['type', 'CaseClosed'],
        ['schema_version', 2],
        ['time', '2026-03-02T01:00:00.001Z'],
        ['correlation_id', randomUUID()],
        ['causation_id', randomUUID()],
        ['actor_agency', 'fz-office'],
        ['actor_user', 'intruder'],
        ['hash', '0'.repeat(64)],
      ];
      it.each(envelope)('detects a row whose %s was altered, naming its version', async (column, value) => {
        const verdict = await verdictAfter('case-chain', 2, column, value);
        expect(verdict).toMatchObject({ ok: false, checked: 2 });
        if (!verdict.ok)
          expect(verdict.error.message).toBe('Hash chain broken in case-chain at version 2: hash does not match the content: the event was altered');
      });

      it('detects a row moved to another stream: the stream id is hashed', async () => {
        await store.append('case-from', newEvents(1), 'no_stream');
        await harness.tamper('case-from', 0, 'stream_id', 'case-to');
        expect(await store.readStream('case-from')).toEqual([]);
        const verdict = verifyChain(await store.readStream('case-to'));
        expect(verdict).toMatchObject({ ok: false, checked: 0 });
        if (!verdict.ok)
          expect(verdict.error.message).toBe('Hash chain broken in case-to at version 0: hash does not match the content: the event was altered');
      });

      it('detects a renumbered row, a rewritten previous hash and an unknown algorithm, each with its reason', async () => {
        const renumbered = await verdictAfter('case-renumbered', 4, 'stream_version', 5);
        expect(renumbered).toMatchObject({ ok: false, checked: 4 });
        if (!renumbered.ok)
          expect(renumbered.error.message).toBe(
            'Hash chain broken in case-renumbered at version 5: expected revision 4: an event is missing or out of order',
          );
        const prev = await verdictAfter('case-prev', 3, 'prev_hash', '0'.repeat(64));
        expect(prev).toMatchObject({ ok: false, checked: 3 });
        if (!prev.ok) expect(prev.error.message).toBe('Hash chain broken in case-prev at version 3: prevHash does not match the previous event');
        const alg = await verdictAfter('case-alg', 1, 'hash_alg', 'SHA1');
        expect(alg).toMatchObject({ ok: false, checked: 1 });
        if (!alg.ok) expect(alg.error.message).toBe('Hash chain broken in case-alg at version 1: unknown hash algorithm SHA1');
      });

      it('detects a removed row, naming the event after the gap', async () => {
        await store.append('case-gap', newEvents(4), 'no_stream');
        await harness.remove('case-gap', 1);
        const verdict = verifyChain(await store.readStream('case-gap'));
        expect(verdict).toMatchObject({ ok: false, checked: 1 });
        if (!verdict.ok) {
          expect(verdict.error).toMatchObject({ code: 'HASH_CHAIN_BROKEN', streamId: 'case-gap', streamVersion: 2 });
          expect(verdict.error.message).toBe('Hash chain broken in case-gap at version 2: expected revision 1: an event is missing or out of order');
        }
      });
    });

    describe('global log', () => {
      it('reads the global log in order, filtered by stream prefix', async () => {
        await store.append('lead-1', newEvents(2), 'no_stream');
        await store.append('case-1', newEvents(2), 'no_stream');
        await store.append('lead-2', newEvents(1), 'no_stream');
        await visibleThrough(store, 'lead-1', 'case-1', 'lead-2');
        const all = await store.readAll();
        expect(all.map((e) => e.streamId)).toEqual(['lead-1', 'lead-1', 'case-1', 'case-1', 'lead-2']);
        expect(all.map((e) => e.position)).toEqual([...all.map((e) => e.position)].sort((x, y) => x - y));
        const leads = await store.readAll({ streamPrefixes: ['lead-'] });
        expect(leads.map((e) => e.streamId)).toEqual(['lead-1', 'lead-1', 'lead-2']);
        const page = await store.readAll({ from: all[1].position, limit: 2 });
        expect(page.map((e) => e.id)).toEqual([all[2].id, all[3].id]);
        expect(await store.headPosition()).toBe(all[4].position);
        // '_' and '%' in a prefix are literal, not wildcards.
        expect(await store.readAll({ streamPrefixes: ['lead_'] })).toHaveLength(0);
      });

      it('reads the same pages for projections, each event with only the fields a projection reads', async () => {
        await store.append(
          'lead-1',
          [newEvent('LeadReceived', { title: '东海街道 "x"\u001f', n: 1 }, { actor: { agency: 'fz-office', user: 'u1' } }), newEvent('LeadRouted')],
          'no_stream',
        );
        await store.append('case-1', newEvents(2), 'no_stream');
        await store.append('lead-2', newEvents(1), 'no_stream');
        await visibleThrough(store, 'lead-1', 'case-1', 'lead-2');
        const projected = (e: StoredEvent) => ({
          id: e.id,
          type: e.type,
          data: e.data,
          time: e.time,
          actor: { agency: e.actor.agency },
          streamId: e.streamId,
          streamVersion: e.streamVersion,
          position: e.position,
        });
        const all = await store.readAll();
        expect(await store.readAllForProjection()).toEqual(all.map(projected));
        expect(await store.readAllForProjection({ streamPrefixes: ['lead-'] })).toEqual(
          (await store.readAll({ streamPrefixes: ['lead-'] })).map(projected),
        );
        expect(await store.readAllForProjection({ from: all[1].position, limit: 2 })).toEqual([all[2], all[3]].map(projected));
        expect(await store.readAllForProjection({ from: all[4].position })).toEqual([]);
      });

      it('splits the log for projections into shares by the last character of the stream id', async () => {
        const ids = ['a1', 'b2', 'c3', 'd4', 'e5', 'Zz', 'x-f', 'q_.'];
        for (const id of ids) {
          await store.append(`lead-${id}`, newEvents(1), 'no_stream');
          await store.append(`routing-${id}`, newEvents(2), 'no_stream');
        }
        await visibleThrough(store, ...ids.flatMap((id) => [`lead-${id}`, `routing-${id}`]));
        const all = await store.readAllForProjection();
        const shares = await Promise.all([0, 1, 2].map((index) => store.readAllForProjection({ partition: { count: 3, index } })));
        // Every event in exactly one share, each share in log order, and both streams of one id together.
        expect(
          shares
            .flat()
            .map((e) => e.position)
            .sort((x, y) => x - y),
        ).toEqual(all.map((e) => e.position));
        for (const share of shares) expect(share.map((e) => e.position)).toEqual([...share.map((e) => e.position)].sort((x, y) => x - y));
        for (const id of ids) expect(shares.filter((share) => share.some((e) => e.streamId.endsWith(`-${id}`)))).toHaveLength(1);
        expect(shares.filter((share) => share.length > 0).length).toBeGreaterThan(1);
        const page = await store.readAllForProjection({ partition: { count: 3, index: 1 }, from: shares[1][0].position, limit: 1 });
        expect(page).toEqual([shares[1][1]]);
        for (const partition of [
          { count: 0, index: 0 },
          { count: 2, index: 2 },
          { count: 2, index: -1 },
          { count: 1.5, index: 0 },
        ]) {
          await expect(store.readAllForProjection({ partition })).rejects.toThrow(/partition .* is invalid/);
        }
      });

      it('8 writers holding transactions open 0-50 ms: a live subscriber sees every event once, in per-stream order', async () => {
        const runId = randomUUID().slice(0, 8);
        const writers = 8;
        const appendsPerWriter = 40;
        const seen: StoredEvent[] = [];
        const subscription = store.subscribe(
          async (batch) => {
            seen.push(...batch);
          },
          { streamPrefixes: ['order-'] },
        );
        const options = harness.writerOptions();
        await Promise.all(
          Array.from({ length: writers }, (_, w) =>
            runWriter({ ...options, writer: w, streams: 2, appends: appendsPerWriter, maxHoldMs: 50, runId }),
          ),
        );
        const expectedPerWriter = Array.from({ length: appendsPerWriter }, (_, i) => 1 + (i % 3)).reduce((a, b) => a + b, 0);
        // Every writer has ended; their last commits become visible to the global log as soon as no older transaction is open.
        const stored = await pollUntil(
          async () => {
            const read = await store.readAll({ limit: 100000, streamPrefixes: ['order-'] });
            return read.length >= writers * expectedPerWriter ? read : undefined;
          },
          { timeoutMs: 30_000, what: `${writers * expectedPerWriter} events of the writers in the global log` },
        );
        expect(stored).toHaveLength(writers * expectedPerWriter);
        await pollUntil(() => seen.length >= stored.length, { timeoutMs: 20000, what: `${stored.length} events at the subscriber` });
        await subscription.stop();

        expect(seen).toHaveLength(stored.length);
        expect(new Set(seen.map((e) => e.id)).size).toBe(stored.length);
        for (let i = 1; i < seen.length; i++) expect(seen[i].position).toBeGreaterThan(seen[i - 1].position);
        const versions = new Map<string, number>();
        for (const e of seen) {
          expect(e.streamVersion).toBe((versions.get(e.streamId) ?? -1) + 1);
          versions.set(e.streamId, e.streamVersion);
        }
        expect(versions.size).toBe(writers * 2);
      }, 120000);

      it('catches up from a checkpoint, goes live, and resumes after a restart without loss or repeats', async () => {
        const received: StoredEvent[] = [];
        const consume = (s: ContractStore) =>
          s.subscribe(
            async (batch) => {
              received.push(...batch);
              await s.checkpoints.save('contract-sub', batch[batch.length - 1].position);
            },
            { from: 0, batchSize: 7 },
          );

        for (let i = 0; i < 5; i++) await store.append(`lead-c${i}`, newEvents(10), 'no_stream');
        let subscription = consume(store);
        await pollUntil(() => received.length === 50, { what: 'catch-up of 50 events' });
        await store.append('lead-live', newEvents(5), 'no_stream');
        await pollUntil(() => received.length === 55, { what: 'live delivery' });
        await subscription.stop();

        for (let i = 0; i < 3; i++) await store.append(`lead-d${i}`, newEvents(10), 'no_stream');
        const restarted = await open();
        const from = await restarted.checkpoints.load('contract-sub');
        expect(from).toBe(received[received.length - 1].position);
        subscription = restarted.subscribe(
          async (batch) => {
            received.push(...batch);
            await restarted.checkpoints.save('contract-sub', batch[batch.length - 1].position);
          },
          { from, batchSize: 7 },
        );
        await store.append('lead-after', newEvents(20), 'no_stream');
        await pollUntil(() => received.length >= 105, { what: '105 events after restart' });
        await subscription.stop();

        const all = await store.readAll({ limit: 1000 });
        expect(received.map((e) => e.id)).toEqual(all.map((e) => e.id));
      });
    });

    describe('leases and checkpoints', () => {
      it('gives a lease to one owner at a time and hands it over when it lapses', async () => {
        expect(await store.leases.tryAcquire('relay:intake', 'a', 60000)).toBe(true);
        expect(await store.leases.tryAcquire('relay:intake', 'b', 60000)).toBe(false);
        expect(await store.leases.tryAcquire('relay:intake', 'a', 60000)).toBe(true);
        expect(await store.leases.renew('relay:intake', 'b', 60000)).toBe(false);
        expect(await store.leases.renew('relay:intake', 'a', 1)).toBe(true);
        await pollUntil(() => store.leases.tryAcquire('relay:intake', 'b', 60000), { what: 'lease takeover' });
        expect(await store.leases.renew('relay:intake', 'a', 60000)).toBe(false);
        await store.leases.release('relay:intake', 'a');
        expect(await store.leases.tryAcquire('relay:intake', 'a', 60000)).toBe(false);
        await store.leases.release('relay:intake', 'b');
        expect(await store.leases.tryAcquire('relay:intake', 'a', 60000)).toBe(true);
      });

      it('stores checkpoints by name', async () => {
        expect(await store.checkpoints.load('x')).toBe(0);
        await store.checkpoints.save('x', 42);
        await store.checkpoints.save('x', 43);
        expect(await store.checkpoints.load('x')).toBe(43);
        expect(await store.checkpoints.load('y')).toBe(0);
      });
    });
  });
}
