/**
 * The first rows of risk-ledger lists and single values over risk_facts, kept between calls for each engine (issue
 * 19): a reader's whole scope in one sort and order (a city's whole ledger by amount involved is a top-N over every
 * row, 20–67 ms at 1,000,000 cases, where a page of a kept list is a slice of it), a filtered page read with the next
 * page's rows for its cursor, counts and the latest closure. A list is exact and fresh: it is the first rows, in the
 * ledger's total order (value, id key, case id), of every row its WHERE selects, as read at a write mark of the
 * engine; before each use it is brought up to the engine's writes since then by reading again the rows they touched
 * (a load, a definition, or more keys than REFRESH_KEYS: the list is read again whole). A kept value is read again
 * after any write.
 */
import type { AnalyticEngine, AnalyticParam, NumberColumns } from '../../analytic-engine/engine/analytic-engine.port';
import { PROJECTION_KEY } from '../../analytic-engine/engine/analytic-engine.port';
import { carryIdParts, caseIdOf, ID_PARTS, RISK_FACTS } from '../../analytic-engine/risk-facts';

/** A page's candidate row: the case id, its id key, and the sort's value (a number: an instant's epoch ms). */
export type KeyRow = {
  case_id: string;
  id_key: number;
  v: number;
};

/** Numbers a key list holds for each row: the sort's value, the id key, and the case id's parts (ID_PARTS). */
const STRIDE = 2 + ID_PARTS.length;

/**
 * Key rows in columns: STRIDE numbers a row in one Float64Array (the value, the id key, the case id's UUID parts),
 * with the text of any case id that is not a UUID beside it. A kept list is a few objects and a buffer outside the
 * JavaScript heap, not an object or two per row: the lists kept as objects made each young-generation collection copy
 * 2–3 MB of them (docs/benchmarks.md, run 16). A page's rows are made objects (KeyRow) when it is answered.
 */
export class KeyList {
  static readonly EMPTY = new KeyList(new Float64Array(0), undefined);

  private constructor(
    private readonly data: Float64Array,
    /** Each row's case id text where the id is not a UUID (its parts NaN); undefined when every id is a UUID. */
    private readonly texts: ReadonlyArray<string | undefined> | undefined,
  ) {}

  /** The rows of a numbers read (value v, id_key and the id parts); undefined when a row's id has no parts (not a UUID). */
  static fromColumns(read: NumberColumns): KeyList | undefined {
    const columns = [read.columns.v, read.columns.id_key, ...ID_PARTS.map((name) => read.columns[name])];
    const data = new Float64Array(read.length * STRIDE);
    for (let i = 0; i < read.length; i++)
      for (let c = 0; c < STRIDE; c++) {
        const x = columns[c][i];
        if (c >= 2 && Number.isNaN(x)) return undefined;
        data[i * STRIDE + c] = x;
      }
    return new KeyList(data, undefined);
  }

  /** These rows, their case ids kept as text. */
  static of(rows: readonly KeyRow[]): KeyList {
    const data = new Float64Array(rows.length * STRIDE).fill(NaN);
    rows.forEach((row, i) => {
      data[i * STRIDE] = row.v;
      data[i * STRIDE + 1] = row.id_key;
    });
    return new KeyList(
      data,
      rows.map((row) => row.case_id),
    );
  }

  /** These lists' rows one after the other, each list's values mapped by its function. */
  static concat(parts: ReadonlyArray<{ list: KeyList; map?: (value: number) => number }>): KeyList {
    const data = new Float64Array(parts.reduce((sum, part) => sum + part.list.data.length, 0));
    let at = 0;
    for (const { list, map } of parts) {
      data.set(list.data, at);
      if (map) for (let i = at; i < at + list.data.length; i += STRIDE) data[i] = map(data[i]);
      at += list.data.length;
    }
    const texts = parts.some((part) => part.list.texts)
      ? parts.flatMap(({ list }) => list.texts ?? Array.from({ length: list.length }, () => undefined))
      : undefined;
    return new KeyList(data, texts);
  }

  get length(): number {
    return this.data.length / STRIDE;
  }

  value(i: number): number {
    return this.data[i * STRIDE];
  }

  idKey(i: number): number {
    return this.data[i * STRIDE + 1];
  }

  caseId(i: number): string {
    return this.texts?.[i] ?? caseIdOf(this.data, i * STRIDE + 2);
  }

  /** Rows `from` to `to` (exclusive) as objects. */
  rows(from = 0, to = this.length): KeyRow[] {
    const rows: KeyRow[] = [];
    for (let i = from; i < Math.min(to, this.length); i++) rows.push({ case_id: this.caseId(i), id_key: this.idKey(i), v: this.value(i) });
    return rows;
  }

