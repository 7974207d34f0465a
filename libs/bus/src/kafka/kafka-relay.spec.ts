/**
 * The Kafka relay in-process: against a real broker and both stores (SQLite file,
 * PostgreSQL schema), plus failure paths with a fake producer (publish errors,
 * a lost lease) where a real broker cannot be made to fail on cue.
 * Process-level tests (SIGKILL, fail-over between processes) are in test/bus/relay.
 */
import { Kafka } from 'kafkajs';
import pino from 'pino';
import { LeaseStore, StoredEvent } from '@jm/event-sourcing';
import { pollUntil, testKafkaBrokers, uniqueName } from '@jm/testing';
import { SERVICE_STREAM_PREFIXES } from '../topology';
import { RunningRelay } from '../bus.port';
import { decodeMessage } from '../integration-message';
import { createKafka } from './kafka-client';
import { KafkaRelayDeps, relayName, RelayLogger, startKafkaRelay } from './kafka-relay';
import {
  appendInterleaved,
  checkTopic,
  countExpected,
  createTestStore,
  Expected,
  STORE_KINDS,
  TestStore,
  TopicReader,
  waitFor,
} from '../../../../test/bus/relay/support';

const INTAKE = SERVICE_STREAM_PREFIXES.intake; // lead-, submission-
const quietLogger = (): RelayLogger => pino({ level: 'silent' });

/** Streams of intake (published) and of cases (must not be). */
function streams(tag: string): { intake: string[]; cases: string[] } {
  return {
    intake: [`lead-${tag}-1`, `lead-${tag}-2`, `lead-${tag}-3`, `submission-${tag}-1`, `submission-${tag}-2`],
    cases: [`case-${tag}-1`, `case-${tag}-2`],
  };
}

async function messagesOnTopic(kafka: Kafka, topic: string): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const offsets = await admin.fetchTopicOffsets(topic);
    return offsets.reduce((sum, p) => sum + Number(p.high) - Number(p.low), 0);
  } finally {
    await admin.disconnect();
  }
}

