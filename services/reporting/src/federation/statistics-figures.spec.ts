/** Figures of several deployments combined into one month's submission, and the digest that decides whether it is sent again. */
import type { StatisticsFactFigure, StatisticsMonthFigures } from '@jm/contracts';
import { combine, figuresDigest } from './statistics-figures';

const fact = (unit: string, kind: string, n: number, fen = '0'): StatisticsFactFigure => ({
  unit,
  street: null,
  field: 'pension',
  category: 'illegal_fundraising',
  kind,
  detail: null,
  n,
  fen,
  qty: n,
  subjects: n,
});
const figures = (facts: StatisticsFactFigure[], inProgress = 0): StatisticsMonthFigures => ({
  facts,
  snapshots: inProgress ? [{ unit: facts[0]?.unit ?? null, street: null, field: null, category: null, inProgress, policePending: 0 }] : [],
  subjects: Object.fromEntries(facts.map((f) => [f.kind, f.subjects])),
});

describe('combining figures', () => {
  it('sums rows with the same dimensions and kind, amounts exactly in fen, and orders them stably', () => {
    const a = figures([fact('lc-market', 'funds_recovered', 1, '9007199254740993'), fact('lc-office', 'lead_received', 2)], 2);
    const b = figures([fact('lc-market', 'funds_recovered', 2, '7')], 1);
    const combined = combine([a, b]);
    expect(combined.facts).toEqual([{ ...fact('lc-market', 'funds_recovered', 3), fen: '9007199254741000' }, fact('lc-office', 'lead_received', 2)]);
    expect(combined.snapshots).toEqual([{ unit: 'lc-market', street: null, field: null, category: null, inProgress: 3, policePending: 0 }]);
    expect(combined.subjects).toEqual({ funds_recovered: 3, lead_received: 2 });
    expect(combine([b, a])).toEqual(combined);
  });

  it('gives equal figures one digest, and another when a figure or a source’s revision changes', () => {
    const one = combine([figures([fact('lc-office', 'lead_received', 1)])]);
    const source = { deployment: 'lc', month: '2026-03', revision: 0, asOf: '2026-03-01T00:00:00.000Z', includes: [] };
    const digest = figuresDigest(one, [source]);
    expect(figuresDigest(combine([figures([fact('lc-office', 'lead_received', 1)])]), [{ ...source, asOf: 'later' }])).toBe(digest);
    expect(figuresDigest(combine([figures([fact('lc-office', 'lead_received', 2)])]), [source])).not.toBe(digest);
    expect(figuresDigest(one, [{ ...source, revision: 1 }])).not.toBe(digest);
  });
});
