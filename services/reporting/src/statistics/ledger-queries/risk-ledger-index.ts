/**
 * An in-memory index of the risk ledger (动态管理台账) for analyst queries on
 * PostgreSQL: the columns the filters, the scope and the sorts read, one typed
 * array per column (strings dictionary-encoded), so that any combination of
 * filters is one pass over the rows and any sort a bounded heap, with an exact
 * total, instead of a plan PostgreSQL has to guess (docs/reporting-statistics.md,
 * "Performance notes"). The page's rows themselves are then read from the table
 * by primary key, so what is answered is always the table's row.
 *
 * The index holds what the table holds: it is loaded from the table and kept by
 * the change feed (risk-ledger-feed.ts), which the writers notify in their
 * transaction. Its semantics are the SQL path's (ledger-queries.ts, RISK_DEF),
 * spec'd side by side in test/reporting/risk-ledger-index.spec.ts.
 */
import { dbBoolean, RISK_GRADE_RANKS } from '../../read-model/read-model.tables';
import type { RiskLedgerFilter, RiskSort } from './ledger-filters';
import type { ReportScope } from '../access/report-scope';

/** The columns of a risk-ledger row the index keeps (SQL names, as the loader and the feed select them). */
export const INDEXED_RISK_COLUMNS = [
  'case_id',
  'status',
  'written_off',
  'category',
  'field',
  'jurisdiction',
  'street',
  'lead_unit',
  'cooperating_units',
  'units',
  'risk_grade',
  'key_flags',
  'key_case',
  'cross_province',
  'amount_involved_fen',
  'amount_recovered_fen',
  'opened_at',
  'closed_at',
  'last_event_at',
] as const;

export type IndexedRiskRow = Record<(typeof INDEXED_RISK_COLUMNS)[number], unknown>;

/** The ledger filter as the index takes it: the opening dates already turned into ISO instants (China-time day starts). */
export type IndexFilter = Omit<RiskLedgerFilter, 'sort' | 'order' | 'openedFrom' | 'openedTo'> & { openedFromIso?: string; openedToIso?: string };

export interface IndexQuery {
  scope: ReportScope;
  filter: IndexFilter;
  sort: RiskSort;
  descending: boolean;
  offset: number;
  size: number;
  /** Keyset: only rows strictly after this sort value and case id (in the query's order). */
  after?: { value: number; id: string };
  now: Date;
}

export interface IndexAnswer {
  /** The page's case ids in order, with each one's sort value. */
  ids: string[];
  values: number[];
  /** Every matching row (exact). */
  total: number;
}

const DAY_MS = 86_400_000;
const NO_CODE = 0;
/** 128^7: every idKey is below it, so rank * ID_KEY_SPAN + idKey orders by rank, then idKey, exactly (ranks are small). */
const ID_KEY_SPAN = 2 ** 49;
if (Object.values(RISK_GRADE_RANKS).some((rank) => !Number.isInteger(rank) || rank < 0 || rank > 15))
  throw new Error('RISK_GRADE_RANKS: the index packs ranks 0-15 with the id key');

/** A dictionary-encoded string column: code 0 is NULL. */
class DictColumn {
  codes: Uint32Array;
  readonly values: Array<string | null> = [null];
  private readonly lookup = new Map<string, number>();

  constructor(capacity: number) {
    this.codes = new Uint32Array(capacity);
  }

  codeOf(value: unknown): number {
    if (value === null || value === undefined) return NO_CODE;
    const text = String(value);
    let code = this.lookup.get(text);
    if (code === undefined) {
      code = this.values.length;
      this.values.push(text);
      this.lookup.set(text, code);
    }
    return code;
  }

  /** A table over the codes: 1 where the value meets the test. */
  matching(test: (value: string) => boolean): Uint8Array {
    const table = new Uint8Array(this.values.length);
    for (let code = 1; code < this.values.length; code++) if (test(this.values[code]!)) table[code] = 1;
    return table;
  }

  grow(capacity: number): void {
    this.codes = grown(this.codes, capacity);
  }
}

/** The same typed array at a larger capacity (the rest zero). */
function grown<T extends Uint8Array | Uint32Array | Float64Array>(array: T, capacity: number): T {
  const next = new (array.constructor as new (length: number) => T)(capacity);
  next.set(array);
  return next;
}

/** An ISO-8601 instant as epoch ms; NaN for NULL. */
const instant = (value: unknown): number => (value === null || value === undefined ? NaN : Date.parse(String(value)));
const amount = (value: unknown, ifNull: number): number => (value === null || value === undefined ? ifNull : Number(value));
/**
 * The first 7 characters of an id as a number in the ids' own (code unit) order: base 128, a character past ASCII
 * counted as 127 (order kept, ties left to the full comparison), a short id padded below every character.
 */
