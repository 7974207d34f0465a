import { Client } from 'pg';
import { createTestSchema } from '../../testing/infra';
import { describeEventStoreContract } from '../testing/event-store.contract';
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
    tamper: (streamId, version, dataText) =>
      raw('UPDATE %s.events SET data = $1 WHERE stream_id = $2 AND stream_version = $3', [dataText, streamId, version]),
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
