/** What the cases service adds to its own database: the triage and case read models (entities + migrations). */
import { CaseSummaryEntity, CaseVisibilityEntity, LeadTriageEntity } from './read-model/read-model.entities';
import { CreateCasesReadModels1764000000000 } from './read-model/read-model.migrations';

export const CASES_READ_MODEL = {
  entities: [LeadTriageEntity, CaseSummaryEntity, CaseVisibilityEntity],
  migrations: [CreateCasesReadModels1764000000000],
};