export function idKeyOf(id: string): number {
  let key = 0;
  for (let i = 0; i < 7; i++) key = key * 128 + (i < id.length ? Math.min(id.charCodeAt(i), 127) : 0);
  return key;
}

/** "a,b" or ",a,b," lists hold `code` as a whole item. */
const listHas = (list: string, code: string): boolean => `,${list},`.includes(`,${code},`);

export class RiskLedgerIndex {
  private capacity: number;
  private count = 0;
  private live = 0;
  private readonly slots = new Map<string, number>();
  private ids: string[] = [];
  /** A number ordered as the case ids are (their first 7 characters): ties of the sort value mostly end here. */
  private idKeys: Float64Array;
  private alive: Uint8Array;
  private readonly status: DictColumn;
  private readonly category: DictColumn;
  private readonly field: DictColumn;
  private readonly jurisdiction: DictColumn;
  private readonly street: DictColumn;
  private readonly leadUnit: DictColumn;
  private readonly cooperating: DictColumn;
  private readonly units: DictColumn;
  private readonly grade: DictColumn;
  private readonly keyFlags: DictColumn;
  private writtenOff: Uint8Array;
  private keyCase: Uint8Array;
  private crossProvince: Uint8Array;
  /** 1 while closed_at is NULL. */
  private open: Uint8Array;
  /** closed_at, 0 while it is NULL: an age is (ends + open * now - opened) / day, with no branch. */
  private ends: Float64Array;
  private amountInvolved: Float64Array;
  private amountRecovered: Float64Array;
  private gradeRank: Float64Array;
  /** The grade's rank and the id key in one exact number: the grade sort's ties (a few ranks over every row) end in one comparison. */
  private gradeKey: Float64Array;
  private opened: Float64Array;
  private closed: Float64Array;
  private lastEvent: Float64Array;
  /** Scratch for the age sort (depends on `now`) and for the matching rows of a query. */
  private ages: Float64Array;
  private scratch = new Int32Array(0);

  constructor(capacity = 1024) {
    this.capacity = capacity;
    this.alive = new Uint8Array(capacity);
    this.idKeys = new Float64Array(capacity);
    this.status = new DictColumn(capacity);
    this.category = new DictColumn(capacity);
    this.field = new DictColumn(capacity);
    this.jurisdiction = new DictColumn(capacity);
    this.street = new DictColumn(capacity);
    this.leadUnit = new DictColumn(capacity);
    this.cooperating = new DictColumn(capacity);
    this.units = new DictColumn(capacity);
    this.grade = new DictColumn(capacity);
    this.keyFlags = new DictColumn(capacity);
    this.writtenOff = new Uint8Array(capacity);
    this.keyCase = new Uint8Array(capacity);
    this.crossProvince = new Uint8Array(capacity);
    this.open = new Uint8Array(capacity);
    this.ends = new Float64Array(capacity);
    this.amountInvolved = new Float64Array(capacity);
    this.amountRecovered = new Float64Array(capacity);
    this.gradeRank = new Float64Array(capacity);
    this.gradeKey = new Float64Array(capacity);
    this.opened = new Float64Array(capacity);
    this.closed = new Float64Array(capacity);
    this.lastEvent = new Float64Array(capacity);
    this.ages = new Float64Array(0);
  }

  /** Rows held. */
  get size(): number {
    return this.live;
  }

