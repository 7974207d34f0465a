/**
 * Reporting across deployments (docs/federation-reporting.md): the monthly statistics sent up and received
 * from below, the anchors published and read, and the audit of a deployment below. Idle without DEPLOYMENT.
 */
import { Module } from '@nestjs/common';
import { FederationAuditController } from './federation-audit.controller';
import { FederationAuditService } from './federation-audit.service';
import { FederationReportingBusController } from './federation-reporting.bus.controller';
import { StatisticsSubmissions } from './statistics-submissions';

@Module({
  controllers: [FederationAuditController, FederationReportingBusController],
  providers: [FederationAuditService, StatisticsSubmissions],
})
export class FederationReportingModule {}
