/**
 * Analyst queries of the two ledgers (线索台账 and 动态管理台账): filters,
 * sorting, pages or a keyset cursor, need-to-know in SQL, and items with labels
 * in the reader's language. Exported for the HTTP layer, the exports and the
 * benchmark (bench:reporting calls queryLeadLedger / queryRiskLedger directly).
 *
 * Performance: every page is an indexed, LIMITed read; `total` is counted over
 * at most COUNT_CAP + 1 matching rows, because an exact COUNT over a million
 * rows costs more than the page itself (totalIsExact says which it is), and
 * only when the page is full (a shorter page says how many match).
 * Deep reads use the cursor (keyset on the sort key plus the primary key).
 */
import { HttpException, HttpStatus } from '@nestjs/common';
import type { AgencyRegistry, DomainActor, Lang, LabelTable } from '@jm/shared';
import { ACTIVITY_CATEGORIES, FIELDS, fromFen, KEY_CASE_FLAGS, labelOf, LEAD_SOURCES, REPORT_CHANNELS, RISK_GRADES } from '@jm/shared';
import type { DataSource, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { dialectOf, Dialect, TableSpec } from '@jm/shared/read-model';
import { closedSpanSeconds, LeadLedgerEntity, LeadLedgerRow, RISK_GRADE_RANKS, RISK_LEDGER, RISK_SORT_EXPRESSIONS, RiskLedgerEntity, RiskLedgerRow } from '../read-model/read-model.tables';
import { selectByKeys, sqlTargetOf } from '../ledgers/table-sql';
import { chinaDayStart, daysBetween } from './period';
import { CASE_STATUS_LABELS, LEAD_STATUS_LABELS, NOT_ILLEGAL_LABEL, regionLabel, TRANSFER_STATUS_LABELS } from './reporting-labels';
import type { RiskLedgerIndex } from './risk-ledger-index';
import { containsPattern, leadScopeSql, LIKE_ESCAPE, memberPattern, ReportScope, riskScopeSql, scopeOf } from './report-scope';

export const COUNT_CAP = 10_000;

export const LEAD_SORTS = ['receivedAt', 'amount', 'status', 'updatedAt'] as const;
export const RISK_SORTS = ['openedAt', 'amountInvolved', 'amountRecovered', 'age', 'riskGrade', 'lastEventAt'] as const;
export type LeadSort = (typeof LEAD_SORTS)[number];
export type RiskSort = (typeof RISK_SORTS)[number];
export type SortOrder = 'asc' | 'desc';

export interface LeadLedgerFilter {
  status?: string;
  street?: string;
  unit?: string;
  field?: string;
  category?: string;
  source?: string;
  major?: boolean;
  /** China-time dates, YYYY-MM-DD, both inclusive. */
  receivedFrom?: string;
  receivedTo?: string;
  overdue?: boolean;
  q?: string;
  sort?: LeadSort;
  order?: SortOrder;
}

export interface RiskLedgerFilter {
  status?: string;
  street?: string;
  unit?: string;
  field?: string;
  category?: string;
  riskGrade?: string;
  keyFlag?: string;
  keyCase?: boolean;
  crossProvince?: boolean;
  writtenOff?: boolean;
  open?: boolean;
  openedFrom?: string;
  openedTo?: string;
  ageOver?: number;
  sort?: RiskSort;
  order?: SortOrder;
}

export interface PageRequest {
  page?: number;
  pageSize?: number;
  /** Opaque keyset cursor from a previous page's nextCursor; page is ignored with it. */
  cursor?: string;
}

export interface LedgerContext {
  now: Date;
  lang: Lang;
  registry: AgencyRegistry;
  /** The in-memory index of the risk ledger (PostgreSQL, once loaded): risk-ledger queries use it instead of SQL. */
  riskIndex?: RiskLedgerIndex;
}

export interface LedgerPage<Item> {
  items: Item[];
  page: number;
  pageSize: number;
  /** Matching rows, counted up to COUNT_CAP; above it `total` is COUNT_CAP + 1 and totalIsExact is false. */
  total: number;
  totalIsExact: boolean;
  /** Pass as `cursor` for the next page (keyset; stays fast at any depth). */
  nextCursor: string | null;
}

export interface LeadLedgerItem {
  leadId: string;
  receiptNo: string | null;
  title: string | null;
  category: string | null;
  categoryLabel: string | null;
  field: string | null;
  fieldLabel: string | null;
  source: string | null;
  sourceLabel: string | null;
  channel: string | null;
  channelLabel: string | null;
  jurisdiction: string | null;
  street: string | null;
  streetLabel: string | null;
  receivedBy: string | null;
  receivedByLabel: string | null;
  receivedAt: string | null;
  office: string | null;
  officeLabel: string | null;
  major: boolean;
  amountYuan: string | null;
  participants: number | null;
  companies: string | null;
  reportDeadline: string | null;
  reportedAt: string | null;
  status: string;
  statusLabel: string;
  unit: string | null;
  unitLabel: string | null;
  routedAt: string | null;
  verificationDeadline: string | null;
  feedbackAt: string | null;
  referredTo: string | null;
  referredToLabel: string | null;
  caseId: string | null;
  confirmedLinks: number;
  overdue: boolean;
  ageDays: number | null;
  lastEventType: string;
  lastEventAt: string;
}

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

/** A 422 shaped like the validation pipe's, for inputs only the query can check (a cursor from another sort). */
export function invalidInput(field: string, message: string): HttpException {
  return new HttpException({ code: 'VALIDATION_FAILED', message: [`${field}: ${message}`], errors: [{ field, messages: [message] }] }, HttpStatus.UNPROCESSABLE_ENTITY);
}

const yuan = (fen: number | null | undefined): string | null => (fen === null || fen === undefined ? null : fromFen(BigInt(fen)));
const yuan0 = (fen: number | null | undefined): string => fromFen(BigInt(fen ?? 0));
const list = (joined: string | null | undefined): string[] => (joined ? joined.split(',').filter(Boolean) : []);
const label = <C extends string>(table: LabelTable<C>, code: string | null, lang: Lang): string | null => (code === null ? null : labelOf(table, code, lang));
const SEP: Record<Lang, string> = { 'zh-CN': '、', en: '; ' };

interface SortSpec {
  /** SQL expression; never NULL, so the keyset comparison is total. */
  expr: (dialect: Dialect) => string;
  /**
   * PostgreSQL: a sort no index holds, read as a merge of branches that split the rows, each in an indexed order
   * that is the sort's own within the branch (or its reverse). See readMerged.
   */
  branches?: readonly SortBranch[];
}

interface SortBranch {
  where: string;
  key: string;
  reversed: boolean;
}

/** What one ledger contributes to the generic query: its table, keys, sorts, filters, scope and item mapping. */
interface LedgerDef<Row extends ObjectLiteral, Filter extends { sort?: string; order?: SortOrder }, Item> {
  entity: typeof LeadLedgerEntity | typeof RiskLedgerEntity;
  alias: string;
  key: string;
  defaultSort: NonNullable<Filter['sort']>;
  sorts: Record<NonNullable<Filter['sort']>, SortSpec>;
  apply(qb: SelectQueryBuilder<Row>, filter: Filter, scope: ReportScope, ctx: { now: string; dialect: Dialect; db: DataSource }): void | Promise<void>;
  toItem(row: Row, ctx: LedgerContext): Item;
}

const LEAD_DEF: LedgerDef<LeadLedgerRow, LeadLedgerFilter, LeadLedgerItem> = {
  entity: LeadLedgerEntity,
  alias: 'l',
  key: 'l.lead_id',
  defaultSort: 'receivedAt',
  sorts: {
    receivedAt: { expr: () => 'l.received_at' },
    amount: { expr: () => 'COALESCE(l.amount_fen, -1)' },
    status: { expr: () => 'l.status' },
    updatedAt: { expr: () => 'l.last_event_at' },
  },
  apply(qb, f, scope, { now }) {
    // A row whose intake part has not arrived yet (routing read first) is not a ledger line yet.
    qb.where('l.received_at IS NOT NULL');
    const scoped = leadScopeSql(scope);
    qb.andWhere(scoped.sql, scoped.params);
    if (f.status) qb.andWhere('l.status = :status', { status: f.status });
    if (f.street) qb.andWhere('l.street = :street', { street: f.street });
    if (f.unit) qb.andWhere('l.unit = :unit', { unit: f.unit });
    if (f.field) qb.andWhere('l.field = :field', { field: f.field });
    if (f.category) qb.andWhere('l.category = :category', { category: f.category });
    if (f.source) qb.andWhere('l.source = :source', { source: f.source });
    if (f.major !== undefined) qb.andWhere(`l.major = ${f.major ? 'TRUE' : 'FALSE'}`);
    if (f.receivedFrom) qb.andWhere('l.received_at >= :receivedFrom', { receivedFrom: chinaDayStart(f.receivedFrom) });
    if (f.receivedTo) qb.andWhere('l.received_at < :receivedTo', { receivedTo: chinaDayStart(f.receivedTo, true) });
    if (f.q) qb.andWhere(`l.title LIKE :q ${LIKE_ESCAPE}`, { q: containsPattern(f.q) });
    if (f.overdue !== undefined) {
      const overdue = '((l.report_deadline < :now AND l.reported_at IS NULL) OR (l.verification_deadline < :now AND l.feedback_at IS NULL))';
      qb.andWhere(f.overdue ? overdue : `NOT ${overdue}`, { now });
    }
  },
  toItem(r, { now, lang, registry }) {
    const agency = (code: string | null) => (code === null ? null : registry.name(code, lang));
    const nowIso = now.toISOString();
    return {
      leadId: r.leadId,
      receiptNo: r.receiptNo,
      title: r.title,
      category: r.category,
      categoryLabel: label(ACTIVITY_CATEGORIES, r.category, lang),
      field: r.field,
      fieldLabel: label(FIELDS, r.field, lang),
      source: r.source,
      sourceLabel: label(LEAD_SOURCES, r.source, lang),
      channel: r.channel,
      channelLabel: label(REPORT_CHANNELS, r.channel, lang),
      jurisdiction: r.jurisdiction,
      street: r.street,
      streetLabel: agency(r.street),
      receivedBy: r.receivedBy,
      receivedByLabel: agency(r.receivedBy),
      receivedAt: r.receivedAt,
      office: r.office,
      officeLabel: agency(r.office),
      major: r.major,
      amountYuan: yuan(r.amountFen),
      participants: r.participants,
      companies: r.companies,
      reportDeadline: r.reportDeadline,
      reportedAt: r.reportedAt,
      status: r.status,
      statusLabel: labelOf(LEAD_STATUS_LABELS, r.status, lang),
      unit: r.unit,
      unitLabel: agency(r.unit),
      routedAt: r.routedAt,
      verificationDeadline: r.verificationDeadline,
      feedbackAt: r.feedbackAt,
      referredTo: r.referredTo,
      referredToLabel: agency(r.referredTo),
      caseId: r.caseId,
      confirmedLinks: r.confirmedLinks,
      overdue: (!!r.reportDeadline && r.reportDeadline < nowIso && !r.reportedAt) || (!!r.verificationDeadline && r.verificationDeadline < nowIso && !r.feedbackAt),
      ageDays: r.receivedAt ? daysBetween(r.receivedAt, r.feedbackAt ?? nowIso) : null,
      lastEventType: r.lastEventType,
      lastEventAt: r.lastEventAt,
    };
  },
};


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
    if (f.unit) qb.andWhere(`(r.lead_unit = :unit OR (',' || r.cooperating_units || ',') LIKE :unitPattern ${LIKE_ESCAPE})`, { unit: f.unit, unitPattern: memberPattern(f.unit) });
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
      qb.andWhere(`((r.closed_at IS NULL AND r.opened_at < :ageCut) OR (r.closed_at IS NOT NULL AND ${ageExpression(dialect)} > :ageOver))`, { ageCut: cut, ageOver: f.ageOver });
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
  const row = await db.getRepository<RiskLedgerRow>(RiskLedgerEntity).createQueryBuilder('r').select('MAX(r.closed_at)', 'latest').getRawOne<{ latest: string | null }>();
  return row?.latest ?? null;
}

