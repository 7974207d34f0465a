/**
 * Helpers for the relay tests: test events, store factories (SQLite file in a
 * temp dir, PostgreSQL in a fresh schema), a topic reader (kafkajs consumer from
 * the beginning) and the per-stream order check.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Consumer, Kafka, logLevel } from 'kafkajs';
import { CheckpointStore, EventStore, LeaseStore, NewEvent, StoredEvent } from '@jm/event-sourcing';
import { decodeMessage } from '@jm/bus';
import { createTestSchema, pollUntil, uniqueName } from '@jm/testing';

export type StoreKind = 'sqlite' | 'postgres';
export const STORE_KINDS: StoreKind[] = ['sqlite', 'postgres'];

export type FullStore = EventStore & { readonly leases: LeaseStore; readonly checkpoints: CheckpointStore };

/** How a child process opens the same store (see fixtures/relay-process.ts). */
export interface StoreLocation {
  kind: StoreKind;
  sqlitePath?: string;
  pgUrl?: string;
  pgSchema?: string;
}

export interface TestStore {
  store: FullStore;
  location: StoreLocation;
  /** Opens another connection to the same store (as a second process would). */
  reopen(): Promise<FullStore>;
  cleanup(): Promise<void>;
}

export async function openStoreAt(location: StoreLocation): Promise<FullStore> {
  if (location.kind === 'sqlite') {
    // Loaded lazily so a suite only needs the adapter it uses.
    const { SqliteEventStore } = await import('@jm/event-sourcing/event-store/sqlite/sqlite-event-store');
    return SqliteEventStore.open({ path: location.sqlitePath! }) as unknown as FullStore;
  }
  const { PostgresEventStore } = await import('@jm/event-sourcing/event-store/postgres/postgres-event-store');
  return (await PostgresEventStore.connect({ url: location.pgUrl!, schema: location.pgSchema })) as unknown as FullStore;
}

export async function createTestStore(kind: StoreKind): Promise<TestStore> {
  let location: StoreLocation;
  let dispose: () => Promise<void>;
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'jm-relay-'));
    location = { kind, sqlitePath: join(dir, 'events.sqlite') };
    dispose = async () => rmSync(dir, { recursive: true, force: true });
  } else {
    const schema = await createTestSchema('relay');
    location = { kind, pgUrl: schema.url, pgSchema: schema.schema };
    dispose = schema.drop;
  }
  const opened: FullStore[] = [];
  const reopen = async () => {
    const another = await openStoreAt(location);
    opened.push(another);
    return another;
  };
  return {
    store: await reopen(),
    location,
    reopen,
    cleanup: async () => {
      for (const s of opened) await s.close().catch(() => undefined);
      await dispose();
    },
  };
}

/** Per-test store, topic reader and relay children for a describe block, cleaned up after each test. */
export function relayTestbed(kind: StoreKind): { ts: TestStore; reader?: TopicReader; children: RelayProcess[] } {
  const bed = { ts: undefined as unknown as TestStore, reader: undefined as TopicReader | undefined, children: [] as RelayProcess[] };
  beforeEach(async () => {
    bed.ts = await createTestStore(kind);
  });
  afterEach(async () => {
    for (const child of bed.children.splice(0)) await child.kill();
    await bed.reader?.stop();
    bed.reader = undefined;
    await bed.ts.cleanup();
  });
  return bed;
}

export function newEvent(type = 'TestHappened', data: unknown = {}): NewEvent {
  return {
    id: randomUUID(),
    type,
    schemaVersion: 1,
    data,
    time: new Date().toISOString(),
    correlationId: randomUUID(),
    causationId: randomUUID(),
    actor: { agency: 'A001', user: 'relay-test' },
  };
}

/** Event ids of each stream in stream order: what the topic must show. */
export type Expected = Map<string, string[]>;

/**
 * Appends `rounds` rounds; in each round every stream gets `perAppend` events in
 * one append, so streams interleave in the global log.
 */
export async function appendInterleaved(
  store: EventStore,
  streams: string[],
  rounds: number,
  perAppend = 1,
  expected: Expected = new Map(),
): Promise<Expected> {
  for (let round = 0; round < rounds; round++) {
    for (const stream of streams) {
      const events = Array.from({ length: perAppend }, () => newEvent('TestHappened', { round }));
      await store.append(stream, events, 'any');
      const ids = expected.get(stream) ?? [];
      ids.push(...events.map((e) => e.id));
      expected.set(stream, ids);
    }
  }
  return expected;
}

