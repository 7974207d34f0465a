/** `ours`: PostgresEventStore in a fresh schema, used exactly as services use it. */
import { Pool } from 'pg';
import type { NewEvent } from '@jm/event-sourcing';
import { PostgresEventStore } from '@jm/event-sourcing';
import { ident } from '@jm/event-sourcing/event-store/postgres/postgres-schema';
import { Contender, ContenderConfig, readPages } from './contender';

export async function createOurs(cfg: ContenderConfig): Promise<Contender> {
  const store = await PostgresEventStore.connect({ url: cfg.url, schema: cfg.schema, poolSize: cfg.poolSize });
  return oursContender(store, store.pool, cfg.schema);
}

export function oursContender(
  store: Pick<PostgresEventStore, 'append' | 'readAll' | 'close'>,
  pool: Pool,
  schema: string,
  name: 'ours' = 'ours',
): Contender {
  const s = ident(schema);
  const versions = new Map<string, number>();
  const append = async (streamId: string, events: NewEvent[]) => {
    const current = versions.get(streamId);
    const result = await store.append(streamId, events, current === undefined ? 'no_stream' : current);
    versions.set(streamId, result.nextExpectedVersion);
  };
  return {
    name,
    append,
    seed: append,
    async readAll(pageSize, limit = Infinity) {
      return readPages((from) => store.readAll({ from, limit: pageSize }), pageSize, limit);
    },
    async count() {
      const { rows } = await pool.query(`SELECT count(*)::int AS n FROM ${s}.events`);
      return rows[0].n as number;
    },
    async vacuum() {
      await pool.query(`VACUUM ANALYZE ${s}.events`);
    },
    close: () => store.close(),
  };
}
