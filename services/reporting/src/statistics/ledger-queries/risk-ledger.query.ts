/**
 * The risk ledger's (动态管理台账) analyst query: its filters, sorts, need-to-know scope and items, answered in
 * SQL or, once loaded, through the analytic engine's risk_facts (analysis/risk-facts.ts) with the same rows in
 * the same order.
 */
import type { DataSource } from 'typeorm';
import type { DomainActor } from '@jm/contracts';
import type { Lang } from '@jm/reference';
import { ACTIVITY_CATEGORIES, FIELDS, KEY_CASE_FLAGS, labelOf, RISK_GRADES } from '@jm/reference';
import { Dialect, TableSpec } from '@jm/read-model';
import {
  closedSpanSeconds,
  RISK_GRADE_RANKS,
  RISK_LEDGER,
  RISK_SORT_EXPRESSIONS,
  RiskLedgerEntity,
  RiskLedgerRow,
} from '../../read-model/read-model.tables';
import { readRunner, selectByKeys, sqlTargetOf } from '../../ledgers/table-sql';
import { LIKE_ESCAPE, memberPattern, ReportScope, riskScopeSql, scopeOf } from '../access/report-scope';
import { chinaDayStart, daysBetween } from '../vocabulary/period';
import { CASE_STATUS_LABELS, NOT_ILLEGAL_LABEL, regionLabel, TRANSFER_STATUS_LABELS } from '../vocabulary/reporting-labels';
import {
  decodeCursor,
  encodeCursor,
  invalidInput,
  iterateLedger,
  label,
  LedgerContext,
  LedgerDef,
  LedgerPage,
  list,
  PageRequest,
  queryLedger,
  SEP,
  yuan,
  yuan0,
} from './ledger-query';
import type { AnalyticEngine, AnalyticParam } from '../../analytic-engine/engine/analytic-engine.port';
import {
  CodedColumn,
  codedEquals,
  idKeyOf,
  keyFlagSql,
  knowScopeCodes,
  projectionCovers,
  RISK_FACTS,
  RISK_FACTS_PROJECTIONS,
  riskFactsScopeSql,
  slottedMember,
} from '../../analytic-engine/risk-facts';
import { RISK_SORTS, RiskLedgerFilter, RiskSort } from './ledger-filters';
import {
  compareKeys,
  countOf,
  keptList,
  keptValue,
  KeyList,
  KeyRow,
  keyOrder,
  ListPool,
  mergedList,
  FIRST_LIST_ROWS,
  MAX_LIST_ROWS,
  readKeyRows,
  scopePoolHasRoom,
  topList,
  TopListSpec,
} from './risk-top-lists';

export interface RiskLedgerItem {
  caseId: string;
  caseNo: string;
  title: string;
  status: string;
  statusLabel: string;
  writtenOff: boolean;
  category: string;
  categoryLabel: string;
  field: string;
  fieldLabel: string;
  jurisdiction: string;
  street: string | null;
  streetLabel: string | null;
  office: string;
  officeLabel: string;
  leadUnit: string;
  leadUnitLabel: string;
  cooperatingUnits: string[];
  cooperatingUnitsLabel: string;
  riskGrade: string | null;
  riskGradeLabel: string | null;
  keyFlags: string[];
  keyFlagsLabel: string;
  keyCase: boolean;
  companies: string | null;
  amountInvolvedYuan: string | null;
  amountFrozenYuan: string;
  amountFinedYuan: string;
  amountRefundedYuan: string;
  amountRecoveredYuan: string;
  amountClaimedYuan: string;
  participants: number | null;
  claimants: number;
  petitions: number;
  petitioners: number;
  /** The aftermath register's totals (docs/reporting-ledgers.md); null when the case has no register. */
  registerPersons: number | null;
  personsRefunded: number | null;
  petitionsOpen: number | null;
  petitionsClosed: number | null;
  leadCount: number;
  nature: string | null;
  natureLabel: string | null;
  determinedAt: string | null;
  transferStatus: string | null;
  transferStatusLabel: string | null;
  police: string | null;
  policeLabel: string | null;
  transferredAt: string | null;
  policeFiledOn: string | null;
  crossRegions: string[];
  crossRegionsLabel: string;
  crossProvince: boolean;
  openedAt: string;
  closedAt: string | null;
  writtenOffAt: string | null;
  ageDays: number;
  lastEventType: string;
  lastEventAt: string;
}

