/**
 * Statistics: analyst queries of the ledgers (GET /ledgers/…), the campaign's
 * statistics tables and enforcement figures over the facts (GET /statistics/…),
 * and XLSX/CSV exports of both (GET /exports/…). Read-only over the read model
 * that ledgers/ projects; every read is scoped by need-to-know and recorded.
 */
import { Module } from '@nestjs/common';
import { ExportsController } from './exports/exports.controller';
import { LedgerQueryController } from './ledger-queries/ledger-query.controller';
import { ReportAccess } from './access/report-access';
import { ReportQueries } from './ledger-queries/report-queries';
import { RiskLedgerIndexService } from './ledger-queries/risk-ledger-index.service';
import { StatisticsController } from './statistics-tables/statistics.controller';

@Module({
  imports: [],
  controllers: [LedgerQueryController, StatisticsController, ExportsController],
  providers: [ReportQueries, ReportAccess, RiskLedgerIndexService],
  exports: [RiskLedgerIndexService],
})
export class StatisticsModule {}
