/**
 * The aggregate tables: sums of report_fact per (kind, detail) and row dimension, plus
 * the snapshot figures ("in progress", "awaiting the police") at the period's end taken
 * from the risk ledger and the transfer facts. A table is a list of column definitions.
 */
import type { Label } from '@jm/reference';
import { fromFen } from '@jm/reference';
import type { DataSource } from 'typeorm';
import { monthEnd, Period } from '../vocabulary/period';
import { TOTAL } from '../vocabulary/reporting-labels';
import { ReportScope, riskScopeSql } from '../access/report-scope';
import { CASE_DIMENSION, dimensionLabel, dimensionOrder, FACT_DIMENSION } from './dimensions';
import { ReceivedFigures, receivedFigures } from './federated-figures';
import { factScopeSql, run, tablesOf } from './statistics-sql';
import { GROUP_LABELS, GroupBy, StatisticsContext, StatisticsTable, TableRow } from './table-model';

/** Sums per (kind, detail) of one row dimension, distinct subjects per kind, plus the snapshot figures taken from the ledgers. */
export class Cell {
  readonly facts = new Map<string, { n: number; fen: bigint; qty: number }>();
  /** Distinct subjects (leads, cases) per fact kind, for the columns that count subjects rather than facts. */
  readonly distinct = new Map<string, number>();
  casesInProgress = 0;
  policePending = 0;

  add(kind: string, detail: string | null, n: number, fen: bigint, qty: number): void {
    const key = `${kind}|${detail ?? ''}`;
    const sum = this.facts.get(key) ?? { n: 0, fen: 0n, qty: 0 };
    this.facts.set(key, { n: sum.n + n, fen: sum.fen + fen, qty: sum.qty + qty });
  }

  private sum(kind: string, details: readonly (string | null)[] | undefined, pick: 'n' | 'qty'): number {
    let total = 0;
    for (const [key, value] of this.facts) {
      const [k, d] = key.split('|');
      if (k === kind && (!details || details.includes(d || null))) total += value[pick];
    }
    return total;
  }

  count(kind: string, ...details: (string | null)[]): number {
    return this.sum(kind, details.length ? details : undefined, 'n');
  }

  /** How many leads or cases have a fact of this kind. */
  subjects(kind: string): number {
    return this.distinct.get(kind) ?? 0;
  }

  quantity(kind: string): number {
    return this.sum(kind, undefined, 'qty');
  }

  fen(kind: string, ...details: string[]): bigint {
    let total = 0n;
    for (const [key, value] of this.facts) {
      const [k, d] = key.split('|');
      if (k === kind && (!details.length || details.includes(d))) total += value.fen;
    }
    return total;
  }
}

export interface CountColumn {
  key: string;
  label: Label;
  type: 'count' | 'yuan';
  value(cell: Cell): number | bigint;
  /** A state at the period's end: by month, the total row is the last month's value, not a sum. */
  snapshot?: boolean;
  /** The fact kind whose subjects this column counts: the total counts each subject once, not the sum of the rows. */
  subjectsOf?: string;
}

export interface AggregateTableDef {
  code: string;
  title: Label;
  columns: CountColumn[];
}

export const count = (key: string, zh: string, en: string, value: (c: Cell) => number, snapshot = false): CountColumn => ({
  key,
  label: { 'zh-CN': zh, en },
  type: 'count',
  value,
  snapshot,
});
export const amount = (key: string, zh: string, en: string, value: (c: Cell) => bigint): CountColumn => ({
  key,
  label: { 'zh-CN': zh, en },
  type: 'yuan',
  value,
});
/** Leads (or cases) with a fact of `kind`, each once: a lead referred up twice is one lead, in a row and in the total. */
export const subjects = (key: string, zh: string, en: string, kind: string): CountColumn => ({
  key,
  label: { 'zh-CN': zh, en },
  type: 'count',
  value: (c) => c.subjects(kind),
  subjectsOf: kind,
});
export const MEASURE = (m: string) => (c: Cell) => c.count('measure_taken', m);

