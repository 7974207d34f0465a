/** The analytic engine's contract, on DuckDB in memory: define, upsert by key, remove, parameterised queries. */
import { AnalyticTable, checkTable, PROJECTION_KEY } from './analytic-engine.port';
import { DuckDbEngine } from './duckdb-engine';

const CASES: AnalyticTable = {
  name: 'risk_cases',
  key: 'case_id',
  columns: [
    { name: 'case_id', type: 'varchar' },
    { name: 'lead_unit', type: 'varchar' },
    { name: 'amount_fen', type: 'bigint' },
    { name: 'key_case', type: 'boolean' },
    { name: 'opened_at', type: 'timestamp' },
    { name: 'score', type: 'double' },
  ],
};

/** CASES with a projection by amount (then case id): rows with no amount are not in it. */
const BY_AMOUNT: AnalyticTable = {
  ...CASES,
  name: 'projected_cases',
  projections: [
    {
      name: 'projected_cases_by_amount',
      columns: ['case_id', 'amount_fen', 'key_case'],
      key: 'CAST(amount_fen AS HUGEINT) * 1000 + CAST(substr(case_id, 2) AS HUGEINT)',
    },
  ],
};

describe('DuckDbEngine', () => {
  let engine: DuckDbEngine;
  beforeEach(async () => {
    engine = await DuckDbEngine.open();
    await engine.define(CASES);
  });
  afterEach(async () => engine.close());

  it('given rows upserted twice by key, then each key holds its last row, typed', async () => {
    await engine.upsert(CASES, [
      { case_id: 'c1', lead_unit: 'lc-finance', amount_fen: '350000000000', key_case: true, opened_at: '2026-03-01T02:00:00.000Z', score: 1.5 },
      { case_id: 'c2', lead_unit: 'lc-market', amount_fen: 100, key_case: false, opened_at: new Date('2026-04-01T02:00:00.000Z'), score: null },
    ]);
    await engine.upsert(CASES, [
      { case_id: 'c2', lead_unit: 'lc-police', amount_fen: 200, key_case: 't', opened_at: '2026-04-02T02:00:00.000Z', score: 2 },
      { case_id: 'c3', lead_unit: null, amount_fen: null, key_case: 0, opened_at: '2026-05-01T02:00:00.000Z', score: 0 },
      // The same key twice in one batch: the later row wins.
      { case_id: 'c3', lead_unit: 'lc-court', amount_fen: 7, key_case: false, opened_at: '2026-05-01T02:00:00.000Z', score: 0 },
    ]);
    const rows = await engine.query<{ case_id: string; lead_unit: string | null; amount_fen: number | null; key_case: boolean }>(
      'SELECT case_id, lead_unit, amount_fen, key_case FROM risk_cases ORDER BY case_id',
    );
    expect(rows).toEqual([
      { case_id: 'c1', lead_unit: 'lc-finance', amount_fen: 350000000000, key_case: true },
      { case_id: 'c2', lead_unit: 'lc-police', amount_fen: 200, key_case: true },
      { case_id: 'c3', lead_unit: 'lc-court', amount_fen: 7, key_case: false },
    ]);
  });

  it('given parameters, then they are values, never SQL; removed keys are gone', async () => {
    await engine.upsert(CASES, [
      { case_id: 'c1', lead_unit: 'lc-finance', amount_fen: 10, key_case: true, opened_at: '2026-03-01T02:00:00.000Z', score: 1 },
      { case_id: 'c2', lead_unit: "x' OR '1'='1", amount_fen: 20, key_case: false, opened_at: '2026-03-15T02:00:00.000Z', score: 1 },
      { case_id: 'c3', lead_unit: 'lc-finance', amount_fen: 30, key_case: false, opened_at: '2026-04-15T02:00:00.000Z', score: 1 },
    ]);
    const byMonth = await engine.query<{ month: string; n: number; amount: number }>(
      "SELECT strftime(date_trunc('month', opened_at), '%Y-%m') AS month, count(*) AS n, sum(amount_fen) AS amount FROM risk_cases WHERE lead_unit = $1 GROUP BY ALL ORDER BY month",
      ['lc-finance'],
    );
    expect(byMonth).toEqual([
      { month: '2026-03', n: 1, amount: 10 },
      { month: '2026-04', n: 1, amount: 30 },
    ]);
    expect(await engine.query('SELECT case_id FROM risk_cases WHERE lead_unit = $1', ["x' OR '1'='1"])).toEqual([{ case_id: 'c2' }]);
    await engine.remove(CASES, ['c1', 'c2', 'nope']);
    expect(await engine.query('SELECT case_id FROM risk_cases')).toEqual([{ case_id: 'c3' }]);
    expect(await engine.memoryBytes()).toBeGreaterThanOrEqual(0);
  });

  it('given values of every kind, then each reads back exactly as given, and a $n inside quotes is text', async () => {
    const text = "it's -- not; a \\ comment $1 '' 线索 ✓ \u{1F600}";
    const [row] = await engine.query<Record<string, unknown>>(
      `SELECT $1 AS s, 1-$2 AS minus, $3 AS d, $4 AS big, $5 AS yes, $6 AS nothing, '$1' AS quoted, 7 AS "$1", $7 AS tiny`,
      [text, -5, 0.1 + 0.2, Number.MAX_SAFE_INTEGER, true, null, -1.5e-300],
    );
    expect(row).toEqual({
      s: text,
      minus: 6,
      d: 0.1 + 0.2,
      big: Number.MAX_SAFE_INTEGER,
      yes: true,
      nothing: null,
      quoted: '$1',
      $1: 7,
      tiny: -1.5e-300,
    });
    const numbers = await engine.queryNumbers('SELECT $1 AS d, $2 AS i', [Math.PI / 7, -(2 ** 40)]);
    expect([numbers.columns.d[0], numbers.columns.i[0]]).toEqual([Math.PI / 7, -(2 ** 40)]);
  });

  it('given a value DuckDB cannot be given as written or a $n with no value, then the query is refused naming it', async () => {
    await expect(engine.query('SELECT $1 AS s', ['a\u0000b'])).rejects.toThrow('$1 holds a NUL character');
    await expect(engine.query('SELECT $1 AS x', [NaN])).rejects.toThrow('$1 is NaN, not a finite number');
    await expect(engine.queryNumbers('SELECT $1 AS x', [Infinity])).rejects.toThrow('$1 is Infinity');
    await expect(engine.query('SELECT $1 AS a, $2 AS b', [1])).rejects.toThrow('$2 has no value (1 given)');
    expect(await engine.query('SELECT 1 AS one')).toEqual([{ one: 1 }]);
  });

  it('given a query aborted before or while it runs, then it rejects with the reason at once and the engine reads on', async () => {
    const slow = 'SELECT count(*) AS n FROM range(3000000000) a WHERE a.range % 7 = 3';
    const before = new AbortController();
    before.abort(new Error('given up before'));
    await expect(engine.query(slow, [], { signal: before.signal })).rejects.toThrow('given up before');
    const during = new AbortController();
    const started = Date.now();
    const running = engine.query(slow, [], { signal: during.signal });
    setTimeout(() => during.abort(new Error('given up while running')), 50);
    await expect(running).rejects.toThrow('given up while running');
    // Stopped where it stood: far sooner than the scan of three billion rows would take.
    expect(Date.now() - started).toBeLessThan(2_000);
    // Every read connection still serves (an interrupted one is replaced, not returned to the pool).
    const answers = await Promise.all(Array.from({ length: 6 }, (_, i) => engine.query<{ x: number }>('SELECT $1 AS x', [i])));
    expect(answers.map(([row]) => row.x)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('given a numbers query, then each column comes as a Float64Array across chunks, NULL as NaN, and text is refused', async () => {
    async function* pages() {
      // More rows than one DuckDB chunk (2,048), so the columns are put together from several.
      yield Array.from({ length: 5000 }, (_, i) => ({
        case_id: `c${i}`,
        lead_unit: 'lc-finance',
        amount_fen: i % 7 === 0 ? null : i * 1000,
        key_case: false,
        opened_at: '2026-03-01T02:00:00.000Z',
        score: i / 4,
      }));
    }
    await engine.load(CASES, pages());
    const read = await engine.queryNumbers(
      'SELECT CAST(substr(case_id, 2) AS INTEGER) AS n, amount_fen, score, CAST(epoch_ms(opened_at) AS DOUBLE) AS at FROM risk_cases WHERE score >= $1 ORDER BY n',
      [0.5],
    );
    expect(read.length).toBe(4998);
    expect(Object.keys(read.columns)).toEqual(['n', 'amount_fen', 'score', 'at']);
    expect(Object.values(read.columns).every((column) => column instanceof Float64Array && column.length === 4998)).toBe(true);
    const n = Array.from(read.columns.n);
    expect(n).toEqual(Array.from({ length: 4998 }, (_, i) => i + 2));
    expect(Array.from(read.columns.amount_fen).every((amount, i) => (n[i] % 7 === 0 ? Number.isNaN(amount) : amount === n[i] * 1000))).toBe(true);
    expect(Array.from(read.columns.score)).toEqual(n.map((i) => i / 4));
    expect(new Set(read.columns.at)).toEqual(new Set([Date.parse('2026-03-01T02:00:00.000Z')]));
    expect(await engine.queryNumbers('SELECT score FROM risk_cases WHERE score < 0')).toEqual({ length: 0, columns: { score: new Float64Array(0) } });
    await expect(engine.queryNumbers('SELECT score, case_id FROM risk_cases')).rejects.toThrow(
      'queryNumbers: column case_id is VARCHAR, not a number',
    );
  });

  it('given a load in pages, then queries see the old rows until the last page is in, and the new ones after', async () => {
    await engine.upsert(CASES, [
      { case_id: 'old', lead_unit: 'lc-market', amount_fen: 1, key_case: false, opened_at: '2026-03-01T02:00:00.000Z', score: 0 },
    ]);
    const seen: string[][] = [];
    async function* pages() {
      for (const page of [1, 2]) {
        const ids = await engine.query<{ case_id: string }>('SELECT case_id FROM risk_cases ORDER BY case_id');
        seen.push(ids.map((r) => r.case_id));
        yield [{ case_id: `new-${page}`, lead_unit: null, amount_fen: page, key_case: true, opened_at: '2026-04-01T02:00:00.000Z', score: 1 }];
      }
    }
    expect(await engine.load(CASES, pages())).toBe(2);
    expect(seen).toEqual([['old'], ['old']]);
    expect(await engine.query('SELECT case_id, amount_fen FROM risk_cases ORDER BY case_id')).toEqual([
      { case_id: 'new-1', amount_fen: 1 },
      { case_id: 'new-2', amount_fen: 2 },
    ]);
    // Still keyed after the swap: an upsert replaces.
    await engine.upsert(CASES, [{ case_id: 'new-1', amount_fen: 9, opened_at: '2026-04-01T02:00:00.000Z' }]);
    expect(await engine.query('SELECT count(*) AS n, sum(amount_fen) AS s FROM risk_cases')).toEqual([{ n: 2, s: 11 }]);
  });

  it('given queries at once and writes called before them, then each query sees those writes and none sees half of one', async () => {
    const rows = (from: number, n: number, amount: number) =>
      Array.from({ length: n }, (_, i) => ({ case_id: `c${from + i}`, amount_fen: amount, opened_at: '2026-03-01T02:00:00.000Z' }));
    // Not awaited: the queries called after them see them.
    void engine.upsert(CASES, rows(0, 3000, 1));
    const removed = engine.remove(CASES, ['c0', 'c1']);
    const counts = await Promise.all(
      Array.from({ length: 8 }, () => engine.query<{ n: number; s: number }>('SELECT count(*) AS n, sum(amount_fen) AS s FROM risk_cases')),
    );
    expect(counts.map(([row]) => row)).toEqual(Array.from({ length: 8 }, () => ({ n: 2998, s: 2998 })));
    await removed;
    // Queries called before a write of 3,000 rows run while it does: each sees all of it or none of it.
    const during = Promise.all(Array.from({ length: 8 }, () => engine.query<{ s: number }>('SELECT sum(amount_fen) AS s FROM risk_cases')));
    await engine.upsert(CASES, rows(0, 3000, 2));
    for (const [row] of await during) expect([2998, 6000]).toContain(row.s);
    expect(await engine.query('SELECT sum(amount_fen) AS s FROM risk_cases')).toEqual([{ s: 6000 }]);
  });

  it('given writes after a mark, then the keys they touched are named, and none once the table is loaded or forgotten', async () => {
    const row = (id: string) => ({ case_id: id, amount_fen: 1, opened_at: '2026-03-01T02:00:00.000Z' });
    await engine.upsert(CASES, [row('c1')]);
    const mark = engine.writeMark();
    expect(engine.keysWrittenSince('risk_cases', mark)).toEqual([]);
    // Counted when called, before it is done: a query called after the mark waits for it.
    const pending = engine.upsert(CASES, [row('c2'), row('c3')]);
    await engine.remove(CASES, ['c1']);
    await pending;
    expect(engine.writeMark()).toBe(mark + 2);
    expect([...engine.keysWrittenSince('risk_cases', mark)!].sort()).toEqual(['c1', 'c2', 'c3']);
    expect(engine.keysWrittenSince('other_table', mark)).toEqual([]);
    expect(engine.keysWrittenSince('risk_cases', mark + 1)).toEqual(['c1']);
    const loaded = engine.writeMark();
    await engine.load(
      CASES,
      (async function* () {
        yield [row('c9')];
      })(),
    );
    expect(engine.keysWrittenSince('risk_cases', mark)).toBeUndefined();
    expect(engine.keysWrittenSince('risk_cases', loaded + 1)).toEqual([]);
    // More keys than the log keeps: the oldest writes are forgotten.
    await engine.upsert(
      CASES,
      Array.from({ length: 100_001 }, (_, i) => row(`k${i}`)),
    );
    expect(engine.keysWrittenSince('risk_cases', loaded + 1)).toBeUndefined();
  });

  it('given a table whose names are not plain identifiers or whose key is not a column, then it is refused', async () => {
    expect(() => checkTable({ ...CASES, name: 'cases; DROP TABLE x' })).toThrow('not plain identifiers: cases; DROP TABLE x');
    expect(() => checkTable({ ...CASES, key: 'nope' })).toThrow('its key nope is not one of its columns');
    await expect(engine.define({ ...CASES, columns: [...CASES.columns, { name: 'Bad-Name', type: 'varchar' }] })).rejects.toThrow('Bad-Name');
  });

  it('given a time that is not one, then the upsert fails naming the column and the table is unchanged', async () => {
    await expect(engine.upsert(CASES, [{ case_id: 'c9', opened_at: 'yesterday' }])).rejects.toThrow('column opened_at: yesterday is not a time');
    expect(await engine.query('SELECT count(*) AS n FROM risk_cases')).toEqual([{ n: 0 }]);
  });

  describe('given a table with a projection', () => {
    let projected: DuckDbEngine;
    beforeEach(async () => {
      // Put in order again after 50 rows upserted (the default is two row groups).
      projected = await DuckDbEngine.open({ projectionResortRows: 50 });
      await projected.define(BY_AMOUNT);
    });
    afterEach(async () => projected.close());

    const row = (n: number, amount: number | null) => ({
      case_id: `c${n}`,
      amount_fen: amount,
      key_case: n % 3 === 0,
      opened_at: '2026-03-01T02:00:00.000Z',
    });
    /** The projection's rows and the table's, as the projection should hold them, each sorted by case id. */
    const both = async () => ({
      projection: await projected.query(
        `SELECT case_id, amount_fen, key_case, ${PROJECTION_KEY} AS k FROM projected_cases_by_amount ORDER BY case_id`,
      ),
      table: await projected.query(
        `SELECT case_id, amount_fen, key_case, CAST(amount_fen AS HUGEINT) * 1000 + CAST(substr(case_id, 2) AS HUGEINT) AS k FROM projected_cases WHERE amount_fen IS NOT NULL ORDER BY case_id`,
      ),
    });
    /** The first keys in the projection's storage order. */
    const stored = async (n: number) =>
      (await projected.query<{ k: number | null }>(`SELECT ${PROJECTION_KEY} AS k FROM projected_cases_by_amount ORDER BY rowid LIMIT ${n}`)).map(
        (r) => r.k,
      );

    it('then every write reaches it, the ends of its key are stored first, and a Top-N on it answers as one on the table', async () => {
      // Amounts 0..199 in a shuffled order, and two rows with no amount.
      const amounts = Array.from({ length: 200 }, (_, i) => (i * 37) % 200);
      await projected.load(
        BY_AMOUNT,
        (async function* () {
          yield [...amounts.map((amount, i) => row(i + 100, amount)), row(900, null), row(901, null)];
        })(),
      );
      const loaded = await both();
      expect(loaded.projection).toEqual(loaded.table);
      expect(loaded.projection).toHaveLength(200);
      // The least and the greatest key first, then the next ones in from each end.
      const ends = (
        await projected.query<{ k: number }>(`SELECT ${PROJECTION_KEY} AS k FROM projected_cases_by_amount WHERE amount_fen IN (0, 1, 198, 199)`)
      ).map((r) => r.k);
      expect([...(await stored(4))].sort((a, b) => a! - b!)).toEqual([...ends].sort((a, b) => a - b));
      // The middle of the range last.
      const [last] = await projected.query<{ amount_fen: number }>('SELECT amount_fen FROM projected_cases_by_amount ORDER BY rowid DESC LIMIT 1');
      expect([99, 100]).toContain(last.amount_fen);

      for (const order of ['ASC', 'DESC']) {
        const viaProjection = await projected.query(
          `SELECT case_id FROM projected_cases_by_amount WHERE key_case ORDER BY ${PROJECTION_KEY} ${order} LIMIT 7`,
        );
        const viaTable = await projected.query(
          `SELECT case_id FROM projected_cases WHERE key_case AND amount_fen IS NOT NULL ORDER BY amount_fen ${order}, CAST(substr(case_id, 2) AS INTEGER) ${order} LIMIT 7`,
        );
        expect(viaProjection).toEqual(viaTable);
      }

      // Upserts that change a key, clear one, add rows and repeat a key in one batch; then a removal.
      await projected.upsert(BY_AMOUNT, [row(100, 5_000), row(101, null), row(950, -3), row(950, -4)]);
      await projected.remove(BY_AMOUNT, ['c102', 'c900', 'nope']);
      const written = await both();
      expect(written.projection).toEqual(written.table);
      // c101 lost its amount (out of the projection), c102 was removed, c950 came in: 199.
      expect(written.projection).toHaveLength(199);
      // Upserted rows go at the end, out of the order, until 50 have been written since it was made.
      expect(await stored(2)).not.toContain(5_000 * 1000 + 100);
      await projected.upsert(
        BY_AMOUNT,
        Array.from({ length: 49 }, (_, i) => row(300 + i, 1_000 + i)),
      );
      const reordered = both();
      expect((await reordered).projection).toEqual((await reordered).table);
      expect([...(await stored(2))].sort((a, b) => a! - b!)).toEqual([-4 * 1000 + 950, 5_000 * 1000 + 100]);
    });

    it('then a query run again after a write that takes its key past the range the projection had answers the new key', async () => {
      await projected.load(
        BY_AMOUNT,
        (async function* () {
          yield [row(100, 0), row(101, 199)];
        })(),
      );
      // DuckDB plans with the statistics it has (a sorted payload narrowed to the key's range): a statement kept from
      // the first run must not be run again after the write.
      const keys = () => projected.query(`SELECT case_id, ${PROJECTION_KEY} AS k FROM projected_cases_by_amount ORDER BY case_id`);
      expect(await keys()).toEqual([
        { case_id: 'c100', k: 100 },
        { case_id: 'c101', k: 199_101 },
      ]);
      await projected.upsert(BY_AMOUNT, [row(950, -4)]);
      expect(await keys()).toEqual([
        { case_id: 'c100', k: 100 },
        { case_id: 'c101', k: 199_101 },
        { case_id: 'c950', k: -3_050 },
      ]);
      expect(await keys()).toHaveLength(3);
    });

    it('then a projection naming a column its table has not, or leaving out the key, is refused', () => {
      const projection = BY_AMOUNT.projections![0];
      expect(() => checkTable({ ...BY_AMOUNT, projections: [{ ...projection, columns: ['case_id', 'nope'] }] })).toThrow(
        'projection projected_cases_by_amount names columns it has not: nope',
      );
      expect(() => checkTable({ ...BY_AMOUNT, projections: [{ ...projection, columns: ['amount_fen'] }] })).toThrow('its key case_id missing');
      expect(() => checkTable({ ...BY_AMOUNT, projections: [{ ...projection, name: 'Bad Name' }] })).toThrow('not plain identifiers: Bad Name');
    });
  });
});
