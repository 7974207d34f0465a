/**
 * Projection-only replay: folds the whole log, in global order, through one
 * service's projections (its read models, written as its live consumer writes
 * them) into a fresh database, and through nothing else. A service's bus
 * handlers are projections (event → rows, through the consumer's transaction)
 * followed by reactions (process managers appending commands, channels
 * sending); the live handlers call both, the replay only the projections, so
 * it appends nothing, sends nothing and writes no checkpoint, dedup row or
 * outbox row. Used by the restore drill (docs/operations/backup.md).
 */
import type { DataSource, EntityManager } from 'typeorm';
import { SERVICE_STREAM_PREFIXES, SERVICE_SUBSCRIPTIONS, ServiceName, TransactionScope, transactionScope } from '@jm/bus';
import type { EventStore, StoredEvent } from '@jm/event-sourcing';

/** What a projection writes through: the consumer's transaction and its scope (buffers flushed before the commit). */
export interface ProjectionContext {
  readonly manager: EntityManager;
  readonly transaction: TransactionScope;
}

/** One read model's handling of the events it follows; `R` is what the live handler's reaction needs from it. */
export interface Projection<R = unknown> {
  /** What it writes, for logs and errors. */
  readonly name: string;
  readonly types: readonly string[];
  /** Only events of streams with this prefix (the same type may come from several services' streams). */
  readonly streamPrefix?: string;
  follows(event: StoredEvent): boolean;
  project(event: StoredEvent, context: ProjectionContext): Promise<R>;
}

export function projection<R>(spec: Omit<Projection<R>, 'follows'>): Projection<R> {
  const types = new Set(spec.types);
  return {
    ...spec,
    follows: (event) => types.has(event.type) && (spec.streamPrefix === undefined || event.streamId.startsWith(spec.streamPrefix)),
  };
}

/** Every projection of a service, in the order its live handlers run them. */
export interface ServiceProjections {
  service: ServiceName;
  projections: readonly Projection[];
}

export interface ProjectionReplayOptions {
  store: EventStore;
  /** A fresh database of the service, migrated. */
  dataSource: DataSource;
  projections: ServiceProjections;
  /** Last position to apply (a backup's head); default the whole log. */
  upTo?: number;
  /** Events read per page (default 2000). */
  pageSize?: number;
  /** Events applied per transaction (default 500): one scope, so buffered projections write once per transaction. */
  transactionSize?: number;
}

export interface ProjectionReplayResult {
  service: ServiceName;
  /** Events of the streams the service consumes, read from the log. */
  events: number;
  /** Projection calls (an event followed by two read models counts twice). */
  applied: number;
  transactions: number;
  /** Position of the last event read (0 when none). */
  position: number;
}

/** Applies every projection of the service that follows the event, in order; answers how many did. */
export async function applyProjections(projections: ServiceProjections, event: StoredEvent, context: ProjectionContext): Promise<number> {
  let applied = 0;
  for (const p of projections.projections) {
    if (!p.follows(event)) continue;
    await p.project(event, context);
    applied++;
  }
  return applied;
}

/** The stream prefixes a service's consumer reads (its subscriptions' owned streams, topology.ts). */
export function consumedStreamPrefixes(service: ServiceName): string[] {
  return [...new Set(SERVICE_SUBSCRIPTIONS[service].flatMap((owner) => SERVICE_STREAM_PREFIXES[owner]))];
}

/** A projection that threw during a replay, named with its event (live, the bus retries and parks the event instead). */
export class ProjectionReplayError extends Error {
  constructor(service: string, event: StoredEvent, cause: Error) {
    super(`${service}: a projection failed on ${event.type} ${event.streamId}@${event.streamVersion} (position ${event.position}): ${cause.message}`);
    this.name = 'ProjectionReplayError';
  }
}

export async function replayProjections(options: ProjectionReplayOptions): Promise<ProjectionReplayResult> {
  const { store, dataSource } = options;
  const { service } = options.projections;
  const pageSize = Math.max(1, options.pageSize ?? 2000);
  const perTransaction = Math.max(1, options.transactionSize ?? 500);
  const streamPrefixes = consumedStreamPrefixes(service);
  const result: ProjectionReplayResult = { service, events: 0, applied: 0, transactions: 0, position: 0 };
  let from = 0;
  for (;;) {
    const page = (await store.readAll({ from, limit: pageSize, streamPrefixes })).filter(
      (e) => options.upTo === undefined || e.position <= options.upTo,
    );
    if (page.length === 0) break;
    for (let start = 0; start < page.length; start += perTransaction) {
      const run = page.slice(start, start + perTransaction);
      await dataSource.transaction(async (manager) => {
        const { scope, flush } = transactionScope(run);
        for (const event of run) {
          try {
            result.applied += await applyProjections(options.projections, event, { manager, transaction: scope });
          } catch (error) {
            throw new ProjectionReplayError(service, event, error as Error);
          }
        }
        await flush();
      });
      result.transactions++;
    }
    result.events += page.length;
    result.position = page.at(-1)!.position;
    from = result.position;
    if (options.upTo !== undefined && from >= options.upTo) break;
  }
  return result;
}