/** Age in days (fractional) of a case, to its closure or to :now. */
function ageExpression(dialect: Dialect): string {
  return dialect === 'postgres'
    ? 'EXTRACT(EPOCH FROM (COALESCE(r.closed_at, :now)::timestamptz - r.opened_at::timestamptz)) / 86400'
    : 'julianday(COALESCE(r.closed_at, :now)) - julianday(r.opened_at)';
}

const RISK_DEF: LedgerDef<RiskLedgerRow, RiskLedgerFilter, RiskLedgerItem> = {
  entity: RiskLedgerEntity,
  alias: 'r',
  key: 'r.case_id',
  defaultSort: 'openedAt',
  sorts: {
    openedAt: { expr: () => 'r.opened_at' },
    amountInvolved: { expr: () => RISK_SORT_EXPRESSIONS.amountInvolved('r') },
    amountRecovered: { expr: () => 'r.amount_recovered_fen' },
    age: {
      expr: ageExpression,
      // An open case is the older the earlier it was opened; a closed case's age is its span (ix_risk_ledger_closed_span).
      branches: [
        { where: 'r.closed_at IS NULL', key: 'r.opened_at', reversed: true },
        { where: 'r.closed_at IS NOT NULL', key: closedSpanSeconds('r'), reversed: false },
      ],
    },
    riskGrade: { expr: () => RISK_SORT_EXPRESSIONS.riskGrade('r') },
    lastEventAt: { expr: () => 'r.last_event_at' },
  },
  async apply(qb, f, scope, { now, dialect, db }) {
    qb.setParameter('now', now);
    const scoped = riskScopeSql(scope);
    qb.where(scoped.sql, scoped.params);
    if (f.status) qb.andWhere('r.status = :status', { status: f.status });
    if (f.street) qb.andWhere('r.street = :street', { street: f.street });
    if (f.leadUnit) qb.andWhere('r.lead_unit = :leadUnit', { leadUnit: f.leadUnit });
    if (f.unit)
      qb.andWhere(`(r.lead_unit = :unit OR (',' || r.cooperating_units || ',') LIKE :unitPattern ${LIKE_ESCAPE})`, {
        unit: f.unit,
        unitPattern: memberPattern(f.unit),
      });
    if (f.field) qb.andWhere('r.field = :field', { field: f.field });
    if (f.category) qb.andWhere('r.category = :category', { category: f.category });
    if (f.riskGrade) qb.andWhere('r.risk_grade = :riskGrade', { riskGrade: f.riskGrade });
    // Sorted by grade within one grade: the rank it implies bounds the grade index, which would otherwise be walked
    // from the other grades on (the planner does not know the rank follows from the grade).
    if (f.riskGrade && f.sort === 'riskGrade') qb.andWhere(`${RISK_SORT_EXPRESSIONS.riskGrade('r')} = ${RISK_GRADE_RANKS[f.riskGrade] ?? 0}`);
    if (f.keyFlag) qb.andWhere(`(',' || r.key_flags || ',') LIKE :keyFlag ${LIKE_ESCAPE}`, { keyFlag: memberPattern(f.keyFlag) });
    const bool = (column: string, value: boolean | undefined) => value !== undefined && qb.andWhere(`${column} = ${value ? 'TRUE' : 'FALSE'}`);
    bool('r.key_case', f.keyCase);
    bool('r.cross_province', f.crossProvince);
    bool('r.written_off', f.writtenOff);
    if (f.open !== undefined) qb.andWhere(f.open ? 'r.closed_at IS NULL' : 'r.closed_at IS NOT NULL');
    if (f.openedFrom) qb.andWhere('r.opened_at >= :openedFrom', { openedFrom: chinaDayStart(f.openedFrom) });
    if (f.openedTo) qb.andWhere('r.opened_at < :openedTo', { openedTo: chinaDayStart(f.openedTo, true) });
    if (f.ageOver !== undefined) {
      // Open cases: an indexable bound on opened_at; closed ones: their own span.
      const cut = daysBefore(now, f.ageOver);
      // Every matching row opened before the later of the cut and the ledger's latest closure less ageOver. Implied
      // by the condition below, but an index bound: without it a page in opened_at order walks the index from the
      // newest cases to find old ones. (The latest closure is before now, so the bound is the cut, unless clocks differ.)
      const latest = await latestClosure(db);
      const bound = latest !== null && daysBefore(latest, f.ageOver) > cut ? daysBefore(latest, f.ageOver) : cut;
      qb.andWhere('r.opened_at < :ageBound', { ageBound: bound });
      qb.andWhere(`((r.closed_at IS NULL AND r.opened_at < :ageCut) OR (r.closed_at IS NOT NULL AND ${ageExpression(dialect)} > :ageOver))`, {
        ageCut: cut,
        ageOver: f.ageOver,
      });
    }
  },
  toItem(r, { now, lang, registry }) {
    const agency = (code: string | null) => (code === null ? null : registry.name(code, lang));
    const cooperating = list(r.cooperatingUnits);
    const flags = list(r.keyFlags);
    const regions = list(r.crossRegions);
    return {
      caseId: r.caseId,
      caseNo: r.caseNo,
      title: r.title,
      status: r.status,
      statusLabel: labelOf(CASE_STATUS_LABELS, r.status, lang),
      writtenOff: r.writtenOff,
      category: r.category,
      categoryLabel: labelOf(ACTIVITY_CATEGORIES, r.category, lang),
      field: r.field,
      fieldLabel: labelOf(FIELDS, r.field, lang),
      jurisdiction: r.jurisdiction,
      street: r.street,
      streetLabel: agency(r.street),
      office: r.office,
      officeLabel: registry.name(r.office, lang),
      leadUnit: r.leadUnit,
      leadUnitLabel: registry.name(r.leadUnit, lang),
      cooperatingUnits: cooperating,
      cooperatingUnitsLabel: cooperating.map((c) => registry.name(c, lang)).join(SEP[lang]),
      riskGrade: r.riskGrade,
      riskGradeLabel: label(RISK_GRADES, r.riskGrade, lang),
      keyFlags: flags,
      keyFlagsLabel: flags.map((f) => labelOf(KEY_CASE_FLAGS, f, lang)).join(SEP[lang]),
      keyCase: r.keyCase,
      companies: r.companies,
      amountInvolvedYuan: yuan(r.amountInvolvedFen),
      amountFrozenYuan: yuan0(r.amountFrozenFen),
      amountFinedYuan: yuan0(r.amountFinedFen),
      amountRefundedYuan: yuan0(r.amountRefundedFen),
      amountRecoveredYuan: yuan0(r.amountRecoveredFen),
      amountClaimedYuan: yuan0(r.amountClaimedFen),
      participants: r.participants,
      claimants: r.claimants,
      petitions: r.petitions,
      petitioners: r.petitioners,
      registerPersons: r.registerPersons,
      personsRefunded: r.personsRefunded,
      petitionsOpen: r.petitionsOpen,
      petitionsClosed: r.petitionsClosed,
      leadCount: r.leadCount,
      nature: r.nature,
      natureLabel: r.nature === null ? null : natureLabel(r.nature, lang),
      determinedAt: r.determinedAt,
      transferStatus: r.transferStatus,
      transferStatusLabel: label(TRANSFER_STATUS_LABELS, r.transferStatus, lang),
      police: r.police,
      policeLabel: agency(r.police),
      transferredAt: r.transferredAt,
      policeFiledOn: r.policeFiledOn,
      crossRegions: regions,
      crossRegionsLabel: regions.map((c) => regionLabel(c, lang)).join(SEP[lang]),
      crossProvince: r.crossProvince,
      openedAt: r.openedAt,
      closedAt: r.closedAt,
      writtenOffAt: r.writtenOffAt,
      ageDays: daysBetween(r.openedAt, r.closedAt ?? now.toISOString()),
      lastEventType: r.lastEventType,
      lastEventAt: r.lastEventAt,
    };
  },
};

