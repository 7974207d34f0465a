/**
 * Case ledger-query: a risk ledger (动态管理台账) of N cases written straight
 * into a fresh read-model schema by one INSERT … SELECT over generate_series
 * (two districts, their streets and units, fields, categories, grades, the case
 * statuses in realistic shares, amounts, flags, dates over five years, the
 * folded state JSON), then analysts' queries through the reporting service's
 * own query function (queryRiskLedger: the SQL, the capped count and the item
 * labelling the REST API answers with), one at a time, with a mix of readers
 * (office, street, member unit), filters, sorts, pages and keyset cursors.
 * Latency is the whole call, page and count, as the controller would await it.
 */
import { DataSource } from 'typeorm';
import { AgencyRegistry } from '@jm/reference';
import type { DomainActor } from '@jm/contracts';
import { createTableStatements } from '@jm/read-model';
import { LeadLedgerEntity, RISK_LEDGER, RiskLedgerEntity } from '../../services/reporting/src/read-model/read-model.tables';
import { RISK_SORTS, RiskLedgerFilter } from '../../services/reporting/src/statistics/ledger-queries/ledger-filters';
import { queryRiskLedger, riskItemsByKeys, warmScopeLists } from '../../services/reporting/src/statistics/ledger-queries/risk-ledger.query';
import {
  decodeCursor,
  encodeCursor,
  LedgerContext,
  LedgerPage,
  PageRequest,
} from '../../services/reporting/src/statistics/ledger-queries/ledger-query';
import type { RiskLedgerItem } from '../../services/reporting/src/statistics/ledger-queries/risk-ledger.query';
import { readerScopes, scopeOf } from '../../services/reporting/src/statistics/access/report-scope';
import { chinaDayStart } from '../../services/reporting/src/statistics/vocabulary/period';
import { sqlTargetOf } from '../../services/reporting/src/ledgers/table-sql';
import { loadRiskFacts } from '../../services/reporting/src/statistics/ledger-queries/risk-ledger-feed';
import type { AnalyticEngine } from '../../services/reporting/src/analytic-engine/engine/analytic-engine.port';
import { DuckDbEngine } from '../../services/reporting/src/analytic-engine/engine/duckdb-engine';
import { fmt, log, percentile, round1, ROOT, Schemas, withClient } from './bench-env';
import { seededRandom } from './reporting-history';
import { BENCH_CATEGORIES, BENCH_FIELDS, DISTRICTS } from './bench-world';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { performance, PerformanceObserver } from 'node:perf_hooks';
import { rmSync, writeFileSync } from 'node:fs';

const LC_STREETS = DISTRICTS[0].streets;
const LC_UNITS = DISTRICTS[0].units;
/** Each category once (the history weights them; the queries pick evenly). */
const CATEGORIES = [...new Set(BENCH_CATEGORIES)];
const FIELDS = BENCH_FIELDS;
/** Case statuses with their share of the ledger (cumulative thresholds below). */
const STATUS_SHARES: Array<[string, number]> = [
  ['investigating', 0.25],
  ['awaiting_opinion', 0.08],
  ['opinion_issued', 0.05],
  ['at_district_meeting', 0.03],
  ['awaiting_city_escalation', 0.01],
  ['at_city_meeting', 0.01],
  ['determined', 0.14],
  ['transferred_to_police', 0.05],
  ['in_criminal_proceedings', 0.08],
  ['closure_requested', 0.03],
  ['closed', 0.27],
];

const sqlArray = (xs: readonly string[]): string => `ARRAY[${xs.map((x) => `'${x}'`).join(',')}]`;
const pickSql = (xs: readonly string[], r: string): string => `(${sqlArray(xs)})[1 + floor(${r} * ${xs.length})::int]`;

function statusSql(): string {
  let acc = 0;
  const whens = STATUS_SHARES.map(([status, share]) => {
    acc += share;
    return `WHEN r1 < ${acc.toFixed(4)} THEN '${status}'`;
  });
  return `CASE ${whens.join(' ')} ELSE 'closed' END`;
}

/** The clock of the queries; every event of the seeded ledger lies before it. */
export const BENCH_NOW = '2026-06-30T04:00:00.000Z';
/** How long a case has run by its last event (and a closed one to its closure): up to 400 days, ending 4 days before BENCH_NOW at the latest. */
const ACTIVE = `r7 * LEAST(interval '400 days', timestamptz '${BENCH_NOW}' - interval '4 days' - opened)`;