  /** Rows i and j by (value, id key, case id), ascending. */
  compare(i: number, j: number): number {
    return ascending(this.value(i), this.value(j)) || ascending(this.idKey(i), this.idKey(j)) || ascending(this.caseId(i), this.caseId(j));
  }

  /** Rows `from` to `to` (exclusive). */
  slice(from: number, to: number): KeyList {
    return new KeyList(this.data.slice(from * STRIDE, to * STRIDE), this.texts?.slice(from, to));
  }

  /** The rows `keep` keeps (all if none), in the order `compare` puts their positions in. */
  sorted(compare: (i: number, j: number) => number, keep?: (i: number) => boolean): KeyList {
    const at: number[] = [];
    for (let i = 0; i < this.length; i++) if (!keep || keep(i)) at.push(i);
    at.sort(compare);
    const data = new Float64Array(at.length * STRIDE);
    at.forEach((from, i) => data.set(this.data.subarray(from * STRIDE, from * STRIDE + STRIDE), i * STRIDE));
    const texts = this.texts;
    return new KeyList(data, texts && at.map((from) => texts[from]));
  }
}

/**
 * Rows a list is first read with at least: a top-N of 1,025 over a city's 1,000,000 rows took 1.4–1.7x one of 101,
 * one of 257 1.0–1.2x; a page past them reads the list again, as far as that page and the next.
 */
export const FIRST_LIST_ROWS = 256;
/** Rows a list keeps at most (a page deeper than that is read in SQL on the engine, uncached): bounds the memory. */
export const MAX_LIST_ROWS = 2_048;
/**
 * What each engine keeps at most (the least recently used dropped first): whole-scope lists and filtered pages, each
 * up to a number of rows in all (every reader scope warmed in every sort: 29 scopes × 14 lists × 601 rows ≈ 244,000
 * rows, ~10 MB as KeyLists; filtered pages, for a reader coming back to a page and for the cursor of one, 512 lists of
 * 41–1,001 rows and 150,000 rows in all, ~6 MB), and single values
 * (counts, shared by every sort of a filter) by number.
 */
const KEPT = { scopes: { lists: 8_192, rows: 600_000 }, pages: { lists: 512, rows: 150_000 }, values: { lists: 4_096, rows: Infinity } };
export type ListPool = 'scopes' | 'pages';
/** Keys written since a list was read past which it is read again whole rather than by key. */
const REFRESH_KEYS = 4_000;
/** Keys per statement when rows are read again by key. */
const KEY_BATCH = 1_000;

/** risk_facts' instants (TIMESTAMP columns): a key row's value of one is its epoch ms. */
const INSTANT_COLUMNS = new Set(RISK_FACTS.columns.filter((column) => column.type === 'timestamp').map((column) => column.name));

/**
 * A sort value as key rows carry it: a DOUBLE (an instant as its epoch ms), which reaches JavaScript as a number with
 * nothing allocated on the way (a BIGINT or TIMESTAMP comes as a BigInt or a timestamp object first).
 */
const numeric = (value: string): string => (INSTANT_COLUMNS.has(value) ? `CAST(epoch_ms(${value}) AS DOUBLE)` : `CAST(${value} AS DOUBLE)`);

/**
 * Key rows: `SELECT <case id>, id_key, <value> AS v FROM <table> <rest>` (risk_facts or a projection of it), v a number (numeric); `rest` orders on
 * the value expression itself, not on v (a plain column keeps DuckDB's Top-N filter in the scan). A UUID case id is
 * carried as its three integer parts (a top-N carrying the id's text took about twice as long), read as numbers into
 * a KeyList; when any row has none (an id that is not a UUID), the query is read again with the text.
 */
export async function readKeyRows(
  engine: AnalyticEngine,
  value: string,
  rest: string,
  params: readonly AnalyticParam[],
  table: string = RISK_FACTS.name,
): Promise<KeyList> {
  const v = numeric(value);
  const withText = async () => KeyList.of(await engine.query<KeyRow>(`SELECT case_id, id_key, ${v} AS v FROM ${table} ${rest}`, params));
  if (!carryIdParts()) return withText();
  const read = await engine.queryNumbers(`SELECT ${ID_PARTS.join(', ')}, id_key, ${v} AS v FROM ${table} ${rest}`, params);
  return KeyList.fromColumns(read) ?? withText();
}