const daysBefore = (iso: string, days: number): string => new Date(new Date(iso).getTime() - days * 86_400_000).toISOString();

/** The latest closed_at of the risk ledger (one read of ix_risk_ledger_closed; null when no case is closed). */
async function latestClosure(db: DataSource): Promise<string | null> {
  const row = await db
    .getRepository<RiskLedgerRow>(RiskLedgerEntity)
    .createQueryBuilder('r')
    .select('MAX(r.closed_at)', 'latest')
    .getRawOne<{ latest: string | null }>();
  return row?.latest ?? null;
}

export function natureLabel(code: string, lang: Lang): string {
  return code === 'not_illegal' ? NOT_ILLEGAL_LABEL[lang] : labelOf(ACTIVITY_CATEGORIES, code, lang);
}

export function queryRiskLedger(
  db: DataSource,
  actor: DomainActor,
  filter: RiskLedgerFilter,
  page: PageRequest,
  ctx: LedgerContext,
): Promise<LedgerPage<RiskLedgerItem>> {
  return ctx.riskFacts ? queryRiskByEngine(ctx.riskFacts, db, actor, filter, page, ctx) : queryLedger(RISK_DEF, db, actor, filter, page, ctx);
}

/** The risk ledger without its folded state (never answered): what a page's rows are read with. */
const RISK_ITEMS: TableSpec = { ...RISK_LEDGER, columns: RISK_LEDGER.columns.filter((c) => c.column !== 'state' && c.column !== 'register') };

