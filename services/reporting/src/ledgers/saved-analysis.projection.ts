/**
 * The saved_analysis projection: the row of an analysis-<id> stream, evolved by
 * its published events; an event at or below the stored version changes nothing.
 */
import { ANALYSIS_CONTRACT_EVENT_TYPES, ANALYSIS_STREAM_PREFIX, decodeAnalysisEvent } from '@jm/contracts';
import type { ProjectionEvent } from '@jm/event-sourcing';
import type { SavedAnalysisRow } from '../read-model/saved-analysis.table';

export const SAVED_ANALYSIS_EVENT_TYPES: readonly string[] = ANALYSIS_CONTRACT_EVENT_TYPES;

export const analysisIdOfStream = (streamId: string): string | undefined =>
  streamId.startsWith(ANALYSIS_STREAM_PREFIX) ? streamId.slice(ANALYSIS_STREAM_PREFIX.length) : undefined;

/** The row after the event; the same row when the event was applied already or does not apply. */
export function evolveSavedAnalysis(row: SavedAnalysisRow | undefined, event: ProjectionEvent): SavedAnalysisRow | undefined {
  if (row && event.streamVersion <= row.version) return row;
  const e = decodeAnalysisEvent(event);
  switch (e.type) {
    case 'AnalysisSaved':
      return {
        analysisId: e.data.analysisId,
        ownerAgency: e.data.owner.agency,
        ownerUser: e.data.owner.user,
        name: e.data.name,
        query: JSON.stringify(e.data.query),
        savedAt: e.data.at,
        changedAt: e.data.at,
        deletedAt: null,
        version: event.streamVersion,
      };
    case 'AnalysisChanged':
      return row && { ...row, name: e.data.name, query: JSON.stringify(e.data.query), changedAt: e.data.at, version: event.streamVersion };
    case 'AnalysisDeleted':
      return row && { ...row, deletedAt: e.data.at, version: event.streamVersion };
  }
}
