/**
 * The risk ledger on the analytic engine (PostgreSQL): every filter, scope, sort, page and cursor answers the rows
 * and the total the SQL path answers, over a seeded ledger with ties, unknown values and lists; and the change feed
 * keeps the engine's risk_facts equal to the table: a committed write is in the next synced answer, a rolled-back
 * one never, a rebuild's reload and a lost listening session are caught up.
 */
import { carryIdParts, RISK_FACTS_PROJECTIONS } from '../../services/reporting/src/analytic-engine/risk-facts';
import type { DomainActor } from '@jm/contracts';
import { Client } from 'pg';
import { quoteTable, sqlTargetOf } from '../../services/reporting/src/ledgers/table-sql';
import { RISK_LEDGER, RiskLedgerEntity, RiskLedgerRow } from '../../services/reporting/src/read-model/read-model.tables';
import { COUNT_CAP, LedgerContext, PageRequest } from '../../services/reporting/src/statistics/ledger-queries/ledger-query';
import { RISK_SORTS, RiskLedgerFilter } from '../../services/reporting/src/statistics/ledger-queries/ledger-filters';
import { queryRiskLedger, riskItemsByKeys } from '../../services/reporting/src/statistics/ledger-queries/risk-ledger.query';
import { ReportQueries } from '../../services/reporting/src/statistics/ledger-queries/report-queries';
import {
  notifyRiskLedger,
  notifyRiskLedgerReload,
  RiskLedgerFeed,
  riskLedgerChannel,
} from '../../services/reporting/src/statistics/ledger-queries/risk-ledger-feed';
import { RiskFactsFeedService } from '../../services/reporting/src/statistics/ledger-queries/risk-facts-feed.service';
import type { AnalyticEngine } from '../../services/reporting/src/analytic-engine/engine/analytic-engine.port';
import { ledgerReader, riskRow, seedRisks, startReportingApp, startReportingOnPostgres, TestReportingApp } from './support/ledger-rows';

const actor = ledgerReader;
const READERS = [
  actor('lc-office', 'office'),
  actor('qz-office', 'office', '350500'),
  actor('lc-st-haibin', 'street'),
  actor('lc-market', 'member'),
  actor('fz-office', 'office', '350503'),
];

const STREETS = ['lc-st-haibin', 'lc-st-linjiang', 'lc-st-kaiyuan', null];
const UNITS = ['lc-market', 'lc-finance', 'lc-police', 'lc-propaganda'];
const STATUSES = ['investigating', 'determined', 'transferred_to_police', 'closed'];
const FIELDS = ['pension', 'agriculture', 'virtual_currency'];
const CATEGORIES = ['illegal_fundraising', 'illegal_securities', 'financial_fraud'];
const GRADES = [null, 'low', 'medium', 'high', 'major'];
const FLAGS = ['', 'amount_over_100m', 'leader_instruction', 'amount_over_100m,leader_instruction'];
const NOW = Date.parse('2026-03-20T02:00:00.000Z');
const DAY = 86_400_000;