export function natureLabel(code: string, lang: Lang): string {
  return code === 'not_illegal' ? NOT_ILLEGAL_LABEL[lang] : labelOf(ACTIVITY_CATEGORIES, code, lang);
}

function encodeCursor(sortKey: string, value: unknown, id: string): string {
  return Buffer.from(JSON.stringify([sortKey, value, id])).toString('base64url');
}

function decodeCursor(cursor: string, sortKey: string): { value: unknown; id: string } {
  try {
    const [key, value, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [unknown, unknown, unknown];
    if (key === sortKey && typeof id === 'string' && (typeof value === 'string' || typeof value === 'number')) return { value, id };
  } catch {
    // answered below
  }
  throw invalidInput('cursor', 'not a cursor of this list with this sort and order: pass the nextCursor of the previous page unchanged, or leave it out');
}

interface Built<Row extends ObjectLiteral> {
  qb: SelectQueryBuilder<Row>;
  sortExpr: string;
  branches?: readonly SortBranch[];
  order: 'ASC' | 'DESC';
  sortKey: string;
}

async function build<Row extends ObjectLiteral, Filter extends { sort?: string; order?: SortOrder }, Item>(
  def: LedgerDef<Row, Filter, Item>,
  db: DataSource,
  actor: DomainActor,
  filter: Filter,
  now: Date,
): Promise<Built<Row>> {
  const scope = scopeOf(actor);
  const dialect = dialectOf(db.options.type);
  const qb = db.getRepository<Row>(def.entity as never).createQueryBuilder(def.alias);
  await def.apply(qb, filter, scope, { now: now.toISOString(), dialect, db });
  const sort = (filter.sort ?? def.defaultSort) as keyof typeof def.sorts;
  const order = filter.order === 'asc' ? 'ASC' : 'DESC';
  const spec: SortSpec = def.sorts[sort];
  return { qb, sortExpr: spec.expr(dialect), branches: dialect === 'postgres' ? spec.branches : undefined, order, sortKey: `${String(sort)}:${order}` };
}

async function readPage<Row extends ObjectLiteral, Item>(
  def: { key: string; toItem(row: Row, ctx: LedgerContext): Item },
  built: Built<Row>,
  size: number,
  offset: number,
  cursor: string | undefined,
  ctx: LedgerContext,
): Promise<{ items: Item[]; nextCursor: string | null }> {
  const { sortExpr, order, sortKey } = built;
  const qb = built.qb.clone();
  if (cursor) {
    const after = decodeCursor(cursor, sortKey);
    const cmp = order === 'DESC' ? '<' : '>';
    qb.andWhere(`(${sortExpr} ${cmp} :cursorValue OR (${sortExpr} = :cursorValue AND ${def.key} ${cmp} :cursorId))`, { cursorValue: after.value, cursorId: after.id });
  }
  if (built.branches) return readMerged(def, built, qb, built.branches, size, cursor ? 0 : offset, ctx);
  // The tiebreak runs in the sort's direction, so an index on (scope, sort) is read in one direction.
  qb.addSelect(sortExpr, 'jm_sort_key').orderBy(sortExpr, order).addOrderBy(def.key, order).limit(size);
  if (!cursor && offset > 0) qb.offset(offset);
  const { entities, raw } = await qb.getRawAndEntities();
  const items = entities.map((row) => def.toItem(row, ctx));
  const last = entities.length === size ? raw[raw.length - 1] : undefined;
  const lastId = last ? (last[keyAlias(built, def.key)] as string) : undefined;
  return { items, nextCursor: last && lastId !== undefined ? encodeCursor(sortKey, last.jm_sort_key, lastId) : null };
}

/** The raw result's name of the key column (TypeORM names a selected column `<alias>_<column>`). */
const keyAlias = (built: { qb: { alias: string } }, key: string): string => `${built.qb.alias}_${key.split('.')[1]}`;

/**
 * A page of a branched sort (PostgreSQL): each branch's first offset + size keys in its indexed order, merged and
 * cut by the sort expression itself and the tiebreak (the same order a single ORDER BY gives), then those rows by key.
 */
async function readMerged<Row extends ObjectLiteral, Item>(
  def: { key: string; toItem(row: Row, ctx: LedgerContext): Item },
  built: Built<Row>,
  qb: SelectQueryBuilder<Row>,
  branches: readonly SortBranch[],
  size: number,
  offset: number,
  ctx: LedgerContext,
): Promise<{ items: Item[]; nextCursor: string | null }> {
  const { sortExpr, order, sortKey } = built;
  const reverse = order === 'ASC' ? 'DESC' : 'ASC';
  const params: unknown[] = [];
  const parts = branches.map((branch) => {
    const [sql, own] = qb
      .clone()
      .andWhere(branch.where)
      .select(def.key, 'jm_id')
      .addSelect(sortExpr, 'jm_sort_key')
      .orderBy(branch.key, branch.reversed ? reverse : order)
      .addOrderBy(def.key, order)
      .limit(offset + size)
      .getQueryAndParameters();
    const base = params.length;
    params.push(...own);
    return `(${sql.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + base}`)})`;
  });
  const keys = (await qb.connection.query(
    `SELECT jm_id, jm_sort_key FROM (${parts.join(' UNION ALL ')}) merged ORDER BY jm_sort_key ${order}, jm_id ${order} LIMIT ${size} OFFSET ${offset}`,
    params,
  )) as Array<{ jm_id: string; jm_sort_key: unknown }>;
  if (keys.length === 0) return { items: [], nextCursor: null };
  const { entities, raw } = await built.qb
    .clone()
    .andWhere(`${def.key} IN (:...jmPageKeys)`, { jmPageKeys: keys.map((k) => k.jm_id) })
    .getRawAndEntities();
  const rows = new Map(raw.map((r: Record<string, unknown>, i) => [r[keyAlias(built, def.key)] as string, entities[i]]));
  const items = keys.map((k) => def.toItem(rows.get(k.jm_id)!, ctx));
  const last = keys.length === size ? keys[keys.length - 1] : undefined;
  return { items, nextCursor: last ? encodeCursor(sortKey, last.jm_sort_key, last.jm_id) : null };
}

async function countCapped(db: DataSource, qb: SelectQueryBuilder<ObjectLiteral>): Promise<number> {
  const [sql, params] = qb.clone().select('1', 'one').orderBy().limit(COUNT_CAP + 1).getQueryAndParameters();
  const rows = (await db.query(`SELECT COUNT(*) AS n FROM (${sql}) capped`, params)) as Array<{ n: number | string }>;
  return Number(rows[0]?.n ?? 0);
}

async function queryLedger<Row extends ObjectLiteral, Filter extends { sort?: string; order?: SortOrder }, Item>(
  def: LedgerDef<Row, Filter, Item>,
  db: DataSource,
  actor: DomainActor,
  filter: Filter,
  page: PageRequest,
  ctx: LedgerContext,
): Promise<LedgerPage<Item>> {
  const built = await build(def, db, actor, filter, ctx.now);
  const pageNo = page.cursor ? 1 : (page.page ?? 1);
  const pageSize = page.pageSize ?? 50;
  const offset = (pageNo - 1) * pageSize;
  const { items, nextCursor } = await readPage(def, built, pageSize, offset, page.cursor, ctx);
  // A page that is not full ends the list, so what matches is the offset plus its rows: no count needed (the count
  // of a selective filter is what costs most). Not after a cursor (where the page starts is not known) nor for an
  // empty page (it may lie past the end).
  const ended = !page.cursor && items.length < pageSize && (offset === 0 || items.length > 0);
  const counted = ended ? Math.min(offset + items.length, COUNT_CAP + 1) : await countCapped(db, built.qb as unknown as SelectQueryBuilder<ObjectLiteral>);
  return { items, page: pageNo, pageSize, total: counted, totalIsExact: counted <= COUNT_CAP, nextCursor };
}

/** Every matching row in keyset pages (exports): never more than one page in memory. */
async function* iterateLedger<Row extends ObjectLiteral, Filter extends { sort?: string; order?: SortOrder }, Item>(
  def: LedgerDef<Row, Filter, Item>,
  db: DataSource,
  actor: DomainActor,
  filter: Filter,
  ctx: LedgerContext,
  batch = 1000,
): AsyncGenerator<Item> {
  const built = await build(def, db, actor, filter, ctx.now);
  let cursor: string | undefined;
  for (;;) {
    const { items, nextCursor } = await readPage(def, built, batch, 0, cursor, ctx);
    yield* items;
    if (!nextCursor) return;
    cursor = nextCursor;
  }
}

export function queryLeadLedger(db: DataSource, actor: DomainActor, filter: LeadLedgerFilter, page: PageRequest, ctx: LedgerContext): Promise<LedgerPage<LeadLedgerItem>> {
  return queryLedger(LEAD_DEF, db, actor, filter, page, ctx);
}

export function queryRiskLedger(db: DataSource, actor: DomainActor, filter: RiskLedgerFilter, page: PageRequest, ctx: LedgerContext): Promise<LedgerPage<RiskLedgerItem>> {
  return ctx.riskIndex ? queryRiskByIndex(ctx.riskIndex, db, actor, filter, page, ctx) : queryLedger(RISK_DEF, db, actor, filter, page, ctx);
}

/** The risk ledger without its folded state (never answered): what a page's rows are read with. */
const RISK_ITEMS: TableSpec = { ...RISK_LEDGER, columns: RISK_LEDGER.columns.filter((c) => c.column !== 'state') };

/** Sorts whose value is an instant: cursors carry the column's ISO text, as the SQL path's do. */
const INSTANT_SORTS: Partial<Record<RiskSort, 'openedAt' | 'lastEventAt'>> = { openedAt: 'openedAt', lastEventAt: 'lastEventAt' };

/**
 * The risk ledger through the in-memory index: the same rows in the same order as the SQL path (spec'd side by
 * side), the total exact at any size, and the page's rows read from the table by key.
 */
async function queryRiskByIndex(index: RiskLedgerIndex, db: DataSource, actor: DomainActor, filter: RiskLedgerFilter, page: PageRequest, ctx: LedgerContext): Promise<LedgerPage<RiskLedgerItem>> {
  const scope = scopeOf(actor);
  const sort = filter.sort ?? RISK_DEF.defaultSort;
  const order = filter.order === 'asc' ? 'ASC' : 'DESC';
  const sortKey = `${sort}:${order}`;
  const pageNo = page.cursor ? 1 : (page.page ?? 1);
  const pageSize = page.pageSize ?? 50;
  const cursor = page.cursor ? decodeCursor(page.cursor, sortKey) : undefined;
  const after = cursor ? { value: typeof cursor.value === 'string' && INSTANT_SORTS[sort] ? Date.parse(cursor.value) : Number(cursor.value), id: cursor.id } : undefined;
  if (after && !Number.isFinite(after.value)) throw invalidInput('cursor', 'not a cursor of this list with this sort and order: pass the nextCursor of the previous page unchanged, or leave it out');
  const answer = index.query({
    scope,
    filter: {
      ...filter,
      openedFromIso: filter.openedFrom ? chinaDayStart(filter.openedFrom) : undefined,
      openedToIso: filter.openedTo ? chinaDayStart(filter.openedTo, true) : undefined,
    },
    sort,
    descending: order === 'DESC',
    offset: cursor ? 0 : (pageNo - 1) * pageSize,
    size: pageSize,
    after,
    now: ctx.now,
  });
  const rows = answer.ids.length ? await selectByKeys<RiskLedgerRow>(db, sqlTargetOf(db), RISK_ITEMS, answer.ids) : [];
  const byId = new Map(rows.map((row) => [row.caseId, row]));
  // A row the table lost since the index saw it (a rebuild) is left out; its change is on the way to the index.
  const items = answer.ids.flatMap((id) => {
    const row = byId.get(id);
    return row ? [RISK_DEF.toItem(row, ctx)] : [];
  });
  const lastAt = answer.ids.length === pageSize ? answer.ids.length - 1 : -1;
  let nextCursor: string | null = null;
  if (lastAt >= 0) {
    const id = answer.ids[lastAt];
    const instant = INSTANT_SORTS[sort];
    const row = byId.get(id);
    nextCursor = encodeCursor(sortKey, instant && row ? row[instant] : answer.values[lastAt], id);
  }
  return { items, page: pageNo, pageSize, total: answer.total, totalIsExact: true, nextCursor };
}

export function iterateLeadLedger(db: DataSource, actor: DomainActor, filter: LeadLedgerFilter, ctx: LedgerContext, batch?: number): AsyncGenerator<LeadLedgerItem> {
  return iterateLedger(LEAD_DEF, db, actor, filter, ctx, batch);
}

export function iterateRiskLedger(db: DataSource, actor: DomainActor, filter: RiskLedgerFilter, ctx: LedgerContext, batch?: number): AsyncGenerator<RiskLedgerItem> {
  return iterateLedger(RISK_DEF, db, actor, filter, ctx, batch);
}
