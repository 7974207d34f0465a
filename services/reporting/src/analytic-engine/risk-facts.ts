/**
 * The risk ledger as the analytic engine holds it (issue 19): one row per case,
 * the codes, flags, amounts, counts and instants that ledger queries and
 * analyses read, and nothing that names a person or tells a case's story (no
 * title, case number, companies, police filing number, folded state or
 * aftermath register). Kept equal to risk_ledger by the feed; read through
 * RISK_FACTS_SOURCE.
 */
import { KEY_CASE_FLAG_CODES } from '@jm/reference';
import { RISK_GRADE_RANKS } from '../read-model/read-model.tables';
import type { AnalyticEngine, AnalyticParam, AnalyticRow, AnalyticTable } from './engine/analytic-engine.port';

/** How many members of a case's `units` list get an integer key column (lead, cooperating units, street). */
export const UNIT_SLOTS = 6;

/** The columns a UUID case id is carried in (RISK_FACTS), and how many of its hex digits each holds. */
export const ID_PARTS = ['id_a', 'id_b', 'id_c'] as const;
const ID_PART_DIGITS = [11, 11, 10];

/** The key flags' vocabulary: a flag's bit in key_flag_mask is its index + 1. */
const KEY_FLAGS: readonly string[] = KEY_CASE_FLAG_CODES;

/** The code columns the ledger's equality filters and scope read as integers (`<column>_id`). */
export const CODED = ['status', 'category', 'field', 'risk_grade', 'street', 'lead_unit'] as const;
export type CodedColumn = (typeof CODED)[number];

/** The list columns whose first UNIT_SLOTS members have integer slot columns, and those columns' names. */
const SLOTTED = {
  units: { key: 'unit_key', overflow: 'units_overflow', mask: 'units_mask' },
  unit_list: { key: 'unit_list_key', overflow: 'unit_list_overflow', mask: 'unit_list_mask' },
} as const;
type Slotted = keyof typeof SLOTTED;
const slotNames = (list: Slotted) => Array.from({ length: UNIT_SLOTS }, (_, i) => `${SLOTTED[list].key}${i + 1}`);
const slotColumns = (list: Slotted) => [
  ...slotNames(list).map((name) => ({ name, type: 'bigint' as const })),
  { name: SLOTTED[list].overflow, type: 'boolean' as const },
  { name: SLOTTED[list].mask, type: 'bigint' as const },
];

/**
 * What a ledger page in a projection's sort reads (risk-ledger.query.ts): the case id and its parts and key, and the
 * columns of the scopes and filters the ledger applies most (a query naming any other column, e.g. a unit past the
 * member bits, reads risk_facts itself). ~265 bytes a row in memory with its value and key (measured at 1,000,000).
 */
const LEDGER_PAGE_COLUMNS = [
  'case_id',
  'id_key',
  ...ID_PARTS,
  'region',
  ...CODED.map((name) => `${name}_id`),
  'units_mask',
  'unit_list_mask',
  'key_flag_mask',
  'key_case',
  'cross_province',
  'written_off',
  'opened_at',
  'closed_at',
  'closed_span_ms',
];

/** The ledger's sort key on a value column: the value, then the id key (below 2^49), as one 128-bit integer. */
const valueThenIdKey = (value: string) => `CAST(${value} AS HUGEINT) * ${2 ** 49} + CAST(id_key AS HUGEINT)`;

/**
 * The ledger's sort values that filtered pages take in either direction, other than the opening (the table's own
 * order): each a projection of LEDGER_PAGE_COLUMNS and its value (a filtered page's Top-N over risk_facts on these
 * values reads every row group, 4–6 ms at 1,000,000 rows; over its projection, the first ones, ~1.5 ms;
 * docs/analysis.md). The closed span is the age sort's closed cases (the open ones are by opening); an open case
 * has none and is not in that projection.
 */
export const RISK_FACTS_PROJECTIONS = {
  amountInvolved: { name: 'risk_facts_by_amount_involved', value: 'amount_involved_fen', key: valueThenIdKey('COALESCE(amount_involved_fen, -1)') },
  amountRecovered: { name: 'risk_facts_by_amount_recovered', value: 'amount_recovered_fen', key: valueThenIdKey('amount_recovered_fen') },
  riskGrade: { name: 'risk_facts_by_grade', value: 'grade_rank', key: valueThenIdKey('grade_rank') },
  closedSpan: { name: 'risk_facts_by_closed_span', value: 'closed_span_ms', key: valueThenIdKey('closed_span_ms') },
} as const;

