/**
 * Analysis for analysts (issue 19, docs/analysis.md): structured queries
 * compiled for the analytic engine that holds RISK_FACTS, their exports, and
 * each analyst's saved analyses (stream analysis-<id>, table saved_analysis).
 */
import { Module } from '@nestjs/common';
import { commandHandlerProvider } from '@jm/platform';
import { ReportAccess } from '../statistics/access/report-access';
import { StatisticsModule } from '../statistics/statistics.module';
import { AnalysisController } from './analysis.controller';
import { AnalysisService } from './analysis.service';
import { SavedAnalysesController } from './saved/saved-analyses.controller';
import { SAVED_ANALYSIS_COMMANDS, SavedAnalyses } from './saved/saved-analyses.service';
import { SAVED_ANALYSIS_SCHEMA_VERSIONS, savedAnalysisDecider } from './saved/saved-analysis.decider';

@Module({
  // RISK_FACTS_SOURCE: the engine the statistics' feed keeps equal to risk_ledger.
  imports: [StatisticsModule],
  controllers: [AnalysisController, SavedAnalysesController],
  providers: [
    AnalysisService,
    ReportAccess,
    SavedAnalyses,
    commandHandlerProvider(SAVED_ANALYSIS_COMMANDS, savedAnalysisDecider, SAVED_ANALYSIS_SCHEMA_VERSIONS),
  ],
})
export class AnalysisModule {}