  /** Adds a row or replaces the one with its case id. */
  upsert(row: IndexedRiskRow): void {
    const id = String(row.case_id);
    let slot = this.slots.get(id);
    if (slot === undefined) {
      if (this.count === this.capacity) this.grow(Math.max(1024, this.capacity * 2));
      slot = this.count++;
      this.slots.set(id, slot);
      this.ids[slot] = id;
      this.idKeys[slot] = idKeyOf(id);
    }
    if (this.alive[slot] === 0) this.live++;
    this.alive[slot] = 1;
    this.status.codes[slot] = this.status.codeOf(row.status);
    this.category.codes[slot] = this.category.codeOf(row.category);
    this.field.codes[slot] = this.field.codeOf(row.field);
    this.jurisdiction.codes[slot] = this.jurisdiction.codeOf(row.jurisdiction);
    this.street.codes[slot] = this.street.codeOf(row.street);
    this.leadUnit.codes[slot] = this.leadUnit.codeOf(row.lead_unit);
    this.cooperating.codes[slot] = this.cooperating.codeOf(row.cooperating_units);
    this.units.codes[slot] = this.units.codeOf(row.units);
    this.grade.codes[slot] = this.grade.codeOf(row.risk_grade);
    this.keyFlags.codes[slot] = this.keyFlags.codeOf(row.key_flags);
    this.writtenOff[slot] = dbBoolean(row.written_off) ? 1 : 0;
    this.keyCase[slot] = dbBoolean(row.key_case) ? 1 : 0;
    this.crossProvince[slot] = dbBoolean(row.cross_province) ? 1 : 0;
    // The SQL sorts' own values: an unknown amount ranks below every known one, an ungraded case 0.
    this.amountInvolved[slot] = amount(row.amount_involved_fen, -1);
    this.amountRecovered[slot] = amount(row.amount_recovered_fen, 0);
    this.gradeRank[slot] = row.risk_grade === null || row.risk_grade === undefined ? 0 : (RISK_GRADE_RANKS[String(row.risk_grade)] ?? 0);
    this.gradeKey[slot] = this.gradeRank[slot] * ID_KEY_SPAN + this.idKeys[slot];
    this.opened[slot] = instant(row.opened_at);
    this.closed[slot] = instant(row.closed_at);
    this.open[slot] = this.closed[slot] !== this.closed[slot] ? 1 : 0;
    this.ends[slot] = this.open[slot] === 1 ? 0 : this.closed[slot];
    this.lastEvent[slot] = instant(row.last_event_at);
  }

  /** Drops a row (a case id the table no longer has). */
  remove(id: string): void {
    const slot = this.slots.get(id);
    if (slot === undefined || this.alive[slot] === 0) return;
    this.alive[slot] = 0;
    this.live--;
    // No scope admits the NULL code, so no query finds the row.
    this.jurisdiction.codes[slot] = NO_CODE;
    this.street.codes[slot] = NO_CODE;
    this.units.codes[slot] = NO_CODE;
  }

  has(id: string): boolean {
    const slot = this.slots.get(id);
    return slot !== undefined && this.alive[slot] === 1;
  }

  private grow(capacity: number): void {
    for (const column of [
      this.status,
      this.category,
      this.field,
      this.jurisdiction,
      this.street,
      this.leadUnit,
      this.cooperating,
      this.units,
      this.grade,
      this.keyFlags,
    ])
      column.grow(capacity);
    this.alive = grown(this.alive, capacity);
    this.idKeys = grown(this.idKeys, capacity);
    this.writtenOff = grown(this.writtenOff, capacity);
    this.keyCase = grown(this.keyCase, capacity);
    this.crossProvince = grown(this.crossProvince, capacity);
    this.open = grown(this.open, capacity);
    this.ends = grown(this.ends, capacity);
    this.amountInvolved = grown(this.amountInvolved, capacity);
    this.amountRecovered = grown(this.amountRecovered, capacity);
    this.gradeRank = grown(this.gradeRank, capacity);
    this.gradeKey = grown(this.gradeKey, capacity);
    this.opened = grown(this.opened, capacity);
    this.closed = grown(this.closed, capacity);
    this.lastEvent = grown(this.lastEvent, capacity);
    this.capacity = capacity;
  }

  /**
   * What the rows (by slot) are ordered by: the sort's value as the SQL path orders by it (age: days to closure or to
   * now), or for the grade its rank packed with the id key (gradeKey).
   */
  private orderKeys(sort: RiskSort, now: Date, rows: Int32Array): Float64Array {
    switch (sort) {
      case 'openedAt':
        return this.opened;
      case 'amountInvolved':
        return this.amountInvolved;
      case 'amountRecovered':
        return this.amountRecovered;
      case 'riskGrade':
        return this.gradeKey;
      case 'lastEventAt':
        return this.lastEvent;
      case 'age': {
        if (this.ages.length < this.capacity) this.ages = new Float64Array(this.capacity);
        const nowMs = now.getTime();
        const { opened, ends, open, ages } = this;
        // The same number as (closed or now) - opened: a closed row adds 0, an open one's end is 0.
        for (let j = 0; j < rows.length; j++) {
          const i = rows[j];
          ages[i] = (ends[i] + open[i] * nowMs - opened[i]) / DAY_MS;
        }
        return ages;
      }
    }
  }

  /** The matching rows' total and the page in the query's order (ties by case id, in the same direction). */
  query(q: IndexQuery): IndexAnswer {
    const matches = this.scan(q);
    const keys = this.orderKeys(q.sort, q.now, matches);
    const packed = q.sort === 'riskGrade';
    const after = q.after && packed ? { value: q.after.value * ID_KEY_SPAN + idKeyOf(q.after.id), id: q.after.id } : q.after;
    const page = topRows(matches, keys, this.idKeys, this.ids, { ...q, after });
    const values = packed ? this.gradeRank : keys;
    return { ids: page.map((i) => this.ids[i]), values: page.map((i) => values[i]), total: matches.length };
  }

