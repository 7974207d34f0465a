/**
 * Analysis for analysts (issue 19, docs/analysis.md): structured queries
 * compiled for the analytic engine that holds RISK_FACTS, and their exports.
 */
import { Module } from '@nestjs/common';
import { ReportAccess } from '../statistics/access/report-access';
import { AnalysisController } from './analysis.controller';
import { AnalysisService } from './analysis.service';

@Module({
  controllers: [AnalysisController],
  providers: [AnalysisService, ReportAccess],
})
export class AnalysisModule {}