/** Sorts whose value is an instant: cursors carry the column's ISO text, as the SQL path's do. */
const INSTANT_SORTS: Partial<Record<RiskSort, 'openedAt' | 'lastEventAt'>> = { openedAt: 'openedAt', lastEventAt: 'lastEventAt' };

/**
 * The risk ledger's items of these case ids, in their order, read from the table by key (what a page found in the
 * engine answers). A row the table lost since the engine saw it (a rebuild) is left out; its change is on the way.
 */
export async function riskItemsByKeys(
  db: DataSource,
  ids: readonly string[],
  ctx: LedgerContext,
): Promise<{ items: RiskLedgerItem[]; byId: Map<string, RiskLedgerRow> }> {
  const rows = ids.length ? await selectByKeys<RiskLedgerRow>(readRunner(db), sqlTargetOf(db), RISK_ITEMS, ids) : [];
  const byId = new Map(rows.map((row) => [row.caseId, row]));
  const items = ids.flatMap((id) => {
    const row = byId.get(id);
    return row ? [RISK_DEF.toItem(row, ctx)] : [];
  });
  return { items, byId };
}

/** Binds a value as the next parameter, returning its placeholder. */
type Bind = (value: AnalyticParam) => string;

/**
 * The sorts over risk_facts: the SQL path's values (age in days to closure or to now; an unknown amount below every
 * known one; a grade's rank), so that cursors work across the two paths.
 */
const ENGINE_SORTS: Record<RiskSort, (p: Bind, now: Date) => string> = {
  openedAt: () => 'opened_at',
  amountInvolved: () => 'COALESCE(amount_involved_fen, -1)',
  amountRecovered: () => 'amount_recovered_fen',
  age: (p, now) => `COALESCE(closed_span_ms, CAST(${p(now.getTime())} AS BIGINT) - epoch_ms(opened_at))`,
  riskGrade: () => 'grade_rank',
  lastEventAt: () => 'last_event_at',
};

/**
 * The projections of risk_facts (risk-facts.ts) the sorts other than the opening read (the age sort's closed cases
 * read the closed span's, in sortList).
 */
const SORT_PROJECTIONS: Partial<Record<RiskSort, keyof typeof RISK_FACTS_PROJECTIONS>> = {
  amountInvolved: 'amountInvolved',
  amountRecovered: 'amountRecovered',
  riskGrade: 'riskGrade',
};

/** The projection's name when it carries every column the SQL names (else the query reads risk_facts). */
function projectionFor(projection: keyof typeof RISK_FACTS_PROJECTIONS | undefined, sql: string): string | undefined {
  const name = projection === undefined ? undefined : RISK_FACTS_PROJECTIONS[projection].name;
  return name !== undefined && projectionCovers(name, sql) ? name : undefined;
}

/**
 * Sorts whose engine value is an integer that the answered value (the cursor's) is divided by: the age is sorted in
 * whole ms (a sort on the days as a double took twice as long), the same order since distinct ms are distinct days.
 */
const SCALED_SORTS: Partial<Record<RiskSort, number>> = { age: 86_400_000 };

/**
 * The integers whose scaled value is at least (or, strictly, more than) `value`, from the first: what a cursor's
 * value bounds on the integer the engine sorts. Far past any row's value, its rounding does not matter.
 */
