/**
 * Case e2e-latency: intake and reporting as real processes (the way the e2e
 * tests start them) on one PostgreSQL event-store schema, their own PostgreSQL
 * read models and Kafka under a topic prefix of this run. Streets submit leads
 * to intake's REST API open-loop (each on its schedule, never waiting for an
 * answer); a poller reads the reporting lead ledger every ~10 ms for the leads
 * answered so far and notes when each first appears. Latency = first seen −
 * the moment its request was sent: the request, the append, intake's relay to
 * Kafka, reporting's consumer transaction and the poll interval.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { testToken } from '@jm/platform/testing';
import { killAll, listeningUrl, RunningService, startServiceProcess } from '../../test/support/service-process';
import { topicFor } from '@jm/bus';
import { fmt, log, percentile, round1, runId, Schemas } from './bench-env';
import { DISTRICTS } from './bench-world';
import { KafkaTap, startKafkaTap } from './kafka-tap';
import { PgWaits, startPgWaits } from './pg-waits';

/** The district's streets proper (the hi-tech zone receives no public leads here). */
const STREETS: readonly string[] = DISTRICTS[0].streets.filter((street) => street.startsWith('lc-st-'));
const FIELDS = ['pension', 'private_investment_intermediary', 'third_party_wealth_management', 'virtual_currency', 'agriculture', 'commerce'];
const POLL_MS = 10;
const DRAIN_TIMEOUT_MS = 60_000;

export interface E2eOptions {
  pgUrl: string;
  kafkaBrokers: string[];
  schemas: Schemas;
  /** Leads per second. */
  rate: number;
  seconds: number;
  /** Seconds sent at `rate` before the timed run, not counted; the run starts once they all reached the ledger. */
  warmupSeconds: number;
  /** Diagnostics: a Kafka consumer of the bench's own on intake's topic (kafka-tap.ts). */
  tap?: boolean;
  /** Diagnostics: PostgreSQL sessions' wait events and the database's transactions per second, per 5 s (pg-waits.ts). */
  pgWaits?: boolean;
  onCleanup: (fn: () => Promise<void>) => void;
}

export interface E2eResult {
  p50: number;
  p99: number;
  ratePerS: number;
}

interface Submission {
  sentAt: number;
  answeredAt?: number;
  leadId?: string;
  seenAt?: number;
  error?: string;
}

function leadBody(n: number): { street: string; body: Record<string, unknown> } {
  const of = <T>(xs: readonly T[]): T => xs[((n % xs.length) + xs.length) % xs.length];
  const street = of(STREETS);
  return {
    street,
    body: {
      title: `网格员排查：某某投资咨询有限公司疑似以高息揽储（bench ${runId} #${n}）`,
      description: '网格员走访发现该公司门店张贴高息返利宣传单，向老年人推介“养老理财”产品，承诺年化收益12%。',
      category: 'illegal_fundraising',
      field: of(FIELDS),
      street,
      source: 'grid_worker',
      channel: 'agency_system',
      amountYuan: String(100000 + Math.abs(n) * 37),
      participants: 10 + (Math.abs(n) % 300),
      subjects: [{ kind: 'company', name: `泉州市某某投资咨询有限公司${n}` }],
    },
  };
}

/** CPU seconds (user + system) a process has used so far, from /proc (Linux). */
function cpuSeconds(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return NaN;
  }
}

/**
 * CPU seconds used so far by the servers the services lean on, found in /proc by command line: every PostgreSQL
 * process (backends, writer, WAL) and the Kafka broker's JVM. Diagnostics only: on a shared host they include other
 * clients' work too.
 */
function serverCpuSeconds(): { postgres: number; kafka: number } {
  const total = { postgres: 0, kafka: 0 };
  let pids: string[] = [];
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return { postgres: NaN, kafka: NaN };
  }
  for (const pid of pids) {
    let cmdline: string;
    try {
      cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    } catch {
      continue;
    }
    const kind =
      cmdline.startsWith('postgres') || cmdline.includes('/postgres\0')
        ? 'postgres'
        : cmdline.includes('kafka.Kafka') || cmdline.includes('KafkaRaftServer')
          ? 'kafka'
          : undefined;
    if (kind) total[kind] += cpuSeconds(Number(pid)) || 0;
  }
  return total;
}

interface Layout {
  intake: string;
  store: string;
  intakeSchema: string;
  reportingSchema: string;
}

