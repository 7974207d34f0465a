/**
 * Reporting owns the read side: projections from the stream into ledgers and
 * statistics tables (ledgers/), their rebuild from the store (rebuild/),
 * analyst queries and exports (statistics/), analyses on the analytic engine (analysis/), and
 * audit replay, verification and anchors (audit/), and what crosses deployments
 * (federation/: statistics up, anchors out, the audit of a deployment below). Streams: report-…, audit-…
 * and the access logs of its own reads (access-report-…, access-audit-…).
 * Read models: lead_ledger, risk_ledger, report_fact, access_log.
 * Config, logging, the event store, the bus, auth, /health and /ready come from
 * ServiceCoreModule in @jm/platform.
 */
import { Module } from '@nestjs/common';
import { AnalysisModule } from './analysis/analysis.module';
import { AuditModule } from './audit/audit.module';
import { FederationReportingModule } from './federation/federation-reporting.module';
import { LedgersModule } from './ledgers/ledgers.module';
import { RebuildModule } from './rebuild/rebuild.module';
import { riskLedgerFeedListener } from './statistics/ledger-queries/risk-ledger-feed';
import { StatisticsModule } from './statistics/statistics.module';

// The analytic engine's risk-ledger feed hears of the ledgers' writes through a port (ledgers/ never imports statistics/).
const ledgers = LedgersModule.register(riskLedgerFeedListener);

@Module({
  imports: [ledgers, RebuildModule.register(ledgers), StatisticsModule, AnalysisModule, AuditModule, FederationReportingModule],
})
export class ReportingModule {}