function firstScaled(value: number, scale: number, strictly: boolean): number {
  const reaches = (x: number) => (strictly ? x / scale > value : x / scale >= value);
  let x = Math.ceil(value * scale);
  if (!Number.isSafeInteger(x)) return value < 0 ? -Number.MAX_SAFE_INTEGER : Number.MAX_SAFE_INTEGER;
  while (reaches(x - 1)) x--;
  while (!reaches(x)) x++;
  return x;
}

/**
 * The scope and filters as a WHERE over risk_facts, every value a parameter; `scopeOnly`: no filter. `latestClosure`:
 * the latest closed_at in ms (null if no case is closed), read when `ageOver` is given. `counted`: WHEREs whose rows
 * are those of `where`, apart, for a count to add up (`ageOver` over open and closed cases both: each part's test is
 * one a scan applies as it reads, where their OR is an expression DuckDB works out row by row, 10 against 6 ms for a
 * district's count).
 */
function engineWhere(
  scope: ReportScope,
  f: RiskLedgerFilter,
  now: Date,
  latestClosure: number | null,
): { where: string; counted: string[]; params: AnalyticParam[]; scopeOnly: boolean } {
  const params: AnalyticParam[] = [];
  const p = (value: AnalyticParam): string => `$${params.push(value)}`;
  const conds: string[] = [];
  conds.push(riskFactsScopeSql(scope, p));
  const equal = (column: CodedColumn, value: string | undefined) => value !== undefined && conds.push(codedEquals(column, value, p));
  equal('status', f.status);
  equal('street', f.street);
  equal('lead_unit', f.leadUnit);
  equal('field', f.field);
  equal('category', f.category);
  equal('risk_grade', f.riskGrade);
  if (f.unit !== undefined) conds.push(slottedMember('unit_list', f.unit, p));
  if (f.keyFlag !== undefined) conds.push(keyFlagSql(f.keyFlag, p));
  const flag = (column: string, value: boolean | undefined) => value !== undefined && conds.push(`${column} = ${value ? 'TRUE' : 'FALSE'}`);
  flag('key_case', f.keyCase);
  flag('cross_province', f.crossProvince);
  flag('written_off', f.writtenOff);
  if (f.open !== undefined) conds.push(f.open ? 'closed_at IS NULL' : 'closed_at IS NOT NULL');
  if (f.openedFrom) conds.push(`opened_at >= CAST(${p(chinaDayStart(f.openedFrom))} AS TIMESTAMP)`);
  if (f.openedTo) conds.push(`opened_at < CAST(${p(chinaDayStart(f.openedTo, true))} AS TIMESTAMP)`);
  let parts: { at: number; each: string[] } | undefined;
  if (f.ageOver !== undefined) {
    // Older than ageOver days: an open case opened before the cut, a closed one by its span (in ms, exact; a case has
    // a span exactly when it is closed). Open or closed alone when the filter says which.
    const openAged = `closed_at IS NULL AND opened_at < CAST(${p(daysBefore(now.toISOString(), f.ageOver))} AS TIMESTAMP)`;
    const closedAged = `closed_span_ms > ${p(f.ageOver * 86_400_000)}`;
    if (f.open === undefined) {
      parts = { at: conds.length, each: [openAged, closedAged] };
      conds.push(`((${openAged}) OR ${closedAged})`);
    } else conds.push(f.open ? openAged : closedAged);
    // Implied, as the SQL path's bound: every such case opened before the later of the cut and the latest closure
    // less ageOver. On the opening order the rows are kept in, the scan skips the row groups past it (ageOver 1825).
    const bound = latestClosure === null ? 0 : latestClosure - f.ageOver * 86_400_000;
    conds.push(`opened_at < CAST(${p(new Date(Math.max(bound, now.getTime() - f.ageOver * 86_400_000)).toISOString())} AS TIMESTAMP)`);
  }
  const where = conds.join(' AND ');
  const counted = parts ? parts.each.map((part) => conds.map((cond, i) => (i === parts.at ? part : cond)).join(' AND ')) : [where];
  return { where, counted, params, scopeOnly: conds.length === 1 };
}

/**
 * The risk ledger through the analytic engine: the same rows in the same order as the SQL path (spec'd side by
 * side), the total exact at any size, and the page's rows read from the table by key.
 */
