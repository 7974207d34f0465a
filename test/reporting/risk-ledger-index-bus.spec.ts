/**
 * The analytic engine's risk_facts through the service's own writers, on PostgreSQL (LISTEN/NOTIFY) and on SQLite
 * (in process, when the writer's transaction ends): a history projected from the bus (the ledger write buffer tells
 * what it wrote) and then rebuilt (the swap asks for a reload) leaves the engine answering what SQL answers over
 * the table, for every reader and sort.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DomainActor } from '@jm/contracts';
import { quoteTable, sqlTargetOf } from '../../services/reporting/src/ledgers/table-sql';
import { RISK_LEDGER } from '../../services/reporting/src/read-model/read-model.tables';
import { rebuildProjections } from '../../services/reporting/src/rebuild/projection-rebuild';
import { riskLedgerFeedListener } from '../../services/reporting/src/statistics/ledger-queries/risk-ledger-feed';
import { LedgerContext } from '../../services/reporting/src/statistics/ledger-queries/ledger-query';
import { RISK_SORTS } from '../../services/reporting/src/statistics/ledger-queries/ledger-filters';
import { queryRiskLedger } from '../../services/reporting/src/statistics/ledger-queries/risk-ledger.query';
import { ReportQueries } from '../../services/reporting/src/statistics/ledger-queries/report-queries';
import { RiskFactsFeedService } from '../../services/reporting/src/statistics/ledger-queries/risk-facts-feed.service';
import { ledgerReader, riskRow, seedRisks } from './support/ledger-rows';
import { appendScenario, generateScenario } from './support/reporting-scenario';
import { awaitCaughtUp, ReportingTestApp, startReportingApp, startReportingOnPostgres } from './support/reporting-app';

const READERS: DomainActor[] = [
  ledgerReader('qz-office', 'office', '350500'),
  ledgerReader('lc-office', 'office'),
  ledgerReader('lc-market', 'member'),
  ledgerReader('lc-st-haibin', 'street'),
];

describe.each([
  ['PostgreSQL', () => startReportingOnPostgres('rpt_index_bus')],
  [
    'SQLite',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'jm-engine-bus-'));
      const app = await startReportingApp({ SQLITE_PATH: join(dir, 'events.sqlite'), READ_MODEL_SQLITE_PATH: join(dir, 'reporting.sqlite') });
      return { ...app, close: async () => (await app.close(), rmSync(dir, { recursive: true, force: true })) };
    },
  ],
])('the analytic engine fed by the bus and by a rebuild (%s)', (_name, start) => {
  let t: ReportingTestApp;
  afterAll(async () => t?.close());

  /** The engine holds the table's rows and answers every reader and sort as SQL does. */
  async function expectEngineEqualsTable(): Promise<number> {
    const queries = t.app.get(ReportQueries);
    const onEngine = await queries.riskContext('zh-CN');
    expect(onEngine.riskFacts).toBeDefined();
    const sql: LedgerContext = queries.context('zh-CN');
    const [{ n }] = (await t.dataSource.query(`SELECT COUNT(*) AS n FROM ${quoteTable(sqlTargetOf(t.dataSource), RISK_LEDGER.table)}`)) as Array<{
      n: string;
    }>;
    const [{ facts }] = await onEngine.riskFacts!.query<{ facts: number }>('SELECT count(*) AS facts FROM risk_facts');
    expect(facts).toBe(Number(n));
    for (const reader of READERS) {
      for (const sort of RISK_SORTS) {
        const filter = { sort, order: 'desc' as const };
        const bySql = await queryRiskLedger(t.dataSource, reader, filter, { pageSize: 200 }, sql);
        const byEngine = await queryRiskLedger(t.dataSource, reader, filter, { pageSize: 200 }, onEngine);
        expect({ reader: reader.agency, sort, items: byEngine.items, total: byEngine.total }).toEqual({
          reader: reader.agency,
          sort,
          items: bySql.items,
          total: bySql.total,
        });
      }
    }
    return Number(n);
  }

  it('after the bus projected a history and after a rebuild swapped the tables', async () => {
    t = await start();
    await (await t.app.get(RiskFactsFeedService).liveFeed())!.ready();
    const appends = generateScenario({ seed: 99, leads: 200 });
    await appendScenario(t.store, appends);
    await awaitCaughtUp(t, appends.at(-1)!.streamId);
    const cases = await expectEngineEqualsTable();
    expect(cases).toBeGreaterThan(10);

    // A row no event made (written and notified by hand): the engine has it until the rebuild's swap, which
    // replaces the table without a notification per row and makes every feed reload.
    await seedRisks(t.dataSource, [riskRow({ caseId: 'zz-no-event' })]);
    expect(await expectEngineEqualsTable()).toBe(cases + 1);
    await rebuildProjections({ store: t.store, dataSource: t.dataSource, riskLedger: riskLedgerFeedListener, gate: t.gate });
    expect(await expectEngineEqualsTable()).toBe(cases);
  });
});
