/**
 * The risk-ledger index through the service's own writers on PostgreSQL: a history projected from the bus (the
 * ledger write buffer notifies what it wrote) and then rebuilt (the swap asks for a reload) leaves the index
 * answering what SQL answers over the table, for every reader and sort.
 */
import type { DomainActor } from '@jm/contracts';
import { quoteTable, sqlTargetOf } from '../../services/reporting/src/ledgers/table-sql';
import { RISK_LEDGER } from '../../services/reporting/src/read-model/read-model.tables';
import { rebuildProjections } from '../../services/reporting/src/rebuild/projection-rebuild';
import { riskLedgerFeedListener } from '../../services/reporting/src/statistics/ledger-queries/risk-ledger-feed';
import { LedgerContext } from '../../services/reporting/src/statistics/ledger-queries/ledger-query';
import { RISK_SORTS } from '../../services/reporting/src/statistics/ledger-queries/ledger-filters';
import { queryRiskLedger } from '../../services/reporting/src/statistics/ledger-queries/risk-ledger.query';
import { ReportQueries } from '../../services/reporting/src/statistics/ledger-queries/report-queries';
import { RiskLedgerIndexService } from '../../services/reporting/src/statistics/ledger-queries/risk-ledger-index.service';
import { ledgerReader, riskRow, seedRisks } from './support/ledger-rows';
import { appendScenario, generateScenario } from './support/reporting-scenario';
import { awaitCaughtUp, ReportingTestApp, startReportingOnPostgres } from './support/reporting-app';

const READERS: DomainActor[] = [
  ledgerReader('qz-office', 'office', '350500'),
  ledgerReader('lc-office', 'office'),
  ledgerReader('lc-market', 'member'),
  ledgerReader('lc-st-haibin', 'street'),
];

describe('the risk-ledger index fed by the bus and by a rebuild (PostgreSQL)', () => {
  let t: ReportingTestApp;
  afterAll(async () => t?.close());

  /** The index holds the table's rows and answers every reader and sort as SQL does. */
  async function expectIndexEqualsTable(): Promise<number> {
    const queries = t.app.get(ReportQueries);
    const indexed = await queries.riskContext('zh-CN');
    expect(indexed.riskIndex).toBeDefined();
    const sql: LedgerContext = queries.context('zh-CN');
    const [{ n }] = (await t.dataSource.query(`SELECT COUNT(*) AS n FROM ${quoteTable(sqlTargetOf(t.dataSource), RISK_LEDGER.table)}`)) as Array<{
      n: string;
    }>;
    expect(indexed.riskIndex!.size).toBe(Number(n));
    for (const reader of READERS) {
      for (const sort of RISK_SORTS) {
        const filter = { sort, order: 'desc' as const };
        const bySql = await queryRiskLedger(t.dataSource, reader, filter, { pageSize: 200 }, sql);
        const byIndex = await queryRiskLedger(t.dataSource, reader, filter, { pageSize: 200 }, indexed);
        expect({ reader: reader.agency, sort, items: byIndex.items, total: byIndex.total }).toEqual({
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
    t = await startReportingOnPostgres('rpt_index_bus');
    await t.app.get(RiskLedgerIndexService).liveFeed!.ready();
    const appends = generateScenario({ seed: 99, leads: 200 });
    await appendScenario(t.store, appends);
    await awaitCaughtUp(t, appends.at(-1)!.streamId);
    const cases = await expectIndexEqualsTable();
    expect(cases).toBeGreaterThan(10);

    // A row no event made (written and notified by hand): the index has it until the rebuild's swap, which
    // replaces the table without a notification per row and makes every index reload.
    await seedRisks(t.dataSource, [riskRow({ caseId: 'zz-no-event' })]);
    expect(await expectIndexEqualsTable()).toBe(cases + 1);
    await rebuildProjections({ store: t.store, dataSource: t.dataSource, riskLedger: riskLedgerFeedListener, gate: t.gate });
    expect(await expectIndexEqualsTable()).toBe(cases);
  });
});