async function queryRiskByEngine(
  engine: AnalyticEngine,
  db: DataSource,
  actor: DomainActor,
  filter: RiskLedgerFilter,
  page: PageRequest,
  ctx: LedgerContext,
): Promise<LedgerPage<RiskLedgerItem>> {
  const scope = scopeOf(actor);
  const sort = filter.sort ?? RISK_DEF.defaultSort;
  const order = filter.order === 'asc' ? 'ASC' : 'DESC';
  const sortKey = `${sort}:${order}`;
  const pageNo = page.cursor ? 1 : (page.page ?? 1);
  const pageSize = page.pageSize ?? 50;
  const cursor = page.cursor ? decodeCursor(page.cursor, sortKey) : undefined;
  const latest = filter.ageOver === undefined ? null : await keptValue(engine, `SELECT max(closed_at) AS value FROM ${RISK_FACTS.name}`);
  const { where, counted, params, scopeOnly } = engineWhere(scope, filter, ctx.now, latest instanceof Date ? latest.getTime() : null);
  const pageParams = [...params];
  const value = ENGINE_SORTS[sort]((v) => `$${pageParams.push(v)}`, ctx.now);
  const descending = order === 'DESC';
  let after = '';
  /** Whether a list's row comes after the cursor (the same test as `after`, in JS). */
  let isAfter: (rows: KeyList, i: number) => boolean = () => true;
  if (cursor) {
    const instant = INSTANT_SORTS[sort] !== undefined;
    const at = instant ? Date.parse(String(cursor.value)) : Number(cursor.value);
    if (!Number.isFinite(at))
      throw invalidInput(
        'cursor',
        'not a cursor of this list with this sort and order: pass the nextCursor of the previous page unchanged, or leave it out',
      );
    const cmp = descending ? '<' : '>';
    const bind = (v: AnalyticParam) => `$${pageParams.push(v)}`;
    const scale = SCALED_SORTS[sort];
    let past: string;
    let equal: string;
    /** Implied by the cursor's test, on the value alone: a bound DuckDB applies in the scan (the opening sort's row groups skipped by their min/max). */
    let reach: string;
    let pastValue: (x: number) => boolean;
    let equalValue: (x: number) => boolean;
    if (scale !== undefined) {
      // The integers whose scaled value is the cursor's are [from, to).
      const [fromValue, toValue] = [firstScaled(at, scale, false), firstScaled(at, scale, true)];
      const from = `CAST(${bind(fromValue)} AS BIGINT)`;
      const to = `CAST(${bind(toValue)} AS BIGINT)`;
      past = descending ? `${value} < ${from}` : `${value} >= ${to}`;
      equal = `${value} >= ${from} AND ${value} < ${to}`;
      reach = descending ? `${value} < ${to}` : `${value} >= ${from}`;
      pastValue = descending ? (x) => x < fromValue : (x) => x >= toValue;
      equalValue = (x) => x >= fromValue && x < toValue;
    } else {
      const v = bind(instant ? new Date(at).toISOString() : at);
      const bound = instant ? `CAST(${v} AS TIMESTAMP)` : v;
      past = `${value} ${cmp} ${bound}`;
      equal = `${value} = ${bound}`;
      reach = `${value} ${cmp}= ${bound}`;
      pastValue = descending ? (x) => x < at : (x) => x > at;
      equalValue = (x) => x === at;
    }
    const cursorKey = idKeyOf(cursor.id);
    const idKey = bind(cursorKey);
    after = ` AND ${reach} AND (${past} OR (${equal} AND (id_key ${cmp} ${idKey} OR (id_key = ${idKey} AND case_id ${cmp} ${bind(cursor.id)}))))`;
    const pastId = descending
      ? (rows: KeyList, i: number) => rows.idKey(i) < cursorKey || (rows.idKey(i) === cursorKey && rows.caseId(i) < cursor.id)
      : (rows: KeyList, i: number) => rows.idKey(i) > cursorKey || (rows.idKey(i) === cursorKey && rows.caseId(i) > cursor.id);
    isAfter = (rows, i) => {
      const x = rows.value(i);
      return pastValue(x) || (equalValue(x) && pastId(rows, i));
    };
  }
  const offset = cursor ? 0 : (pageNo - 1) * pageSize;
  const wanted = offset + pageSize;
  // The count is a plain count (a list of ties in it cost 4–11 ms), run beside the page on a read connection of its
  // own, and kept until the next write. A page that reaches the end needs none: the count is then given up, so that
  // its scan does not run on into the next request's time.
  const giveUp = new AbortController();
  const counting = countOf(engine, counted, params, giveUp.signal);
  counting.catch(() => undefined);
  // A slice of a kept list (risk-top-lists.ts) when it reaches past the page: a reader's whole scope (no filter) keeps
  // its first rows; a filtered page is read with the next page's rows, kept for its cursor (the age sort's as its two
  // branches, whose values do not move with the clock).
  const projection = projectionFor(SORT_PROJECTIONS[sort], `${where} ${after} ${value}`);
  const spec: TopListSpec = { where, params, value, order, projection };
  let list: { rows: KeyList; complete: boolean } | undefined;
  const listed = wanted + pageSize + 1 <= MAX_LIST_ROWS;
  // A first page needs its list to reach past the next page too (its cursor's, read next); a cursor page, past itself.
  if (scopeOnly && listed)
    list = await sortList(engine, spec, sort, ctx.now, {
      size: Math.max(FIRST_LIST_ROWS, wanted + pageSize + 1),
      need: cursor ? wanted + 1 : wanted + pageSize + 1,
      pool: 'scopes',
    });
  else if (listed)
    list = await sortList(engine, spec, sort, ctx.now, {
      size: wanted + pageSize + 1,
      need: wanted + 1,
      pool: 'pages',
      keptOnly: cursor !== undefined,
    });
  let top: KeyRow[] | undefined;
  if (list) {
    let start = 0;
    while (start < list.rows.length && !isAfter(list.rows, start)) start++;
    if (list.complete || start + wanted < list.rows.length) top = list.rows.rows(start, start + wanted + 1);
  }
  let rows: KeyRow[];
  if (top) rows = top.slice(0, wanted);
  else {
    // The first offset + size rows by (value, id key): integers, no text in the sort, and one more row to see whether
    // the last is tied on both with rows past it (ids sharing their first 7 characters): those ties are read apart,
    // rarely, and the case id decides in JS.
    top = (await readKeyRows(engine, value, `WHERE ${where}${after} ORDER BY ${keyOrder(spec)} LIMIT ${wanted + 1}`, pageParams, projection)).rows();
    rows = top.slice(0, wanted);
    const last = rows.at(-1);
    if (last && top.length > wanted && compareKeys({ v: top[wanted].v, id_key: top[wanted].id_key, case_id: last.case_id }, last) === 0) {
      const tieParams = [...pageParams];
      const tie = (value: AnalyticParam) => `$${tieParams.push(value)}`;
      const tieValue = INSTANT_SORTS[sort] ? `CAST(${tie(new Date(last.v).toISOString())} AS TIMESTAMP)` : tie(last.v);
      const ties = await readKeyRows(
        engine,
        value,
        `WHERE ${where}${after} AND ${value} = ${tieValue} AND id_key = ${tie(last.id_key)}`,
        tieParams,
        projection,
      ).then((list) => list.rows());
      const seen = new Set(rows.map((row) => row.case_id));
      rows = [...rows, ...ties.filter((row) => !seen.has(row.case_id))];
    }
  }
  const sign = order === 'DESC' ? -1 : 1;
  const keys = rows.sort((a, b) => sign * compareKeys(a, b)).slice(offset, wanted);
  const ids = keys.map((k) => k.case_id);
  // A page that reaches the end of the list (no row past it) needs no count, as in SQL. Not after a cursor or past the end.
  const reachesEnd = !cursor && top.length <= wanted && (offset === 0 || top.length > offset);
  if (reachesEnd) giveUp.abort();
  const { items, byId } = await riskItemsByKeys(db, ids, ctx);
  const total = reachesEnd ? top.length : await counting;
  let nextCursor: string | null = null;
  if (keys.length === pageSize) {
    const last = keys[keys.length - 1];
    const instant = INSTANT_SORTS[sort];
    const row = byId.get(last.case_id);
    const scale = SCALED_SORTS[sort];
    const value = instant ? (row ? row[instant] : new Date(last.v).toISOString()) : scale ? last.v / scale : last.v;
    nextCursor = encodeCursor(sortKey, value, last.case_id);
  }
  return { items, page: pageNo, pageSize, total, totalIsExact: true, nextCursor };
}