export const RISK_FACTS: AnalyticTable = {
  name: 'risk_facts',
  key: 'case_id',
  // Newest cases first is the ledger's default order: a load keeps them in opening order.
  clusterBy: 'opened_at',
  projections: Object.values(RISK_FACTS_PROJECTIONS).map(({ name, value, key }) => ({
    name,
    columns: [...new Set([...LEDGER_PAGE_COLUMNS, value])],
    key,
  })),
  columns: [
    { name: 'case_id', type: 'varchar' },
    { name: 'status', type: 'varchar' },
    { name: 'written_off', type: 'boolean' },
    { name: 'category', type: 'varchar' },
    { name: 'field', type: 'varchar' },
    { name: 'jurisdiction', type: 'varchar' },
    { name: 'street', type: 'varchar' },
    { name: 'office', type: 'varchar' },
    { name: 'lead_unit', type: 'varchar' },
    /** "a,b" lists of agency codes, as in risk_ledger. */
    { name: 'cooperating_units', type: 'varchar' },
    { name: 'units', type: 'varchar' },
    { name: 'risk_grade', type: 'varchar' },
    { name: 'key_flags', type: 'varchar' },
    { name: 'key_case', type: 'boolean' },
    { name: 'cross_province', type: 'boolean' },
    { name: 'nature', type: 'varchar' },
    { name: 'transfer_status', type: 'varchar' },
    /** Amounts in fen (分); amount_involved_fen and participants are null when not yet known. */
    { name: 'amount_involved_fen', type: 'bigint' },
    { name: 'amount_frozen_fen', type: 'bigint' },
    { name: 'amount_fined_fen', type: 'bigint' },
    { name: 'amount_refunded_fen', type: 'bigint' },
    { name: 'amount_recovered_fen', type: 'bigint' },
    { name: 'amount_claimed_fen', type: 'bigint' },
    { name: 'participants', type: 'bigint' },
    { name: 'claimants', type: 'bigint' },
    { name: 'petitions', type: 'bigint' },
    { name: 'register_persons', type: 'bigint' },
    { name: 'persons_refunded', type: 'bigint' },
    { name: 'lead_count', type: 'bigint' },
    { name: 'opened_at', type: 'timestamp' },
    { name: 'closed_at', type: 'timestamp' },
    { name: 'written_off_at', type: 'timestamp' },
    { name: 'last_event_at', type: 'timestamp' },
    /** Derived: the grade's rank (low 1 … major 4, none 0), the ledger's grade sort. */
    { name: 'grade_rank', type: 'bigint' },
    /** Derived: the 6-digit jurisdiction as a number (-1 if it is not one), so that a region's scope is a range of integers. */
    { name: 'region', type: 'bigint' },
    /** Derived: ",lead,cooperating…," — the ledger's `unit` filter (lead or cooperating) on a list past the slots. */
    { name: 'unit_list', type: 'varchar' },
    /** Derived: ",flag,flag," — the `keyFlag` filter on a flag outside the vocabulary. */
    { name: 'key_flag_list', type: 'varchar' },
    /** Derived: bit i + 1 for each flag KEY_CASE_FLAG_CODES[i], bit 0 for any other: the `keyFlag` filter is a bitwise test. */
    { name: 'key_flag_mask', type: 'bigint' },
    /**
     * Derived: idKeyOf(case_id), an integer in the ids' order (below 2^49: held exactly as a DOUBLE, which reaches
     * JavaScript as a number with nothing allocated), so that the ledger's tiebreak sorts on numbers, not text.
     */
    { name: 'id_key', type: 'double' },
    /**
     * Derived: codeIdOf each of the first UNIT_SLOTS members of `units` (null past its end), and whether it has
     * more: a member unit's scope is a few exact integer comparisons, the text read only on a longer list. And
     * `units_mask`: the members' bits (MEMBER_BIT), so that for most units the scope is one bitwise test.
     */
    ...slotColumns('units'),
    /** Derived: the same of the members of `unit_list` (the lead and cooperating units): the ledger's `unit` filter. */
    ...slotColumns('unit_list'),
    /**
     * Derived: the code of each column of CODED as its integer in the process's code dictionary (codeIdOf; null for
     * null): the ledger's equality filters compare integers, not text (the text columns stay for the analyses).
     */
    ...CODED.map((name) => ({ name: `${name}_id`, type: 'bigint' as const })),
    /**
     * Derived: the China-time day of opening, and the first day of its month, quarter and year: an analysis's
     * window and periods are plain DATE comparisons and groups (no per-row time-zone shift or date_trunc).
     */
    /** Derived: closed_at − opened_at in ms (null while open): the ledger's ageOver and age sort without per-row date arithmetic. */
    { name: 'closed_span_ms', type: 'bigint' },
    /**
     * Derived: a case id that is a UUID in its canonical text, as three integers (its 32 hex digits in groups of 11, 11
     * and 10: each below 2^44, exact as a DOUBLE and a JavaScript number), null for any other id: a ledger page's top-N carries these instead of
     * the text, at about half the cost (carryIdParts).
     */
    ...ID_PARTS.map((name) => ({ name, type: 'double' as const })),
    { name: 'opened_day', type: 'date' },
    { name: 'opened_month', type: 'date' },
    { name: 'opened_quarter', type: 'date' },
    { name: 'opened_year', type: 'date' },
  ],
};