  /**
   * The rows in scope meeting every filter, in slot order: the scope's pass over every row, then each filter narrows
   * what is left in a pass of its own (a tight loop of one lookup or comparison per row left).
   */
  private scan(q: IndexQuery): Int32Array {
    const f = q.filter;
    const scope = q.scope;
    if (this.scratch.length < this.count) this.scratch = new Int32Array(this.capacity);
    const out = this.scratch;
    let m: number;
    if (scope.kind === 'region') {
      const prefix = scope.region.endsWith('0000') ? scope.region.slice(0, 2) : scope.region.endsWith('00') ? scope.region.slice(0, 4) : undefined;
      m = firstPass(
        this.count,
        this.jurisdiction.codes,
        this.jurisdiction.matching(prefix === undefined ? (v) => v === scope.region : (v) => v.startsWith(prefix)),
        out,
      );
    } else if (scope.kind === 'street') {
      m = firstPass(
        this.count,
        this.street.codes,
        this.street.matching((v) => v === scope.street),
        out,
      );
    } else {
      m = firstPass(
        this.count,
        this.units.codes,
        this.units.matching((v) => v.includes(`,${scope.unit},`)),
        out,
      );
    }
    const exact = (column: DictColumn, value: string | undefined): void => {
      if (value !== undefined && m > 0)
        m = narrow(
          out,
          m,
          column.codes,
          column.matching((v) => v === value),
        );
    };
    exact(this.status, f.status);
    exact(this.street, f.street);
    exact(this.field, f.field);
    exact(this.category, f.category);
    exact(this.grade, f.riskGrade);
    if (f.keyFlag !== undefined && m > 0)
      m = narrow(
        out,
        m,
        this.keyFlags.codes,
        this.keyFlags.matching((v) => listHas(v, f.keyFlag!)),
      );
    if (f.unit !== undefined && m > 0) {
      const unit = f.unit;
      m = narrowEither(
        out,
        m,
        this.leadUnit.codes,
        this.leadUnit.matching((v) => v === unit),
        this.cooperating.codes,
        this.cooperating.matching((v) => listHas(v, unit)),
      );
    }
    if (f.keyCase !== undefined && m > 0) m = narrowFlag(out, m, this.keyCase, f.keyCase ? 1 : 0);
    if (f.crossProvince !== undefined && m > 0) m = narrowFlag(out, m, this.crossProvince, f.crossProvince ? 1 : 0);
    if (f.writtenOff !== undefined && m > 0) m = narrowFlag(out, m, this.writtenOff, f.writtenOff ? 1 : 0);
    if (f.open !== undefined && m > 0) m = narrowFlag(out, m, this.open, f.open ? 1 : 0);
    if ((f.openedFromIso !== undefined || f.openedToIso !== undefined) && m > 0) {
      const from = f.openedFromIso === undefined ? -Infinity : Date.parse(f.openedFromIso);
      const to = f.openedToIso === undefined ? Infinity : Date.parse(f.openedToIso);
      m = narrowOpened(out, m, this.opened, from, to);
    }
    if (f.ageOver !== undefined && m > 0) m = narrowAge(out, m, this.opened, this.closed, this.open, q.now.getTime() - f.ageOver * DAY_MS, f.ageOver);
    return out.subarray(0, m);
  }
}

/*
 * The passes below are branch-free: each row is written at the end of what is kept and kept by adding its 0 or 1,
 * three times faster here than an if over rows that match about half the time (no mispredicted branches).
 */

/** The rows whose code the table admits (a removed row has the NULL code, which no scope admits). */
function firstPass(n: number, codes: Uint32Array, table: Uint8Array, out: Int32Array): number {
  let m = 0;
  for (let i = 0; i < n; i++) {
    out[m] = i;
    m += table[codes[i]];
  }
  return m;
}

function narrow(rows: Int32Array, m: number, codes: Uint32Array, table: Uint8Array): number {
  let kept = 0;
  for (let j = 0; j < m; j++) {
    const i = rows[j];
    rows[kept] = i;
    kept += table[codes[i]];
  }
  return kept;
}

function narrowEither(rows: Int32Array, m: number, codesA: Uint32Array, tableA: Uint8Array, codesB: Uint32Array, tableB: Uint8Array): number {
  let kept = 0;
  for (let j = 0; j < m; j++) {
    const i = rows[j];
    rows[kept] = i;
    kept += tableA[codesA[i]] | tableB[codesB[i]];
  }
  return kept;
}

