/**
 * What the ledger queries share: pages or a keyset cursor, the capped count,
 * sorts (with PostgreSQL's merge of indexed branches), and how an item's
 * labels are written. Each ledger gives its table, filters, scope and item
 * mapping as a LedgerDef (lead-ledger.query.ts, risk-ledger.query.ts).
 *
 * Performance: every page is an indexed, LIMITed read; `total` is counted over
 * at most COUNT_CAP + 1 matching rows, because an exact COUNT over a million
 * rows costs more than the page itself (totalIsExact says which it is), and
 * only when the page is full (a shorter page says how many match).
 * Deep reads use the cursor (keyset on the sort key plus the primary key).
 */
import { HttpException, HttpStatus } from '@nestjs/common';
import type { DomainActor } from '@jm/contracts';
import type { AgencyRegistry, Lang, LabelTable } from '@jm/reference';
import { fromFen, labelOf } from '@jm/reference';
import type { DataSource, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { dialectOf, Dialect } from '@jm/read-model';
import { LeadLedgerEntity, RiskLedgerEntity } from '../../read-model/read-model.tables';
import { readRunner } from '../../ledgers/table-sql';
import { ReportScope, scopeOf } from '../access/report-scope';
import type { SortOrder } from './ledger-filters';
import type { AnalyticEngine } from '../../analytic-engine/engine/analytic-engine.port';

export const COUNT_CAP = 10_000;

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
  /** The analytic engine holding risk_facts (once loaded): risk-ledger queries use it instead of SQL. */
  riskFacts?: AnalyticEngine;
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

/** A 422 shaped like the validation pipe's, for inputs only the query can check (a cursor from another sort). */
export function invalidInput(field: string, message: string): HttpException {
  return new HttpException(
    { code: 'VALIDATION_FAILED', message: [`${field}: ${message}`], errors: [{ field, messages: [message] }] },
    HttpStatus.UNPROCESSABLE_ENTITY,
  );
}

export const yuan = (fen: number | null | undefined): string | null => (fen === null || fen === undefined ? null : fromFen(BigInt(fen)));
export const yuan0 = (fen: number | null | undefined): string => fromFen(BigInt(fen ?? 0));
export const list = (joined: string | null | undefined): string[] => (joined ? joined.split(',').filter(Boolean) : []);
export const label = <C extends string>(table: LabelTable<C>, code: string | null, lang: Lang): string | null =>
  code === null ? null : labelOf(table, code, lang);
export const SEP: Record<Lang, string> = { 'zh-CN': '、', en: '; ' };

export interface SortSpec {
  /** SQL expression; never NULL, so the keyset comparison is total. */
  expr: (dialect: Dialect) => string;
  /**
   * PostgreSQL: a sort no index holds, read as a merge of branches that split the rows, each in an indexed order
   * that is the sort's own within the branch (or its reverse). See readMerged.
   */
  branches?: readonly SortBranch[];
}

export interface SortBranch {
  where: string;
  key: string;
  reversed: boolean;
}

/** What one ledger contributes to the generic query: its table, keys, sorts, filters, scope and item mapping. */
export interface LedgerDef<Row extends ObjectLiteral, Filter extends { sort?: string; order?: SortOrder }, Item> {
  entity: typeof LeadLedgerEntity | typeof RiskLedgerEntity;
  alias: string;
  key: string;
  defaultSort: NonNullable<Filter['sort']>;
  sorts: Record<NonNullable<Filter['sort']>, SortSpec>;
  apply(
    qb: SelectQueryBuilder<Row>,
    filter: Filter,
    scope: ReportScope,
    ctx: { now: string; dialect: Dialect; db: DataSource },
  ): void | Promise<void>;
  toItem(row: Row, ctx: LedgerContext): Item;
}

export function encodeCursor(sortKey: string, value: unknown, id: string): string {
  return Buffer.from(JSON.stringify([sortKey, value, id])).toString('base64url');
}

export function decodeCursor(cursor: string, sortKey: string): { value: unknown; id: string } {
  try {
    const [key, value, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [unknown, unknown, unknown];
    if (key === sortKey && typeof id === 'string' && (typeof value === 'string' || typeof value === 'number')) return { value, id };
  } catch {
    // answered below
  }
  throw invalidInput(
    'cursor',
    'not a cursor of this list with this sort and order: pass the nextCursor of the previous page unchanged, or leave it out',
  );
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
  return {
    qb,
    sortExpr: spec.expr(dialect),
    branches: dialect === 'postgres' ? spec.branches : undefined,
    order,
    sortKey: `${String(sort)}:${order}`,
  };
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
    qb.andWhere(`(${sortExpr} ${cmp} :cursorValue OR (${sortExpr} = :cursorValue AND ${def.key} ${cmp} :cursorId))`, {
      cursorValue: after.value,
      cursorId: after.id,
    });
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
  const keys = (await readRunner(qb.connection).query(
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
  const [sql, params] = qb
    .clone()
    .select('1', 'one')
    .orderBy()
    .limit(COUNT_CAP + 1)
    .getQueryAndParameters();
  const rows = (await readRunner(db).query(`SELECT COUNT(*) AS n FROM (${sql}) capped`, params)) as Array<{ n: number | string }>;
  return Number(rows[0]?.n ?? 0);
}

export async function queryLedger<Row extends ObjectLiteral, Filter extends { sort?: string; order?: SortOrder }, Item>(
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
  const counted = ended
    ? Math.min(offset + items.length, COUNT_CAP + 1)
    : await countCapped(db, built.qb as unknown as SelectQueryBuilder<ObjectLiteral>);
  return { items, page: pageNo, pageSize, total: counted, totalIsExact: counted <= COUNT_CAP, nextCursor };
}

/** Every matching row in keyset pages (exports): never more than one page in memory. */
export async function* iterateLedger<Row extends ObjectLiteral, Filter extends { sort?: string; order?: SortOrder }, Item>(
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