/**
 * A list in this sort: its kept list, read again with `size` rows when it has fewer than `need` (`keptOnly`: not read,
 * undefined); for the age sort, whose values move with the clock, merged from the closed cases' list (by span, on
 * its projection) and the open ones' (by opening), as the SQL path's index branches are.
 */
async function sortList(
  engine: AnalyticEngine,
  spec: TopListSpec,
  sort: RiskSort,
  now: Date,
  rows: { size: number; need: number; pool: ListPool; keptOnly?: boolean },
): Promise<{ rows: KeyList; complete: boolean } | undefined> {
  const list = (part: TopListSpec) => (rows.keptOnly ? keptList(engine, part, rows.pool) : topList(engine, part, rows));
  if (sort !== 'age') return list(spec);
  // The open cases by opened_at itself, the other way round from the age (oldest opening first for the oldest age):
  // DuckDB's Top-N then skips row groups by opened_at (whole scope: ~300,000 of 1,000,000 rows scanned → 40,000–75,000,
  // see docs/analysis.md), where a sort on -epoch_ms(opened_at) computed it for every open case.
  const closedWhere = `(${spec.where}) AND closed_span_ms IS NOT NULL`;
  const [closed, opened] = await Promise.all([
    list({
      ...spec,
      where: closedWhere,
      value: 'closed_span_ms',
      projection: projectionFor('closedSpan', closedWhere),
    }),
    list({
      ...spec,
      where: `(${spec.where}) AND closed_span_ms IS NULL`,
      value: 'opened_at',
      valueOrder: spec.order === 'DESC' ? 'ASC' : 'DESC',
      projection: undefined,
    }),
  ]);
  if (!closed || !opened) return undefined;
  // An open case's age is the clock less its opening: its list's values negated and shifted by the clock.
  return mergedList(
    [
      { list: closed, shift: 0 },
      { list: opened, shift: now.getTime(), negate: true },
    ],
    spec.order,
  );
}