export const countExpected = (expected: Expected): number => [...expected.values()].reduce((n, ids) => n + ids.length, 0);

export interface ReceivedMessage {
  event: StoredEvent;
  key: string;
  partition: number;
  offset: string;
}

/** Reads a topic from the beginning with its own consumer group and keeps everything it sees. */
export class TopicReader {
  readonly received: ReceivedMessage[] = [];
  private consumer?: Consumer;

  constructor(
    private readonly kafka: Kafka,
    readonly topic: string,
  ) {}

  static async start(brokers: string[], topic: string): Promise<TopicReader> {
    const kafka = new Kafka({ clientId: uniqueName('relay-test-reader'), brokers, logLevel: logLevel.NOTHING });
    const reader = new TopicReader(kafka, topic);
    await reader.run();
    return reader;
  }

  private async run(): Promise<void> {
    const consumer = this.kafka.consumer({ groupId: uniqueName('relay-test'), maxWaitTimeInMs: 100 });
    this.consumer = consumer;
    await consumer.connect();
    await consumer.subscribe({ topic: this.topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message, partition }) => {
        this.received.push({
          event: decodeMessage(message.value),
          key: message.key?.toString('utf8') ?? '',
          partition,
          offset: message.offset,
        });
      },
    });
  }

  distinctIds(): Set<string> {
    return new Set(this.received.map((m) => m.event.id));
  }

  /** Polls until every expected event id has been seen. */
  async waitForAll(expected: Expected, timeoutMs = 30000): Promise<void> {
    const want = [...expected.values()].flat();
    let missing = want.length;
    await pollUntil(
      () => {
        const seen = this.distinctIds();
        missing = want.filter((id) => !seen.has(id)).length;
        return missing === 0;
      },
      { timeoutMs, intervalMs: 50, what: `all ${want.length} events on ${this.topic}` },
    ).catch((error: Error) => {
      throw new Error(`${error.message} (${missing} missing)`);
    });
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect().catch(() => undefined);
  }
}

export interface OrderReport {
  /** Streams whose first occurrences on the topic are not in stream order. */
  outOfOrder: string[];
  missing: number;
  duplicates: number;
  /** Events on the topic that are not expected (e.g. another service's streams). */
  foreign: StoredEvent[];
  /** Messages whose key is not their stream id. */
  badKeys: number;
  /** Streams spread over more than one partition. */
  splitStreams: string[];
}

/**
 * Checks what reached the topic against what was appended: per stream, the first
 * occurrence of each event (in partition offset order) must follow stream order.
 */
/** Every expected event is on the topic once at least, in stream order, keyed by stream, on one partition per stream, nothing foreign. */
export function expectCompleteTopic(report: OrderReport): void {
  expect(report.missing).toBe(0);
  expect(report.outOfOrder).toEqual([]);
  expect(report.foreign).toEqual([]);
  expect(report.badKeys).toBe(0);
  expect(report.splitStreams).toEqual([]);
}

export function checkTopic(received: ReceivedMessage[], expected: Expected): OrderReport {
  const byStream = new Map<string, ReceivedMessage[]>();
  const wanted = new Set([...expected.values()].flat());
  const foreign: StoredEvent[] = [];
  let badKeys = 0;
  for (const message of received) {
    if (message.key !== message.event.streamId) badKeys++;
    if (!wanted.has(message.event.id)) {
      foreign.push(message.event);
      continue;
    }
    const list = byStream.get(message.event.streamId) ?? [];
    list.push(message);
    byStream.set(message.event.streamId, list);
  }
  const outOfOrder: string[] = [];
  const splitStreams: string[] = [];
  let missing = 0;
  let duplicates = 0;
  for (const [stream, ids] of expected) {
    const messages = byStream.get(stream) ?? [];
    if (new Set(messages.map((m) => m.partition)).size > 1) splitStreams.push(stream);
    // One stream lives on one partition, so offset order is the order on the topic.
    messages.sort((a, b) => Number(BigInt(a.offset) - BigInt(b.offset)));
    const firsts: string[] = [];
    const seen = new Set<string>();
    for (const m of messages) {
      if (seen.has(m.event.id)) {
        duplicates++;
        continue;
      }
      seen.add(m.event.id);
      firsts.push(m.event.id);
    }
    missing += ids.filter((id) => !seen.has(id)).length;
    const expectedOrder = ids.filter((id) => seen.has(id));
    if (firsts.join() !== expectedOrder.join()) outOfOrder.push(stream);
  }
  return { outOfOrder, missing, duplicates, foreign, badKeys, splitStreams };
}

