/**
 * The rebuild's own connections to a PostgreSQL read model (pg pool), used by
 * every fold part (the rebuild's thread and the workers) for the shadow
 * tables: plain queries, and COPY FROM STDIN for plain inserts (table-sql.ts).
 *
 * Their sessions commit without waiting for the WAL flush
 * (synchronous_commit off): a crash may lose the last shadow rows written, but
 * the shadow tables count for nothing until the swap, which commits on the
 * service's own connection with the server's setting, and its commit flushes
 * the WAL up to it, the shadow rows before it included.
 */
import { Client, Pool, PoolConfig } from 'pg';
import type { Runner } from '../ledgers/table-sql';

/** pg settings that cross threads (no functions). */
export type ReadModelConnection = PoolConfig;

export function rebuildPool(config: ReadModelConnection, max: number): Pool {
  const pool = new Pool({ ...config, max, options: [config.options, '-c synchronous_commit=off'].filter(Boolean).join(' ') });
  // An idle client that errors must not crash the process; the next query reports it.
  pool.on('error', () => undefined);
  return pool;
}

/** A query runner on the pool, with copyIn. */
export function poolRunner(pool: Pool): Runner {
  return {
    query: async <T>(sql: string, params?: unknown[]) => (await pool.query(sql, params)).rows as T,
    copyIn: async (sql: string, text: string) => {
      const client = await pool.connect();
      try {
        await copyIn(client, sql, text);
      } finally {
        client.release();
      }
    },
  };
}

/** What the submittable uses of node-postgres's connection (its typings leave the COPY calls out). */
interface CopyConnection {
  query(text: string): void;
  sendCopyFromChunk(chunk: Buffer): void;
  endCopyFrom(): void;
}

/**
 * COPY … FROM STDIN through node-postgres's submittable interface: the client
 * calls these handlers as the server answers (CopyInResponse, CommandComplete
 * or an error, ReadyForQuery).
 */
function copyIn(client: Client, sql: string, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const submittable = {
      submit: (connection: CopyConnection) => connection.query(sql),
      handleCopyInResponse: (connection: CopyConnection) => {
        connection.sendCopyFromChunk(Buffer.from(text));
        connection.endCopyFrom();
      },
      // Settles once: an error comes before the ReadyForQuery that ends the exchange (or alone, if the connection broke).
      handleError: (error: Error) => reject(error),
      handleReadyForQuery: () => resolve(),
      handleCommandComplete: () => undefined,
      handleRowDescription: () => undefined,
      handleDataRow: () => undefined,
      handleEmptyQuery: () => undefined,
      handlePortalSuspended: () => undefined,
      handleCopyData: () => undefined,
    };
    client.query(submittable as never);
  });
}
