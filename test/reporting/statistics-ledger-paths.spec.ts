/**
 * The risk ledger's query paths that exist for speed (docs/reporting-statistics.md, "Performance notes") give
 * the rows a plain ORDER BY would, on SQLite and PostgreSQL: every sort in both directions, by page and by
 * cursor, for an office, a city office and a member unit, with filters that take their own paths (the age sort
 * merged from open and closed cases, the ageOver bound, the grade rank within one grade), and a total that is
 * counted only when a page is full. Expected pages come from the seeded rows themselves, computed here.
 * Also: the migration that adds the sort indexes, down and up again.
 */
import type { DataSource } from 'typeorm';
import { RISK_LEDGER, RiskLedgerRow } from '../../services/reporting/src/read-model/read-model.tables';
import {
  AddRiskLedgerRegister1767300000000,
  AddRiskLedgerSortIndexes1767200000000,
  CreateFederationReadModels1767400000000,
  CreateSavedAnalyses1767500000000,
} from '../../services/reporting/src/read-model/read-model.migrations';
import { COUNT_CAP, LedgerContext } from '../../services/reporting/src/statistics/ledger-queries/ledger-query';
import { RISK_SORTS, RiskLedgerFilter, RiskSort, SortOrder } from '../../services/reporting/src/statistics/ledger-queries/ledger-filters';
import { queryRiskLedger } from '../../services/reporting/src/statistics/ledger-queries/risk-ledger.query';
import { ReportQueries } from '../../services/reporting/src/statistics/ledger-queries/report-queries';
import { RiskFactsFeedService } from '../../services/reporting/src/statistics/ledger-queries/risk-facts-feed.service';
import { ledgerReader, riskRow, seedRisks, startReportingApp, startReportingOnPostgres, TestReportingApp } from './support/ledger-rows';

const actor = ledgerReader;
const READERS = { office: actor('lc-office', 'office'), city: actor('qz-office', 'office', '350500'), unit: actor('lc-market', 'member') };

const NOW = Date.parse('2026-03-20T02:00:00.000Z');
const DAY = 86_400_000;
const iso = (ms: number): string => new Date(ms).toISOString();
const GRADES = [null, 'low', 'medium', 'high', 'major'] as const;

/**
 * 60 cases: three share each opening time (ties for the tiebreak), every third is closed after 1–50 days (equal
 * spans too), one is closed in the future (a clock ahead of ours: ageOver must still find it by its span), some
 * lie in the other district or involve lc-market, grades and amounts (some unknown) cycle.
 */
function cases(): RiskLedgerRow[] {
  return Array.from({ length: 60 }, (_, i) => {
    const opened = NOW - (200 - (i % 20) * 9) * DAY;
    const closed = i === 59 ? NOW + 40 * DAY : i % 3 === 0 ? opened + (((i * 7) % 50) + 1) * DAY : null;
    const fengze = i % 11 === 4;
    const market = i % 4 === 1;
    return riskRow({
      caseId: `c${String(i).padStart(3, '0')}`,
      caseNo: `LC-2026-${i}`,
      jurisdiction: fengze ? '350503' : '350502',
      street: fengze ? 'fz-st-donghai' : 'lc-st-haibin',
      office: fengze ? 'fz-office' : 'lc-office',
      units: fengze ? ',fz-police,fz-st-donghai,' : `,lc-finance,${market ? 'lc-market,' : ''}lc-st-haibin,`,
      cooperatingUnits: market ? 'lc-market' : '',
      status: closed === null ? 'investigating' : 'closed',
      riskGrade: GRADES[i % 5],
      amountInvolvedFen: i % 7 === 0 ? null : ((i * 37) % 13) * 100_000,
      amountRecoveredFen: ((i * 13) % 5) * 1_000,
      openedAt: iso(opened),
      closedAt: closed === null ? null : iso(closed),
      lastEventAt: iso(Math.max(opened, closed ?? opened) + (i % 2) * DAY),
    });
  });
}