/** A small deterministic generator, so a failure can be replayed. */
function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function ledger(count: number, random: () => number): RiskLedgerRow[] {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
  return Array.from({ length: count }, (_, i) => {
    const fengze = random() < 0.15;
    const street = fengze ? 'fz-st-donghai' : pick(STREETS);
    const lead = fengze ? 'fz-police' : pick(UNITS);
    const coop = random() < 0.5 ? '' : [pick(UNITS), pick(UNITS)].filter((u, j, all) => u !== lead && all.indexOf(u) === j).join(',');
    // Few distinct instants and amounts: ties everywhere, for the case-id tiebreak.
    const opened = NOW - Math.floor(random() * 40) * 30 * DAY;
    const closed = random() < 0.35 ? opened + Math.floor(random() * 20) * 20 * DAY : null;
    const status = closed !== null ? 'closed' : pick(STATUSES.slice(0, 3));
    return riskRow({
      // UUIDs (as the cases service gives them: the engine carries them as integer parts) that share a 7-character
      // prefix in pairs, so the id key ties and the full id decides.
      caseId: `${String(Math.floor(i / 2)).padStart(7, '0')}${hexDigits(random, 1)}-${hexDigits(random, 4)}-${hexDigits(random, 4)}-${hexDigits(random, 4)}-${hexDigits(random, 12)}`,
      jurisdiction: fengze ? '350503' : '350502',
      office: fengze ? 'fz-office' : 'lc-office',
      street,
      leadUnit: lead,
      cooperatingUnits: coop,
      units: `,${[lead, ...coop.split(',').filter(Boolean), street].filter(Boolean).join(',')},`,
      status,
      writtenOff: status === 'closed' && random() < 0.5,
      field: pick(FIELDS),
      category: pick(CATEGORIES),
      riskGrade: pick(GRADES),
      keyFlags: pick(FLAGS),
      keyCase: random() < 0.2,
      crossProvince: random() < 0.1,
      amountInvolvedFen: random() < 0.1 ? null : Math.floor(random() * 8) * 1_000_000,
      amountRecoveredFen: random() < 0.7 ? 0 : Math.floor(random() * 5) * 10_000,
      openedAt: new Date(opened).toISOString(),
      closedAt: closed === null ? null : new Date(closed).toISOString(),
      lastEventAt: new Date(Math.max(opened, closed ?? opened) + Math.floor(random() * 3) * DAY).toISOString(),
    });
  });
}

const hexDigits = (random: () => number, count: number): string =>
  Array.from({ length: count }, () => Math.floor(random() * 16).toString(16)).join('');

function randomQuery(random: () => number): { reader: DomainActor; filter: RiskLedgerFilter; page: PageRequest } {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
  const filter: RiskLedgerFilter = {};
  if (random() < 0.3) filter.status = pick(STATUSES);
  if (random() < 0.2) filter.street = pick(STREETS.filter((s): s is string => s !== null));
  if (random() < 0.2) filter.unit = pick(UNITS);
  if (random() < 0.15) filter.leadUnit = pick([...UNITS, 'fz-police']);
  if (random() < 0.2) filter.field = pick(FIELDS);
  if (random() < 0.2) filter.category = pick(CATEGORIES);
  if (random() < 0.2) filter.riskGrade = pick(GRADES.filter((g): g is string => g !== null));
  if (random() < 0.15) filter.keyFlag = pick(['amount_over_100m', 'leader_instruction']);
  if (random() < 0.15) filter.keyCase = random() < 0.5;
  if (random() < 0.1) filter.crossProvince = random() < 0.5;
  if (random() < 0.1) filter.writtenOff = random() < 0.5;
  if (random() < 0.2) filter.open = random() < 0.5;
  if (random() < 0.15) filter.openedFrom = new Date(NOW - Math.floor(random() * 1200) * DAY).toISOString().slice(0, 10);
  if (random() < 0.15) filter.openedTo = new Date(NOW - Math.floor(random() * 600) * DAY).toISOString().slice(0, 10);
  if (random() < 0.15) filter.ageOver = pick([0, 30, 180, 400]);
  if (random() < 0.8) {
    filter.sort = pick(RISK_SORTS);
    filter.order = random() < 0.5 ? 'asc' : 'desc';
  }
  return { reader: pick(READERS), filter, page: { pageSize: pick([1, 5, 20, 50]), page: random() < 0.7 ? 1 : 2 + Math.floor(random() * 3) } };
}