/**
 * Where the time went, from what the processes recorded: the store's recorded_at
 * (the append's transaction) and each consumer's processed_at (its claim of the
 * event, at the start of its transaction), per consumer group and event type.
 */
async function breakdown(client: Client, layout: Layout, since: Date): Promise<void> {
  const types = await client.query(
    `SELECT type, count(*)::int AS n FROM "${layout.store}".events WHERE recorded_at >= $1 GROUP BY type ORDER BY 2 DESC`,
    [since],
  );
  log(`  events appended in the timed run: ${types.rows.map((r: { type: string; n: number }) => `${r.type} ${fmt(r.n)}`).join(', ')}`);
  for (const [service, schema] of [
    ['intake', layout.intakeSchema],
    ['reporting', layout.reportingSchema],
  ]) {
    const { rows } = await client.query(
      `SELECT p.consumer_group AS grp, count(*)::int AS n,
         percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM (p.processed_at::timestamptz - e.recorded_at)) * 1000) AS p50,
         percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM (p.processed_at::timestamptz - e.recorded_at)) * 1000) AS p99,
         extract(epoch FROM (max(p.processed_at::timestamptz) - min(p.processed_at::timestamptz))) AS span
       FROM "${schema}".bus_processed_events p JOIN "${layout.store}".events e ON e.event_id::text = p.event_id
       WHERE e.recorded_at >= $1 GROUP BY 1 ORDER BY 1`,
      [since],
    );
    for (const r of rows as Array<{ grp: string; n: number; p50: number; p99: number; span: number }>) {
      log(
        `  ${service} consumer ${r.grp}: ${fmt(r.n)} events, ${fmt(r.n / Math.max(1, r.span))}/s while busy; appended → claimed p50 ${round1(r.p50)} ms, p99 ${round1(r.p99)} ms`,
      );
    }
  }
}

/**
 * Diagnostics: per 5 s of send time, the leads sent then, their intake answer and
 * ledger latency (p50/p99), and the poller's ids per poll and ms per poll then.
 */
function timeline(submissions: Submission[], polls: Array<{ at: number; ms: number; ids: number }>, start: number): void {
  const STEP_MS = 5000;
  const slot = (at: number) => Math.floor((at - start) / STEP_MS);
  const slots = Math.max(slot(submissions[submissions.length - 1]?.sentAt ?? start), slot(polls[polls.length - 1]?.at ?? start)) + 1;
  for (let i = 0; i < slots; i++) {
    const sent = submissions.filter((s) => slot(s.sentAt) === i);
    const seen = sent
      .filter((s) => s.seenAt !== undefined)
      .map((s) => (s.seenAt as number) - s.sentAt)
      .sort((a, b) => a - b);
    const answered = sent
      .filter((s) => s.answeredAt !== undefined)
      .map((s) => (s.answeredAt as number) - s.sentAt)
      .sort((a, b) => a - b);
    const inSlot = polls.filter((p) => slot(p.at) === i);
    const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
    log(
      `  t ${i * 5}-${i * 5 + 5} s: sent ${sent.length}, answer p50 ${round1(percentile(answered, 50))} / p99 ${round1(percentile(answered, 99))} ms, ` +
        `ledger p50 ${round1(percentile(seen, 50))} / p99 ${round1(percentile(seen, 99))} ms; poller ${fmt(mean(inSlot.map((p) => p.ids)))} ids, ${round1(mean(inSlot.map((p) => p.ms)))} ms per poll`,
    );
  }
}

async function startServices(o: E2eOptions, started: RunningService[]): Promise<Layout> {
  const store = await o.schemas.create('e2e_store');
  const topicPrefix = `bench.${runId}.`;
  const start = async (service: 'intake' | 'reporting'): Promise<{ url: string; readSchema: string }> => {
    const readSchema = await o.schemas.create(`e2e_${service}`);
    const running = startServiceProcess(service, {
      PORT: '0',
      LOG_LEVEL: 'warn',
      INSTANCE_ID: `bench-${service}-${runId}`,
      EVENT_STORE: 'postgres',
      PG_URL: o.pgUrl,
      PG_SCHEMA: store,
      BUS: 'kafka',
      KAFKA_BROKERS: o.kafkaBrokers.join(','),
      KAFKA_TOPIC_PREFIX: topicPrefix,
      READ_MODEL_DB: 'postgres',
      READ_MODEL_PG_URL: o.pgUrl,
      READ_MODEL_PG_SCHEMA: readSchema,
      EVIDENCE_DIR: `/tmp/jm-bench-${runId}/evidence`,
    });
    started.push(running);
    return { url: await listeningUrl(running, service, 90_000), readSchema };
  };
  // The store schema is migrated by the first process; start them one after the other.
  const intake = await start('intake');
  const reporting = await start('reporting');
  log(`  intake ${intake.url}, reporting ${reporting.url}, store schema ${store}, topics ${topicPrefix}*`);
  return { intake: intake.url, store, intakeSchema: intake.readSchema, reportingSchema: reporting.readSchema };
}

