/**
 * Child process: runs one case for one contender and sends the figures to the
 * parent over IPC. One process per contender and case keeps global state (pg type
 * parsers installed by emmett's dumbo, JIT, heap) from leaking between them.
 */
import { CaseName, CaseResult, caseSpec, AppendCase, ReadCase } from './cases';
import { Contender, ContenderConfig } from './contender';
import { leadEvents } from '@jm/event-sourcing/testing/lead-payload';

export type WorkerContender = 'ours' | 'raw_sql' | 'emmett';

export interface WorkerJob {
  contender: WorkerContender;
  case: CaseName;
  config: ContenderConfig;
  scale: number;
  runId: string;
  /** Append cases: which round (fresh streams each round). */
  round: number;
  /** read-all: only top the log up to its size and vacuum it (untimed), in a process of its own before the rounds. */
  seedOnly?: boolean;
}

export type WorkerMessage = { ok: true; result: CaseResult } | { ok: false; error: string };

async function open(job: WorkerJob): Promise<Contender> {
  switch (job.contender) {
    case 'ours':
      return (await import('./ours')).createOurs(job.config);
    case 'raw_sql':
      return (await import('./raw-sql')).createRawSql(job.config);
    case 'emmett':
      return (await import('./emmett')).createEmmett(job.config);
  }
}

function log(job: WorkerJob, msg: string): void {
  process.stderr.write(`  [${job.case} ${job.contender}] ${msg}\n`);
}

async function runAppend(c: Contender, job: WorkerJob, spec: AppendCase): Promise<CaseResult> {
  const tag = `${job.case.replace(/[^a-z0-9]/g, '')}r${job.round}`;
  const streams = Array.from({ length: spec.writers }, (_, w) =>
    Array.from({ length: spec.streamsPerWriter }, (_, s) => `lead-${job.runId}${tag}-w${w}s${s}`),
  );
  // Events are built before the clock starts; only the appends are timed.
  const build = (batches: number) => streams.map(() => Array.from({ length: batches }, () => leadEvents(spec.batchSize)));
  const warm = build(spec.warmupBatchesPerWriter);
  const timed = build(spec.batchesPerWriter);
  const write = (batches: ReturnType<typeof build>) =>
    Promise.all(
      batches.map(async (mine, w) => {
        for (let i = 0; i < mine.length; i++) await c.append(streams[w][i % spec.streamsPerWriter], mine[i]);
      }),
    );
  await write(warm);
  const cpu = process.cpuUsage();
  const started = process.hrtime.bigint();
  await write(timed);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const used = process.cpuUsage(cpu);
  const events = spec.writers * spec.batchesPerWriter * spec.batchSize;
  return { events, seconds, eventsPerS: events / seconds, cpuUsPerEvent: (used.user + used.system) / events };
}

async function runRead(c: Contender, job: WorkerJob, spec: ReadCase): Promise<CaseResult> {
  const have = await c.count();
  const missing = spec.minEvents - have;
  if (job.seedOnly) {
    const t0 = Date.now();
    const batches = Math.ceil(missing / spec.seedBatchSize);
    let next = 0;
    await Promise.all(
      Array.from({ length: spec.seedConcurrency }, async (_, w) => {
        for (let i = next++; i < batches; i = next++) {
          const size = Math.min(spec.seedBatchSize, missing - i * spec.seedBatchSize);
          await c.seed(`lead-${job.runId}seed-w${w}`, leadEvents(size));
        }
      }),
    );
    await c.vacuum();
    const seconds = (Date.now() - t0) / 1000;
    log(job, `seeded ${Math.max(0, missing)} events and vacuumed in ${seconds.toFixed(1)} s (untimed)`);
    return { events: Math.max(0, missing), seconds, eventsPerS: 0 };
  }
  if (missing > 0) throw new Error(`the log holds ${have} events, ${spec.minEvents} expected: seed it first (seedOnly)`);
  const total = await c.count();
  await c.readAll(spec.pageSize, spec.warmupEvents);
  // One timed read per process, which has done nothing else: the parent interleaves the contenders' rounds.
  const cpu = process.cpuUsage();
  const started = process.hrtime.bigint();
  const events = await c.readAll(spec.pageSize);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const used = process.cpuUsage(cpu);
  if (events !== total) log(job, `WARNING: read ${events} events, the log holds ${total}`);
  return { events, seconds, eventsPerS: events / seconds, cpuUsPerEvent: (used.user + used.system) / events };
}

async function main(): Promise<void> {
  const job = JSON.parse(process.argv[2]) as WorkerJob;
  const spec = caseSpec(job.case, job.scale);
  const c = await open(job);
  try {
    const result = spec.kind === 'append' ? await runAppend(c, job, spec) : await runRead(c, job, spec);
    process.send?.({ ok: true, result } satisfies WorkerMessage);
  } finally {
    await c.close();
  }
}

main().then(
  () => process.disconnect?.(),
  (error: unknown) => {
    process.send?.({ ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) } satisfies WorkerMessage);
    process.disconnect?.();
    process.exitCode = 1;
  },
);
