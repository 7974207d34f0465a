/**
 * Crash safety on both adapters: a consumer process is killed with SIGKILL in
 * the middle of a few thousand events, then started again. Because the handler's
 * write, the dedup row and the checkpoint commit in one transaction, and the
 * Kafka offset is committed only after it, every event ends up applied exactly
 * once although `applied` has no unique constraint.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DataSource } from 'typeorm';
import { createIdempotentProducer, createKafka, encodeMessage, PRODUCE_ACKS, topicFor } from '@jm/bus';
import { SqliteEventStore } from '@jm/event-sourcing';
import { createTestSchema, pollUntil, testKafkaBrokers, testPgUrl, uniqueName } from '@jm/testing';
import { appliedCounts, openConsumerDb } from './support/consumer-db';
import { newEvent, StoredEventFactory } from './support/events';
import { quietLogger } from './support/harness';
import type { ChildConfig } from './fixtures/consumer-child';

const TOTAL = 3000;
const log = (line: string) => process.stderr.write(`${line}\n`);
const ROOT = resolve(__dirname, '../../..');
const FIXTURE = resolve(__dirname, 'fixtures/consumer-child.ts');

function startChild(config: ChildConfig): { child: ChildProcess; ready: Promise<void>; exited: Promise<number | null>; stderr: () => string } {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', FIXTURE], {
    cwd: ROOT,
    env: { ...process.env, CHILD_CONFIG: JSON.stringify(config) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr!.on('data', (chunk) => (err += chunk.toString()));
  const exited = new Promise<number | null>((resolveExit) => child.once('exit', (code) => resolveExit(code)));
  const ready = new Promise<void>((resolveReady, reject) => {
    child.stdout!.on('data', (chunk) => {
      if (chunk.toString().includes('ready')) resolveReady();
    });
    void exited.then((code) => reject(new Error(`consumer child exited (${code}) before ready: ${err}`)));
  });
  return { child, ready, exited, stderr: () => err };
}

/** Kill mid-run, restart, and check that everything was applied exactly once. */
async function killAndRestart(config: ChildConfig, observe: DataSource): Promise<void> {
  const t0 = Date.now();
  const first = startChild(config);
  try {
    await first.ready;
    // when the first process is well into the events (and far from done)
    await pollUntil(async () => (await appliedCounts(observe)).total >= TOTAL / 5 || undefined, {
      timeoutMs: 40000,
      intervalMs: 5,
      what: `${TOTAL / 5} applied before the kill`,
    });
  } finally {
    first.child.kill('SIGKILL');
  }
  await first.exited;
  log(`${config.kind}: killed after ${Date.now() - t0} ms`);
  const atKill = await appliedCounts(observe);
  expect(atKill.total).toBeLessThan(TOTAL);
  expect(atKill.total).toBe(atKill.distinct);

  // then a restarted process finishes the rest, and nothing is applied twice
  const second = startChild(config);
  try {
    await second.ready;
    await pollUntil(async () => (await appliedCounts(observe)).distinct >= TOTAL || undefined, {
      timeoutMs: 50000,
      what: `all ${TOTAL} events applied`,
    });
    log(`${config.kind}: all applied after ${Date.now() - t0} ms`);
  } finally {
    second.child.kill('SIGTERM');
  }
  expect(await second.exited).toBe(0);
  expect(await appliedCounts(observe)).toEqual({ total: TOTAL, distinct: TOTAL });
}

describe('consumer killed with SIGKILL mid-batch, then restarted', () => {
  it('embedded: every event is applied exactly once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jm-bus-kill-'));
    const storePath = join(dir, 'store.db');
    const consumerPath = join(dir, 'consumer.db');
    const store = SqliteEventStore.open({ path: storePath, synchronous: 'NORMAL' });
    const observe = await openConsumerDb({ kind: 'sqlite', path: consumerPath });
    try {
      // given a few thousand events in the shared store, over twenty streams
      for (let i = 0; i < TOTAL; i += 100) {
        await Promise.all(
          Array.from({ length: 20 }, (_, s) =>
            store.append(
              `case-kill-${s}`,
              Array.from({ length: 5 }, () => newEvent('CaseNoted')),
              'any',
            ),
          ),
        );
      }
      await killAndRestart(
        { kind: 'embedded', storePath, consumerDb: { kind: 'sqlite', path: consumerPath }, topic: topicFor('cases'), group: uniqueName('group') },
        observe,
      );
    } finally {
      await observe.destroy();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('kafka: every event is applied exactly once', async () => {
    const brokers = testKafkaBrokers();
    const kafka = createKafka({ brokers, clientId: uniqueName('kill-test'), logger: quietLogger });
    const topic = `${topicFor('cases')}.${uniqueName('kill')}`;
    const admin = kafka.admin();
    const producer = createIdempotentProducer(kafka);
    const schema = await createTestSchema('buskill');
    await admin.connect();
    await producer.connect();
    const observe = await openConsumerDb({ kind: 'postgres', url: testPgUrl(), schema: schema.schema });
    try {
      await admin.createTopics({ topics: [{ topic, numPartitions: 3, replicationFactor: 1 }], waitForLeaders: true });
      // given a few thousand events on the topic, over twenty streams
      const factory = new StoredEventFactory();
      for (let i = 0; i < TOTAL; i += 500) {
        const events = Array.from({ length: 500 }, (_, j) => factory.next({ streamId: `case-kill-${(i + j) % 20}`, type: 'CaseNoted' }));
        await producer.send({ topic, acks: PRODUCE_ACKS, messages: events.map(encodeMessage) });
      }
      await killAndRestart(
        {
          kind: 'kafka',
          pg: { url: testPgUrl(), schema: schema.schema },
          consumerDb: { kind: 'postgres', url: testPgUrl(), schema: schema.schema },
          brokers,
          topic,
          group: uniqueName('group'),
        },
        observe,
      );
    } finally {
      await observe.destroy();
      await producer.disconnect();
      await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
      await admin.disconnect();
      await schema.drop();
    }
  });
});
