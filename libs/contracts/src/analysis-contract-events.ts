/**
 * Saved analyses (reporting, docs/analysis.md): an analyst's named structured query on the stream
 * `analysis-<id>`, owned by reporting and published as stored; reporting's own read model lists each
 * analyst's. The query holds codes and dates only (dimensions, measures, filters), nothing personal.
 */
import { ContractSpec, ContractUnionOf, contractDecoder, contractTypes, publicationAsStored, version1Requiring } from './contract-event';

export const ANALYSIS_STREAM_PREFIX = 'analysis-';
export const toAnalysisStreamId = (analysisId: string): string => `${ANALYSIS_STREAM_PREFIX}${analysisId}`;

/** Who saved an analysis: the analyst (token `sub`) of an agency; only they read, change or delete it. */
export interface AnalysisOwner {
  agency: string;
  user: string;
}

export interface AnalysisSavedData {
  analysisId: string;
  owner: AnalysisOwner;
  name: string;
  /** The structured query as normalised when saved (AnalysisQuery of reporting's analysis API). */
  query: Record<string, unknown>;
  at: string;
}

export interface AnalysisChangedData {
  analysisId: string;
  /** The name and query after the change. */
  name: string;
  query: Record<string, unknown>;
  at: string;
}

export interface AnalysisDeletedData {
  analysisId: string;
  at: string;
}

export interface AnalysisEventDataByType {
  AnalysisSaved: AnalysisSavedData;
  AnalysisChanged: AnalysisChangedData;
  AnalysisDeleted: AnalysisDeletedData;
}

export type AnalysisContractEvent = ContractUnionOf<AnalysisEventDataByType>;

const v1 = version1Requiring('analysisId');
export const ANALYSIS_CONTRACT: ContractSpec<AnalysisContractEvent> = {
  AnalysisSaved: v1('owner', 'name', 'query', 'at'),
  AnalysisChanged: v1('name', 'query', 'at'),
  AnalysisDeleted: v1('at'),
};

export const ANALYSIS_CONTRACT_EVENT_TYPES = contractTypes(ANALYSIS_CONTRACT);
export const decodeAnalysisEvent = contractDecoder('analysis', ANALYSIS_CONTRACT);
export const publishAnalysisEvent = publicationAsStored(ANALYSIS_CONTRACT);
