/**
 * npm run bench:store — PostgreSQL event store throughput, side by side:
 *   ours     PostgresEventStore (libs/event-sourcing/src/event-store/postgres) in a fresh schema
 *   raw_sql  the same table shape written with bare autocommit INSERTs (the floor)
 *   emmett   @event-driven-io/emmett-postgresql in its own database
 * Cases: append-1x16, append-100x4, read-all (see docs/benchmarks.md).
 *
 * stdout: one JSON line per case, {"bench":"store","case":...,"events_per_s":{...}}.
 * stderr: progress, ratios and targets.
 * Env: BENCH_PG_URL (default the test server), BENCH_SCALE (event-count multiplier,
 * default 1), BENCH_POOL_SIZE (default 16), BENCH_CASES (comma list, default all),
 * BENCH_CONTENDERS (comma list, default all; ours/raw_sql needs both),
 * BENCH_ROUNDS (default 3: every case runs that many interleaved rounds, ours, raw_sql,
 * emmett, ours, ...; medians are reported, and per round ours/raw_sql).
 */
import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Client } from 'pg';
import { CaseName, CaseResult, CASES, caseSpec, median } from './lib/cases';
import { ContenderConfig, ContenderName, CONTENDERS } from './lib/contender';
import { setupRawSql } from './lib/raw-sql';
import type { WorkerContender, WorkerJob, WorkerMessage } from './lib/worker';

const log = (msg: string) => process.stderr.write(`${msg}\n`);
const baseUrl = process.env.BENCH_PG_URL ?? 'postgres://jm:jm@127.0.0.1:55432/jm_test';
const scale = Number(process.env.BENCH_SCALE ?? '1');
const poolSize = Number(process.env.BENCH_POOL_SIZE ?? '16');
const cases = listEnv('BENCH_CASES', CASES);
const contenders = listEnv('BENCH_CONTENDERS', CONTENDERS);
const rounds = Number(process.env.BENCH_ROUNDS ?? '3');
const runId = randomBytes(3).toString('hex');
const EMMETT_DB = 'jm_bench_emmett';

const TARGETS: Record<CaseName, { vsRaw?: number; absolute?: number }> = {
  'append-1x16': { vsRaw: 0.7 },
  'append-100x4': { vsRaw: 0.5 },
  'read-all': { vsRaw: 1.0, absolute: 200_000 },
};

/** A comma list from the environment, each item one of `allowed` (default: all of them, in that order). */
function listEnv<T extends string>(name: string, allowed: readonly T[]): T[] {
  const raw = process.env[name];
  if (!raw) return [...allowed];
  const items = raw.split(',').map((x) => x.trim());
  const unknown = items.filter((x) => !allowed.includes(x as T));
  if (unknown.length) {
    log(`bench:store: ${name} names ${unknown.map((x) => `"${x}"`).join(', ')}, which is not one of: ${allowed.join(', ')}`);
    process.exit(2);
  }
  return items as T[];
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

async function admin<T>(url: string, fn: (c: Client) => Promise<T>): Promise<T> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

interface Setup {
  configs: Record<WorkerContender, ContenderConfig>;
  /** Where emmett's tables went: its own database, the main one (truncated), or nowhere (not run). */
  emmettDb: 'own' | 'main' | 'none';
}

/** Emmett's database: its own if the role may create one, else the main one with its tables emptied. */
async function prepareEmmett(): Promise<{ url: string; db: Setup['emmettDb'] }> {
  if (!contenders.includes('emmett')) return { url: baseUrl, db: 'none' };
  try {
    await admin(baseUrl, async (c) => {
      await c.query(`DROP DATABASE IF EXISTS ${EMMETT_DB} WITH (FORCE)`);
      await c.query(`CREATE DATABASE ${EMMETT_DB}`);
    });
    return { url: withDatabase(baseUrl, EMMETT_DB), db: 'own' };
  } catch (error) {
    // No CREATEDB: share the main database and empty emmett's tables first.
    log(`bench: cannot create ${EMMETT_DB} (${(error as Error).message}); emmett uses the main database, truncated`);
    await admin(baseUrl, (c) =>
      c.query(`DO $$ BEGIN IF to_regclass('emt_messages') IS NOT NULL THEN TRUNCATE emt_messages, emt_streams; END IF; END $$`),
    );
    return { url: baseUrl, db: 'main' };
  }
}

async function setup(): Promise<Setup> {
  const cfg = (schema: string, url = baseUrl): ContenderConfig => ({ url, schema, poolSize });
  await setupRawSql(baseUrl, `bench_raw_${runId}`);
  const emmett = await prepareEmmett();
  return {
    configs: {
      ours: cfg(`bench_ours_${runId}`),
      raw_sql: cfg(`bench_raw_${runId}`),
      emmett: cfg('public', emmett.url),
    },
    emmettDb: emmett.db,
  };
}

async function cleanup(s: Setup): Promise<void> {
  await admin(baseUrl, async (c) => {
    for (const schema of [s.configs.ours.schema, s.configs.raw_sql.schema]) {
      await c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    }
    if (s.emmettDb === 'own') await c.query(`DROP DATABASE IF EXISTS ${EMMETT_DB} WITH (FORCE)`);
    else if (s.emmettDb === 'main')
      await c.query(`DO $$ BEGIN IF to_regclass('emt_messages') IS NOT NULL THEN TRUNCATE emt_messages, emt_streams; END IF; END $$`);
  });
}

function runWorker(job: WorkerJob): Promise<CaseResult> {
  return new Promise((resolve, reject) => {
    const child = fork(join(__dirname, 'lib', 'worker.ts'), [JSON.stringify(job)], {
      execArgv: ['-r', '@swc-node/register'],
      // The child's stdout goes to our stderr: stdout carries only the JSON lines.
      stdio: ['ignore', 2, 2, 'ipc'],
    });
    let message: WorkerMessage | undefined;
    child.on('message', (m) => (message = m as WorkerMessage));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (message?.ok) resolve(message.result);
      else reject(new Error(`${job.contender}/${job.case} failed (exit ${code}): ${message && !message.ok ? message.error : 'no result'}`));
    });
  });
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const ratio = (a: number, b: number) => (b > 0 ? a / b : NaN);

