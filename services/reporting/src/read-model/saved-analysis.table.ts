/**
 * saved_analysis: one row per saved analysis (analysis-<id> streams, docs/analysis.md), the owner's to list;
 * a deleted one keeps its row with deleted_at set, so that the live projection and the rebuild agree on it.
 */
import { column, entityOf, TableSpec } from '@jm/read-model';

export interface SavedAnalysisRow {
  analysisId: string;
  ownerAgency: string;
  ownerUser: string;
  name: string;
  /** The normalised AnalysisQuery as JSON. */
  query: string;
  savedAt: string;
  changedAt: string;
  deletedAt: string | null;
  /** The stream version last applied: a redelivered event changes nothing. */
  version: number;
}

export const SAVED_ANALYSIS: TableSpec<SavedAnalysisRow> = {
  table: 'saved_analysis',
  ddl: 'sql',
  columns: [
    column.varchar('analysisId', 'analysis_id', 64, { primary: true }),
    column.varchar('ownerAgency', 'owner_agency', 64),
    column.varchar('ownerUser', 'owner_user', 200),
    column.varchar('name', 'name', 200),
    column.text('query', 'query'),
    column.varchar('savedAt', 'saved_at', 40),
    column.varchar('changedAt', 'changed_at', 40),
    column.varchar('deletedAt', 'deleted_at', 40, { nullable: true }),
    column.integer('version', 'version'),
  ],
  indexes: [{ name: 'ix_saved_analysis_owner', keys: ['owner_agency', 'owner_user', 'changed_at'] }],
};

export const SavedAnalysisEntity = entityOf<SavedAnalysisRow>('SavedAnalysis', SAVED_ANALYSIS);
