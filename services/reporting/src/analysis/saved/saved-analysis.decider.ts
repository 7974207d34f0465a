/**
 * The stream `analysis-<id>`: one analyst's saved analysis (docs/analysis.md,
 * "Saved analyses"). Only its owner (the same user of the same agency) changes
 * or deletes it; to anyone else, and after deletion, it does not exist (404).
 * The query was checked before (analysisQueryErrors) and is stored normalised;
 * a change to what is already saved appends nothing.
 */
import type { AnalysisChangedData, AnalysisDeletedData, AnalysisOwner, AnalysisSavedData, DomainActor } from '@jm/contracts';
import { Decider, InvalidTransitionError, NotFoundError } from '@jm/event-sourcing';
import type { DomainEvent } from '@jm/event-sourcing';

export type AnalysisSaved = DomainEvent<'AnalysisSaved', AnalysisSavedData>;
export type AnalysisChanged = DomainEvent<'AnalysisChanged', AnalysisChangedData>;
export type AnalysisDeleted = DomainEvent<'AnalysisDeleted', AnalysisDeletedData>;
export type SavedAnalysisEvent = AnalysisSaved | AnalysisChanged | AnalysisDeleted;
export const SAVED_ANALYSIS_SCHEMA_VERSIONS = { AnalysisSaved: 1, AnalysisChanged: 1, AnalysisDeleted: 1 } as const;

export interface SaveAnalysis {
  kind: 'SaveAnalysis';
  analysisId: string;
  name: string;
  query: Record<string, unknown>;
  actor: DomainActor;
  at: string;
}

export interface ChangeAnalysis {
  kind: 'ChangeAnalysis';
  analysisId: string;
  name?: string;
  query?: Record<string, unknown>;
  actor: DomainActor;
  at: string;
}

export interface DeleteAnalysis {
  kind: 'DeleteAnalysis';
  analysisId: string;
  actor: DomainActor;
  at: string;
}

export type SavedAnalysisCommand = SaveAnalysis | ChangeAnalysis | DeleteAnalysis;

export type SavedAnalysisState =
  | { status: 'none' }
  | { status: 'saved'; owner: AnalysisOwner; name: string; query: Record<string, unknown>; savedAt: string; changedAt: string }
  | { status: 'deleted'; owner: AnalysisOwner };

export const toAnalysisId = (streamId: string): string => streamId.slice('analysis-'.length);

const owns = (actor: DomainActor, owner: AnalysisOwner): boolean => actor.agency === owner.agency && actor.user === owner.user;

/** The state an actor may act on: a saved analysis of their own, else "not found" (never "someone else's"). */
function ownSaved(state: SavedAnalysisState, command: ChangeAnalysis | DeleteAnalysis): Extract<SavedAnalysisState, { status: 'saved' }> {
  if (state.status !== 'saved' || !owns(command.actor, state.owner)) throw new NotFoundError(`saved analysis ${command.analysisId}`);
  return state;
}

export const savedAnalysisDecider: Decider<SavedAnalysisCommand, SavedAnalysisState, SavedAnalysisEvent> = {
  initialState: () => ({ status: 'none' }),
  evolve: (state, event) => {
    switch (event.type) {
      case 'AnalysisSaved':
        return {
          status: 'saved',
          owner: event.data.owner,
          name: event.data.name,
          query: event.data.query,
          savedAt: event.data.at,
          changedAt: event.data.at,
        };
      case 'AnalysisChanged':
        return state.status === 'saved' ? { ...state, name: event.data.name, query: event.data.query, changedAt: event.data.at } : state;
      case 'AnalysisDeleted':
        return state.status === 'saved' ? { status: 'deleted', owner: state.owner } : state;
      default: {
        const never: never = event;
        return never;
      }
    }
  },
  decide: (command, state) => {
    switch (command.kind) {
      case 'SaveAnalysis': {
        if (state.status !== 'none') throw new InvalidTransitionError('saved analysis', 'SaveAnalysis', state.status, []);
        const owner = { agency: command.actor.agency, user: command.actor.user };
        return [{ type: 'AnalysisSaved', data: { analysisId: command.analysisId, owner, name: command.name, query: command.query, at: command.at } }];
      }
      case 'ChangeAnalysis': {
        const saved = ownSaved(state, command);
        const name = command.name ?? saved.name;
        const query = command.query ?? saved.query;
        if (name === saved.name && JSON.stringify(query) === JSON.stringify(saved.query)) return [];
        return [{ type: 'AnalysisChanged', data: { analysisId: command.analysisId, name, query, at: command.at } }];
      }
      case 'DeleteAnalysis':
        ownSaved(state, command);
        return [{ type: 'AnalysisDeleted', data: { analysisId: command.analysisId, at: command.at } }];
      default: {
        const never: never = command;
        return never;
      }
    }
  },
};