const RANK: Record<string, number> = { low: 1, medium: 2, high: 3, major: 4 };
const ageMs = (r: RiskLedgerRow): number => (r.closedAt ? Date.parse(r.closedAt) : NOW) - Date.parse(r.openedAt);
const SORT_KEYS: Record<RiskSort, (r: RiskLedgerRow) => number | string> = {
  openedAt: (r) => r.openedAt,
  amountInvolved: (r) => r.amountInvolvedFen ?? -1,
  amountRecovered: (r) => r.amountRecoveredFen,
  age: ageMs,
  riskGrade: (r) => (r.riskGrade ? RANK[r.riskGrade] : 0),
  lastEventAt: (r) => r.lastEventAt,
};

const FILTERS: Array<{ name: string; filter: RiskLedgerFilter; keep: (r: RiskLedgerRow) => boolean }> = [
  { name: 'no filter', filter: {}, keep: () => true },
  { name: 'riskGrade=medium', filter: { riskGrade: 'medium' }, keep: (r) => r.riskGrade === 'medium' },
  { name: 'open', filter: { open: true }, keep: (r) => r.closedAt === null },
  { name: 'ageOver=60', filter: { ageOver: 60 }, keep: (r) => ageMs(r) > 60 * DAY },
];

const inScope: Record<keyof typeof READERS, (r: RiskLedgerRow) => boolean> = {
  office: (r) => r.jurisdiction === '350502',
  city: () => true,
  unit: (r) => r.units.includes(',lc-market,'),
};

function expected(
  rows: RiskLedgerRow[],
  reader: keyof typeof READERS,
  keep: (r: RiskLedgerRow) => boolean,
  sort: RiskSort,
  order: SortOrder,
): string[] {
  const key = SORT_KEYS[sort];
  const sign = order === 'asc' ? 1 : -1;
  const cmp = (a: number | string, b: number | string): number => (a < b ? -1 : a > b ? 1 : 0);
  return rows
    .filter((r) => inScope[reader](r) && keep(r))
    .sort((a, b) => sign * (cmp(key(a), key(b)) || cmp(a.caseId, b.caseId)))
    .map((r) => r.caseId);
}

