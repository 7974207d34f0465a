/**
 * Reporting owns the read side: projections from the stream into ledgers,
 * statistics tables, queries and exports, plus audit replay and hash-chain
 * verification. Streams: report-…, audit-….
 *
 * The domain goes here (one folder per stream, see docs and style.md); config,
 * logging, the event store, the bus, /health and /ready come from
 * ServiceCoreModule in @jm/shared.
 */
import { Module } from '@nestjs/common';

@Module({
  imports: [],
  controllers: [],
  providers: [],
})
export class ReportingModule {}
