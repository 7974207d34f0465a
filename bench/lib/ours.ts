/** `ours`: PostgresEventStore in a fresh schema, used exactly as services use it. */
import { Pool } from 'pg';
import type { NewEvent } from '../../libs/shared/src/event-store/envelope';
import { PostgresEventStore } from '../../libs/shared/src/event-store/postgres/postgres-event-store';
import { ident } from '../../libs/shared/src/event-store/postgres/postgres-schema';
import { consume, Contender, ContenderConfig } from './contender';

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
      let from = 0;
      let read = 0;
      for (;;) {
        const page = await store.readAll({ from, limit: pageSize });
        for (const e of page) consume(e.data, e.position);
        read += page.length;
        if (page.length < pageSize || read >= limit) return read;
        from = page[page.length - 1].position;
      }
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