const RISK_FACT_COLUMNS = new Set(RISK_FACTS.columns.map((column) => column.name));

/**
 * Whether every risk_facts column this SQL names is one the projection carries (its identifiers that are column
 * names; parameters carry every value, so the SQL holds no text of a caller's).
 */
export function projectionCovers(projection: string, sql: string): boolean {
  const carried = RISK_FACTS.projections?.find((p) => p.name === projection)?.columns;
  if (!carried) return false;
  return (sql.match(/[a-z_][a-z0-9_]*/g) ?? []).every((name) => !RISK_FACT_COLUMNS.has(name) || carried.includes(name));
}

/** A case id in the canonical text of a UUID (what the cases service gives cases). */
const UUID_TEXT = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** Whether a fact with an id that is not a UUID was ever derived in this process (from then on, ids are carried as text). */
let otherIdSeen = false;

/** The id part columns of a case id: its hex digits as integers, or null for an id that is not a UUID (noted). */
function idPartValues(id: string): AnalyticRow {
  if (!UUID_TEXT.test(id)) {
    otherIdSeen = true;
    return Object.fromEntries(ID_PARTS.map((name) => [name, null]));
  }
  const hex = id.replace(/-/g, '');
  let at = 0;
  return Object.fromEntries(
    ID_PARTS.map((name, i) => {
      const part = parseInt(hex.slice(at, at + ID_PART_DIGITS[i]), 16);
      at += ID_PART_DIGITS[i];
      return [name, part];
    }),
  );
}