/** (value, id key, case id) in ascending order. */
export function compareKeys(a: KeyRow, b: KeyRow): number {
  return ascending(a.v, b.v) || ascending(a.id_key, b.id_key) || ascending(a.case_id, b.case_id);
}

/** Two numbers or two texts in ascending order: -1, 0 or 1 (a case id is put together only when the keys before it tie). */
function ascending<T extends number | string>(a: T, b: T): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** One unfiltered list: the scope's WHERE over risk_facts (its values bound), the sort's value and the order. */
export interface TopListSpec {
  where: string;
  params: readonly AnalyticParam[];
  /** The sort's value as SQL with no parameters of its own. */
  value: string;
  /** The order of the list: on the value (unless valueOrder), then the id key and case id. */
  order: 'ASC' | 'DESC';
  /**
   * The order on the value alone, when it is not `order`: a list sorted on a plain column against its id order (the
   * age sort's open cases, oldest opening first) lets DuckDB skip the rows past its top N (its dynamic Top-N filter
   * on the column's row groups), where a negated expression of it is computed and sorted for every row.
   */
  valueOrder?: 'ASC' | 'DESC';
  /**
   * A projection of risk_facts in this sort (RISK_FACTS_PROJECTIONS) to read instead, its sort key the value then
   * the id key: the caller has checked it carries every column the list's SQL names (projectionCovers).
   */
  projection?: string;
}

/** The ORDER BY of a list's Top-N: the value and the id key, or a projection's sort key, which is both. */
export function keyOrder(spec: Pick<TopListSpec, 'value' | 'order' | 'valueOrder' | 'projection'>): string {
  if (spec.projection !== undefined && (spec.valueOrder ?? spec.order) === spec.order) return `${PROJECTION_KEY} ${spec.order}`;
  return `${spec.value} ${spec.valueOrder ?? spec.order}, id_key ${spec.order}`;
}

interface TopList {
  /** What it lists (kept to read it again in the background, warmLists). */
  spec: TopListSpec;
  /** The write mark the rows were read at (or after). */
  mark: number;
  /** The first rows in the list's order. */
  rows: KeyList;
  /** Whether they are every row of the scope. */
  complete: boolean;
  /** How many rows it keeps at most. */
  size: number;
}

/** Kept entries by key, the least recently used first, within limits on their number and their rows. */
class Pool<T> {
  private readonly entries = new Map<string, T>();
  /** The rows of the entries kept (rowsOf summed). */
  rows = 0;

  constructor(
    private readonly limit: { lists: number; rows: number },
    private readonly rowsOf: (entry: T) => number = () => 0,
  ) {}

  get(key: string): T | undefined {
    return this.entries.get(key);
  }

  /** Keeps `entry` as the most recently used, dropping the least recently used past the limits. */
  keep(key: string, entry: T): void {
    this.drop(key);
    this.entries.set(key, entry);
    this.rows += this.rowsOf(entry);
    this.evict();
  }

  /** Replaces a kept entry in its place (its recency unchanged); past the limits, the least recently used are dropped. */
  replace(key: string, entry: T): void {
    const old = this.entries.get(key);
    if (old === undefined) return this.keep(key, entry);
    this.rows += this.rowsOf(entry) - this.rowsOf(old);
    this.entries.set(key, entry);
    this.evict();
  }

  /** Drops the least recently used entries while past a limit (keeping the last one whatever its rows). */
  private evict(): void {
    while (this.entries.size > 1 && (this.entries.size > this.limit.lists || this.rows > this.limit.rows))
      this.drop(this.entries.keys().next().value as string);
  }

  drop(key: string): void {
    const entry = this.entries.get(key);
    if (entry === undefined) return;
    this.rows -= this.rowsOf(entry);
    this.entries.delete(key);
  }

  /** Whether `rows` more rows fit without dropping an entry. */
  hasRoom(rows: number): boolean {
    return this.rows + rows <= this.limit.rows;
  }

  /** The entries, the most recently used first. */
  recent(): Array<[string, T]> {
    return [...this.entries.entries()].reverse();
  }
}

interface Kept {
  scopes: Pool<TopList>;
  pages: Pool<TopList>;
  values: Pool<{ mark: number; value: unknown }>;
}

const KEPT_BY_ENGINE = new WeakMap<AnalyticEngine, Kept>();

function keptOf(engine: AnalyticEngine): Kept {
  let kept = KEPT_BY_ENGINE.get(engine);
  if (!kept) {
    const listRows = (list: TopList) => list.rows.length;
    kept = { scopes: new Pool(KEPT.scopes, listRows), pages: new Pool(KEPT.pages, listRows), values: new Pool(KEPT.values) };
    KEPT_BY_ENGINE.set(engine, kept);
  }
  return kept;
}

