/**
 * The kept lists on DuckDB: after any sequence of upserts and removals, a list is exactly the first rows of its
 * scope in the total order (value, id key, case id), as a full sort answers, or the whole scope; and merged parts
 * are cut where a part may miss rows.
 */
import { AnalyticRow, AnalyticTable } from '../../analytic-engine/engine/analytic-engine.port';
import { DuckDbEngine } from '../../analytic-engine/engine/duckdb-engine';
import { ID_PARTS } from '../../analytic-engine/risk-facts';
import { compareKeys, keptList, KeyList, KeyRow, mergedList, topList, warmLists } from './risk-top-lists';

const FACTS: AnalyticTable = {
  name: 'risk_facts',
  key: 'case_id',
  columns: [
    { name: 'case_id', type: 'varchar' },
    { name: 'id_key', type: 'bigint' },
    { name: 'region', type: 'bigint' },
    { name: 'amount', type: 'bigint' },
    // risk_facts' id parts (risk-facts.ts), null here: the ids are not UUIDs, so each read falls back to the ids' text.
    ...ID_PARTS.map((name) => ({ name, type: 'bigint' as const })),
  ],
};

/** A small deterministic generator, so a failure can be replayed. */
function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('the kept lists of the unfiltered scopes', () => {
  let engine: DuckDbEngine;
  beforeEach(async () => {
    engine = await DuckDbEngine.open({ threads: 1 });
    await engine.define(FACTS);
  });
  afterEach(async () => engine.close());

  it('given random upserts and removals with ties on value and id key, then each list is the first rows of its scope', async () => {
    const random = seeded(19);
    const row = () => {
      // Ids in pairs on one id key, few amounts, two regions: ties everywhere, rows moving in and out of scope.
      const n = Math.floor(random() * 60);
      return { case_id: `c${n}-${n % 3}`, id_key: Math.floor(n / 2), region: random() < 0.7 ? 1 : 2, amount: Math.floor(random() * 6) };
    };
    type Order = 'ASC' | 'DESC';
    const spec = (order: Order, valueOrder: Order) => ({ where: 'region = $1', params: [1], value: 'amount', order, valueOrder });
    // The value in the list's order, or against it (the age sort's open cases: oldest opening first, ids in the age's order).
    const orders: Array<[Order, Order]> = [
      ['ASC', 'ASC'],
      ['DESC', 'DESC'],
      ['DESC', 'ASC'],
      ['ASC', 'DESC'],
    ];
    let checks = 0;
    for (let round = 0; round < 60; round++) {
      const written = Array.from({ length: 1 + Math.floor(random() * 6) }, row);
      if (random() < 0.25)
        await engine.remove(
          FACTS,
          written.map((r) => r.case_id),
        );
      else void engine.upsert(FACTS, written); // not awaited: the list read after it must still have it
      for (const [order, valueOrder] of orders) {
        const list = await topList(engine, spec(order, valueOrder), { size: 8, need: 4, pool: 'scopes' });
        const sign = (o: Order) => (o === 'DESC' ? -1 : 1);
        const all = (await engine.query<KeyRow>('SELECT case_id, id_key, amount AS v FROM risk_facts WHERE region = 1')).sort(
          (a, b) => sign(valueOrder) * (Number(a.v) - Number(b.v)) || sign(order) * compareKeys(a, b),
        );
        const label = { round, order, valueOrder };
        if (list.complete) expect({ ...label, rows: list.rows.rows() }).toEqual({ ...label, rows: all });
        else {
          expect(list.rows.length).toBeGreaterThanOrEqual(4);
          expect({ ...label, rows: list.rows.rows() }).toEqual({ ...label, rows: all.slice(0, list.rows.length) });
        }
        checks += list.complete ? 0 : 1;
      }
    }
    // Most checks were of lists shorter than their scope.
    expect(checks).toBeGreaterThan(120);
  });

  it('given kept lists and a load of the table, when warmLists runs, then they are read again, exact, and kept', async () => {
    const rows = (n: number, amount: (i: number) => number) =>
      Array.from({ length: n }, (_, i) => ({ case_id: `c${i}`, id_key: i, region: 1 + (i % 2), amount: amount(i) }));
    async function* pages(page: AnalyticRow[]) {
      yield page;
    }
    await engine.load(FACTS, pages(rows(40, (i) => i)));
    const specs = [1, 2].map((region) => ({ where: 'region = $1', params: [region], value: 'amount', order: 'DESC' as const }));
    for (const spec of specs) await topList(engine, spec, { size: 5, need: 3, pool: 'scopes' });
    expect(await warmLists(engine)).toBe(0);
    // A reload: every kept list must be read again whole.
    await engine.load(FACTS, pages(rows(40, (i) => 100 - i)));
    for (const spec of specs) expect(await keptList(engine, spec, 'scopes')).toBeUndefined();
    for (const spec of specs) await topList(engine, spec, { size: 5, need: 3, pool: 'scopes' });
    await engine.load(FACTS, pages(rows(40, (i) => (i * 7) % 13)));
    expect(await warmLists(engine)).toBe(2);
    for (const spec of specs) {
      const all = (await engine.query<KeyRow>('SELECT case_id, id_key, amount AS v FROM risk_facts WHERE region = $1', spec.params)).sort(
        (a, b) => -compareKeys(a, b),
      );
      const kept = await keptList(engine, spec, 'scopes');
      expect(kept && { rows: kept.rows.rows(), complete: kept.complete }).toEqual({ rows: all.slice(0, kept?.rows.length), complete: false });
      expect(kept?.rows.length).toBeGreaterThanOrEqual(3);
    }
  });

  it('given parts of a list, then their merge is cut after the earliest last row of a part that is not complete', () => {
    const r = (case_id: string, v: number): KeyRow => ({ case_id, id_key: 0, v });
    const list = (rows: KeyRow[], complete: boolean) => ({ rows: KeyList.of(rows), complete });
    const merged = (...args: Parameters<typeof mergedList>) => {
      const { rows, complete } = mergedList(...args);
      return { rows: rows.rows(), complete };
    };
    const closed = list([r('a', 1), r('b', 5), r('c', 9)], false);
    const open = list([r('d', -100), r('e', -97)], true);
    // Open parts shifted by 100: d 0, e 3; closed is cut at c (9): rows after it may be missing.
    expect(
      merged(
        [
          { list: closed, shift: 0 },
          { list: open, shift: 100 },
        ],
        'ASC',
      ),
    ).toEqual({ rows: [r('d', 0), r('a', 1), r('e', 3), r('b', 5), r('c', 9)], complete: false });
    const openCut = list([r('d', -100), r('e', -97)], false);
    expect(
      merged(
        [
          { list: closed, shift: 0 },
          { list: openCut, shift: 100 },
        ],
        'ASC',
      ),
    ).toEqual({ rows: [r('d', 0), r('a', 1), r('e', 3)], complete: false });
    // The open part as its list is read (openings, oldest first), negated and shifted: the same merge.
    const openings = list([r('d', 100), r('e', 97)], true);
    expect(
      merged(
        [
          { list: closed, shift: 0 },
          { list: openings, shift: 100, negate: true },
        ],
        'ASC',
      ),
    ).toEqual({ rows: [r('d', 0), r('a', 1), r('e', 3), r('b', 5), r('c', 9)], complete: false });
    expect(
      merged(
        [
          { list: list([], false), shift: 0 },
          { list: open, shift: 0 },
        ],
        'DESC',
      ),
    ).toEqual({ rows: [], complete: false });
  });
});
