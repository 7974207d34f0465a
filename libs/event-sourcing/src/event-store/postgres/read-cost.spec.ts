/**
 * The cost of reading the global log (issue 14 item 15, docs/benchmarks.md): readAll
 * must decode a page for no more client CPU than a bare SELECT of the same rows
 * decoded into the same envelope (the bench's raw_sql floor). A decoder that
 * rebuilt each event by spreading one object into another took ~10 µs more per
 * event, over twice the floor; this is the check that catches such a cost.
 * The measuring runs in a Node process of its own (testing/read-cost.fixture.ts).
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { StoredEvent } from '../envelope';
import { leadEvents } from '../../testing/lead-payload';
import { floorPage, ourPage, Page, readWhole } from '../../testing/read-cost.fixture';
import { createTestSchema, pollUntil } from '@jm/testing';
import { PostgresEventStore } from './postgres-event-store';
import { ident } from './postgres-schema';

const EVENTS = 10_000;
const BATCH = 500;
const REPEATS = 5;
/** ours / floor, CPU per event: ~0.9 with a direct decoder, over 2 with the spread one. */
const MAX_RATIO = 1.3;
const FIXTURE = join(__dirname, '../../testing/read-cost.fixture.ts');

async function collect(page: Page): Promise<StoredEvent[]> {
  const events: StoredEvent[] = [];
  await readWhole(page, (e) => events.push(e));
  return events;
}

function measure(options: Record<string, unknown>): Promise<{ ours: number; floor: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-r', '@swc-node/register', FIXTURE, JSON.stringify(options)], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, SWC_NODE_PROJECT: join(__dirname, '../../../../../tsconfig.json') },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(stdout)) : reject(new Error(`read-cost fixture exited ${code}: ${stderr}`))));
  });
}

describe('PostgreSQL readAll cost', () => {
  let schema: Awaited<ReturnType<typeof createTestSchema>>;
  let store: PostgresEventStore;

  beforeAll(async () => {
    schema = await createTestSchema('es_read');
    store = await PostgresEventStore.connect({ url: schema.url, schema: schema.schema, poolSize: 2 });
    for (let b = 0; b < EVENTS / BATCH; b++) await store.append(`lead-read${b}`, leadEvents(BATCH), 'no_stream');
    await store.pool.query(`VACUUM ANALYZE ${ident(schema.schema)}.events`);
    // A parallel suite's open transaction can hide the appends from the global log for a while.
    await pollUntil(async () => (await store.readAll({ limit: EVENTS + 1 })).length === EVENTS, { what: 'all appends visible', timeoutMs: 30_000 });
  }, 120_000);

  afterAll(async () => {
    await store?.close();
    await schema?.drop();
  });

  it('reads the same events as the bare SELECT', async () => {
    const events = await collect(ourPage(store));
    expect(events).toHaveLength(EVENTS);
    expect(events).toEqual(await collect(floorPage(store)));
  });

  it('costs no more client CPU per event than the bare SELECT decoded into the same envelope', async () => {
    const perEvent = await measure({ url: schema.url, schema: schema.schema, events: EVENTS, repeats: REPEATS });
    process.stderr.write(`readAll cost: ours ${perEvent.ours.toFixed(2)} µs/event, floor ${perEvent.floor.toFixed(2)} µs/event\n`);
    expect(perEvent.ours).toBeLessThanOrEqual(MAX_RATIO * perEvent.floor);
  }, 120_000);
});