/** Whether the whole-scope pool has room for `rows` more rows without dropping a list (warmScopeLists stops short of it). */
export function scopePoolHasRoom(engine: AnalyticEngine, rows: number): boolean {
  return keptOf(engine).scopes.hasRoom(rows);
}

const listKey = (spec: TopListSpec): string =>
  `${spec.where}\u0000${JSON.stringify(spec.params)}\u0000${spec.value}\u0000${spec.order}\u0000${spec.valueOrder ?? spec.order}`;

/**
 * The list's first rows, up to date with every write called before this call: every row of the scope (`complete`),
 * or at least `need` of its first rows (unless ties at the limit left fewer), up to `size`. A list kept in `pool`
 * that reaches `need` is brought up to date; else the first `size` rows are read.
 */
export async function topList(
  engine: AnalyticEngine,
  spec: TopListSpec,
  { size, need, pool }: { size: number; need: number; pool: ListPool },
): Promise<{ rows: KeyList; complete: boolean }> {
  let list = await keptList(engine, spec, pool);
  if (!list || (!list.complete && list.rows.length < need)) {
    list = await readWhole(engine, spec, Math.max(size, need));
    keptOf(engine)[pool].keep(listKey(spec), list);
  }
  return list;
}

/** The list kept in `pool`, up to date with every write called before this call; undefined if none is kept. */
export async function keptList(engine: AnalyticEngine, spec: TopListSpec, pool: ListPool): Promise<TopList | undefined> {
  const lists = keptOf(engine)[pool];
  const key = listKey(spec);
  const kept = lists.get(key);
  const list = kept && (await refreshed(engine, spec, kept));
  if (list) lists.keep(key, list);
  else lists.drop(key);
  return list;
}

/** Whole-scope lists warmLists reads again at most (the most recently used). */
const WARM_LISTS = 32;

/**
 * Reads again, one after the other, the whole-scope lists (pool `scopes`) used most recently that the engine's writes
 * since they were read left to be read again whole (a load: a reload of the table), so that their next reader finds
 * them warm instead of paying a top-N over its scope (20–67 ms at 1,000,000 cases). A list a reader read meanwhile
 * is left as it is. For the background after a load: it never holds a request (its queries take a read connection
 * of their own, as a request's do), and a list it read is as exact as one read on demand.
 */
export async function warmLists(engine: AnalyticEngine): Promise<number> {
  const lists = keptOf(engine).scopes;
  const stale = lists
    .recent()
    .slice(0, WARM_LISTS)
    .filter(([, list]) => list.mark !== engine.writeMark() && engine.keysWrittenSince('risk_facts', list.mark) === undefined);
  let warmed = 0;
  for (const [key, list] of stale) {
    const fresh = await readWhole(engine, list.spec, list.size);
    const now = lists.get(key);
    // Kept only if no reader kept a newer one meanwhile, in the place the list had (its recency is the readers').
    if (now === list || (now !== undefined && now.mark < fresh.mark)) {
      lists.replace(key, fresh);
      warmed++;
    }
  }
  return warmed;
}

/**
 * The count of the rows the WHEREs select, which no two of them share (one count, or one added up from each), kept
 * until a write touches any row (a count cannot be brought up to date by the rows written alone: whether they were
 * counted before is not known).
 */
export function countOf(engine: AnalyticEngine, parts: readonly string[], params: readonly AnalyticParam[], signal?: AbortSignal): Promise<number> {
  const sql =
    parts.length === 1
      ? `SELECT count(*) AS value FROM risk_facts WHERE ${parts[0]}`
      : `SELECT ${parts.map((where) => `(SELECT count(*) FROM risk_facts WHERE ${where})`).join(' + ')} AS value`;
  return keptValue(engine, sql, params, signal).then((value) => Number(value));
}

/**
 * The one value a statement over risk_facts answers (in a column named `value`), kept until a write touches any
 * row of risk_facts (`signal`: the query given up when aborted, and nothing kept).
 */
export async function keptValue(engine: AnalyticEngine, sql: string, params: readonly AnalyticParam[] = [], signal?: AbortSignal): Promise<unknown> {
  const values = keptOf(engine).values;
  const key = `${sql}\u0000${JSON.stringify(params)}`;
  const kept = values.get(key);
  if (kept && engine.keysWrittenSince('risk_facts', kept.mark)?.length === 0) {
    values.keep(key, kept);
    return kept.value;
  }
  const mark = engine.writeMark();
  const [row] = await engine.query<{ value: unknown }>(sql, params, { signal });
  values.keep(key, { mark, value: row?.value });
  return row?.value;
}