/** Polls until `check` passes or the deadline is past (then the last failure is thrown). */
async function eventually(check: () => Promise<void>, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

/** Rows in the engine's risk_facts (all, or with this case id). */
async function factCount(engine: AnalyticEngine, caseId?: string): Promise<number> {
  const [{ n }] = await engine.query<{ n: number }>(
    `SELECT count(*) AS n FROM risk_facts${caseId === undefined ? '' : ' WHERE case_id = $1'}`,
    caseId === undefined ? [] : [caseId],
  );
  return n;
}

describe('the risk ledger on the analytic engine, PostgreSQL', () => {
  let t: TestReportingApp;
  let feed: RiskLedgerFeed;
  let sql: LedgerContext;
  const rows = ledger(1500, seeded(20261126));

  beforeAll(async () => {
    t = await startReportingOnPostgres('rpt_risk_index');
    feed = (await t.app.get(RiskFactsFeedService).liveFeed())!;
    await feed.ready();
    await seedRisks(t.db, rows);
    sql = t.app.get(ReportQueries).context('zh-CN');
    expect(sql.now.getTime()).toBe(NOW);
    // The seeded rows' catch-up can take longer than a query waits for it (2 s) on a loaded machine.
    await eventually(async () => expect((await t.app.get(ReportQueries).riskContext('zh-CN')).riskFacts).toBeDefined(), 30_000);
  });
  afterAll(async () => t?.close());

  const onEngine = async (): Promise<LedgerContext> => {
    const ctx = await t.app.get(ReportQueries).riskContext('zh-CN');
    expect(ctx.riskFacts).toBeDefined();
    return ctx;
  };

  /** The statements the engine is asked to run (rows or numbers) until `restore`. */
  const spyReads = (engine: AnalyticEngine) => {
    const spies = [jest.spyOn(engine, 'query'), jest.spyOn(engine, 'queryNumbers')];
    return {
      statements: () => spies.flatMap((spy) => spy.mock.calls.map(([statement]) => statement)),
      restore: () => spies.forEach((spy) => spy.mockRestore()),
    };
  };

  it("has every reader scope's whole-scope lists read after the load: a first page of a whole scope needs no top-N", async () => {
    // The service warms the lists of every reader scope of its agencies once the table is loaded; the seeded rows
    // were written after that, and brought into the lists by key.
    await feed.warmed();
    const ctx = await onEngine();
    const reads = spyReads(ctx.riskFacts!);
    try {
      for (const reader of READERS) {
        for (const sort of RISK_SORTS) {
          for (const order of ['asc', 'desc'] as const) {
            const label = { reader: reader.agency, sort, order };
            const byEngine = await queryRiskLedger(t.db, reader, { sort, order }, { pageSize: 50 }, ctx);
            const bySql = await queryRiskLedger(t.db, reader, { sort, order }, { pageSize: 50 }, sql);
            expect({ ...label, ids: byEngine.items.map((i) => i.caseId), total: byEngine.total }).toEqual({
              ...label,
              ids: bySql.items.map((i) => i.caseId),
              total: bySql.total,
            });
          }
        }
      }
      expect(reads.statements().filter((statement) => /ORDER BY/.test(statement))).toEqual([]);
    } finally {
      reads.restore();
    }
  });

  it('answers 400 random queries exactly as SQL does: rows, order, total, and the next page by cursor', async () => {
    const ctx = await onEngine();
    expect(await factCount(ctx.riskFacts!)).toBe(rows.length);
    // Every id so far is a UUID: the engine's pages carry them as integer parts (the next test adds other ids).
    expect(carryIdParts()).toBe(true);
    const random = seeded(7);
    let nonEmpty = 0;
    const reads = spyReads(ctx.riskFacts!);
    for (let n = 0; n < 400; n++) {
      const { reader, filter, page } = randomQuery(random);
      const label = { n, reader: reader.agency, filter, page };
      const bySql = await queryRiskLedger(t.db, reader, filter, page, sql);
      const byEngine = await queryRiskLedger(t.db, reader, filter, page, ctx);
      expect({ ...label, ids: byEngine.items.map((i) => i.caseId) }).toEqual({ ...label, ids: bySql.items.map((i) => i.caseId) });
      expect({ ...label, items: byEngine.items }).toEqual({ ...label, items: bySql.items });
      expect({ ...label, total: byEngine.total, exact: byEngine.totalIsExact }).toEqual({
        ...label,
        total: bySql.total,
        exact: bySql.total <= COUNT_CAP,
      });
      if (bySql.items.length) nonEmpty++;
      expect(byEngine.nextCursor === null).toBe(bySql.nextCursor === null);
      if (bySql.nextCursor && byEngine.nextCursor) {
        // Each path's cursor in both paths: the same next page.
        const next = { pageSize: page.pageSize };
        const want = (await queryRiskLedger(t.db, reader, filter, { ...next, cursor: bySql.nextCursor }, sql)).items.map((i) => i.caseId);
        expect({
          ...label,
          ids: (await queryRiskLedger(t.db, reader, filter, { ...next, cursor: byEngine.nextCursor }, ctx)).items.map((i) => i.caseId),
        }).toEqual({ ...label, ids: want });
        expect({
          ...label,
          ids: (await queryRiskLedger(t.db, reader, filter, { ...next, cursor: bySql.nextCursor }, ctx)).items.map((i) => i.caseId),
        }).toEqual({ ...label, ids: want });
      }
    }
    // The draw is not degenerate: most queries find rows.
    expect(nonEmpty).toBeGreaterThan(200);
    // Pages in the sorts that have a projection read it (a Top-N on its sort key), and answered as SQL did.
    const statements = reads.statements();
    reads.restore();
    const projections = Object.values(RISK_FACTS_PROJECTIONS).map(({ name }) => name);
    const readOf = (name: string) =>
      statements.filter((statement) => statement.includes(`FROM ${name} `) && statement.includes('ORDER BY sort_key')).length;
    expect(projections.map((name) => ({ name, readTenTimesOrMore: readOf(name) >= 10 }))).toEqual(
      projections.map((name) => ({ name, readTenTimesOrMore: true })),
    );
    expect(statements.filter((statement) => /FROM risk_facts_by_\w+ .*ORDER BY sort_key/.test(statement)).length).toBeGreaterThan(40);
  });

  /**
   * Every reader's whole scope (no filter: what the engine answers from its kept lists, risk-top-lists.ts) in every
   * sort and order, as SQL answers it: offset pages, then the cursor chain to the end (past the rows a list keeps).
   */
  async function expectWholeScopesAsSql(pageSize: number): Promise<number> {
    const ctx = await onEngine();
    let pages = 0;
    for (const reader of READERS)
      for (const sort of RISK_SORTS)
        for (const order of ['asc', 'desc'] as const) {
          const filter: RiskLedgerFilter = { sort, order };
          for (const page of [1, 3]) {
            const bySql = await queryRiskLedger(t.db, reader, filter, { pageSize, page }, sql);
            const byEngine = await queryRiskLedger(t.db, reader, filter, { pageSize, page }, ctx);
            const label = { reader: reader.agency, sort, order, page };
            expect({ ...label, ids: byEngine.items.map((i) => i.caseId), total: byEngine.total }).toEqual({
              ...label,
              ids: bySql.items.map((i) => i.caseId),
              total: bySql.total,
            });
          }
          let cursors = { sql: undefined as string | undefined, engine: undefined as string | undefined };
          for (let n = 0; ; n++) {
            const bySql = await queryRiskLedger(t.db, reader, filter, { pageSize, cursor: cursors.sql }, sql);
            const byEngine = await queryRiskLedger(t.db, reader, filter, { pageSize, cursor: cursors.engine }, ctx);
            const label = { reader: reader.agency, sort, order, n };
            expect({ ...label, ids: byEngine.items.map((i) => i.caseId), total: byEngine.total, last: byEngine.nextCursor === null }).toEqual({
              ...label,
              ids: bySql.items.map((i) => i.caseId),
              total: bySql.total,
              last: bySql.nextCursor === null,
            });
            pages++;
            if (!bySql.nextCursor || !byEngine.nextCursor) break;
            cursors = { sql: bySql.nextCursor, engine: byEngine.nextCursor };
          }
        }
    return pages;
  }

  it('gives up the count of a page that reaches the end of its list, and awaits the one of a page that does not', async () => {
    const ctx = await onEngine();
    const engine = ctx.riskFacts!;
    const original = engine.query.bind(engine);
    const counts: AbortSignal[] = [];
    const spy = jest.spyOn(engine, 'query').mockImplementation(((statement, params, options) => {
      if (statement.startsWith('SELECT count(*)')) counts.push(options!.signal!);
      return original(statement, params, options);
    }) as typeof engine.query);
    try {
      // One day's cases of one status (asked nowhere else, so counted afresh): fewer than a page.
      const lc = rows.filter((row) => row.jurisdiction === '350502');
      const day = lc[7].openedAt.slice(0, 10);
      const few: RiskLedgerFilter = { status: lc[7].status, openedFrom: day, openedTo: day, sort: 'lastEventAt', order: 'asc' };
      const bySql = await queryRiskLedger(t.db, READERS[0], few, { pageSize: 50 }, sql);
      expect(bySql.total).toBeGreaterThan(0);
      expect(bySql.total).toBeLessThan(50);
      const byEngine = await queryRiskLedger(t.db, READERS[0], few, { pageSize: 50 }, ctx);
      expect(byEngine.total).toBe(bySql.total);
      expect(counts.map((signal) => signal.aborted)).toEqual([true]);
      // A month of cases from that day on, a page of one: it has rows past it, so its count is awaited.
      counts.length = 0;
      const month: RiskLedgerFilter = { openedFrom: day, openedTo: new Date(Date.parse(day) + 30 * DAY).toISOString().slice(0, 10) };
      const monthBySql = await queryRiskLedger(t.db, READERS[0], month, { pageSize: 1 }, sql);
      expect(monthBySql.total).toBeGreaterThan(1);
      expect((await queryRiskLedger(t.db, READERS[0], month, { pageSize: 1 }, ctx)).total).toBe(monthBySql.total);
      expect(counts.map((signal) => signal.aborted)).toEqual([false]);
    } finally {
      spy.mockRestore();
    }
  });

  it("answers every reader's whole scope in every sort as SQL does, before and right after writes into, within and out of its first rows", async () => {
    // Pages of 250 over 1,500 rows: the offset pages and cursor chains run past the rows a list was first read with.
    expect(await expectWholeScopesAsSql(250)).toBeGreaterThan(100);
    const target = sqlTargetOf(t.db);
    const repo = t.db.getRepository(RiskLedgerEntity);
    const byAmount = await queryRiskLedger(t.db, READERS[1], { sort: 'amountInvolved', order: 'desc' }, { pageSize: 20 }, sql);
    const [first, second] = byAmount.items.map((i) => i.caseId);
    const middle = (await queryRiskLedger(t.db, READERS[1], { sort: 'amountInvolved', order: 'desc' }, { pageSize: 20, page: 60 }, sql)).items[0]
      .caseId;
    // ageOver reads the latest closure (kept until a write): read it now, then close a case after it, with a span just
    // past 400 days from an opening the old latest closure's bound would leave out.
    const overAYear = { ageOver: 400, open: false, sort: 'openedAt', order: 'desc' } as const;
    await queryRiskLedger(t.db, READERS[1], overAYear, { pageSize: 5 }, await onEngine());
    const [{ latest }] = (await t.db.query(`SELECT MAX("closed_at") AS latest FROM ${quoteTable(target, RISK_LEDGER.table)}`)) as Array<{
      latest: string;
    }>;
    const lateOpened = Date.parse(latest) - 399 * DAY;
    const lateClosure = riskRow({
      caseId: 'zz-late-closure',
      status: 'closed',
      openedAt: new Date(lateOpened).toISOString(),
      closedAt: new Date(lateOpened + 401 * DAY).toISOString(),
    });
    // The first row drops to the end, a row from past the rows a list keeps (in descending order) rises to the top, the
    // second leaves the ledger, new rows come in at the top, in the middle and in another district; one moves from
    // Licheng to Fengze.
    await repo.update({ caseId: first }, { amountInvolvedFen: 1, amountRecoveredFen: 0, lastEventAt: '2020-01-01T00:00:00.000Z', riskGrade: null });
    await repo.update({ caseId: middle }, { amountInvolvedFen: 9_000_000_000, amountRecoveredFen: 9_000_000, riskGrade: 'major' });
    await repo.delete({ caseId: second });
    const added = [
      lateClosure,
      riskRow({ caseId: '0000001-top', amountInvolvedFen: 8_000_000_000, riskGrade: 'major', lastEventAt: '2026-03-19T00:00:00.000Z' }),
      riskRow({ caseId: '0000001-mid', amountInvolvedFen: 3_000_000, openedAt: '2025-01-01T00:00:00.000Z' }),
      riskRow({
        caseId: 'zz-fengze',
        jurisdiction: '350503',
        office: 'fz-office',
        street: 'fz-st-donghai',
        leadUnit: 'fz-police',
        units: ',fz-police,fz-st-donghai,',
      }),
    ];
    await repo.insert(added);
    const untouched = rows.filter((row) => ![first, middle, second].includes(row.caseId));
    const moved = untouched.find((row) => row.jurisdiction === '350502')!;
    await repo.update(
      { caseId: moved.caseId },
      { jurisdiction: '350503', office: 'fz-office', street: 'fz-st-donghai', units: ',fz-police,fz-st-donghai,' },
    );
    // The oldest open case closes a day after it opened: from the first of the age sort to near its end.
    const oldest = (await queryRiskLedger(t.db, READERS[1], { sort: 'age', order: 'desc', open: true }, { pageSize: 1 }, sql)).items[0];
    await repo.update({ caseId: oldest.caseId }, { status: 'closed', closedAt: new Date(Date.parse(oldest.openedAt) + DAY).toISOString() });
    await notifyRiskLedger(t.db, target, [first, middle, second, moved.caseId, oldest.caseId, ...added.map((row) => row.caseId)]);
    // Right after: the next synced answer has every write.
    const now = await queryRiskLedger(t.db, READERS[1], { sort: 'amountInvolved', order: 'desc' }, { pageSize: 2 }, await onEngine());
    expect(now.items.map((i) => i.caseId)).toEqual([middle, '0000001-top']);
    // Ids that are not UUIDs came in: from now on pages carry the ids' text, and the answers below are checked again.
    expect(carryIdParts()).toBe(false);
    const late = await queryRiskLedger(t.db, READERS[1], overAYear, { pageSize: 5 }, sql);
    expect(late.items.map((i) => i.caseId)).toContain(lateClosure.caseId);
    expect((await queryRiskLedger(t.db, READERS[1], overAYear, { pageSize: 5 }, await onEngine())).items).toEqual(late.items);
    await expectWholeScopesAsSql(300);
    // Some 800 pages each way: 30 s on an idle machine.
  }, 180_000);

  it("reads a page's rows by key on the driver's pool, not through DataSource.query, and as SQL's page has them", async () => {
    const bySql = await queryRiskLedger(t.db, READERS[0], { sort: 'amountInvolved', order: 'desc' }, { pageSize: 30 }, sql);
    const ids = bySql.items.map((item) => item.caseId);
    expect(ids).toHaveLength(30);
    const throughDataSource = jest.spyOn(t.db, 'query');
    try {
      const { items } = await riskItemsByKeys(t.db, [...ids, 'no-such-case'], sql);
      expect(items).toEqual(bySql.items);
      expect(throughDataSource).not.toHaveBeenCalled();
    } finally {
      throughDataSource.mockRestore();
    }
  });

  it("answers the SQL path's count and a branched sort's keys on the driver's pool too", async () => {
    const byEngine = await queryRiskLedger(t.db, READERS[0], { sort: 'age', order: 'desc' }, { pageSize: 5 }, await onEngine());
    const throughDataSource = jest.spyOn(t.db, 'query');
    try {
      const page = await queryRiskLedger(t.db, READERS[0], { sort: 'age', order: 'desc' }, { pageSize: 5 }, sql);
      expect({ ids: page.items.map((item) => item.caseId), total: page.total }).toEqual({
        ids: byEngine.items.map((item) => item.caseId),
        total: byEngine.total,
      });
      expect(page.items).toHaveLength(5);
      expect(throughDataSource.mock.calls.map(([statement]) => statement)).toEqual([]);
    } finally {
      throughDataSource.mockRestore();
    }
  });

  it('refuses a cursor of another sort as SQL does (422 naming cursor)', async () => {
    const ctx = await onEngine();
    const first = await queryRiskLedger(t.db, READERS[0], { sort: 'age', order: 'desc' }, { pageSize: 5 }, ctx);
    await expect(
      queryRiskLedger(t.db, READERS[0], { sort: 'openedAt', order: 'desc' }, { pageSize: 5, cursor: first.nextCursor! }, ctx),
    ).rejects.toMatchObject({ status: 422 });
  });

  it('has a committed write in the next synced answer and never a rolled-back one', async () => {
    const target = sqlTargetOf(t.db);
    const committed = riskRow({ caseId: 'zz-committed', street: 'lc-st-fuqiao', units: ',lc-market,lc-st-fuqiao,', status: 'investigating' });
    const rolledBack = riskRow({ caseId: 'zz-rolled-back', street: 'lc-st-fuqiao', units: ',lc-market,lc-st-fuqiao,' });
    const fuqiao = { street: 'lc-st-fuqiao' };
    const ids = async (filter: RiskLedgerFilter = fuqiao): Promise<string[]> =>
      (await queryRiskLedger(t.db, READERS[0], filter, { pageSize: 50 }, await onEngine())).items.map((i) => i.caseId);

    const runner = t.db.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    await runner.manager.getRepository(RiskLedgerEntity).insert(committed);
    await notifyRiskLedger(runner.manager, target, [committed.caseId]);
    // Not committed yet: neither SQL nor the engine has it.
    expect(await ids()).toEqual([]);
    await runner.commitTransaction();
    expect(await ids()).toEqual([committed.caseId]);

    await runner.startTransaction();
    await runner.manager.getRepository(RiskLedgerEntity).insert(rolledBack);
    await notifyRiskLedger(runner.manager, target, [rolledBack.caseId]);
    await runner.rollbackTransaction();
    await runner.release();
    expect(await ids()).toEqual([committed.caseId]);
    expect(await factCount((await onEngine()).riskFacts!, rolledBack.caseId)).toBe(0);

    // A change moves the row between filters.
    await t.db.getRepository(RiskLedgerEntity).update({ caseId: committed.caseId }, { status: 'determined' });
    await notifyRiskLedger(t.db, target, [committed.caseId]);
    expect(await ids({ ...fuqiao, status: 'investigating' })).toEqual([]);
    expect(await ids({ ...fuqiao, status: 'determined' })).toEqual([committed.caseId]);

    // Closing it and grading it anew moves it between the open and closed filters, the age cut and the grade's rank.
    const loads = feed.loads;
    expect(await ids({ ...fuqiao, open: true })).toEqual([committed.caseId]);
    await t.db
      .getRepository(RiskLedgerEntity)
      .update({ caseId: committed.caseId }, { status: 'closed', closedAt: committed.openedAt, riskGrade: 'high' });
    await notifyRiskLedger(t.db, target, [committed.caseId]);
    expect(await ids({ ...fuqiao, open: true })).toEqual([]);
    expect(await ids({ ...fuqiao, open: false })).toEqual([committed.caseId]);
    expect(await ids({ ...fuqiao, ageOver: 0 })).toEqual([]);
    expect(await ids({ ...fuqiao, riskGrade: 'high', sort: 'riskGrade' })).toEqual([committed.caseId]);
    // Each change re-read by key, none by a reload.
    expect(feed.loads).toBe(loads);
  });

  it('reloads the table when a rebuild swapped it, and when its listening session is lost', async () => {
    const target = sqlTargetOf(t.db);
    const table = quoteTable(target, RISK_LEDGER.table);
    // A rebuild's swap: rows gone without a notification of their own, then the reload.
    await t.db.query(`DELETE FROM ${table} WHERE "street" = $1`, ['lc-st-kaiyuan']);
    await notifyRiskLedgerReload(t.db, target);
    const [{ n }] = (await t.db.query(`SELECT COUNT(*) AS n FROM ${table}`)) as Array<{ n: string }>;
    await eventually(async () => expect(await factCount((await onEngine()).riskFacts!)).toBe(Number(n)));
    const kaiyuan = await queryRiskLedger(t.db, READERS[1], { street: 'lc-st-kaiyuan' }, { pageSize: 5 }, await onEngine());
    expect(kaiyuan.total).toBe(0);

    // The listening session ends; a write meanwhile has its notification lost, the reload after reconnecting finds it.
    const admin = new Client({ connectionString: process.env.TEST_PG_URL });
    await admin.connect();
    try {
      const ended = await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1', [
        `jm-index-${riskLedgerChannel(target.schema).slice(-12)}`,
      ]);
      expect(ended.rowCount).toBe(1);
    } finally {
      await admin.end();
    }
    const late = riskRow({ caseId: 'zz-while-away', street: 'lc-st-kaiyuan', units: ',lc-market,lc-st-kaiyuan,' });
    await seedRisks(t.db, [late]);
    await eventually(async () => {
      const answer = await queryRiskLedger(t.db, READERS[1], { street: 'lc-st-kaiyuan' }, { pageSize: 5 }, await onEngine());
      expect(answer.items.map((i) => i.caseId)).toEqual([late.caseId]);
    });
  });
});