/** Polls a synchronous condition until a deadline. */
export async function waitFor(probe: () => boolean, what: string, timeoutMs = 30000): Promise<void> {
  await pollUntil(() => probe(), { timeoutMs, intervalMs: 20, what });
}

export interface RelayProcessOptions {
  location: StoreLocation;
  brokers: string[];
  topic: string;
  service: string;
  prefixes: string[];
  instanceId: string;
  ttlMs?: number;
  batchSize?: number;
  saveDelayMs?: number;
}

export interface StateLine {
  state: 'ready' | 'active' | 'standby' | 'stopped';
  pid: number;
  at: number;
}

const FIXTURE = join(__dirname, 'fixtures', 'relay-process.ts');
const REPO_ROOT = join(__dirname, '..', '..', '..');

/** A relay in a child process (node -r @swc-node/register fixtures/relay-process.ts). */
export class RelayProcess {
  readonly states: StateLine[] = [];
  stderr = '';
  exitCode: number | null | undefined;
  signal: NodeJS.Signals | null | undefined;
  private readonly exited: Promise<void>;

  private constructor(
    readonly name: string,
    readonly child: ChildProcess,
  ) {
    let buffer = '';
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      buffer += chunk;
      let newline: number;
      while ((newline = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + 1);
        try {
          this.states.push(JSON.parse(line) as StateLine);
        } catch {
          // not a state line
        }
      }
    });
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
      // Keep the tail only: enough to explain a failure.
      this.stderr = (this.stderr + chunk).slice(-20000);
    });
    this.exited = new Promise((resolve) =>
      child.once('exit', (code, signal) => {
        this.exitCode = code;
        this.signal = signal;
        resolve();
      }),
    );
  }

  static spawn(options: RelayProcessOptions): RelayProcess {
    const { location } = options;
    const child = spawn(process.execPath, ['-r', '@swc-node/register', FIXTURE], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        RELAY_STORE: location.kind,
        RELAY_SQLITE_PATH: location.sqlitePath ?? '',
        RELAY_PG_URL: location.pgUrl ?? '',
        RELAY_PG_SCHEMA: location.pgSchema ?? '',
        RELAY_BROKERS: options.brokers.join(','),
        RELAY_TOPIC: options.topic,
        RELAY_SERVICE: options.service,
        RELAY_PREFIXES: options.prefixes.join(','),
        RELAY_INSTANCE_ID: options.instanceId,
        RELAY_TTL_MS: String(options.ttlMs ?? 5000),
        RELAY_BATCH_SIZE: String(options.batchSize ?? 200),
        RELAY_SAVE_DELAY_MS: String(options.saveDelayMs ?? 0),
      },
    });
    return new RelayProcess(options.instanceId, child);
  }

  get state(): StateLine['state'] | undefined {
    return this.states[this.states.length - 1]?.state;
  }

  get alive(): boolean {
    return this.exitCode === undefined;
  }

  /** First time this process reported `state`, if it did. */
  firstAt(state: StateLine['state']): number | undefined {
    return this.states.find((s) => s.state === state)?.at;
  }

  /** Waits until the current state is `state` ('ready' only: until it has been reported). */
  async waitForState(state: StateLine['state'], timeoutMs = 30000): Promise<void> {
    await pollUntil(
      () => {
        if (state === 'ready' ? this.firstAt('ready') !== undefined : this.state === state) return true;
        if (!this.alive) throw new Error(`${this.name} exited (${this.exitCode ?? this.signal}): ${this.stderr.slice(-3000)}`);
        return false;
      },
      { timeoutMs, intervalMs: 20, what: `${this.name} to be ${state}` },
    ).catch((error: Error) => {
      throw new Error(`${error.message}\n--- ${this.name} stderr ---\n${this.stderr.slice(-3000)}`);
    });
  }

  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    if (this.alive) this.child.kill(signal);
    await this.exited;
  }

  /** SIGTERM, then SIGKILL if it has not exited in time. */
  async stop(timeoutMs = 10000): Promise<void> {
    if (!this.alive) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs);
    await this.exited;
    clearTimeout(timer);
  }
}
