import { Client } from 'pg';
import { createTestSchema } from '@jm/testing';
import { describeEventStoreContract } from '../../testing/event-store.contract';
import { PostgresEventStore } from './postgres-event-store';

describeEventStoreContract('PostgreSQL', async () => {
  let current: Awaited<ReturnType<typeof createTestSchema>> | undefined;
  const raw = async (sql: string, params: unknown[]) => {
    const client = new Client({ connectionString: current!.url });
    await client.connect();
    try {
      await client.query(sql.replace('%s', `"${current!.schema}"`), params);
    } finally {
      await client.end();
    }
  };
  return {
    open: () => PostgresEventStore.connect({ url: current!.url, schema: current!.schema, pollIntervalMs: 10, poolSize: 12 }),
    writerOptions: () => ({ kind: 'postgres', url: current!.url, schema: current!.schema }),
    tamper: (streamId, version, column, value) =>
      raw(`UPDATE %s.events SET ${column} = $1 WHERE stream_id = $2 AND stream_version = $3`, [value, streamId, version]),
    remove: (streamId, version) => raw('DELETE FROM %s.events WHERE stream_id = $1 AND stream_version = $2', [streamId, version]),
    reset: async () => {
      await current?.drop();
      current = await createTestSchema('es');
    },
    dispose: async () => {
      await current?.drop();
    },
  };
});

describe('PostgreSQL checkpoints', () => {
  let schema: Awaited<ReturnType<typeof createTestSchema>>;
  let store: PostgresEventStore;
  beforeAll(async () => {
    schema = await createTestSchema('es_cp');
    // One connection: every statement below runs in the session the saves ran in.
    store = await PostgresEventStore.connect({ url: schema.url, schema: schema.schema, poolSize: 1 });
  });
  afterAll(async () => {
    await store.close();
    await schema.drop();
  });

  it('saves and moves a checkpoint without waiting for the flush, and the session keeps synchronous commits', async () => {
    const setting = async () => (await store.pool.query<{ synchronous_commit: string }>('SHOW synchronous_commit')).rows[0].synchronous_commit;
    expect(await setting()).toBe('on');
    await store.checkpoints.save('relay:intake', 41);
    await store.checkpoints.save('relay:intake', 42);
    expect(await store.checkpoints.load('relay:intake')).toBe(42);
    // the flush-free commit was the save's own transaction's: appends on this connection still wait for the flush
    expect(await setting()).toBe('on');
    const { rows } = await store.pool.query<{ off: string }>(
      `WITH no_flush_wait AS (SELECT set_config('synchronous_commit', 'off', true)) SELECT current_setting('synchronous_commit') AS off FROM no_flush_wait`,
    );
    expect(rows[0].off).toBe('off');
    expect(await setting()).toBe('on');
  });
});