const iso = (ts: string): string => `to_char((${ts}) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** Column → SQL expression over the per-row draws; a column of the spec not named here gets its kind's neutral value. */
function columnExpressions(): Record<string, string> {
  return {
    case_id: 'md5(g::text)::uuid::text',
    case_no: `'CASE-' || jurisdiction || '-' || extract(year from opened)::int || '-' || lpad(g::text, 7, '0')`,
    title: `street_name || '某某' || ${pickSql(['投资咨询', '财富管理', '养老服务', '农业科技', '文化旅游', '网络科技'], 'r8')} || '有限公司涉嫌非法集资（' || g || '）'`,
    status: 'status',
    written_off: `status = 'closed' AND r2 < 0.9`,
    category: pickSql(CATEGORIES, 'r3'),
    field: pickSql(FIELDS, 'r9'),
    jurisdiction: 'jurisdiction',
    street: 'street',
    office: 'office',
    lead_unit: 'lead_unit',
    cooperating_units: `CASE WHEN r10 < 0.5 THEN '' ELSE coop END`,
    units: `',' || lead_unit || ',' || CASE WHEN r10 < 0.5 THEN '' ELSE coop || ',' END || street || ','`,
    risk_grade: `CASE WHEN r11 < 0.05 THEN NULL ELSE ${pickSql(['low', 'medium', 'high'], 'r11')} END`,
    key_flags: `CASE WHEN amount > 10000000000 THEN 'amount_over_100m' WHEN r12 < 0.03 THEN 'leader_instruction' ELSE '' END`,
    key_case: `amount > 10000000000 OR r12 < 0.03`,
    companies: `'泉州市某某有限公司' || g`,
    amount_involved_fen: 'amount',
    amount_frozen_fen: `CASE WHEN r13 < 0.2 THEN (amount * 0.2)::bigint ELSE 0 END`,
    amount_fined_fen: `CASE WHEN r13 > 0.8 THEN (amount * 0.05)::bigint ELSE 0 END`,
    amount_refunded_fen: `CASE WHEN r14 < 0.15 THEN (amount * 0.3)::bigint ELSE 0 END`,
    amount_recovered_fen: `CASE WHEN status IN ('in_criminal_proceedings', 'closed') AND r14 > 0.5 THEN (amount * r14 * 0.5)::bigint ELSE 0 END`,
    amount_claimed_fen: `CASE WHEN r15 < 0.3 THEN (amount * 0.7)::bigint ELSE 0 END`,
    participants: '(10 ^ (0.5 + r15 * 3))::int',
    claimants: `CASE WHEN r15 < 0.3 THEN (10 ^ (r15 * 8))::int ELSE 0 END`,
    petitions: `CASE WHEN r16 < 0.15 THEN 1 + floor(r16 * 20)::int ELSE 0 END`,
    petitioners: `CASE WHEN r16 < 0.15 THEN 1 + floor(r16 * 300)::int ELSE 0 END`,
    lead_count: '1 + floor(r16 * r16 * 4)::int',
    nature: `CASE WHEN status IN ('determined', 'transferred_to_police', 'in_criminal_proceedings', 'closure_requested', 'closed') THEN ${pickSql(CATEGORIES, 'r3')} END`,
    determined_at: `CASE WHEN status IN ('determined', 'transferred_to_police', 'in_criminal_proceedings', 'closure_requested', 'closed') THEN ${iso("opened + interval '40 days'")} END`,
    determined_by: `CASE WHEN status IN ('determined', 'transferred_to_police', 'in_criminal_proceedings', 'closure_requested', 'closed') THEN CASE WHEN r12 < 0.1 THEN 'district_meeting' ELSE 'authority' END END`,
    transfer_status: `CASE WHEN status = 'transferred_to_police' THEN 'pending' WHEN status = 'in_criminal_proceedings' THEN 'accepted' END`,
    police: `CASE WHEN status IN ('transferred_to_police', 'in_criminal_proceedings') THEN police END`,
    transferred_at: `CASE WHEN status IN ('transferred_to_police', 'in_criminal_proceedings') THEN ${iso("opened + interval '70 days'")} END`,
    transfer_deadline: `CASE WHEN status IN ('transferred_to_police', 'in_criminal_proceedings') THEN ${iso("opened + interval '100 days'")} END`,
    police_filed_on: `CASE WHEN status = 'in_criminal_proceedings' THEN to_char(opened + interval '80 days', 'YYYY-MM-DD') END`,
    cross_regions: `CASE WHEN r17 < 0.04 THEN '440305' WHEN r17 < 0.1 THEN '350503' ELSE '' END`,
    cross_province: 'r17 < 0.04',
    opened_at: iso('opened'),
    closed_at: `CASE WHEN status = 'closed' THEN ${iso(`opened + ${ACTIVE}`)} END`,
    written_off_at: `CASE WHEN status = 'closed' AND r2 < 0.9 THEN ${iso(`opened + ${ACTIVE} + interval '3 days'`)} END`,
    last_event_type: `CASE WHEN status = 'closed' THEN 'RiskWrittenOff' ELSE 'FindingRecorded' END`,
    last_event_at: iso(`opened + ${ACTIVE} + interval '3 days'`),
    last_event_id: 'md5((g * 7)::text)::uuid::text',
    version: '3 + floor(r7 * 25)::int',
    state: `json_build_object('status', status, 'facts', json_build_object('caseId', md5(g::text)::uuid::text, 'title', street_name || '某某有限公司涉嫌非法集资', 'jurisdiction', jurisdiction,
      'office', office, 'leadUnit', lead_unit, 'cooperatingUnits', json_build_array(coop), 'leadIds', json_build_array(md5((g * 3)::text)::uuid::text),
      'amountYuan', (amount / 100)::text || '.00', 'keyFlags', json_build_array(), 'riskGrade', 'medium', 'fundsRequests', json_build_object(), 'assessedSteps', json_build_array(), 'reopenings', 0))::text`,
  };
}

function neutral(kind: string, nullable: boolean | undefined): string {
  if (nullable) return 'NULL';
  return kind === 'varchar' || kind === 'text' ? "''" : kind === 'boolean' ? 'FALSE' : '0';
}

/** Writes `cases` risk-ledger rows into `schema` (table and indexes from the shared spec) and analyzes them. */
export async function seedRiskLedger(url: string, schema: string, cases: number): Promise<number> {
  const started = Date.now();
  const exprs = columnExpressions();
  const select = RISK_LEDGER.columns.map((c) => `${exprs[c.column] ?? neutral(c.kind, c.nullable)} AS "${c.column}"`).join(',\n  ');
  const lcStreetNames = ['海滨街道', '临江街道', '鲤中街道', '开元街道', '浮桥街道', '江南街道', '金龙街道', '常泰街道', '高新区'];
  const draws = Array.from({ length: 17 }, (_, i) => `random() AS r${i + 1}`).join(', ');
  const sql = `INSERT INTO "${schema}"."${RISK_LEDGER.table}" (${RISK_LEDGER.columns.map((c) => `"${c.column}"`).join(', ')})
    SELECT ${select}
    FROM (
      SELECT d.*, ${statusSql()} AS status,
        CASE WHEN lc THEN '350502' ELSE '350503' END AS jurisdiction,
        CASE WHEN lc THEN 'lc-office' ELSE 'fz-office' END AS office,
        CASE WHEN lc THEN 'lc-police' ELSE 'fz-police' END AS police,
        CASE WHEN lc THEN ${pickSql(LC_STREETS, 'r5')} ELSE 'fz-st-donghai' END AS street,
        CASE WHEN lc THEN ${pickSql(lcStreetNames, 'r5')} ELSE '东海街道' END AS street_name,
        CASE WHEN lc THEN ${pickSql(LC_UNITS, 'r6')} ELSE 'fz-office' END AS lead_unit,
        CASE WHEN lc THEN ${pickSql(LC_UNITS, 'r10')} ELSE 'fz-police' END AS coop,
        timestamptz '2021-06-01 00:00:00+00' + r4 * interval '1826 days' AS opened,
        (10 ^ (6 + r8 * 5.2))::bigint AS amount
      FROM (SELECT g, ${draws}, random() < 0.85 AS lc FROM generate_series(1, ${cases}) g) d
    ) x`;
  await withClient(url, async (c) => {
    await c.query('SELECT setseed(0.2026)');
    await c.query(`SET search_path TO "${schema}"`);
    // Rows first, indexes after: the way a bulk load is done, and ~3x faster than maintaining them per row.
    const [create, ...indexes] = createTableStatements(RISK_LEDGER, 'postgres');
    await c.query(create);
    await c.query(sql);
    for (const index of indexes) await c.query(index);
    await c.query(`VACUUM ANALYZE "${schema}"."${RISK_LEDGER.table}"`);
  });
  const seconds = (Date.now() - started) / 1000;
  log(`  risk ledger: ${fmt(cases)} rows written, indexed and analyzed in ${seconds.toFixed(1)} s`);
  return seconds;
}

interface Reader {
  name: string;
  actor: DomainActor;
}

const actor = (agency: string, agencyKind: DomainActor['agencyKind'], roles: DomainActor['roles'], jurisdiction = '350502'): DomainActor => ({
  user: `${agency}-bench`,
  agency,
  agencyKind,
  level: 'district',
  jurisdiction,
  roles,
});

const READERS: Reader[] = [
  { name: 'office', actor: actor('lc-office', 'office', ['analyst']) },
  { name: 'office', actor: actor('lc-office', 'office', ['office_officer']) },
  { name: 'city', actor: actor('qz-office', 'office', ['analyst'], '350500') },
  { name: 'street', actor: actor('lc-st-haibin', 'street', ['street_officer']) },
  { name: 'unit', actor: actor('lc-market', 'member', ['unit_officer']) },
];

/** One analyst request: who, which filter, which page. */
export type BenchRequest = { reader: Reader; filter: RiskLedgerFilter; page: PageRequest; label: string };

export function nextRequest(random: () => number): BenchRequest {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
  const reader = pick(READERS);
  const filter: RiskLedgerFilter = {};
  const parts: string[] = [];
  const add = (name: string, apply: () => void): void => {
    apply();
    parts.push(name);
  };
  if (random() < 0.35) add('status', () => (filter.status = pick(STATUS_SHARES)[0]));
  if (random() < 0.25 && reader.name !== 'street') add('street', () => (filter.street = pick(LC_STREETS)));
  if (random() < 0.25) add('field', () => (filter.field = pick(FIELDS)));
  if (random() < 0.15) add('category', () => (filter.category = pick(CATEGORIES)));
  if (random() < 0.15) add('grade', () => (filter.riskGrade = pick(['low', 'medium', 'high'])));
  if (random() < 0.1) add('keyCase', () => (filter.keyCase = true));
  if (random() < 0.1) add('unit', () => (filter.unit = pick(LC_UNITS)));
  if (random() < 0.2) add('open', () => (filter.open = true));
  if (random() < 0.2) {
    add('opened', () => {
      const year = 2021 + Math.floor(random() * 5);
      const month = 1 + Math.floor(random() * 12);
      filter.openedFrom = `${year}-${String(month).padStart(2, '0')}-01`;
      filter.openedTo = `${year}-${String(month).padStart(2, '0')}-28`;
    });
  }
  if (random() < 0.08) add('ageOver', () => (filter.ageOver = pick([365, 730, 1825])));
  if (random() < 0.5) {
    filter.sort = pick(RISK_SORTS);
    filter.order = random() < 0.7 ? 'desc' : 'asc';
  }
  const page: PageRequest = { pageSize: pick([20, 50, 100]), page: random() < 0.8 ? 1 : 2 + Math.floor(random() * 4) };
  return { reader, filter, page, label: `${reader.name}:${parts.join('+') || 'all'}:${filter.sort ?? 'openedAt'}` };
}

export interface LedgerQueryResult {
  p50: number;
  p99: number;
  queries: number;
}

export type LedgerPath = 'engine' | 'engine-before' | 'sql' | 'old-index';

const PATH_NAMES: Record<LedgerPath, string> = {
  sql: "SQL path (the service's until the engine is loaded)",
  'old-index': 'old index path (the hand-built index, removed; from git history)',
  'engine-before': 'engine path before',
  engine: 'engine path',
};

/**
 * Runs the query mix for `seconds` (after a warm-up) on each of `paths` and reports each one's latencies; the slowest
 * kinds go to stderr. With more than one path the paths take turns on every request, in alternating order (the
 * first path first on even requests, last on odd ones), so that each path's figures come from the same minutes of the
 * machine and the same requests: the machine's speed drifts by a fifth from one minute to the next (docs/benchmarks.md,
 * run 17), more than the difference between two paths run one after the other could show. `seconds` is each path's
 * share of the time.
 */
export async function runLedgerQueries(
  url: string,
  schema: string,
  seconds: number,
  paths: readonly LedgerPath[] = ['engine'],
  loaded?: AnalyticEngine,
  beforeCommit = ENGINE_BEFORE,
): Promise<Partial<Record<LedgerPath, LedgerQueryResult>>> {
  const db = await new DataSource({
    type: 'postgres',
    url,
    schema,
    entities: [RiskLedgerEntity, LeadLedgerEntity],
    synchronize: false,
    logging: false,
    extra: { max: 4 },
  }).initialize();
  const registry = AgencyRegistry.fromFile(join(ROOT, 'config', 'agencies.json'));
  let riskFacts: AnalyticEngine | undefined;
  type Query = (request: BenchRequest, page: PageRequest) => Promise<LedgerPage<RiskLedgerItem>>;
  const queries = new Map<LedgerPath, Query>();
  const engineNeeded = paths.some((path) => path === 'engine' || path === 'engine-before');
  if (engineNeeded && !loaded) riskFacts = await loadEngine(db);
  const facts = loaded ?? riskFacts;
  const ctx = { now: new Date(BENCH_NOW), lang: 'zh-CN' as const, registry };
  const onEngine = { ...ctx, riskFacts: facts };
  for (const path of paths) {
    if (path === 'sql') queries.set(path, (request, page) => queryRiskLedger(db, request.reader.actor, request.filter, page, ctx));
    if (path === 'engine') queries.set(path, (request, page) => queryRiskLedger(db, request.reader.actor, request.filter, page, onEngine));
    if (path === 'engine-before') {
      const before = loadEngineBefore(beforeCommit);
      queries.set(path, (request, page) => before(db, request.reader.actor, request.filter, page, onEngine));
    }
    if (path === 'old-index') {
      const old = await loadOldIndex(db);
      queries.set(path, (request, page) => queryByOldIndex(old, db, request, page, ctx));
    }
  }
  const random = seededRandom(4242);
  interface Timed {
    latencies: number[];
    byKind: Map<string, number[]>;
    /** Every timed call in order (the same request sequence on every path), for BENCH_LEDGER_TRACE. */
    calls: Array<{ kind: string; ms: number; at: number; gc?: number }>;
    rows: number;
  }
  const timed = new Map<LedgerPath, Timed>(paths.map((path) => [path, { latencies: [], byKind: new Map(), calls: [], rows: 0 }]));
  const gc = gcPauses();
  const call = async (path: LedgerPath, request: BenchRequest, follow: boolean, record: boolean): Promise<void> => {
    const query = queries.get(path)!;
    const into = timed.get(path)!;
    const note = (kind: string, ms: number, at: number) => {
      if (!record) return;
      into.latencies.push(ms);
      (into.byKind.get(kind) ?? into.byKind.set(kind, []).get(kind)!).push(ms);
      into.calls.push({ kind, ms, at });
    };
    const at = performance.now();
    const t0 = process.hrtime.bigint();
    const first = await query(request, request.page);
    note(request.label, Number(process.hrtime.bigint() - t0) / 1e6, at);
    into.rows += first.items.length;
    // One in five readers follows the keyset cursor to the next page (the path's own cursor).
    if (first.nextCursor && follow) {
      const cursorAt = performance.now();
      const t1 = process.hrtime.bigint();
      await query(request, { pageSize: request.page.pageSize, cursor: first.nextCursor });
      note(`${request.label}:cursor`, Number(process.hrtime.bigint() - t1) / 1e6, cursorAt);
    }
  };
  let turn = 0;
  const run = async (record: boolean): Promise<void> => {
    const request = nextRequest(random);
    const follow = random() < 0.2;
    const order = turn++ % 2 === 0 ? paths : [...paths].reverse();
    for (const path of order) await call(path, request, follow, record);
  };
  try {
    for (let i = 0; i < 100; i++) await run(false);
    // A full collection before the timed calls (npm run bench:reporting exposes gc): the garbage of what ran before
    // in this process (the previous path's index, the engine's load) is not collected in this path's time.
    (globalThis as { gc?: () => void }).gc?.();
    const deadline = Date.now() + seconds * paths.length * 1000;
    gc.start();
    while (Date.now() < deadline) await run(true);
    gc.stop();
  } finally {
    await db.destroy();
    await riskFacts?.close();
  }
  log(`  garbage collection while timed: ${gc.describe()}`);
  const results: Partial<Record<LedgerPath, LedgerQueryResult>> = {};
  for (const path of paths) {
    const { latencies, byKind, calls, rows } = timed.get(path)!;
    if (paths.length > 1) log(`  ${PATH_NAMES[path]}:`);
    // Which calls a pause fell in: the latencies without them tell the query path's own tail from the collector's.
    for (const c of calls) c.gc = round1(gc.within(c.at, c.at + c.ms));
    const paused = calls.filter((c) => (c.gc ?? 0) > 0);
    const unpaused = calls
      .filter((c) => !c.gc)
      .map((c) => c.ms)
      .sort((a, b) => a - b);
    log(
      `  calls a pause fell in: ${paused.length} of ${calls.length} (${round1(paused.reduce((sum, c) => sum + (c.gc ?? 0), 0))} ms of pauses); the others: p99 ${round1(percentile(unpaused, 99))} ms`,
    );
    const trace = process.env.BENCH_LEDGER_TRACE;
    if (trace) writeFileSync(join(trace, `ledger-${path}.json`), JSON.stringify(calls));
    results[path] = logLatencies(latencies, byKind, `queries (${fmt(rows)} rows answered)`, 'reader:filters:sort');
  }
  return results;
}

/** The process's garbage-collection pauses between start() and stop(): how many, their sum and the longest, by kind. */
function gcPauses(): { start(): void; stop(): void; describe(): string; within(from: number, to: number): number } {
  const pauses: Array<{ ms: number; kind: number; at: number }> = [];
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries())
      pauses.push({ ms: entry.duration, at: entry.startTime, kind: (entry as unknown as { detail?: { kind?: number } }).detail?.kind ?? 0 });
  });
  const KINDS: Record<number, string> = { 1: 'minor', 2: 'major', 4: 'incremental', 8: 'weak callbacks' };
  return {
    start: () => observer.observe({ entryTypes: ['gc'] }),
    stop: () => observer.disconnect(),
    /** The ms of pauses between two instants of performance.now(). */
    within: (from, to) => pauses.reduce((sum, p) => sum + Math.max(0, Math.min(to, p.at + p.ms) - Math.max(from, p.at)), 0),
    describe: () => {
      const total = pauses.reduce((sum, p) => sum + p.ms, 0);
      const byKind = [...new Set(pauses.map((p) => p.kind))]
        .map((kind) => {
          const of = pauses.filter((p) => p.kind === kind);
          return `${KINDS[kind] ?? kind} ${of.length} (max ${round1(Math.max(...of.map((p) => p.ms)))} ms)`;
        })
        .join(', ');
      return `${pauses.length} pauses, ${round1(total)} ms in all${byKind ? `: ${byKind}` : ''}`;
    },
  };
}

/**
 * What the service does at start (RiskLedgerFeed, RiskFactsFeedService): the engine loaded from the table, then the
 * whole-scope lists of every reader scope of the registry read; neither timed with the queries.
 */
async function loadEngine(db: DataSource): Promise<AnalyticEngine> {
  const t0 = Date.now();
  const engine = await DuckDbEngine.open({ threads: 2 });
  const loaded = await loadRiskFacts(db, sqlTargetOf(db), engine);
  log(
    `  engine: ${fmt(loaded)} rows loaded in ${((Date.now() - t0) / 1000).toFixed(1)} s, engine memory ${Math.round(((await engine.memoryBytes()) ?? 0) / 1048576)} MB`,
  );
  const t1 = Date.now();
  const registry = AgencyRegistry.fromFile(join(ROOT, 'config', 'agencies.json'));
  const warmed = await warmScopeLists(engine, readerScopes(registry.all()), new Date(BENCH_NOW));
  log(`  engine: whole-scope lists of ${warmed.scopes} reader scopes read (${warmed.lists} lists) in ${((Date.now() - t1) / 1000).toFixed(1)} s`);
  return engine;
}

/**
 * The engine's query path at an earlier commit, for --engine-before (default: before the kept lists of the
 * unfiltered scopes; --engine-before-at <commit> another, e.g. a branch's starting point): risk-ledger.query.ts and,
 * if the commit has it, risk-top-lists.ts, read from git history into temporary modules beside the current ones (their
 * other imports resolve to the current modules), run on the same loaded engine as the current path. The lists it keeps
 * are its own module's and start cold; the current path starts with the whole-scope lists loadEngine warmed, as the
 * service's do.
 */
export const ENGINE_BEFORE = '008f5fa';
const LEDGER_QUERIES = 'services/reporting/src/statistics/ledger-queries';

function loadEngineBefore(commit: string): typeof queryRiskLedger {
  const show = (path: string): string | undefined => {
    try {
      return execFileSync('git', ['show', `${commit}:${LEDGER_QUERIES}/${path}`], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    } catch {
      return undefined;
    }
  };
  let source = show('risk-ledger.query.ts');
  if (source === undefined) throw new Error(`--engine-before-at ${commit}: no ${LEDGER_QUERIES}/risk-ledger.query.ts at that commit`);
  const lists = show('risk-top-lists.ts');
  const name = (module: string) => `.${module}-before-${process.pid}`;
  const files = [join(ROOT, LEDGER_QUERIES, `${name('risk-ledger')}.query.ts`)];
  if (lists !== undefined) {
    files.push(join(ROOT, LEDGER_QUERIES, `${name('risk-top-lists')}.ts`));
    writeFileSync(files[1], lists);
    source = source.replace(/from '\.\/risk-top-lists'/g, `from './${name('risk-top-lists')}'`);
  }
  writeFileSync(files[0], source);
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a module written just now, from git history
    return (require(files[0]) as { queryRiskLedger: typeof queryRiskLedger }).queryRiskLedger;
  } finally {
    for (const file of files) rmSync(file, { force: true });
  }
}

/** Sorts the latencies, logs their percentiles and the slowest kinds, and returns p50/p99. */
export function logLatencies(latencies: number[], byKind: Map<string, number[]>, what: string, kinds: string): LedgerQueryResult {
  latencies.sort((a, b) => a - b);
  const slow = [...byKind.entries()]
    .map(([kind, xs]) => ({ kind, n: xs.length, max: Math.max(...xs) }))
    .sort((a, b) => b.max - a.max)
    .slice(0, 8);
  log(
    `  ${fmt(latencies.length)} ${what}; p50 ${round1(percentile(latencies, 50))} ms, p90 ${round1(percentile(latencies, 90))} ms, p99 ${round1(percentile(latencies, 99))} ms, max ${round1(latencies[latencies.length - 1])} ms`,
  );
  log(`  slowest kinds (${kinds}, count, max ms): ${slow.map((s) => `${s.kind} ×${s.n} ${round1(s.max)}`).join('; ')}`);
  return { p50: percentile(latencies, 50), p99: percentile(latencies, 99), queries: latencies.length };
}

/**
 * The hand-built index issue 19 removed, measured side by side: its source read from git history (the commit
 * before its removal) into a temporary module, loaded from the table as its feed did, queried as its path did
 * (the page's rows then read by key and labelled, as the engine's are). Undefined without git history.
 */
const OLD_INDEX = '2e55e0d:services/reporting/src/statistics/ledger-queries/risk-ledger-index.ts';

interface OldIndex {
  size: number;
  upsert(row: Record<string, unknown>): void;
  query(q: Record<string, unknown>): { ids: string[]; values: number[]; total: number };
}

function oldIndexSource(): string | undefined {
  try {
    return execFileSync('git', ['show', OLD_INDEX], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return undefined;
  }
}

async function loadOldIndex(db: DataSource): Promise<OldIndex> {
  const source = oldIndexSource()!.replace(
    "from '../../read-model/read-model.tables'",
    `from '${join(ROOT, 'services/reporting/src/read-model/read-model.tables')}'`,
  );
  const file = join(ROOT, 'bench', 'lib', `.old-risk-ledger-index-${process.pid}.ts`);
  writeFileSync(file, source);
  let mod: { RiskLedgerIndex: new (capacity: number) => OldIndex; INDEXED_RISK_COLUMNS: readonly string[] };
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a module written just now, from git history
    mod = require(file);
  } finally {
    rmSync(file, { force: true });
  }
  const t0 = Date.now();
  const heap0 = process.memoryUsage().heapUsed;
  const columns = mod.INDEXED_RISK_COLUMNS.map((c) => `"${c}"`).join(', ');
  const table = `"${sqlTargetOf(db).schema}"."${RISK_LEDGER.table}"`;
  const [{ n }] = (await db.query(`SELECT COUNT(*) AS n FROM ${table}`)) as Array<{ n: string }>;
  const index = new mod.RiskLedgerIndex(Math.ceil(Number(n) * 1.1));
  let after: string | null = null;
  for (;;) {
    const rows = (await db.query(
      `SELECT ${columns} FROM ${table}${after === null ? '' : ' WHERE "case_id" > $1'} ORDER BY "case_id" LIMIT 50000`,
      after === null ? [] : [after],
    )) as Array<Record<string, unknown>>;
    for (const row of rows) index.upsert(row);
    if (rows.length < 50_000) break;
    after = String(rows[rows.length - 1].case_id);
  }
  log(
    `  old index: ${fmt(index.size)} rows loaded in ${((Date.now() - t0) / 1000).toFixed(1)} s, heap +${Math.round((process.memoryUsage().heapUsed - heap0) / 1048576)} MB`,
  );
  return index;
}

/** The removed path (queryRiskByIndex before issue 19), over the old index. */
async function queryByOldIndex(
  index: OldIndex,
  db: DataSource,
  request: BenchRequest,
  page: PageRequest,
  ctx: LedgerContext,
): Promise<LedgerPage<RiskLedgerItem>> {
  const filter = request.filter;
  const sort = filter.sort ?? 'openedAt';
  const order = filter.order === 'asc' ? 'ASC' : 'DESC';
  const sortKey = `${sort}:${order}`;
  const pageSize = page.pageSize ?? 50;
  const cursor = page.cursor ? decodeCursor(page.cursor, sortKey) : undefined;
  const instant = sort === 'openedAt' || sort === 'lastEventAt';
  const answer = index.query({
    scope: scopeOf(request.reader.actor),
    filter: {
      ...filter,
      openedFromIso: filter.openedFrom ? chinaDayStart(filter.openedFrom) : undefined,
      openedToIso: filter.openedTo ? chinaDayStart(filter.openedTo, true) : undefined,
    },
    sort,
    descending: order === 'DESC',
    offset: cursor ? 0 : ((page.page ?? 1) - 1) * pageSize,
    size: pageSize,
    after: cursor ? { value: instant ? Date.parse(String(cursor.value)) : Number(cursor.value), id: cursor.id } : undefined,
    now: ctx.now,
  });
  const { items, byId } = await riskItemsByKeys(db, answer.ids, ctx);
  const last = answer.ids.length === pageSize ? answer.ids.length - 1 : -1;
  const lastRow = last >= 0 ? byId.get(answer.ids[last]) : undefined;
  const value = instant && lastRow ? lastRow[sort as 'openedAt' | 'lastEventAt'] : answer.values[last];
  return {
    items,
    page: page.page ?? 1,
    pageSize,
    total: answer.total,
    totalIsExact: true,
    nextCursor: last >= 0 ? encodeCursor(sortKey, value, answer.ids[last]) : null,
  };
}

/**
 * Seeds the ledger, then times the same request sequence through the SQL path (for comparison, a third of the time),
 * the hand-built index issue 19 removed (from git history, when present) and the analytic engine (what the service
 * answers with once loaded, the figure reported).
 */
export async function ledgerQueryCase(
  url: string,
  schemas: Schemas,
  cases: number,
  seconds: number,
  engineBefore: string | undefined = undefined,
): Promise<LedgerQueryResult & { sql: LedgerQueryResult; oldIndex?: LedgerQueryResult; before?: LedgerQueryResult }> {
  const schema = await schemas.create('ledger');
  await seedRiskLedger(url, schema, cases);
  log(`  ${PATH_NAMES.sql}:`);
  const sql = (await runLedgerQueries(url, schema, Math.max(1, Math.round(seconds / 3)), ['sql'])).sql!;
  const paths: LedgerPath[] = [];
  if (oldIndexSource() === undefined) log(`  old index: skipped (no git history with ${OLD_INDEX}); its recorded p99 was 17.3 ms on 2026-12-04`);
  else paths.push('old-index');
  if (engineBefore !== undefined) paths.push('engine-before');
  paths.push('engine');
  log(`  ${paths.length > 1 ? `${paths.join(', ')}, taking turns on each request` : PATH_NAMES.engine}:`);
  const results = await runLedgerQueries(url, schema, seconds, paths, undefined, engineBefore);
  const engine = results.engine!;
  const oldIndex = results['old-index'];
  const before = results['engine-before'];
  log(`  engine vs SQL: p50 ${round1(sql.p50 / engine.p50)}x, p99 ${round1(sql.p99 / engine.p99)}x faster`);
  if (before) log(`  engine vs engine before: p50 ${round1(engine.p50 / before.p50)}x, p99 ${round1(engine.p99 / before.p99)}x the time`);
  if (oldIndex) log(`  engine vs old index: p50 ${round1(engine.p50 / oldIndex.p50)}x, p99 ${round1(engine.p99 / oldIndex.p99)}x the time`);
  return { ...engine, sql, ...(oldIndex ? { oldIndex } : {}), ...(before ? { before } : {}) };
}