function report(name: CaseName, rates: Partial<Record<ContenderName, number>>): void {
  const { ours, raw_sql: raw, emmett } = rates;
  const target = TARGETS[name];
  const lines: string[] = [];
  if (ours !== undefined && raw !== undefined) {
    lines.push(`  ours/raw_sql = ${ratio(ours, raw).toFixed(2)}`);
    if (target.vsRaw !== undefined) {
      const ok = ours >= target.vsRaw * raw;
      lines.push(`  target ours >= ${target.vsRaw} x raw_sql: ${ok ? 'MET' : 'MISSED'} (${ratio(ours, raw).toFixed(2)})`);
    }
  }
  if (ours !== undefined && target.absolute !== undefined) {
    const ok = ours >= target.absolute;
    lines.push(`  target ours >= ${fmt(target.absolute)} events/s: ${ok ? 'MET' : 'MISSED'} (${fmt(ours)})`);
  }
  if (ours !== undefined && emmett !== undefined) {
    lines.push(`  ours/emmett = ${ratio(ours, emmett).toFixed(2)}`);
    lines.push(`  target ours >= emmett: ${ours >= emmett ? 'MET' : 'MISSED'} (${ratio(ours, emmett).toFixed(2)})`);
  }
  log(lines.join('\n'));
}

async function main(): Promise<void> {
  const started = Date.now();
  log(
    `bench:store run ${runId}: scale ${scale}, pool ${poolSize}, rounds ${rounds}, cases ${cases.join(', ')}, contenders ${contenders.join(', ')}, ${baseUrl.replace(/:[^:@/]*@/, ':***@')}`,
  );
  const s = await setup();
  let interrupted = false;
  process.once('SIGINT', () => {
    interrupted = true;
    log('bench: interrupted, cleaning up');
    void cleanup(s).finally(() => process.exit(130));
  });
  try {
    for (const name of cases) {
      log(`case ${name}`);
      const samples: Partial<Record<ContenderName, number[]>> = {};
      // read-all: each contender's log is seeded first, untimed, in a process of its own; each round then reads it whole once.
      if (caseSpec(name, scale).kind === 'read') {
        for (const contender of contenders) {
          await runWorker({ contender, case: name, config: s.configs[contender], scale, runId, round: 0, seedOnly: true });
        }
      }
      // Interleaved rounds (ours, raw_sql, emmett, ours, ...) so machine noise hits all alike.
      for (let round = 0; round < rounds; round++) {
        const rate: Partial<Record<ContenderName, number>> = {};
        for (const contender of contenders) {
          const r = await runWorker({ contender, case: name, config: s.configs[contender], scale, runId, round });
          (samples[contender] ??= []).push(r.eventsPerS);
          rate[contender] = r.eventsPerS;
          const cpu = r.cpuUsPerEvent === undefined ? '' : `, node cpu ${r.cpuUsPerEvent.toFixed(1)} µs/event`;
          log(`  ${contender.padEnd(10)} ${fmt(r.eventsPerS).padStart(9)} events/s  (${r.events} events in ${r.seconds.toFixed(2)} s${cpu})`);
        }
        if (rate.ours !== undefined && rate.raw_sql !== undefined)
          log(`  round ${round + 1}: ours/raw_sql = ${ratio(rate.ours, rate.raw_sql).toFixed(2)}`);
      }
      const rates: Partial<Record<ContenderName, number>> = Object.fromEntries(Object.entries(samples).map(([c, xs]) => [c, median(xs)]));
      log(
        `  medians of ${rounds} rounds: ${Object.entries(rates)
          .map(([c, v]) => `${c} ${fmt(v)}`)
          .join(', ')}`,
      );
      const eventsPerS = Object.fromEntries(contenders.map((c) => [c, Math.round(rates[c] ?? NaN)]));
      process.stdout.write(`${JSON.stringify({ bench: 'store', case: name, events_per_s: eventsPerS })}\n`);
      report(name, rates);
    }
  } finally {
    if (!interrupted) await cleanup(s);
  }
  log(`bench:store done in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

main().catch((error: unknown) => {
  log(`bench:store failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exitCode = 1;
});
