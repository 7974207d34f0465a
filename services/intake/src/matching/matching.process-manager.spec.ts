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
      {
        target: { kind: 'lead', id: 'A' },
        reasons: [
          { kind: 'company_name', value: '某某财富' },
          { kind: 'phone', value: '13800138000' },
        ],
        score: 0.9,
      },
      { target: { kind: 'case', id: 'C' }, reasons: [{ kind: 'credit_code', value: '91440300708461136T' }], score: 1 },
    ]);
  });
  it('the same hits in any order give the same links: reasons ordered by weight, then value; a repeated key counts once', () => {
    const hits = [
      { key: 'phone:13800138000', targetKind: 'lead' as const, targetId: 'A' },
      { key: 'host:b.example.com', targetKind: 'lead' as const, targetId: 'A' },
      { key: 'host:a.example.com', targetKind: 'lead' as const, targetId: 'A' },
      { key: 'phone:13800138000', targetKind: 'lead' as const, targetId: 'A' },
      { key: 'app:某某', targetKind: 'lead' as const, targetId: 'A' },
    ];
    const expected = [
      {
        target: { kind: 'lead', id: 'A' },
        reasons: [
          { kind: 'website', value: 'a.example.com' },
          { kind: 'website', value: 'b.example.com' },
          { kind: 'app', value: '某某' },
          { kind: 'phone', value: '13800138000' },
        ],
        score: 0.94,
      },
    ];
    expect(matchesOf(hits)).toEqual(expected);
    expect(matchesOf([...hits].reverse())).toEqual(expected);
  });

  it('a lead and a case with the same id are two targets', () => {
    const found = matchesOf([
      { key: 'name:某某', targetKind: 'lead', targetId: 'X' },
      { key: 'name:某某', targetKind: 'case', targetId: 'X' },
    ]);
    expect(found.map((m) => m.target)).toEqual([
      { kind: 'lead', id: 'X' },
      { kind: 'case', id: 'X' },
    ]);
  });

  it('nothing in, nothing out', () => {
    expect(matchesOf([])).toEqual([]);
  });
});
