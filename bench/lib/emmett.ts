/**
 * `emmett`: @event-driven-io/emmett-postgresql's event store in its own database
 * (its tables and functions are unqualified and its migration checks pg_proc
 * across all schemas, so a separate schema is not enough). Appends go through
 * eventStore.appendToStream with the exact expected stream version; read-all uses
 * its readMessagesBatch, which decodes jsonb and builds the recorded message
 * envelope. Loaded only in its own child process: dumbo installs global pg type
 * parsers (int8 -> BigInt, json/jsonb) that would otherwise skew the others.
 */
import { Pool } from 'pg';
import { dumbo } from '@event-driven-io/dumbo';
import { getPostgreSQLEventStore, readMessagesBatch } from '@event-driven-io/emmett-postgresql';
import type { NewEvent } from '@jm/event-sourcing';
import { consume, Contender, ContenderConfig } from './contender';

type LeadEvent = {
  type: 'LeadReceived';
  data: Record<string, unknown>;
  metadata: Record<string, unknown>;
};

/** Same information as our envelope: emmett generates the message id, the rest travels in metadata. */
function toEmmett(e: NewEvent): LeadEvent {
  return {
    type: 'LeadReceived',
    data: e.data as Record<string, unknown>,
    metadata: {
      eventId: e.id,
      schemaVersion: e.schemaVersion,
      time: e.time,
      correlationId: e.correlationId,
      causationId: e.causationId,
      actor: e.actor,
    },
  };
}

export async function createEmmett(cfg: ContenderConfig): Promise<Contender> {
  const pool = new Pool({ connectionString: cfg.url, max: cfg.poolSize });
  pool.on('error', () => undefined);
  const store = getPostgreSQLEventStore(cfg.url, { connectionOptions: { pool } });
  await store.schema.migrate();
  const executor = dumbo({ connectionString: cfg.url, pool });
  const versions = new Map<string, bigint>();
  const append = async (streamId: string, events: NewEvent[]) => {
    const result = await store.appendToStream<LeadEvent>(streamId, events.map(toEmmett), {
      expectedStreamVersion: versions.get(streamId) ?? 0n,
    });
    versions.set(streamId, result.nextExpectedStreamVersion);
  };
  return {
    name: 'emmett',
    append,
    seed: append,
    async readAll(pageSize, limit = Infinity) {
      let after = 0n;
      let read = 0;
      for (;;) {
        const batch = await readMessagesBatch<LeadEvent>(executor.execute, { after, batchSize: pageSize });
        for (const m of batch.messages) consume(m.data, Number(m.metadata.globalPosition));
        read += batch.messages.length;
        if (!batch.areMessagesLeft || batch.messages.length === 0 || read >= limit) return read;
        after = batch.currentGlobalPosition;
      }
    },
    async count() {
      const { rows } = await pool.query('SELECT count(*)::int AS n FROM emt_messages');
      return rows[0].n as number;
    },
    async vacuum() {
      await pool.query('VACUUM ANALYZE emt_messages');
      await pool.query('VACUUM ANALYZE emt_streams');
    },
    async close() {
      await store.close();
      await pool.end();
    },
  };
}