function narrowFlag(rows: Int32Array, m: number, flags: Uint8Array, wanted: number): number {
  let kept = 0;
  for (let j = 0; j < m; j++) {
    const i = rows[j];
    rows[kept] = i;
    kept += 1 - (flags[i] ^ wanted);
  }
  return kept;
}

/** opened_at in [from, to). */
function narrowOpened(rows: Int32Array, m: number, opened: Float64Array, from: number, to: number): number {
  let kept = 0;
  for (let j = 0; j < m; j++) {
    const i = rows[j];
    const o = opened[i];
    rows[kept] = i;
    kept += +(o >= from) & +(o < to);
  }
  return kept;
}

/** Older than ageOver days: an open case opened before the cut, a closed one by its span. */
function narrowAge(
  rows: Int32Array,
  m: number,
  opened: Float64Array,
  closed: Float64Array,
  open: Uint8Array,
  ageCut: number,
  ageOver: number,
): number {
  let kept = 0;
  for (let j = 0; j < m; j++) {
    const i = rows[j];
    const o = opened[i];
    const isOpen = open[i];
    rows[kept] = i;
    // An open row's closed is NaN: its span test is false.
    kept += (isOpen & +(o < ageCut)) | ((isOpen ^ 1) & +((closed[i] - o) / DAY_MS > ageOver));
  }
  return kept;
}

/**
 * The page of the matches in the query's order: after the cursor, skipping `offset`, `size` rows. A heap keeps the
 * best offset + size seen, its root the worst of them, so a row is mostly one comparison with the root. Rows were
 * added roughly in time order, so the walk starts from the end that comes first and the heap fills with its best early.
 */
function topRows(matches: Int32Array, keys: Float64Array, idKeys: Float64Array, ids: string[], q: IndexQuery): number[] {
  const k = q.offset + q.size;
  const desc = q.descending;
  const sign = desc ? 1 : -1;
  const heap = new Int32Array(Math.max(k, 1));
  let held = 0;
  const after = q.after;
  const afterKey = after ? after.value : 0;
  const afterIdKey = after ? idKeyOf(after.id) : 0;
  const m = matches.length;
  let rootKey = 0;
  for (let j = 0; j < m; j++) {
    const i = desc ? matches[m - 1 - j] : matches[j];
    const key = keys[i];
    if (held === k) {
      // Most rows lose to the root on the key alone.
      const d = (key - rootKey) * sign;
      if (d < 0 || (d === 0 && before(keys, idKeys, ids, sign, heap[0], i))) continue;
    }
    if (after !== undefined) {
      // Only rows strictly after the cursor's (value, id) in the query's order.
      const d = (key - afterKey) * sign;
      if (d > 0) continue;
      if (d === 0) {
        const e = (idKeys[i] - afterIdKey) * sign;
        if (e > 0 || (e === 0 && (ids[i] === after.id || ids[i] > after.id === desc))) continue;
      }
    }
    if (held < k) {
      // Sift up: the root is the worst kept row.
      let c = held++;
      heap[c] = i;
      while (c > 0) {
        const p = (c - 1) >> 1;
        if (before(keys, idKeys, ids, sign, heap[c], heap[p])) break;
        const t = heap[p];
        heap[p] = heap[c];
        heap[c] = t;
        c = p;
      }
    } else {
      heap[0] = i;
      let c = 0;
      for (;;) {
        const l = 2 * c + 1;
        if (l >= held) break;
        const r = l + 1;
        const worse = r < held && before(keys, idKeys, ids, sign, heap[l], heap[r]) ? r : l;
        if (before(keys, idKeys, ids, sign, heap[worse], heap[c])) break;
        const t = heap[c];
        heap[c] = heap[worse];
        heap[worse] = t;
        c = worse;
      }
    }
    rootKey = keys[heap[0]];
  }
  const kept = Array.from(heap.subarray(0, held)).sort((a, b) => (before(keys, idKeys, ids, sign, a, b) ? -1 : 1));
  return kept.slice(q.offset, q.offset + q.size);
}

/** True when row a comes before row b in the query's order (the sort value, then the case id; sign 1 descending). */
function before(keys: Float64Array, idKeys: Float64Array, ids: string[], sign: number, a: number, b: number): boolean {
  const d = (keys[a] - keys[b]) * sign;
  if (d !== 0) return d > 0;
  const e = (idKeys[a] - idKeys[b]) * sign;
  if (e !== 0) return e > 0;
  return sign > 0 ? ids[a] > ids[b] : ids[a] < ids[b];
}
