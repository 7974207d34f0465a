/**
 * A writer process for the global-order contract test: appends events to its own
 * streams, holding each transaction open for a random 0..maxHoldMs before COMMIT,
 * so commits finish in a different order than positions were handed out.
 * Usage: node -r @swc-node/register writer.fixture.ts '<json options>'
 */
import { EventStore } from '../event-store/event-store.port';
import { PostgresEventStore } from '../event-store/postgres/postgres-event-store';
import { SqliteEventStore } from '../event-store/sqlite/sqlite-event-store';
import { newEvent } from './fixtures';

interface WriterOptions {
  kind: 'sqlite' | 'postgres';
  path?: string;
  url?: string;
  schema?: string;
  writer: number;
  streams: number;
  appends: number;
  maxHoldMs: number;
  runId: string;
}

async function main(): Promise<void> {
  const o = JSON.parse(process.argv[2]) as WriterOptions;
  const beforeCommit = () => new Promise<void>((resolve) => setTimeout(resolve, Math.random() * o.maxHoldMs));
  const store: EventStore =
    o.kind === 'sqlite'
      ? SqliteEventStore.open({ path: o.path!, beforeCommit, busyTimeoutMs: 60000 })
      : await PostgresEventStore.connect({ url: o.url!, schema: o.schema, beforeCommit, poolSize: 2 });
  const versions = new Array(o.streams).fill(-1);
  for (let i = 0; i < o.appends; i++) {
    const s = i % o.streams;
    const streamId = `order-${o.runId}w${o.writer}s${s}`;
    const size = 1 + (i % 3);
    const events = Array.from({ length: size }, (_, k) => newEvent('OrderTested', { writer: o.writer, stream: s, k }));
    const result = await store.append(streamId, events, versions[s] < 0 ? 'no_stream' : versions[s]);
    versions[s] = result.nextExpectedVersion;
  }
  await store.close();
  process.stdout.write(JSON.stringify({ writer: o.writer, versions }) + '\n');
}

main().catch((error) => {
  process.stderr.write(`writer failed: ${(error as Error).stack}\n`);
  process.exit(1);
});
