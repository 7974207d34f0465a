/**
 * Statistics: analyst queries of the ledgers (GET /ledgers/…), the campaign's
 * statistics tables and enforcement figures over the facts (GET /statistics/…),
 * and XLSX/CSV exports of both (GET /exports/…). Read-only over the read model
 * that ledgers/ projects; every read is scoped by need-to-know and recorded.
 */
import { Module } from '@nestjs/common';
import { RISK_FACTS_SOURCE } from '../analytic-engine/risk-facts';
import { RiskFactsFeedService } from './ledger-queries/risk-facts-feed.service';
import { ExportsController } from './exports/exports.controller';
import { LedgerQueryController } from './ledger-queries/ledger-query.controller';
import { ReportAccess } from './access/report-access';
import { ReportQueries } from './ledger-queries/report-queries';
import { StatisticsController } from './statistics-tables/statistics.controller';

@Module({
  imports: [],
  controllers: [LedgerQueryController, StatisticsController, ExportsController],
  providers: [ReportQueries, ReportAccess, RiskFactsFeedService, { provide: RISK_FACTS_SOURCE, useExisting: RiskFactsFeedService }],
  exports: [RiskFactsFeedService, RISK_FACTS_SOURCE],
})
export class StatisticsModule {}
