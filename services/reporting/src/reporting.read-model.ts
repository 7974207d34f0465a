/** What the reporting service adds to its own database: the ledgers, the statistics facts, the access log and what it receives from the deployments below (entities + migrations, in order). */
import type { ReadModelSchema } from '@jm/platform';
import {
  AddRiskLedgerRegister1767300000000,
  AddRiskLedgerSortIndexes1767200000000,
  CreateFederationReadModels1767400000000,
  CreateReportingReadModels1767000000000,
  CreateSavedAnalyses1767500000000,
} from './read-model/read-model.migrations';
import { SavedAnalysisEntity } from './read-model/saved-analysis.table';
import { AccessLogEntity, LeadLedgerEntity, ReportFactEntity, RiskLedgerEntity } from './read-model/read-model.tables';

export const REPORTING_READ_MODEL = {
  entities: [LeadLedgerEntity, RiskLedgerEntity, ReportFactEntity, AccessLogEntity, SavedAnalysisEntity],
  migrations: [
    CreateReportingReadModels1767000000000,
    AddRiskLedgerSortIndexes1767200000000,
    AddRiskLedgerRegister1767300000000,
    CreateFederationReadModels1767400000000,
    CreateSavedAnalyses1767500000000,
  ],
} satisfies ReadModelSchema;
