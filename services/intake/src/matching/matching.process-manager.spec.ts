/** Grouping index hits into links: one per target, strongest reason first, scored. */
import { matchesOf } from './matching.process-manager';

describe('matchesOf', () => {
  it('groups hits by target, orders reasons by weight and scores them', () => {
    const found = matchesOf([
      { key: 'phone:13800138000', targetKind: 'lead', targetId: 'A' },
      { key: 'name:某某财富', targetKind: 'lead', targetId: 'A' },
      { key: 'credit:91440300708461136T', targetKind: 'case', targetId: 'C' },
      { key: 'bogus:x', targetKind: 'case', targetId: 'C' },
    ]);
    expect(found).toEqual([
      { target: { kind: 'lead', id: 'A' }, reasons: [{ kind: 'company_name', value: '某某财富' }, { kind: 'phone', value: '13800138000' }], score: 0.9 },
      { target: { kind: 'case', id: 'C' }, reasons: [{ kind: 'credit_code', value: '91440300708461136T' }], score: 1 },
    ]);
  });
  it('nothing in, nothing out', () => {
    expect(matchesOf([])).toEqual([]);
  });
});