/** The list's order over positions in `rows`: the value in valueOrder (or order), then the id key and case id in order. */
function inOrder(spec: TopListSpec, rows: KeyList): (i: number, j: number) => number {
  const sign = spec.order === 'DESC' ? -1 : 1;
  if ((spec.valueOrder ?? spec.order) === spec.order) return (i, j) => sign * rows.compare(i, j);
  return (i, j) => -sign * ascending(rows.value(i), rows.value(j)) || sign * rows.compare(i, j);
}

async function readWhole(engine: AnalyticEngine, spec: TopListSpec, size: number): Promise<TopList> {
  const mark = engine.writeMark();
  const read = await readKeyRows(
    engine,
    spec.value,
    `WHERE ${spec.where} ORDER BY ${keyOrder(spec)} LIMIT ${size + 1}`,
    spec.params,
    spec.projection,
  );
  if (read.length <= size) return { spec, mark, rows: read.sorted(inOrder(spec, read)), complete: true, size };
  // Rows tied with the one past the limit on (value, id key) may be missing some of their ties: left out.
  const [pastValue, pastKey] = [read.value(size), read.idKey(size)];
  const rows = read.sorted(inOrder(spec, read), (i) => read.value(i) !== pastValue || read.idKey(i) !== pastKey);
  return { spec, mark, rows, complete: false, size };
}

/**
 * The list with the writes since its mark applied: the rows they touched dropped, and read again (those still in
 * the scope) and kept if they come before the list's last row (or all, in a complete list). Every row left out then
 * comes after that last row, so the list is still the first rows of the scope. Undefined: read it again whole.
 */
async function refreshed(engine: AnalyticEngine, spec: TopListSpec, list: TopList): Promise<TopList | undefined> {
  const mark = engine.writeMark();
  if (mark === list.mark) return list;
  const written = engine.keysWrittenSince('risk_facts', list.mark);
  if (written === undefined) return undefined;
  const keys = [...new Set(written)];
  if (keys.length > REFRESH_KEYS) return undefined;
  const parts = [{ list: list.rows }];
  for (let from = 0; from < keys.length; from += KEY_BATCH) {
    const batch = keys.slice(from, from + KEY_BATCH);
    const params = [...spec.params];
    const bound = batch.map((id) => `$${params.push(id)}`);
    parts.push({
      list: await readKeyRows(engine, spec.value, `WHERE (${spec.where}) AND case_id IN (${bound.join(', ')})`, params, spec.projection),
    });
  }
  // The kept rows first (positions below kept), then the fresh ones.
  const both = KeyList.concat(parts);
  const order = inOrder(spec, both);
  const kept = list.rows.length;
  const touched = new Set(keys);
  const rows = both.sorted(order, (i) => (i < kept ? !touched.has(both.caseId(i)) : list.complete || (kept > 0 && order(i, kept - 1) <= 0)));
  if (rows.length > list.size) return { spec, mark, rows: rows.slice(0, list.size), complete: false, size: list.size };
  return { spec, mark, rows, complete: list.complete, size: list.size };
}

/**
 * One list made of lists of disjoint parts of it, each in the list's order once its values are negated (`negate`)
 * and shifted by its constant (the age sort: closed cases by their span, open ones by their opening, negated and
 * shifted by the clock): their merge, cut after the earliest last row of a part that is not complete (past it, that
 * part may miss rows).
 */
export function mergedList(
  parts: ReadonlyArray<{ list: { rows: KeyList; complete: boolean }; shift: number; negate?: boolean }>,
  order: 'ASC' | 'DESC',
): { rows: KeyList; complete: boolean } {
  const all = KeyList.concat(
    parts.map(({ list, shift, negate }) => ({
      list: list.rows,
      map: shift === 0 && !negate ? undefined : (value: number) => (negate ? -value : value) + shift,
    })),
  );
  const sign = order === 'DESC' ? -1 : 1;
  const inOrder = (i: number, j: number) => sign * all.compare(i, j);
  let cut: number | undefined;
  let at = 0;
  for (const { list } of parts) {
    at += list.rows.length;
    if (list.complete) continue;
    if (list.rows.length === 0) return { rows: KeyList.EMPTY, complete: false };
    if (cut === undefined || inOrder(at - 1, cut) < 0) cut = at - 1;
  }
  const end = cut;
  if (end === undefined) return { rows: all.sorted(inOrder), complete: true };
  return { rows: all.sorted(inOrder, (i) => inOrder(i, end) <= 0), complete: false };
}
