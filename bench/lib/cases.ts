/** Case definitions and sizes; BENCH_SCALE multiplies every event count. */
export type CaseName = 'append-1x16' | 'append-100x4' | 'read-all';
export const CASES: CaseName[] = ['append-1x16', 'append-100x4', 'read-all'];

export interface AppendCase {
  kind: 'append';
  writers: number;
  streamsPerWriter: number;
  batchSize: number;
  /** Timed batches per writer. */
  batchesPerWriter: number;
  /** Untimed batches per writer first (same streams, so versions carry on). */
  warmupBatchesPerWriter: number;
}

export interface ReadCase {
  kind: 'read';
  /** The log is seeded (untimed) up to this many events before the read. */
  minEvents: number;
  pageSize: number;
  seedBatchSize: number;
  seedConcurrency: number;
  /** Untimed events read from the start first (JIT, plan cache, buffer cache). */
  warmupEvents: number;
}

export type CaseSpec = AppendCase | ReadCase;

export function caseSpec(name: CaseName, scale: number): CaseSpec {
  const n = (x: number) => Math.max(1, Math.round(x * scale));
  switch (name) {
    case 'append-1x16':
      return { kind: 'append', writers: 16, streamsPerWriter: 4, batchSize: 1, batchesPerWriter: n(400), warmupBatchesPerWriter: 20 };
    case 'append-100x4':
      return { kind: 'append', writers: 4, streamsPerWriter: 2, batchSize: 100, batchesPerWriter: n(50), warmupBatchesPerWriter: 2 };
    case 'read-all':
      return { kind: 'read', minEvents: n(200_000), pageSize: 1000, seedBatchSize: 1000, seedConcurrency: 4, warmupEvents: 20_000 };
  }
}

export interface CaseResult {
  events: number;
  seconds: number;
  eventsPerS: number;
  /** Node CPU (user + system) of the bench process per event during the timed part, µs. */
  cpuUsPerEvent?: number;
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
