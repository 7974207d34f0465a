/**
 * The rebuild's fold parts in worker threads (PostgreSQL): each worker opens a
 * store of its own on the same schema and a small pool on the read model, and
 * runs one FoldPart over its partition of the streams, so reading, decoding,
 * folding and encoding the writes are spread over the cores instead of one
 * thread. This module is both sides: `startWorkerPart` (the rebuild's thread)
 * and the worker's own loop (run when it is loaded as a worker).
 */
import { extname } from 'node:path';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { PostgresEventStore } from '@jm/event-sourcing';
import type { PoolConfig } from 'pg';
import type { LedgerChanges } from '../ledgers/ledger.projector';
import type { SqlTarget } from '../ledgers/table-sql';
import { FoldPart, PartOptions, PartProgress, PartRead, PartTotals } from './fold-part';
import { poolRunner, rebuildPool } from './pg-runner';

const WORKER_KIND = 'jm-rebuild-part';

export interface WorkerPartData {
  kind: typeof WORKER_KIND;
  store: { url: string; schema: string };
  /** The read model's connection (pg settings without functions, they do not cross threads). */
  readModel: PoolConfig;
  target: SqlTarget;
  options: PartOptions;
}

type Op = 'load' | 'writeRest' | 'catchUp' | 'readLast' | 'totals' | 'close';
type Reply = { id: number; result?: unknown; error?: string } | { progress: PartProgress };

/** The rebuild's handle on one worker: the FoldPart's operations as messages. */
export class WorkerPart {
  private nextId = 0;
  private readonly pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  private failure: Error | undefined;

  private constructor(
    private readonly worker: Worker,
    onProgress: (progress: PartProgress) => void,
  ) {
    worker.on('message', (reply: Reply) => {
      if ('progress' in reply) return onProgress(reply.progress);
      const call = this.pending.get(reply.id);
      if (!call) return;
      this.pending.delete(reply.id);
      if (reply.error !== undefined) call.reject(new Error(reply.error));
      else call.resolve(reply.result);
    });
    const fail = (error: Error) => {
      this.failure ??= error;
      for (const call of this.pending.values()) call.reject(this.failure);
      this.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`rebuild worker exited (code ${code})`)));
  }

  static start(data: Omit<WorkerPartData, 'kind'>, onProgress: (progress: PartProgress) => void): WorkerPart {
    // This very file: .ts when the sources run through @swc-node/register (tests, bench), .js when built.
    const ext = extname(__filename);
    const registered = process.execArgv.some((arg) => arg.includes('@swc-node/register'));
    const worker = new Worker(__filename, {
      workerData: { kind: WORKER_KIND, ...data } satisfies WorkerPartData,
      execArgv: ext === '.ts' && !registered ? [...process.execArgv, '-r', '@swc-node/register'] : undefined,
    });
    return new WorkerPart(worker, onProgress);
  }

  load(): Promise<PartRead> {
    return this.call('load') as Promise<PartRead>;
  }

  async writeRest(): Promise<void> {
    await this.call('writeRest');
  }

  catchUp(): Promise<PartRead> {
    return this.call('catchUp') as Promise<PartRead>;
  }

  readLast(): Promise<{ read: PartRead; changes: LedgerChanges }> {
    return this.call('readLast') as Promise<{ read: PartRead; changes: LedgerChanges }>;
  }

  totals(): Promise<PartTotals> {
    return this.call('totals') as Promise<PartTotals>;
  }

  /** Closes the worker's connections and ends it (also after a failure). */
  async close(): Promise<void> {
    if (!this.failure) await this.call('close').catch(() => undefined);
    await this.worker.terminate();
  }

  private call(op: Op): Promise<unknown> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, op });
    });
  }
}

async function serve(data: WorkerPartData): Promise<void> {
  const port = parentPort!;
  const store = await PostgresEventStore.connect({ url: data.store.url, schema: data.store.schema, poolSize: 2 });
  const pool = rebuildPool(data.readModel, 4);
  const runner = poolRunner(pool);
  let lastProgress = 0;
  const part = new FoldPart(
    store,
    (fn) => fn(runner),
    data.target,
    data.options,
    (progress) => {
      // Progress a few times a second is plenty.
      if (Date.now() - lastProgress < 200) return;
      lastProgress = Date.now();
      port.postMessage({ progress } satisfies Reply);
    },
  );
  const ops: Record<Op, () => Promise<unknown> | unknown> = {
    load: () => part.load(),
    writeRest: () => part.writeRest(),
    catchUp: () => part.catchUp(),
    readLast: () => part.readLast(),
    totals: () => part.totals(),
    close: async () => {
      await store.close();
      await pool.end();
    },
  };
  port.on('message', ({ id, op }: { id: number; op: Op }) => {
    void (async () => {
      try {
        port.postMessage({ id, result: await ops[op]() } satisfies Reply);
      } catch (error) {
        port.postMessage({ id, error: error instanceof Error ? error.message : String(error) } satisfies Reply);
      }
    })();
  });
}

if (!isMainThread && (workerData as WorkerPartData | undefined)?.kind === WORKER_KIND) {
  serve(workerData as WorkerPartData).catch((error: unknown) => {
    // The rebuild's thread sees the worker end with an error.
    throw error;
  });
}