describe('the risk ledger on the analytic engine, SQLite (fed in process)', () => {
  let t: TestReportingApp;
  let feed: RiskLedgerFeed;
  const rows = ledger(300, seeded(20261205));

  beforeAll(async () => {
    t = await startReportingApp();
    feed = (await t.app.get(RiskFactsFeedService).liveFeed())!;
    await feed.ready();
    await seedRisks(t.db, rows);
  });
  afterAll(async () => t?.close());

  const engine = async (): Promise<AnalyticEngine> => {
    const ctx = await t.app.get(ReportQueries).riskContext('zh-CN');
    expect(ctx.riskFacts).toBeDefined();
    return ctx.riskFacts!;
  };

  it('holds what the writers committed when their transaction ended, never what was rolled back', async () => {
    expect(await factCount(await engine())).toBe(rows.length);
    const target = sqlTargetOf(t.db);
    const committed = riskRow({ caseId: 'zz-sqlite-committed' });
    const rolledBack = riskRow({ caseId: 'zz-sqlite-rolled-back' });
    const runner = t.db.createQueryRunner();
    await runner.startTransaction();
    await runner.manager.getRepository(RiskLedgerEntity).insert(committed);
    await notifyRiskLedger(runner.manager, target, [committed.caseId]);
    // Told inside the transaction: taken when it ends, not before.
    await feed.settled();
    expect(await factCount(feed.engine, committed.caseId)).toBe(0);
    await runner.commitTransaction();
    expect(await factCount(await engine(), committed.caseId)).toBe(1);

    await expect(
      t.db.transaction(async (manager) => {
        await manager.getRepository(RiskLedgerEntity).insert(rolledBack);
        await notifyRiskLedger(manager, target, [rolledBack.caseId]);
        await manager.getRepository(RiskLedgerEntity).update({ caseId: committed.caseId }, { status: 'closed' });
        await notifyRiskLedger(manager, target, [committed.caseId]);
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    const after = await engine();
    expect(await factCount(after, rolledBack.caseId)).toBe(0);
    expect(await after.query('SELECT status FROM risk_facts WHERE case_id = $1', [committed.caseId])).toEqual([{ status: 'investigating' }]);

    // Every query path agrees with SQL over the result.
    const ctx = await t.app.get(ReportQueries).riskContext('zh-CN');
    const sql = t.app.get(ReportQueries).context('zh-CN');
    for (const reader of READERS)
      for (const sort of RISK_SORTS) {
        const filter: RiskLedgerFilter = { sort, order: 'asc' };
        const bySql = await queryRiskLedger(t.db, reader, filter, { pageSize: 20 }, sql);
        const byEngine = await queryRiskLedger(t.db, reader, filter, { pageSize: 20 }, ctx);
        expect({ reader: reader.agency, sort, ids: byEngine.items.map((i) => i.caseId), total: byEngine.total }).toEqual({
          reader: reader.agency,
          sort,
          ids: bySql.items.map((i) => i.caseId),
          total: bySql.total,
        });
      }
  });
});