/**
 * Rows a warmed whole-scope list is read with: as far as page 5 of 100 rows and the next page (its cursor's), so that
 * a reader paging through the first 500 rows of the ledger in any sort never waits for a top-N over their scope.
 */
export const WARM_LIST_ROWS = 601;

/**
 * Reads, one after the other, the whole-scope lists of these reader scopes (the widest first) in every sort and order
 * the ledger offers, and their counts, so that a reader's first page of their whole ledger is a slice of a kept list
 * (a cold one costs a top-N over the scope, 20–45 ms at 1,000,000 cases, where a slice costs under a millisecond). A
 * list already kept with enough rows is left as it is; kept lists are brought up to each write by key. Stops before
 * the whole-scope pool would drop a list (its rows budget). For the background after a load: every query takes a
 * read connection as a request's does, one at a time.
 */
export async function warmScopeLists(
  engine: AnalyticEngine,
  scopes: readonly ReportScope[],
  now: Date,
  /** Checked before each list: true stops the warming (the service is closing). */
  stopped: () => boolean = () => false,
): Promise<{ scopes: number; of: number; lists: number }> {
  const lists = RISK_SORTS.length * 2 + 2;
  let warmed = 0;
  let read = 0;
  for (const scope of scopes) {
    if (!scopePoolHasRoom(engine, lists * WARM_LIST_ROWS)) break;
    // The scope's SQL as its readers' queries will have it once its rows come (a street or unit no fact carried yet).
    knowScopeCodes(scope);
    const { where, counted, params } = engineWhere(scope, {}, now, null);
    for (const sort of RISK_SORTS) {
      for (const order of ['DESC', 'ASC'] as const) {
        if (stopped()) return { scopes: warmed, of: scopes.length, lists: read };
        const valueParams = [...params];
        const value = ENGINE_SORTS[sort]((v) => `$${valueParams.push(v)}`, now);
        const projection = projectionFor(SORT_PROJECTIONS[sort], `${where} ${value}`);
        await sortList(engine, { where, params, value, order, projection }, sort, now, {
          size: WARM_LIST_ROWS,
          need: WARM_LIST_ROWS,
          pool: 'scopes',
        });
        read += sort === 'age' ? 2 : 1;
      }
    }
    await countOf(engine, counted, params);
    warmed++;
  }
  return { scopes: warmed, of: scopes.length, lists: read };
}

export function iterateRiskLedger(
  db: DataSource,
  actor: DomainActor,
  filter: RiskLedgerFilter,
  ctx: LedgerContext,
  batch?: number,
): AsyncGenerator<RiskLedgerItem> {
  return iterateLedger(RISK_DEF, db, actor, filter, ctx, batch);
}