describe.each([
  ['SQLite', () => startReportingApp(), false],
  ['SQLite, analytic engine', () => startReportingApp(), true],
  ['PostgreSQL', () => startReportingOnPostgres('rpt_ledger_paths'), false],
  ['PostgreSQL, analytic engine', () => startReportingOnPostgres('rpt_ledger_index'), true],
])('risk ledger query paths on %s', (_name, start, indexed) => {
  let t: TestReportingApp;
  let ctx: LedgerContext;
  const rows = cases();

  beforeAll(async () => {
    t = await start();
    await seedRisks(t.db, rows);
    const queries = t.app.get(ReportQueries);
    if (indexed) await (await t.app.get(RiskFactsFeedService).liveFeed())!.ready();
    // The engine the service keeps (loaded at start, then fed by the seed's notification), or SQL alone.
    ctx = indexed ? await queries.riskContext('zh-CN') : queries.context('zh-CN');
    const facts = ctx.riskFacts && (await ctx.riskFacts.query<{ n: number }>('SELECT count(*) AS n FROM risk_facts'))[0].n;
    expect(facts).toBe(indexed ? rows.length : undefined);
    expect(ctx.now.getTime()).toBe(NOW);
  });
  afterAll(async () => t?.close());

  const combos = (Object.keys(READERS) as Array<keyof typeof READERS>).flatMap((reader) => FILTERS.map((f) => [reader, f.name] as const));

  it.each(combos)('%s, %s: every sort and order gives the expected rows by page and by cursor, with the total', async (reader, filterName) => {
    const { filter, keep } = FILTERS.find((f) => f.name === filterName)!;
    for (const sort of RISK_SORTS) {
      for (const order of ['asc', 'desc'] as const) {
        const want = expected(rows, reader, keep, sort, order);
        const query = { ...filter, sort, order };
        const size = 7;
        const byPage: string[] = [];
        for (let page = 1; page <= Math.ceil(want.length / size) + 1; page++) {
          const answer = await queryRiskLedger(t.db, READERS[reader], query, { page, pageSize: size }, ctx);
          byPage.push(...answer.items.map((i) => i.caseId));
          expect({ sort, order, page, total: answer.total, exact: answer.totalIsExact }).toEqual({
            sort,
            order,
            page,
            total: want.length,
            exact: want.length <= COUNT_CAP,
          });
        }
        expect({ sort, order, ids: byPage }).toEqual({ sort, order, ids: want });

        const byCursor: string[] = [];
        let cursor: string | undefined;
        do {
          const answer = await queryRiskLedger(t.db, READERS[reader], query, { pageSize: size, cursor }, ctx);
          byCursor.push(...answer.items.map((i) => i.caseId));
          expect({ sort, order, cursor: cursor !== undefined, total: answer.total }).toEqual({
            sort,
            order,
            cursor: cursor !== undefined,
            total: want.length,
          });
          cursor = answer.nextCursor ?? undefined;
        } while (cursor);
        expect({ sort, order, ids: byCursor }).toEqual({ sort, order, ids: want });
      }
    }
  });

  it('finds a case closed after now by its span under ageOver, although it was opened after the cut', async () => {
    const future = rows[59];
    expect(Date.parse(future.openedAt)).toBeGreaterThan(NOW - 60 * DAY);
    const answer = await queryRiskLedger(t.db, READERS.city, { ageOver: 60, sort: 'age', order: 'desc' }, { pageSize: 100 }, ctx);
    expect(answer.items.map((i) => i.caseId)).toContain(future.caseId);
  });

  it('the sort-index migration drops its indexes and creates them again', async () => {
    const db: DataSource = t.db;
    const names = async (): Promise<string[]> => {
      const list = (await (db.options.type === 'postgres'
        ? db.query('SELECT indexname AS name FROM pg_indexes WHERE schemaname = $1 AND tablename = $2', [
            (db.driver as { schema?: string }).schema,
            RISK_LEDGER.table,
          ])
        : db.query(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ?`, [RISK_LEDGER.table]))) as Array<{ name: string }>;
      return list
        .map((r) => r.name)
        .filter((n) => n.startsWith('ix_'))
        .sort();
    };
    const own = [
      'ix_risk_ledger_amount',
      'ix_risk_ledger_closed',
      'ix_risk_ledger_grade',
      'ix_risk_ledger_last_event',
      'ix_risk_ledger_opened',
      'ix_risk_ledger_recovered',
    ];
    if (db.options.type === 'postgres') own.push('ix_risk_ledger_closed_span');
    const before = await names();
    expect(before).toEqual(expect.arrayContaining(own));
    // Every migration from it on (the register columns', the federation tables', the saved analyses', the bus
    // tables' later ones) is undone, and runs again in order.
    const stamp = (name: string) => Number(/(\d{13})$/.exec(name)?.[1]);
    const sortIndexes = new AddRiskLedgerSortIndexes1767200000000().name;
    const fromIt = db.migrations
      .map((m) => m.name ?? m.constructor.name)
      .filter((name) => stamp(name) >= stamp(sortIndexes))
      .sort((a, b) => stamp(a) - stamp(b));
    expect(fromIt).toEqual(
      expect.arrayContaining([
        sortIndexes,
        new AddRiskLedgerRegister1767300000000().name,
        new CreateFederationReadModels1767400000000().name,
        new CreateSavedAnalyses1767500000000().name,
      ]),
    );
    for (let i = 0; i < fromIt.length; i++) await db.undoLastMigration();
    expect(await names()).toEqual(before.filter((n) => !own.includes(n)));
    const ran = await db.runMigrations();
    expect(ran.map((m) => m.name)).toEqual(fromIt);
    expect(await names()).toEqual(before);
  });
});