interface Aggregate {
  cells: Map<string, Cell>;
  /** The whole period and scope in one cell: the totals of the columns that count subjects. */
  whole: Cell;
  /** The deployments below whose reported figures are added in (federation). */
  sources: ReceivedFigures['sources'];
}

async function aggregate(db: DataSource, def: AggregateTableDef, scope: ReportScope, period: Period, by: GroupBy): Promise<Aggregate> {
  const { FACT, RISK, FACT_FROM } = tablesOf(db);
  const cells = new Map<string, Cell>();
  const cell = (dim: string | null) => {
    const key = dim ?? '';
    let c = cells.get(key);
    if (!c) cells.set(key, (c = new Cell()));
    return c;
  };
  if (by === 'month') period.months.forEach((m) => cell(m));
  const scoped = factScopeSql(scope);
  const dim = FACT_DIMENSION[by];
  const facts = await run<{
    dim: string | null;
    kind: string;
    detail: string | null;
    n: number | string;
    fen: number | string | null;
    qty: number | string | null;
  }>(
    db,
    `SELECT ${dim} AS dim, f.kind AS kind, f.detail AS detail, COUNT(*) AS n, SUM(f.amount_fen) AS fen, SUM(f.quantity) AS qty
       FROM ${FACT_FROM} WHERE f.month IN (:months) AND ${scoped.sql} GROUP BY ${dim}, f.kind, f.detail`,
    { ...scoped.params, months: period.months },
  );
  for (const f of facts) cell(f.dim).add(f.kind, f.detail, Number(f.n), BigInt(f.fen ?? 0), Number(f.qty ?? 0));

  const whole = new Cell();
  const kinds = [...new Set(def.columns.flatMap((c) => (c.subjectsOf ? [c.subjectsOf] : [])))];
  if (kinds.length) {
    const where = `FROM ${FACT_FROM} WHERE f.month IN (:months) AND f.kind IN (:kinds) AND ${scoped.sql}`;
    const params = { ...scoped.params, months: period.months, kinds };
    const subjectsSql = `COUNT(DISTINCT f.subject_type || ':' || f.subject_id)`;
    const perDim = await run<{ dim: string | null; kind: string; n: number | string }>(
      db,
      `SELECT ${dim} AS dim, f.kind AS kind, ${subjectsSql} AS n ${where} GROUP BY ${dim}, f.kind`,
      params,
    );
    for (const row of perDim) cell(row.dim).distinct.set(row.kind, Number(row.n));
    const overall = await run<{ kind: string; n: number | string }>(
      db,
      `SELECT f.kind AS kind, ${subjectsSql} AS n ${where} GROUP BY f.kind`,
      params,
    );
    for (const row of overall) whole.distinct.set(row.kind, Number(row.n));
  }

  const needs = (key: string) => def.columns.some((c) => c.key === key);
  const risk = riskScopeSql(scope);
  if (needs('inProgress') || needs('casesInvestigated')) {
    // Cases open at each period (or month) end: opened before it, not closed before it.
    const ends = by === 'month' ? period.months.map((m) => ({ dim: m, end: monthEnd(m) })) : [{ dim: undefined, end: period.end }];
    for (const { dim: month, end } of ends) {
      const caseDim = month === undefined ? CASE_DIMENSION[by as Exclude<GroupBy, 'month'>] : undefined;
      const rows = await run<{ dim: string | null; n: number | string }>(
        db,
        `SELECT ${caseDim ?? 'NULL'} AS dim, COUNT(*) AS n FROM ${RISK} r WHERE r.opened_at < :end AND (r.closed_at IS NULL OR r.closed_at >= :end) AND ${risk.sql}${caseDim ? ` GROUP BY ${caseDim}` : ''}`,
        { ...risk.params, end },
      );
      for (const row of rows) cell(month ?? row.dim).casesInProgress += Number(row.n);
    }
  }
  if (needs('policePending')) {
    // Transfers not yet answered at each period (or month) end, counted over all months up to it.
    const last = period.months[period.months.length - 1];
    const caseDim = by === 'month' ? 'f.month' : CASE_DIMENSION[by];
    const rows = await run<{ dim: string | null; month: string; kind: string; n: number | string }>(
      db,
      `SELECT ${caseDim} AS dim, f.month AS month, f.kind AS kind, COUNT(*) AS n FROM ${FACT} f JOIN ${RISK} r ON f.subject_type = 'case' AND r.case_id = f.subject_id
        WHERE f.month <= :last AND f.kind IN ('transferred_to_police', 'police_accepted', 'police_declined') AND ${risk.sql} GROUP BY ${caseDim}, f.month, f.kind`,
      { ...risk.params, last },
    );
    for (const row of rows) {
      const delta = (row.kind === 'transferred_to_police' ? 1 : -1) * Number(row.n);
      if (by === 'month') period.months.filter((m) => m >= row.month).forEach((m) => (cell(m).policePending += delta));
      else cell(row.dim).policePending += delta;
    }
  }
  const received = await receivedFigures(db, scope, period);
  addReceived(received, period, by, cell, whole);
  return { cells, whole, sources: received.sources };
}