describe.each(STORE_KINDS)('Kafka relay on %s (real broker)', (kind) => {
  const brokers = testKafkaBrokers();
  let ts: TestStore;
  let kafka: Kafka;
  let topic: string;
  let reader: TopicReader | undefined;
  const relays: RunningRelay[] = [];

  const start = (instanceId: string, extra: Partial<KafkaRelayDeps> = {}, leaseTtlMs = 5000): Promise<RunningRelay> =>
    startKafkaRelay(
      { kafka, store: ts.store, checkpoints: ts.store.checkpoints, leases: ts.store.leases, logger: quietLogger(), batchSize: 16, ...extra },
      { service: 'intake', streamPrefixes: INTAKE, topic, instanceId, leaseTtlMs },
    ).then((relay) => {
      relays.push(relay);
      return relay;
    });

  beforeEach(async () => {
    ts = await createTestStore(kind);
    kafka = createKafka({ brokers, clientId: uniqueName('relay-spec'), logger: quietLogger() });
    topic = uniqueName('relay-spec');
  });

  afterEach(async () => {
    for (const relay of relays.splice(0)) await relay.stop().catch(() => undefined);
    await reader?.stop();
    reader = undefined;
    await ts.cleanup();
  });

  it("publishes every event of the service's streams in per-stream order, and nothing of other services", async () => {
    const { intake, cases } = streams('a');
    // Backlog before the relay starts, interleaved with another service's streams.
    const expected: Expected = new Map();
    for (let round = 0; round < 8; round++) {
      await appendInterleaved(ts.store, intake, 1, 3, expected);
      await appendInterleaved(ts.store, cases, 1, 2);
    }
    const relay = await start('relay-a');
    reader = await TopicReader.start(brokers, topic);
    await pollUntil(() => relay.isActive(), { what: 'relay to be active' });

    // Live appends while it runs.
    for (let round = 0; round < 4; round++) {
      await appendInterleaved(ts.store, cases, 1, 1);
      await appendInterleaved(ts.store, intake, 1, 2, expected);
    }
    const total = countExpected(expected);
    await reader.waitForAll(expected);
    // Everything on the topic has been read: nothing else can be hiding in a partition.
    await pollUntil(async () => (await messagesOnTopic(kafka, topic)) === reader!.received.length, {
      what: 'reader to have read the whole topic',
    });

    const report = checkTopic(reader.received, expected);
    expect(report).toEqual({ outOfOrder: [], missing: 0, duplicates: 0, foreign: [], badKeys: 0, splitStreams: [] });
    expect(reader.received).toHaveLength(total);
    expect(reader.received.every((m) => m.event.streamId.startsWith('lead-') || m.event.streamId.startsWith('submission-'))).toBe(true);

    // The checkpoint follows what was published.
    const lastIntake = (await ts.store.readAll({ streamPrefixes: INTAKE, limit: 100000 })).pop()!;
    await pollUntil(async () => (await ts.store.checkpoints.load(relayName('intake'))) >= lastIntake.position, {
      what: 'checkpoint to reach the last intake event',
    });
    expect(relay.isActive()).toBe(true);
  });

  it('keeps one active relay per service; stop() saves the checkpoint, releases the lease and the standby takes over', async () => {
    const ttl = 600;
    const { intake } = streams('b');
    const expected = await appendInterleaved(ts.store, intake, 10, 2);
    const a = await start('relay-a', {}, ttl);
    await pollUntil(() => a.isActive(), { what: 'first relay to be active' });
    const b = await start('relay-b', {}, ttl);
    reader = await TopicReader.start(brokers, topic);

    // Over a few ttl: the second one never becomes active while the first holds the lease.
    const until = Date.now() + 3 * ttl;
    while (Date.now() < until) {
      expect(b.isActive()).toBe(false);
      expect(a.isActive()).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    await reader.waitForAll(expected);

    await a.stop();
    expect(a.isActive()).toBe(false);
    const saved = await ts.store.checkpoints.load(relayName('intake'));
    const lastIntake = (await ts.store.readAll({ streamPrefixes: INTAKE, limit: 100000 })).pop()!;
    expect(saved).toBe(lastIntake.position);

    // The lease was released: the standby takes over at its next try (ttl/3), not after ttl.
    const stoppedAt = Date.now();
    await pollUntil(() => b.isActive(), { what: 'standby to take over', timeoutMs: 5000 });
    expect(Date.now() - stoppedAt).toBeLessThan(ttl);

    await appendInterleaved(ts.store, intake, 3, 2, expected);
    await reader.waitForAll(expected);
    await pollUntil(async () => (await messagesOnTopic(kafka, topic)) === reader!.received.length, {
      what: 'reader to have read the whole topic',
    });
    // A clean hand-over republishes nothing: the checkpoint was saved on stop.
    expect(checkTopic(reader.received, expected)).toEqual({
      outOfOrder: [],
      missing: 0,
      duplicates: 0,
      foreign: [],
      badKeys: 0,
      splitStreams: [],
    });
  });

  it('creates the topic with 3 partitions and starts again on the existing one: active, from its checkpoint, publishing', async () => {
    const { intake } = streams('r');
    const partitions = async () => {
      const admin = kafka.admin();
      await admin.connect();
      try {
        return (await admin.fetchTopicMetadata({ topics: [topic] })).topics[0].partitions.length;
      } finally {
        await admin.disconnect();
      }
    };
    const expected = await appendInterleaved(ts.store, intake, 2, 2);
    const first = await start('relay-a');
    expect(await partitions()).toBe(3);
    reader = await TopicReader.start(brokers, topic);
    await reader.waitForAll(expected);
    await first.stop();
    relays.splice(relays.indexOf(first), 1);

    // Started again on the topic it made: it takes the lease and publishes what came while it was down, and only that.
    await appendInterleaved(ts.store, intake, 2, 2, expected);
    const again = await start('relay-a');
    await pollUntil(() => again.isActive(), { what: 'the restarted relay to be active' });
    await appendInterleaved(ts.store, intake, 1, 2, expected);
    await reader.waitForAll(expected);
    await pollUntil(async () => (await messagesOnTopic(kafka, topic)) === reader!.received.length, { what: 'reader to have read the whole topic' });
    expect(checkTopic(reader.received, expected)).toEqual({ outOfOrder: [], missing: 0, duplicates: 0, foreign: [], badKeys: 0, splitStreams: [] });
    expect(await partitions()).toBe(3);
  });
});

/**
 * A fake kafkajs client: records what was sent; sends fail while `failing` is
 * set. Only what the relay uses is there.
 */
class FakeKafka {
  readonly sent: StoredEvent[] = [];
  sendCalls = 0;
  failing: number | 'always' = 0;

  admin() {
    return {
      connect: async () => undefined,
      disconnect: async () => undefined,
      listTopics: async () => [],
      createTopics: async () => true,
      // Every partition led at once: a fake broker elects nobody.
      fetchTopicMetadata: async ({ topics }: { topics: string[] }) => ({
        topics: topics.map((name) => ({ name, partitions: [{ partitionId: 0, leader: 1, partitionErrorCode: 0 }] })),
      }),
    };
  }

  producer() {
    return {
      connect: async () => undefined,
      disconnect: async () => undefined,
      send: async ({ messages }: { messages: Array<{ value: string }> }) => {
        this.sendCalls++;
        if (this.failing === 'always' || this.failing > 0) {
          if (this.failing !== 'always') this.failing--;
          throw new Error('broker not available (fake)');
        }
        this.sent.push(...messages.map((m) => decodeMessage(m.value)));
        return [];
      },
    };
  }

  asKafka(): Kafka {
    return this as unknown as Kafka;
  }
}

/** Wraps a LeaseStore; while `stolen`, another owner holds the lease. Counts renewals and attempts to acquire (a stand-by's heartbeat). */
class StealableLeases implements LeaseStore {
  stolen = false;
  renewals = 0;
  acquireAttempts = 0;
  constructor(private readonly inner: LeaseStore) {}
  tryAcquire(name: string, owner: string, ttlMs: number): Promise<boolean> {
    this.acquireAttempts++;
    return this.stolen ? Promise.resolve(false) : this.inner.tryAcquire(name, owner, ttlMs);
  }
  renew(name: string, owner: string, ttlMs: number): Promise<boolean> {
    this.renewals++;
    return this.stolen ? Promise.resolve(false) : this.inner.renew(name, owner, ttlMs);
  }
  release(name: string, owner: string): Promise<void> {
    return this.inner.release(name, owner);
  }
}

function recordingLogger() {
  const lines: Array<{ level: string; obj: object; msg?: string }> = [];
  const at = (level: string) => (obj: object, msg?: string) => void lines.push({ level, obj, msg });
  return { lines, logger: { info: at('info'), warn: at('warn'), error: at('error') } };
}

describe('Kafka relay failure paths (fake producer, SQLite store)', () => {
  let ts: TestStore;
  const relays: RunningRelay[] = [];

  beforeEach(async () => {
    ts = await createTestStore('sqlite');
  });
  afterEach(async () => {
    for (const relay of relays.splice(0)) await relay.stop().catch(() => undefined);
    await ts.cleanup();
  });

  const inOrder = (sent: StoredEvent[], expected: Expected): boolean =>
    [...expected].every(([stream, ids]) => {
      const firsts = [...new Set(sent.filter((e) => e.streamId === stream).map((e) => e.id))];
      return firsts.join() === ids.join();
    });

  it('retries a failing publish with backoff, logs each failure and never skips an event', async () => {
    const fake = new FakeKafka();
    fake.failing = 3;
    const { lines, logger } = recordingLogger();
    const expected = await appendInterleaved(ts.store, ['lead-r-1', 'lead-r-2'], 5, 2);
    const relay = await startKafkaRelay(
      { kafka: fake.asKafka(), store: ts.store, checkpoints: ts.store.checkpoints, leases: ts.store.leases, logger, batchSize: 4 },
      { service: 'intake', streamPrefixes: INTAKE, topic: 't', instanceId: 'r1', leaseTtlMs: 1000 },
    );
    relays.push(relay);
    await waitFor(() => new Set(fake.sent.map((e) => e.id)).size === countExpected(expected), 'all events sent');
    expect(inOrder(fake.sent, expected)).toBe(true);
    expect(fake.sendCalls).toBeGreaterThanOrEqual(3 + Math.ceil(countExpected(expected) / 4));
    expect(lines.filter((l) => l.level === 'error' && l.msg?.includes('publish failed'))).toHaveLength(3);
  });

  it('gives up a batch it cannot publish once the lease is lost, without moving the checkpoint', async () => {
    const fake = new FakeKafka();
    const leases = new StealableLeases(ts.store.leases);
    const expected = await appendInterleaved(ts.store, ['lead-l-1'], 4, 1);
    const relay = await startKafkaRelay(
      { kafka: fake.asKafka(), store: ts.store, checkpoints: ts.store.checkpoints, leases, logger: quietLogger(), batchSize: 100 },
      { service: 'intake', streamPrefixes: INTAKE, topic: 't', instanceId: 'r1', leaseTtlMs: 300 },
    );
    relays.push(relay);
    await waitFor(() => fake.sent.length === 4, 'backlog sent');
    const checkpoint = await pollUntil(async () => {
      const saved = await ts.store.checkpoints.load(relayName('intake'));
      return saved > 0 ? saved : undefined;
    });

    // The broker goes away, then the lease is taken over while the relay retries.
    fake.failing = 'always';
    await appendInterleaved(ts.store, ['lead-l-1'], 2, 1, expected);
    await waitFor(() => fake.sendCalls >= 6, 'failing retries');
    leases.stolen = true;
    await waitFor(() => !relay.isActive(), 'relay to notice the lost lease', 3000);
    const callsAfterLoss = fake.sendCalls;
    // Back in stand-by: it tries to acquire the lease again (twice, so the retry loop of the batch is surely over),
    // and has given the batch up: at most the one send already in flight, and no more between two tries.
    const attemptsAtLoss = leases.acquireAttempts;
    await waitFor(() => leases.acquireAttempts >= attemptsAtLoss + 2, 'relay to try for the lease again from stand-by');
    const callsInStandby = fake.sendCalls;
    expect(callsInStandby - callsAfterLoss).toBeLessThanOrEqual(1);
    const attemptsInStandby = leases.acquireAttempts;
    await waitFor(() => leases.acquireAttempts >= attemptsInStandby + 1, 'one more stand-by try');
    expect(fake.sendCalls).toBe(callsInStandby);
    expect(await ts.store.checkpoints.load(relayName('intake'))).toBe(checkpoint);

    // The lease comes back (or another instance takes over): it resumes from the checkpoint.
    fake.failing = 0;
    leases.stolen = false;
    await waitFor(() => new Set(fake.sent.map((e) => e.id)).size === 6, 'the rest sent', 10000);
    expect(inOrder(fake.sent, expected)).toBe(true);
    expect(relay.isActive()).toBe(true);
  });

  it('sends batch after batch without a renewal while the lease is fresh, and saves the last checkpoint', async () => {
    const fake = new FakeKafka();
    const leases = new StealableLeases(ts.store.leases);
    const expected = await appendInterleaved(ts.store, ['lead-f-1', 'lead-f-2'], 10, 2);
    // ttl 60 s: the timer renews every 20 s, so within this test only a batch could renew.
    const relay = await startKafkaRelay(
      { kafka: fake.asKafka(), store: ts.store, checkpoints: ts.store.checkpoints, leases, logger: quietLogger(), batchSize: 4 },
      { service: 'intake', streamPrefixes: INTAKE, topic: 't', instanceId: 'r1', leaseTtlMs: 60_000 },
    );
    relays.push(relay);
    await waitFor(() => new Set(fake.sent.map((e) => e.id)).size === countExpected(expected), 'all events sent');
    expect(fake.sendCalls).toBe(Math.ceil(countExpected(expected) / 4));
    expect(leases.renewals).toBe(0);
    const head = await ts.store.headPosition();
    await pollUntil(async () => ((await ts.store.checkpoints.load(relayName('intake'))) === head ? true : undefined), {
      what: 'the last batch checkpointed',
    });
  });

  it('stops publishing at once when a renewal reports the lease lost, and stands by', async () => {
    const fake = new FakeKafka();
    const leases = new StealableLeases(ts.store.leases);
    await appendInterleaved(ts.store, ['lead-s-1'], 3, 1);
    const relay = await startKafkaRelay(
      { kafka: fake.asKafka(), store: ts.store, checkpoints: ts.store.checkpoints, leases, logger: quietLogger() },
      { service: 'intake', streamPrefixes: INTAKE, topic: 't', instanceId: 'r1', leaseTtlMs: 300 },
    );
    relays.push(relay);
    await waitFor(() => fake.sent.length === 3, 'backlog sent');
    leases.stolen = true;
    await waitFor(() => !relay.isActive(), 'relay to notice the lost lease (renew timer)', 2000);
    // Another instance takes the lease over once it expires and publishes what comes next: when it has,
    // those events were there to be read, and the first relay, in stand-by, sent none of them.
    const next = new FakeKafka();
    const takeover = await startKafkaRelay(
      { kafka: next.asKafka(), store: ts.store, checkpoints: ts.store.checkpoints, leases: ts.store.leases, logger: quietLogger() },
      { service: 'intake', streamPrefixes: INTAKE, topic: 't', instanceId: 'r2', leaseTtlMs: 300 },
    );
    relays.push(takeover);
    const later = await appendInterleaved(ts.store, ['lead-s-1'], 3, 1);
    await waitFor(() => later.get('lead-s-1')!.every((id) => next.sent.some((e) => e.id === id)), 'the new holder to publish the later events');
    const attempts = leases.acquireAttempts;
    await waitFor(() => leases.acquireAttempts >= attempts + 1, 'the first relay to try for the lease again');
    expect(fake.sent).toHaveLength(3);
    expect(relay.isActive()).toBe(false);
  });

  it('rejects a relay without stream prefixes', async () => {
    await expect(
      startKafkaRelay(
        { kafka: new FakeKafka().asKafka(), store: ts.store, checkpoints: ts.store.checkpoints, leases: ts.store.leases },
        { service: 'intake', streamPrefixes: [], topic: 't', instanceId: 'r1' },
      ),
    ).rejects.toThrow(/streamPrefixes/);
  });
});