/** The case id, a UUID, whose id parts (in ID_PARTS' order) are at `from` in `parts`. */
export function caseIdOf(parts: ArrayLike<number>, from = 0): string {
  let hex = '';
  for (let i = 0; i < ID_PARTS.length; i++) hex += parts[from + i].toString(16).padStart(ID_PART_DIGITS[i], '0');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * Whether a query may carry case ids as their parts: every case id this process has derived a fact of is a UUID.
 * A reader still checks each row (a fact with another id may be written while a query runs).
 */
export function carryIdParts(): boolean {
  return !otherIdSeen;
}

/** A region code: six digits (a province …0000 and a city …00 hold the codes sharing their prefix). */
export const REGION_CODE = /^\d{6}$/;

/** The columns of RISK_FACTS that are derived here, not read from risk_ledger. */
const DERIVED = new Set([
  'grade_rank',
  'region',
  'unit_list',
  'key_flag_list',
  'key_flag_mask',
  'id_key',
  ...(['units', 'unit_list'] as const).flatMap((list) => [...slotNames(list), SLOTTED[list].overflow, SLOTTED[list].mask]),
  'closed_span_ms',
  ...ID_PARTS,
  'opened_day',
  'opened_month',
  'opened_quarter',
  'opened_year',
  ...CODED.map((name) => `${name}_id`),
]);

/**
 * The first 7 characters of an id as a number in the ids' own (code unit) order: base 128, a character past ASCII
 * counted as 127 (order kept, ties left to the full comparison), a short id padded below every character. Below 2^49.
 */
export function idKeyOf(id: string): number {
  let key = 0;
  for (let i = 0; i < 7; i++) key = key * 128 + (i < id.length ? Math.min(id.charCodeAt(i), 127) : 0);
  return key;
}

/** The risk_ledger columns a fact is made of (what the feed selects). */
export const RISK_FACT_SOURCE_COLUMNS: readonly string[] = RISK_FACTS.columns.map((c) => c.name).filter((name) => !DERIVED.has(name));

/** A risk_ledger row (its columns as selected by RISK_FACT_SOURCE_COLUMNS) as a fact, with the derived columns. */
export function riskFactOf(row: AnalyticRow): AnalyticRow {
  const grade = row.risk_grade;
  const jurisdiction = String(row.jurisdiction);
  const unitList = `,${[row.lead_unit, row.cooperating_units].filter((part) => part !== null && part !== undefined && part !== '').join(',')},`;
  return {
    ...row,
    grade_rank: grade === null || grade === undefined ? 0 : (RISK_GRADE_RANKS[String(grade)] ?? 0),
    region: REGION_CODE.test(jurisdiction) ? Number(jurisdiction) : -1,
    unit_list: unitList,
    key_flag_list: `,${row.key_flags ?? ''},`,
    key_flag_mask: String(row.key_flags ?? '')
      .split(',')
      .filter(Boolean)
      .reduce((mask, flag) => mask | (1n << BigInt(KEY_FLAGS.indexOf(flag) + 1)), 0n),
    id_key: idKeyOf(String(row.case_id)),
    ...slotValues('units', row.units),
    ...slotValues('unit_list', unitList),
    ...idPartValues(String(row.case_id)),
    closed_span_ms: row.closed_at === null || row.closed_at === undefined ? null : msOf(row.closed_at) - msOf(row.opened_at),
    ...openingDays(row.opened_at),
    ...Object.fromEntries(CODED.map((name) => [`${name}_id`, row[name] === null || row[name] === undefined ? null : codeIdOf(String(row[name]))])),
  };
}

/**
 * The process's code dictionary: each code (status, category, agency …, never personal data) a small integer, given
 * when a fact first carries it and kept for the life of the process, so every engine the process feeds reads the
 * same integers.
 */
const CODE_IDS = new Map<string, number>();

/** The code's integer, given now if it has none. */
export function codeIdOf(code: string): number {
  let id = CODE_IDS.get(code);
  if (id === undefined) CODE_IDS.set(code, (id = CODE_IDS.size + 1));
  return id;
}

/** The code's integer if a fact ever carried it (a code no fact carries matches no fact): a query never adds one. */
export function knownCodeId(code: string): number | undefined {
  return CODE_IDS.get(code);
}

const CHINA_OFFSET_MS = 8 * 3_600_000;

const msOf = (instant: unknown): number => (instant instanceof Date ? instant.getTime() : Date.parse(String(instant)));

/** The China-time day of opening (engine instants are UTC) and the first days of its month, quarter and year. */
function openingDays(openedAt: unknown): AnalyticRow {
  const ms = msOf(openedAt);
  if (Number.isNaN(ms)) return { opened_day: null, opened_month: null, opened_quarter: null, opened_year: null };
  const day = new Date(ms + CHINA_OFFSET_MS).toISOString().slice(0, 10);
  const year = day.slice(0, 4);
  const quarterMonth = Math.floor((Number(day.slice(5, 7)) - 1) / 3) * 3 + 1;
  return {
    opened_day: day,
    opened_month: `${day.slice(0, 7)}-01`,
    opened_quarter: `${year}-${String(quarterMonth).padStart(2, '0')}-01`,
    opened_year: `${year}-01-01`,
  };
}

/** `<column>_id = <the code's integer>`, or FALSE for a code no fact carries. */
export function codedEquals(column: CodedColumn, code: string, bind: (value: AnalyticParam) => string): string {
  const id = knownCodeId(code);
  return id === undefined ? 'FALSE' : `${column}_id = ${bind(id)}`;
}

/**
 * Whose rows a reader sees, as the engine takes it: reporting's ReportScope (statistics/access) fits it, and the
 * engine does not import statistics, which reads the engine.
 */
export type FactsScope = { kind: 'region'; region: string } | { kind: 'street'; street: string } | { kind: 'unit'; unit: string };

/**
 * A reader's scope over risk_facts, every value bound by `bind`: a six-digit region as a range of the integer
 * `region` (anything else on the text), a street by its code, a member unit by its code among the unit keys (the
 * text only on a list too long for the slots).
 */
export function riskFactsScopeSql(scope: FactsScope, bind: (value: AnalyticParam) => string): string {
  if (scope.kind === 'street') return codedEquals('street', scope.street, bind);
  if (scope.kind === 'unit') {
    return slottedMember('units', scope.unit, bind);
  }
  const region = scope.region;
  const prefix = region.endsWith('0000') ? region.slice(0, 2) : region.endsWith('00') ? region.slice(0, 4) : undefined;
  if (!REGION_CODE.test(region)) return prefix === undefined ? `jurisdiction = ${bind(region)}` : `starts_with(jurisdiction, ${bind(prefix)})`;
  if (prefix === undefined) return `region = ${bind(Number(region))}`;
  return `region BETWEEN ${bind(Number(prefix.padEnd(6, '0')))} AND ${bind(Number(prefix.padEnd(6, '9')))}`;
}

/**
 * Gives the scope's street or unit its integer (and a unit its member bit, while bits remain) if no fact has carried
 * it yet, so that the scope's SQL is the same before and after its first fact (warmScopeLists reads a reader's lists
 * before any of their rows may exist). Never changes what a fact already derived holds: a code or a unit without an
 * integer or bit is one no derived fact carries (a unit seen once the bits ran out never gets one).
 */
export function knowScopeCodes(scope: FactsScope): void {
  if (scope.kind === 'street') codeIdOf(scope.street);
  if (scope.kind === 'unit') {
    codeIdOf(scope.unit);
    maskOf([scope.unit]);
  }
}

function slotValues(list: Slotted, text: unknown): AnalyticRow {
  const members = String(text ?? '')
    .split(',')
    .filter(Boolean);
  const values: AnalyticRow = { [SLOTTED[list].overflow]: members.length > UNIT_SLOTS, [SLOTTED[list].mask]: maskOf(members) };
  slotNames(list).forEach((name, i) => (values[name] = i < members.length ? codeIdOf(members[i]) : null));
  return values;
}

/**
 * Each list member's bit in the mask columns (1 … MEMBER_BITS, given at first sight for the life of the process, like
 * the code dictionary); bit 0 marks a row with a member past them. A bitwise test reads one column where the six slot
 * comparisons read six (a member unit's count over 1,000,000 rows: 20–25 → 3 ms).
 */
const MEMBER_BITS = 62;
const MEMBER_BIT = new Map<string, number>();

function maskOf(members: readonly string[]): bigint {
  let mask = 0n;
  for (const member of members) {
    let bit = MEMBER_BIT.get(member);
    if (bit === undefined && MEMBER_BIT.size < MEMBER_BITS) MEMBER_BIT.set(member, (bit = MEMBER_BIT.size + 1));
    mask |= 1n << BigInt(bit ?? 0);
  }
  return mask;
}

/**
 * Whether the `,a,b,` list column has this code as a member: its bit in the mask (exact), or, for a member with no bit,
 * its code among the slots on the rows marked, the text only on a longer list.
 */
export function slottedMember(list: Slotted, code: string, bind: (value: AnalyticParam) => string): string {
  const { mask, overflow } = SLOTTED[list];
  const bit = MEMBER_BIT.get(code);
  // The bit is an integer of our own below 2^63, not the caller's text: spliced as a literal.
  if (bit !== undefined) return `(${mask} & ${1n << BigInt(bit)}) <> 0`;
  const id = knownCodeId(code);
  const past = `(${overflow} AND contains(${list}, ${bind(`,${code},`)}))`;
  return id === undefined ? past : `((${mask} & 1) <> 0 AND (${bind(id)} IN (${slotNames(list).join(', ')}) OR ${past}))`;
}

/** Whether a case carries this key flag: its bit in key_flag_mask, the text only for a flag outside the vocabulary. */
export function keyFlagSql(flag: string, bind: (value: AnalyticParam) => string): string {
  const index = KEY_FLAGS.indexOf(flag);
  if (index >= 0) return `(key_flag_mask & ${1n << BigInt(index + 1)}) <> 0`;
  return `((key_flag_mask & 1) <> 0 AND contains(key_flag_list, ${bind(`,${flag},`)}))`;
}

/** The engine holding RISK_FACTS, kept equal to risk_ledger. */
export interface RiskFactsSource {
  /**
   * The engine with every risk_ledger write committed before the call applied;
   * undefined while it is still loading (or could not catch up in time): the
   * caller answers from SQL or says the engine is not ready.
   */
  synced(): Promise<AnalyticEngine | undefined>;
}

export const RISK_FACTS_SOURCE = Symbol('RISK_FACTS_SOURCE');