/** The figures reported up by the deployments below, into the cells: sums by the row dimension, snapshots at the period's (or each month's) end. */
function addReceived(received: ReceivedFigures, period: Period, by: GroupBy, cell: (dim: string | null) => Cell, whole: Cell): void {
  const last = period.months[period.months.length - 1];
  for (const [month, list] of received.byMonth) {
    const dimOf = (row: Record<Exclude<GroupBy, 'month'>, string | null>) => (by === 'month' ? month : row[by]);
    for (const figures of list) {
      for (const f of figures.facts) {
        const c = cell(dimOf(f));
        c.add(f.kind, f.detail, f.n, BigInt(f.fen), f.qty);
        c.distinct.set(f.kind, (c.distinct.get(f.kind) ?? 0) + f.subjects);
      }
      for (const [kind, n] of Object.entries(figures.subjects)) whole.distinct.set(kind, (whole.distinct.get(kind) ?? 0) + n);
      if (by !== 'month' && month !== last) continue;
      for (const s of figures.snapshots) {
        const c = cell(dimOf(s));
        c.casesInProgress += s.inProgress;
        c.policePending += s.policePending;
      }
    }
  }
}

function valueOf(column: CountColumn, cell: Cell): number | string {
  const v = column.value(cell);
  return column.type === 'yuan' ? fromFen(BigInt(v)) : Number(v);
}

export async function aggregateTable(
  db: DataSource,
  def: AggregateTableDef,
  scope: ReportScope,
  period: Period,
  by: GroupBy,
  ctx: StatisticsContext,
): Promise<Omit<StatisticsTable, 'period' | 'periodLabel' | 'by'>> {
  const { cells, whole, sources } = await aggregate(db, def, scope, period, by);
  const keys = [...cells.keys()].sort(dimensionOrder(by));
  const rows: TableRow[] = keys.map((key) => {
    const cell = cells.get(key) as Cell;
    return {
      dimensionCode: key || null,
      dimension: dimensionLabel(by, key, ctx),
      ...Object.fromEntries(def.columns.map((c) => [c.key, valueOf(c, cell)])),
    };
  });
  const total: TableRow = { dimensionCode: null, dimension: TOTAL[ctx.lang] };
  for (const column of def.columns) {
    if (column.subjectsOf) {
      total[column.key] = Number(column.value(whole));
    } else if (column.snapshot && by === 'month') {
      total[column.key] = keys.length ? rows[rows.length - 1][column.key] : 0;
    } else if (column.type === 'yuan') {
      total[column.key] = fromFen(keys.reduce((sum, k) => sum + BigInt(column.value(cells.get(k) as Cell)), 0n));
    } else {
      total[column.key] = keys.reduce((sum, k) => sum + Number(column.value(cells.get(k) as Cell)), 0);
    }
  }
  return {
    table: def.code,
    title: def.title[ctx.lang],
    columns: [
      { key: 'dimension', label: GROUP_LABELS[by][ctx.lang], type: 'text' },
      ...def.columns.map((c) => ({ key: c.key, label: c.label[ctx.lang], type: c.type })),
    ],
    rows,
    total,
    ...(sources.length ? { includes: sources } : {}),
  };
}
