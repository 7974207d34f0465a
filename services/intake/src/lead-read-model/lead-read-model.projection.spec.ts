/** The informant's coarse status after each event. */
import { nextPublicStatus } from './lead-read-model.projection';

describe('nextPublicStatus', () => {
  it('received → processing → case_opened → closed → case_opened (reopened)', () => {
    const steps = ['LeadReceived', 'LeadRouted', 'LeadFounded', 'CaseOpened', 'CaseClosed', 'CaseReopened', 'RiskWrittenOff'];
    const seen: Array<string | undefined> = [];
    steps.reduce<ReturnType<typeof nextPublicStatus>>((s, type) => {
      const next = nextPublicStatus(s, type);
      seen.push(next);
      return next;
    }, undefined);
    expect(seen).toEqual(['received', 'processing', 'case_opened', 'case_opened', 'closed', 'case_opened', 'closed']);
  });
  it('a routing that arrives before the receipt still shows processing; a late LeadReceived does not go back', () => {
    expect(nextPublicStatus(undefined, 'LeadRouted')).toBe('processing');
    expect(nextPublicStatus('processing', 'LeadReceived')).toBe('processing');
  });
  it('routing does not undo a verdict; unfounded is final for routing; unrelated events change nothing', () => {
    expect(nextPublicStatus('unfounded', 'LeadReferredUp')).toBe('unfounded');
    expect(nextPublicStatus('processing', 'LeadClosedUnfounded')).toBe('unfounded');
    expect(nextPublicStatus('received', 'LeadSupplemented')).toBe('received');
  });
});
