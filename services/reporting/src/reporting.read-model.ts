/** What the reporting service adds to its own database: the ledgers, the statistics facts and the access log (entities + migrations, in order). */
import type { ReadModelSchema } from '@jm/platform';
import {
  AddRiskLedgerRegister1767300000000,
  AddRiskLedgerSortIndexes1767200000000,
  CreateReportingReadModels1767000000000,
} from './read-model/read-model.migrations';
import { AccessLogEntity, LeadLedgerEntity, ReportFactEntity, RiskLedgerEntity } from './read-model/read-model.tables';

export const REPORTING_READ_MODEL = {
  entities: [LeadLedgerEntity, RiskLedgerEntity, ReportFactEntity, AccessLogEntity],
  migrations: [CreateReportingReadModels1767000000000, AddRiskLedgerSortIndexes1767200000000, AddRiskLedgerRegister1767300000000],
} satisfies ReadModelSchema;
