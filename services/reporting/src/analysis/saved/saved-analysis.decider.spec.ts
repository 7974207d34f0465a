/**
 * given/when/then for a saved analysis: its analyst saves, changes and deletes
 * it; the same change twice appends nothing; another user (even of the same
 * agency) and anyone after deletion finds nothing (404).
 */
import { deciderSpec } from '@jm/event-sourcing/testing';
import { DomainActor } from '@jm/contracts';
import { InvalidTransitionError, NotFoundError } from '@jm/event-sourcing';
import { AnalysisChanged, AnalysisDeleted, AnalysisSaved, SavedAnalysisCommand, savedAnalysisDecider } from './saved-analysis.decider';

const spec = deciderSpec(savedAnalysisDecider);
const analyst = (agency = 'lc-office', user = 'wang'): DomainActor => ({
  user,
  agency,
  agencyKind: 'office',
  level: 'district',
  jurisdiction: '350502',
  roles: ['analyst'],
});
const query = { dimensions: ['unit'], measures: ['cases'], sort: { by: 'cases', order: 'desc' }, limit: 100 };
const AT = '2026-03-02T02:00:00.000Z';
const LATER = '2026-03-03T02:00:00.000Z';
const saved: AnalysisSaved = {
  type: 'AnalysisSaved',
  data: { analysisId: 'a1', owner: { agency: 'lc-office', user: 'wang' }, name: '各单位案件数', query, at: AT },
};
const changed = (name: string, q: Record<string, unknown> = query): AnalysisChanged => ({
  type: 'AnalysisChanged',
  data: { analysisId: 'a1', name, query: q, at: LATER },
});
const deleted: AnalysisDeleted = { type: 'AnalysisDeleted', data: { analysisId: 'a1', at: LATER } };
const save: SavedAnalysisCommand = { kind: 'SaveAnalysis', analysisId: 'a1', name: '各单位案件数', query, actor: analyst(), at: AT };
const change = (over: Partial<Extract<SavedAnalysisCommand, { kind: 'ChangeAnalysis' }>> = {}): SavedAnalysisCommand => ({
  kind: 'ChangeAnalysis',
  analysisId: 'a1',
  actor: analyst(),
  at: LATER,
  ...over,
});
const remove = (actor = analyst()): SavedAnalysisCommand => ({ kind: 'DeleteAnalysis', analysisId: 'a1', actor, at: LATER });

describe('saved analysis decider', () => {
  it('given nothing, when an analyst saves, then it is saved as theirs; saving the same id again is refused', () => {
    spec.given([]).when(save).then([saved]);
    spec.given([saved]).when(save).thenThrows(InvalidTransitionError);
  });

  it('given a saved analysis, when its analyst renames it or changes its query, then the change is recorded; the same again appends nothing', () => {
    spec
      .given([saved])
      .when(change({ name: '按季度' }))
      .then([changed('按季度')]);
    const other = { ...query, dimensions: ['street'] };
    spec
      .given([saved])
      .when(change({ query: other }))
      .then([changed('各单位案件数', other)]);
    spec
      .given([saved, changed('按季度')])
      .when(change({ name: '按季度' }))
      .thenNothing();
    spec
      .given([saved])
      .when(change({ query: { ...query } }))
      .thenNothing();
  });

  it('given a saved analysis, when its analyst deletes it, then it is gone: changing or deleting it again is not found', () => {
    spec.given([saved]).when(remove()).then([deleted]);
    spec.given([saved, deleted]).when(remove()).thenThrows(NotFoundError);
    spec
      .given([saved, deleted])
      .when(change({ name: 'x' }))
      .thenThrows('saved analysis a1 was not found');
  });

  it('given another user’s analysis (same agency or another), when they change or delete it, then it is not found, and nothing is recorded', () => {
    for (const actor of [analyst('lc-office', 'li'), analyst('qz-office', 'wang')]) {
      spec
        .given([saved])
        .when(change({ actor, name: 'x' }))
        .thenThrows(NotFoundError);
      spec.given([saved]).when(remove(actor)).thenThrows('saved analysis a1 was not found');
    }
    spec.given([]).when(remove()).thenThrows(NotFoundError);
  });
});