export async function e2eLatencyCase(o: E2eOptions): Promise<E2eResult> {
  const started: RunningService[] = [];
  o.onCleanup(async () => {
    for (const running of started) running.child.kill('SIGTERM');
    await Promise.race([Promise.all(started.map((r) => r.exited)), new Promise((resolve) => setTimeout(resolve, 15_000).unref())]);
    await killAll(started);
    // Diagnostics: the services' own output (e.g. with JM_SERVICE_NODE_FLAGS=--trace-gc), one file per process.
    const dir = process.env.JM_BENCH_SERVICE_OUTPUT_DIR;
    if (dir)
      started.forEach((running, i) =>
        writeFileSync(join(dir, `e2e-${runId}-${i === 0 ? 'intake' : 'reporting'}.log`), running.stdout() + running.stderr()),
      );
  });
  const layout = await startServices(o, started);
  let tap: KafkaTap | undefined;
  if (o.tap) {
    const running = await startKafkaTap(o.kafkaBrokers, topicFor('intake', `bench.${runId}.`), `bench.${runId}.tap`);
    tap = running;
    o.onCleanup(() => running.stop());
  }
  let pgWaits: PgWaits | undefined;
  if (o.pgWaits) {
    const running = await startPgWaits(o.pgUrl);
    pgWaits = running;
    o.onCleanup(() => running.stop());
  }
  const { intake, reportingSchema } = layout;
  const tokens = new Map(STREETS.map((s) => [s, testToken(s, ['street_officer'], `${s}-grid-bench`)]));
  const poller = new Client({ connectionString: o.pgUrl });
  await poller.connect();
  o.onCleanup(() => poller.end());

  const submissions: Submission[] = [];
  const pending = new Map<string, Submission>();
  // node:http with kept-alive connections: the client shares the 2 cores with what it measures, and fetch (undici)
  // cost it about twice the CPU per request. An idle connection is closed after 3 s, before the server's keep-alive
  // timeout (5 s) could close it under a request just sent on it (ECONNRESET).
  const agent = new Agent({ keepAlive: true, maxSockets: 64, timeout: 3000 });
  o.onCleanup(async () => agent.destroy());
  const target = new URL(`${intake}/leads`);
  const send = (n: number): void => {
    const { street, body } = leadBody(n);
    const payload = Buffer.from(JSON.stringify(body));
    const s: Submission = { sentAt: performance.now() };
    submissions.push(s);
    const fail = (error: unknown) => (s.error = error instanceof Error ? error.message : String(error));
    const req = request(
      {
        agent,
        hostname: target.hostname,
        port: target.port,
        path: target.pathname,
        method: 'POST',
        headers: {
          Authorization: `Bearer ${tokens.get(street)}`,
          'Content-Type': 'application/json',
          Accept: 'application/json',
          'Content-Length': payload.length,
        },
      },
      (res) => {
        s.answeredAt = performance.now();
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', fail);
        res.on('end', () => {
          try {
            const answer = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { leadId?: string; detail?: string; code?: string };
            const ok = res.statusCode !== undefined && res.statusCode >= 200 && res.statusCode < 300;
            if (!ok || !answer.leadId)
              throw new Error(`${res.statusCode} ${answer.code ?? ''} ${answer.detail ?? JSON.stringify(answer).slice(0, 300)}`);
            s.leadId = answer.leadId;
            pending.set(answer.leadId, s);
          } catch (error) {
            fail(error);
          }
        });
      },
    );
    req.on('error', fail);
    req.end(payload);
  };

  // Warm-up: a few leads end to end (connections, prepared statements, consumer group joined).
  log('  warming up (10 leads end to end)');
  for (let i = 0; i < 10; i++) send(-1 - i);
  let polls = 0;
  /** Each poll: when, how long, how many ids it asked for (diagnostics: the poll's cost grows with the backlog). */
  const pollLog: Array<{ at: number; ms: number; ids: number }> = [];
  let pollMs = 0;
  const pollOnce = async (): Promise<void> => {
    if (pending.size === 0) return;
    const t0 = performance.now();
    // Unnamed, so planned with the ledger's size at each poll: a named statement kept the generic plan PostgreSQL
    // chose while the ledger was tiny, and each poll cost more as it grew (5 ms to 80 ms), loading the server the
    // system under test runs on.
    const { rows } = await poller.query(
      `SELECT lead_id FROM "${reportingSchema}".lead_ledger WHERE lead_id = ANY($1::text[]) AND received_at IS NOT NULL`,
      [[...pending.keys()]],
    );
    const now = performance.now();
    polls++;
    pollMs += now - t0;
    pollLog.push({ at: t0, ms: now - t0, ids: pending.size });
    for (const { lead_id: id } of rows as Array<{ lead_id: string }>) {
      const s = pending.get(id);
      if (s) {
        s.seenAt = now;
        pending.delete(id);
      }
    }
  };
  const warmDeadline = performance.now() + 90_000;
  while (submissions.some((s) => s.seenAt === undefined && !s.error)) {
    if (performance.now() > warmDeadline)
      throw new Error('bench: warm-up leads never reached the reporting lead ledger within 90 s (is the lead ledger projected from the bus?)');
    await pollOnce();
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  const warmErrors = submissions.filter((s) => s.error);
  if (warmErrors.length) throw new Error(`bench: warm-up submissions failed: ${warmErrors[0].error}`);
  submissions.length = 0;

  let polling = true;
  const pollLoop = (async () => {
    while (polling) {
      const t0 = performance.now();
      await pollOnce();
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, POLL_MS - (performance.now() - t0))));
    }
  })();
  /** Sends `count` leads on schedule at the rate (open loop), numbered from `first`; the scheduler's worst lag. */
  const sendAtRate = async (first: number, count: number): Promise<{ seconds: number; lag: number }> => {
    const start = performance.now();
    let lag = 0;
    for (let n = 0; n < count;) {
      const now = performance.now();
      const due = Math.min(count, Math.floor(((now - start) * o.rate) / 1000) + 1);
      if (n < due) lag = Math.max(lag, now - (start + (n * 1000) / o.rate));
      while (n < due) send(first + n++);
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    return { seconds: (performance.now() - start) / 1000, lag };
  };

  // Warm-up at the rate (the processes' code compiled hot, pools and fetch sizes at their working level), not
  // counted; the timed run starts from a system that has caught up with it.
  if (o.warmupSeconds > 0) {
    log(
      `  warming up at ${o.rate}/s for ${o.warmupSeconds} s (not counted), then until every warm-up lead is in the ledger and in intake's read model`,
    );
    await sendAtRate(1_000_000_000, Math.round(o.rate * o.warmupSeconds));
    const caughtUp = performance.now() + 120_000;
    while (submissions.some((s) => s.seenAt === undefined && !s.error) && performance.now() < caughtUp)
      await new Promise((resolve) => setTimeout(resolve, 50));
    const warm = submissions
      .filter((s) => s.seenAt !== undefined)
      .map((s) => (s.seenAt as number) - s.sentAt)
      .sort((a, b) => a - b);
    log(
      `  warm-up: ${fmt(warm.length)} of ${fmt(submissions.length)} seen, p50 ${round1(percentile(warm, 50))} ms, p99 ${round1(percentile(warm, 99))} ms`,
    );
    // Intake's own consumer (its lead read model and matching, on no lead's way to the ledger) batches its fetches
    // and may still be working off the warm-up, on the same event loop as intake's requests: a transient of the cold
    // start, not the steady state at the rate. The timed run starts once it has applied every warm-up lead too.
    const ids = submissions.flatMap((s) => (s.leadId ? [s.leadId] : []));
    const t0 = performance.now();
    for (;;) {
      const { rows } = await poller.query(
        `SELECT count(*)::int AS n FROM "${layout.intakeSchema}".lead_summary WHERE lead_id = ANY($1::text[]) AND reported_at IS NOT NULL`,
        [ids],
      );
      if ((rows[0] as { n: number }).n >= ids.length) break;
      if (performance.now() > caughtUp)
        throw new Error(`bench: intake's own consumer had not applied the warm-up's ${fmt(ids.length)} leads within 120 s`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    log(`  intake's own consumer had applied every warm-up lead ${((performance.now() - t0) / 1000).toFixed(1)} s after they were all in the ledger`);
    submissions.length = 0;
    pending.clear();
  }

  // The timed run: sends on schedule (open loop) while the poller runs beside it.
  const total = Math.round(o.rate * o.seconds);
  log(`  sending ${fmt(total)} leads at ${o.rate}/s for ${o.seconds} s`);
  const since = new Date();
  tap?.reset();
  const cpu0 = started.map((r) => cpuSeconds(r.child.pid));
  const servers0 = serverCpuSeconds();
  const self0 = process.cpuUsage();
  const start = performance.now();
  pgWaits?.reset(start);
  const { seconds: sendSeconds, lag } = await sendAtRate(0, total);
  const drainDeadline = performance.now() + DRAIN_TIMEOUT_MS;
  while (submissions.some((s) => s.seenAt === undefined && !s.error) && performance.now() < drainDeadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  polling = false;
  await pollLoop;
  const cpu = started.map((r, i) => cpuSeconds(r.child.pid) - cpu0[i]);
  const servers1 = serverCpuSeconds();
  const self = process.cpuUsage(self0);
  const wall = (performance.now() - start) / 1000;

  const errors = submissions.filter((s) => s.error);
  const unseen = submissions.filter((s) => !s.error && s.seenAt === undefined);
  const latencies = submissions
    .filter((s) => s.seenAt !== undefined)
    .map((s) => (s.seenAt as number) - s.sentAt)
    .sort((a, b) => a - b);
  const answers = submissions
    .filter((s) => s.answeredAt !== undefined)
    .map((s) => (s.answeredAt as number) - s.sentAt)
    .sort((a, b) => a - b);
  const accepted = submissions.length - errors.length;
  log(
    `  sent ${fmt(submissions.length)} in ${sendSeconds.toFixed(1)} s (scheduler lag max ${round1(lag)} ms); accepted ${fmt(accepted)}, failed ${errors.length}, never seen ${unseen.length}`,
  );
  if (errors.length) log(`  first error: ${errors[0].error}`);
  log(
    `  intake answer: p50 ${round1(percentile(answers, 50))} ms, p99 ${round1(percentile(answers, 99))} ms; visible in the ledger: p50 ${round1(percentile(latencies, 50))} ms, p90 ${round1(percentile(latencies, 90))} ms, p99 ${round1(percentile(latencies, 99))} ms, max ${round1(latencies[latencies.length - 1])} ms`,
  );
  log(`  poller: ${fmt(polls)} polls, ${round1(pollMs / Math.max(1, polls))} ms each`);
  timeline(submissions, pollLog, start);
  if (tap) log(`  ${tap.summary()}`);
  pgWaits?.report(sendSeconds);
  const perLead = (seconds: number) => `${seconds.toFixed(1)} s (${round1((seconds * 1000) / Math.max(1, accepted))} ms per lead)`;
  log(`  process CPU during the run: intake ${perLead(cpu[0])}, reporting ${perLead(cpu[1])}`);
  const pgCpu = servers1.postgres - servers0.postgres;
  const kafkaCpu = servers1.kafka - servers0.kafka;
  const benchCpu = (self.user + self.system) / 1e6;
  log(
    `  servers' CPU then: postgres ${perLead(pgCpu)}, kafka ${perLead(kafkaCpu)}, this bench ${perLead(benchCpu)}; ` +
      `all together ${(((cpu[0] + cpu[1] + pgCpu + kafkaCpu + benchCpu) / wall) * 100).toFixed(0)}% of one core over ${wall.toFixed(1)} s`,
  );
  await breakdown(poller, layout, since);
  if (unseen.length > 0 || errors.length > 0)
    log(
      `  WARNING: ${unseen.length} accepted leads never reached the ledger within ${DRAIN_TIMEOUT_MS / 1000} s and ${errors.length} submissions failed`,
    );
  return { p50: percentile(latencies, 50), p99: percentile(latencies, 99), ratePerS: accepted / sendSeconds };
}
