/**
 * The campaign's statistics tables (附件2 工作情况统计表, 附件3 风险线索排查处置
 * 情况统计表, 附件4 跨省非法集资案件登记统计表) and the enforcement figures, as
 * aggregates over report_fact (grouped by the China-time `month`) joined to the
 * ledgers for street, field and category; "in progress at period end" and
 * "awaiting the police" come from the ledgers' times and the transfer facts up
 * to the period's end. Column definitions are data, so the API, the listing and
 * the exports read the same columns.
 */
import type { DomainActor } from '@jm/contracts';
import type { AgencyRegistry, Label, Lang } from '@jm/reference';
import { NotFoundError } from '@jm/event-sourcing';
import {
  ACTIVITY_CATEGORIES,
  ACTIVITY_CATEGORY_CODES,
  FIELD_CODES,
  FIELDS,
  fromFen,
  labelOf,
  toFen,
  LEAD_SOURCE_CODES,
  LEAD_SOURCES,
} from '@jm/reference';
import type { DataSource } from 'typeorm';
import { schemaOf } from '@jm/read-model';
import { LEAD_LEDGER, REPORT_FACT, RISK_LEDGER } from '../../read-model/read-model.tables';
import { invalidInput } from '../ledger-queries/ledger-query';
import { monthEnd, parsePeriod, Period, PERIOD_FORMS, periodTitle } from '../vocabulary/period';
import {
  CASE_STATUS_LABELS,
  DETERMINING_BODY_LABELS,
  MEASURE_LABELS,
  regionLabel,
  TOTAL,
  TRANSFER_STATUS_LABELS,
  UNSPECIFIED,
  yesNo,
} from '../vocabulary/reporting-labels';
import { leadScopeSql, regionCondition, ReportScope, riskScopeSql, scopeOf, SqlCondition } from '../access/report-scope';

export const GROUP_BY = ['unit', 'street', 'field', 'category', 'month'] as const;
export type GroupBy = (typeof GROUP_BY)[number];

export type ColumnType = 'text' | 'count' | 'yuan' | 'date';

export interface TableColumn {
  key: string;
  label: string;
  type: ColumnType;
}

export type TableRow = Record<string, string | number | null>;

export interface StatisticsTable {
  table: string;
  title: string;
  period: string;
  periodLabel: string;
  by: GroupBy;
  columns: TableColumn[];
  rows: TableRow[];
  total: TableRow;
}

/** Sums per (kind, detail) of one row dimension, plus the snapshot figures taken from the ledgers. */
class Cell {
  readonly facts = new Map<string, { n: number; fen: bigint; qty: number }>();
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

interface CountColumn {
  key: string;
  label: Label;
  type: 'count' | 'yuan';
  value(cell: Cell): number | bigint;
  /** A state at the period's end: by month, the total row is the last month's value, not a sum. */
  snapshot?: boolean;
}

interface AggregateTableDef {
  code: string;
  title: Label;
  columns: CountColumn[];
}

const count = (key: string, zh: string, en: string, value: (c: Cell) => number, snapshot = false): CountColumn => ({
  key,
  label: { 'zh-CN': zh, en },
  type: 'count',
  value,
  snapshot,
});
const amount = (key: string, zh: string, en: string, value: (c: Cell) => bigint): CountColumn => ({
  key,
  label: { 'zh-CN': zh, en },
  type: 'yuan',
  value,
});
const MEASURE = (m: string) => (c: Cell) => c.count('measure_taken', m);

const WORK_STATISTICS: AggregateTableDef = {
  code: 'work-statistics',
  title: { 'zh-CN': '打击非法集资专项行动工作情况统计表', en: 'Campaign work statistics' },
  columns: [
    count('leadsReceived', '排查受理线索（条）', 'Leads received', (c) => c.count('lead_received')),
    count('leadsReported', '上报联席办（条）', 'Reported to the office', (c) => c.count('lead_reported')),
    count('leadsReportedLate', '其中逾期上报（条）', 'of which late', (c) => c.count('lead_reported', 'late')),
    count('leadsRouted', '分办线索（条）', 'Leads routed', (c) => c.count('lead_routed')),
    count('meetingsHeld', '召开联席会议（次）', 'Joint meetings held', (c) => c.count('meeting_held')),
    count('casesOpened', '立案（风险）数（起）', 'Cases opened', (c) => c.count('case_opened')),
    count('jointTeams', '成立联合调查组（个）', 'Joint investigation teams', (c) => c.count('joint_team_formed')),
    count('warningTalks', '约谈警示（次）', 'Warning talks', MEASURE('warning_talk')),
    count('ordersToRectify', '责令整改（次）', 'Orders to rectify', MEASURE('order_rectify')),
    count('seizures', '查封扣押（次）', 'Seizures', MEASURE('seizure')),
    count('penalties', '行政处罚（件）', 'Administrative penalties', MEASURE('penalty')),
    amount('penaltyAmount', '罚没金额（元）', 'Penalty amount (yuan)', (c) => c.fen('measure_taken', 'penalty')),
    count('transfersToPolice', '移送公安（起）', 'Transfers to the police', (c) => c.count('transferred_to_police')),
    count('policeFiled', '公安立案（起）', 'Filed by the police', (c) => c.count('police_accepted')),
    amount('fundsRecovered', '追赃挽损金额（元）', 'Funds recovered (yuan)', (c) => c.fen('funds_recovered')),
    count('refundsSupervised', '监督清退（次）', 'Supervised refunds', MEASURE('supervised_refund')),
    amount('refundAmount', '清退金额（元）', 'Amount refunded (yuan)', (c) => c.fen('measure_taken', 'supervised_refund')),
    count('petitions', '处置信访（件）', 'Petitions handled', (c) => c.count('petition')),
    count('petitioners', '信访人数（人）', 'Petitioners', (c) => c.quantity('petition')),
    count('casesClosed', '办结（起）', 'Cases closed', (c) => c.count('case_closed')),
    count('risksWrittenOff', '风险销号（起）', 'Risks written off', (c) => c.count('risk_written_off')),
    count('deadlinesMissed', '逾期未办结（次）', 'Deadlines missed', (c) => c.count('deadline_missed')),
  ],
};

const LEAD_SCREENING: AggregateTableDef = {
  code: 'lead-screening',
  title: { 'zh-CN': '风险线索排查处置情况统计表', en: 'Risk lead screening and handling' },
  columns: [
    ...LEAD_SOURCE_CODES.map((source) =>
      count(`received_${source}`, `${LEAD_SOURCES[source]['zh-CN']}（条）`, `Received: ${LEAD_SOURCES[source].en}`, (c) =>
        c.count('lead_received', source),
      ),
    ),
    count('receivedTotal', '线索合计（条）', 'Leads received, total', (c) => c.count('lead_received')),
    count('verified', '已核查（条）', 'Verified', (c) => c.count('lead_closed_unfounded') + c.count('lead_founded')),
    count('unfounded', '核查不实（条）', 'Unfounded', (c) => c.count('lead_closed_unfounded')),
    count('founded', '核查属实（条）', 'Founded', (c) => c.count('lead_founded')),
    count('referredUp', '逐级上报（条）', 'Referred up', (c) => c.count('lead_referred_up')),
    count('casesOpened', '立案（风险）（起）', 'Cases opened', (c) => c.count('case_opened')),
    count('casesClosed', '办结（起）', 'Cases closed', (c) => c.count('case_closed')),
    count('writtenOff', '销号（起）', 'Written off', (c) => c.count('risk_written_off')),
    count('inProgress', '期末在办（起）', 'In progress at period end', (c) => c.casesInProgress, true),
  ],
};

const ENFORCEMENT: AggregateTableDef = {
  code: 'enforcement',
  title: { 'zh-CN': '执法情况统计表', en: 'Enforcement figures' },
  columns: [
    count('casesOpened', '新立案（起）', 'Cases opened', (c) => c.count('case_opened')),
    count('casesInvestigated', '期末在查（起）', 'Under investigation at period end', (c) => c.casesInProgress, true),
    count('determinationsRequested', '提请认定（件）', 'Determinations requested', (c) => c.count('determination_requested')),
    count('determinationsIssued', '出具认定意见（件）', 'Determination opinions issued', (c) => c.count('determination_issued')),
    count('determinedIllegal', '其中认定违法（件）', 'of which illegal', (c) => c.count('determination_issued', ...ACTIVITY_CATEGORY_CODES)),
    count('determinedNotIllegal', '其中认定不违法（件）', 'of which not illegal', (c) => c.count('determination_issued', 'not_illegal')),
    ...Object.entries(DETERMINING_BODY_LABELS).map(([body, l]) =>
      count(`natureBy_${body}`, `定性：${l['zh-CN']}（件）`, `Nature determined: ${l.en}`, (c) => c.count('nature_determined', body)),
    ),
    count('penalties', '行政处罚（件）', 'Administrative penalties', MEASURE('penalty')),
    amount('penaltyAmount', '罚没金额（元）', 'Penalty amount (yuan)', (c) => c.fen('measure_taken', 'penalty')),
    count('otherMeasures', '其他行政措施（次）', 'Other administrative measures', (c) =>
      c.count('measure_taken', 'warning_talk', 'order_rectify', 'seizure', 'supervised_refund'),
    ),
    count('transfersToPolice', '移送公安（起）', 'Transfers to the police', (c) => c.count('transferred_to_police')),
    count('policeAccepted', '公安立案（起）', 'Accepted (filed) by the police', (c) => c.count('police_accepted')),
    count('policeDeclined', '公安不予立案（起）', 'Declined by the police', (c) => c.count('police_declined')),
    count('policePending', '期末待公安答复（起）', 'Awaiting the police at period end', (c) => c.policePending, true),
    count('fundsFrozen', '冻结资金（次）', 'Funds frozen', (c) => c.count('funds_frozen')),
    amount('fundsFrozenAmount', '冻结金额（元）', 'Amount frozen (yuan)', (c) => c.fen('funds_frozen')),
    amount('fundsRecovered', '追赃挽损金额（元）', 'Funds recovered (yuan)', (c) => c.fen('funds_recovered')),
    count('prosecutions', '提起公诉（起）', 'Prosecutions', (c) => c.count('prosecution')),
    count('defendants', '起诉人数（人）', 'Defendants', (c) => c.quantity('prosecution')),
    count('judgments', '判决（起）', 'Judgments', (c) => c.count('judgment')),
    amount('judgmentAmount', '判决涉案金额（元）', 'Amount in judgments (yuan)', (c) => c.fen('judgment')),
  ],
};

const AGGREGATE_TABLES: readonly AggregateTableDef[] = [WORK_STATISTICS, LEAD_SCREENING, ENFORCEMENT];

interface RegisterColumn {
  key: string;
  label: Label;
  type: ColumnType;
}

const reg = (key: string, zh: string, en: string, type: ColumnType = 'text'): RegisterColumn => ({ key, label: { 'zh-CN': zh, en }, type });

const CROSS_PROVINCE = {
  code: 'cross-province',
  title: {
    'zh-CN': '跨省（自治区、直辖市）非法集资案件（风险）办理情况登记统计表',
    en: 'Register of cross-province illegal fundraising cases (risks)',
  },
  columns: [
    reg('caseNo', '案件编号', 'Case no.'),
    reg('title', '案件（风险）名称', 'Case (risk)'),
    reg('companies', '涉案主体', 'Companies involved'),
    reg('categoryLabel', '类别', 'Category'),
    reg('otherRegions', '涉及外省地区', 'Other provinces involved'),
    reg('amountInvolved', '涉案金额（元）', 'Amount involved (yuan)', 'yuan'),
    reg('participants', '参与人数（人）', 'Participants', 'count'),
    reg('amountFrozen', '冻结金额（元）', 'Amount frozen (yuan)', 'yuan'),
    reg('amountRecovered', '追赃挽损金额（元）', 'Funds recovered (yuan)', 'yuan'),
    reg('amountRefunded', '清退金额（元）', 'Amount refunded (yuan)', 'yuan'),
    reg('statusLabel', '办理进展', 'Status'),
    reg('leadUnit', '牵头单位', 'Lead unit'),
    reg('cooperatingUnits', '配合单位', 'Cooperating units'),
    reg('measures', '已采取措施', 'Measures taken'),
    reg('policeStatus', '移送公安情况', 'Police status'),
    reg('writtenOff', '是否销号', 'Written off'),
    reg('openedAt', '立案时间', 'Opened', 'date'),
    reg('closedAt', '办结时间', 'Closed', 'date'),
  ],
};

export interface TableInfo {
  code: string;
  title: Label;
  columns: Array<{ key: string; label: Label; type: ColumnType }>;
}

/** Every table with its columns (GET /statistics). */
export const STATISTICS_TABLES: readonly TableInfo[] = [...AGGREGATE_TABLES, CROSS_PROVINCE].map((t) => ({
  code: t.code,
  title: t.title,
  columns: t.columns.map((c) => ({ key: c.key, label: c.label, type: c.type })),
}));
export const STATISTICS_TABLE_CODES = STATISTICS_TABLES.map((t) => t.code);

export const GROUP_LABELS: Record<GroupBy, Label> = {
  unit: { 'zh-CN': '单位', en: 'Unit' },
  street: { 'zh-CN': '街道（园区）', en: 'Street' },
  field: { 'zh-CN': '领域', en: 'Field' },
  category: { 'zh-CN': '类别', en: 'Category' },
  month: { 'zh-CN': '月份', en: 'Month' },
};

export interface StatisticsContext {
  lang: Lang;
  registry: AgencyRegistry;
}

/** Table names qualified by the read model's PostgreSQL schema (raw SQL gets no search_path from TypeORM). */
function tablesOf(db: DataSource): { FACT: string; RISK: string; FACT_FROM: string } {
  const schema = schemaOf(db);
  const name = (table: string) => (schema ? `"${schema}"."${table}"` : `"${table}"`);
  const [FACT, LEAD, RISK] = [name(REPORT_FACT.table), name(LEAD_LEDGER.table), name(RISK_LEDGER.table)];
  return {
    FACT,
    RISK,
    FACT_FROM: `${FACT} f LEFT JOIN ${LEAD} l ON f.subject_type = 'lead' AND l.lead_id = f.subject_id LEFT JOIN ${RISK} r ON f.subject_type = 'case' AND r.case_id = f.subject_id`,
  };
}

/** The row dimension over facts (joined to the ledgers) and over cases alone. */
const FACT_DIMENSION: Record<GroupBy, string> = {
  unit: 'COALESCE(f.unit, l.unit, r.lead_unit)',
  street: 'COALESCE(l.street, r.street)',
  field: 'COALESCE(l.field, r.field)',
  category: 'COALESCE(l.category, r.category)',
  month: 'f.month',
};
const CASE_DIMENSION: Record<Exclude<GroupBy, 'month'>, string> = {
  unit: 'r.lead_unit',
  street: 'r.street',
  field: 'r.field',
  category: 'r.category',
};

/** Need-to-know over facts: the lead's or case's region (a meeting's or an obligation's own), street, or the unit acting or involved. */
function factScopeSql(scope: ReportScope): SqlCondition {
  if (scope.kind === 'region') {
    const lead = leadScopeSql(scope);
    const risk = riskScopeSql(scope);
    const meeting = regionCondition('f.jurisdiction', scope.region, 'scopeMeetingRegion');
    // Meetings and a unit's own obligations carry their region on the fact.
    return {
      sql: `(${lead.sql} OR ${risk.sql} OR (f.subject_type IN ('meeting', 'obligation') AND ${meeting.sql}))`,
      params: { ...lead.params, ...risk.params, ...meeting.params },
    };
  }
  if (scope.kind === 'street') {
    return {
      sql: "(l.street = :scopeStreet OR r.street = :scopeStreet OR (f.subject_type = 'obligation' AND f.unit = :scopeStreet))",
      params: { scopeStreet: scope.street },
    };
  }
  const risk = riskScopeSql(scope);
  return { sql: `(f.unit = :scopeUnit OR l.unit = :scopeUnit OR ${risk.sql})`, params: { ...risk.params, scopeUnit: scope.unit } };
}

/** Named parameters (:name) to the driver's positional form, so one SQL text serves both dialects. */
function positional(db: DataSource, sql: string, params: Record<string, unknown>): [string, unknown[]] {
  const values: unknown[] = [];
  const postgres = db.options.type === 'postgres';
  const text = sql.replace(/:(\w+)/g, (_, name: string) => {
    if (!(name in params)) throw new Error(`missing SQL parameter ${name}`);
    const value = params[name];
    if (Array.isArray(value)) {
      return value.map((v) => (values.push(v), postgres ? `$${values.length}` : '?')).join(', ');
    }
    values.push(value);
    return postgres ? `$${values.length}` : '?';
  });
  return [text, values];
}

async function run<T>(db: DataSource, sql: string, params: Record<string, unknown>): Promise<T[]> {
  const [text, values] = positional(db, sql, params);
  return (await db.query(text, values)) as T[];
}

/** How a dimension value reads: agencies by the registry, codes by their label tables, months as they are. */
function dimensionLabel(by: GroupBy, code: string | null, ctx: StatisticsContext): string {
  if (code === null || code === '') return UNSPECIFIED[ctx.lang];
  if (by === 'unit' || by === 'street') return ctx.registry.name(code, ctx.lang);
  if (by === 'field') return labelOf(FIELDS, code, ctx.lang);
  if (by === 'category') return labelOf(ACTIVITY_CATEGORIES, code, ctx.lang);
  return code;
}

/** Row order: months in time, fields and categories as their tables list them, agencies by code; unspecified last. */
function dimensionOrder(by: GroupBy): (a: string, b: string) => number {
  const known: readonly string[] | undefined = by === 'field' ? FIELD_CODES : by === 'category' ? ACTIVITY_CATEGORY_CODES : undefined;
  const rank = (c: string) => (c === '' ? Number.MAX_SAFE_INTEGER : known ? known.indexOf(c) : 0);
  return (a, b) => rank(a) - rank(b) || a.localeCompare(b);
}

async function aggregate(db: DataSource, def: AggregateTableDef, scope: ReportScope, period: Period, by: GroupBy): Promise<Map<string, Cell>> {
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
  return cells;
}

function valueOf(column: CountColumn, cell: Cell): number | string {
  const v = column.value(cell);
  return column.type === 'yuan' ? fromFen(BigInt(v)) : Number(v);
}

async function aggregateTable(
  db: DataSource,
  def: AggregateTableDef,
  scope: ReportScope,
  period: Period,
  by: GroupBy,
  ctx: StatisticsContext,
): Promise<Omit<StatisticsTable, 'period' | 'periodLabel' | 'by'>> {
  const cells = await aggregate(db, def, scope, period, by);
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
    if (column.snapshot && by === 'month') {
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
  };
}

interface RegisterCase {
  case_id: string;
  case_no: string;
  title: string;
  companies: string | null;
  category: string;
  cross_regions: string;
  jurisdiction: string;
  amount_involved_fen: number | string | null;
  participants: number | null;
  amount_frozen_fen: number | string;
  amount_recovered_fen: number | string;
  amount_refunded_fen: number | string;
  status: string;
  lead_unit: string;
  cooperating_units: string;
  transfer_status: string | null;
  police_filed_on: string | null;
  written_off: boolean | number;
  opened_at: string;
  closed_at: string | null;
  dim: string | null;
}

async function crossProvinceRegister(
  db: DataSource,
  scope: ReportScope,
  period: Period,
  by: GroupBy,
  ctx: StatisticsContext,
): Promise<Omit<StatisticsTable, 'period' | 'periodLabel' | 'by'>> {
  const { FACT, RISK } = tablesOf(db);
  const risk = riskScopeSql(scope);
  const dim = by === 'month' ? 'substr(r.opened_at, 1, 7)' : CASE_DIMENSION[by];
  // Every cross-province case open at some time in the period.
  const cases = await run<RegisterCase>(
    db,
    `SELECT r.case_id, r.case_no, r.title, r.companies, r.category, r.cross_regions, r.jurisdiction, r.amount_involved_fen, r.participants, r.amount_frozen_fen,
            r.amount_recovered_fen, r.amount_refunded_fen, r.status, r.lead_unit, r.cooperating_units, r.transfer_status, r.police_filed_on, r.written_off,
            r.opened_at, r.closed_at, ${dim} AS dim
       FROM ${RISK} r WHERE r.cross_province = TRUE AND r.opened_at < :end AND (r.closed_at IS NULL OR r.closed_at >= :start) AND ${risk.sql}
      ORDER BY ${dim}, r.opened_at, r.case_id`,
    { ...risk.params, start: period.start, end: period.end },
  );
  const measures = new Map<string, Set<string>>();
  for (let i = 0; i < cases.length; i += 500) {
    const ids = cases.slice(i, i + 500).map((c) => c.case_id);
    const rows = await run<{ subject_id: string; detail: string }>(
      db,
      `SELECT DISTINCT f.subject_id, f.detail FROM ${FACT} f WHERE f.kind = 'measure_taken' AND f.subject_type = 'case' AND f.subject_id IN (:ids) AND f.occurred_at < :end`,
      { ids, end: period.end },
    );
    for (const row of rows) measures.set(row.subject_id, (measures.get(row.subject_id) ?? new Set()).add(row.detail));
  }
  const { lang, registry } = ctx;
  const sep = lang === 'en' ? '; ' : '、';
  const yuanOf = (fen: number | string | null) => (fen === null ? null : fromFen(BigInt(fen)));
  const policeStatus = (c: RegisterCase) => {
    if (!c.transfer_status) return lang === 'en' ? 'Not transferred' : '未移送';
    const status = labelOf(TRANSFER_STATUS_LABELS, c.transfer_status, lang);
    return c.police_filed_on ? `${status}（${c.police_filed_on.slice(0, 10)}）` : status;
  };
  const rows: TableRow[] = cases.map((c) => {
    const others = c.cross_regions.split(',').filter((code) => code && code.slice(0, 2) !== c.jurisdiction.slice(0, 2));
    return {
      dimensionCode: c.dim,
      dimension: dimensionLabel(by, c.dim, ctx),
      caseId: c.case_id,
      caseNo: c.case_no,
      title: c.title,
      companies: c.companies,
      categoryLabel: labelOf(ACTIVITY_CATEGORIES, c.category, lang),
      otherRegions: others.map((code) => regionLabel(code, lang)).join(sep),
      amountInvolved: yuanOf(c.amount_involved_fen),
      participants: c.participants,
      amountFrozen: yuanOf(c.amount_frozen_fen),
      amountRecovered: yuanOf(c.amount_recovered_fen),
      amountRefunded: yuanOf(c.amount_refunded_fen),
      statusLabel: labelOf(CASE_STATUS_LABELS, c.status, lang),
      leadUnit: registry.name(c.lead_unit, lang),
      cooperatingUnits: c.cooperating_units
        .split(',')
        .filter(Boolean)
        .map((u) => registry.name(u, lang))
        .join(sep),
      measures: [...(measures.get(c.case_id) ?? [])]
        .sort()
        .map((m) => labelOf(MEASURE_LABELS, m, lang))
        .join(sep),
      policeStatus: policeStatus(c),
      writtenOff: yesNo(c.written_off === true || c.written_off === 1, lang),
      openedAt: c.opened_at,
      closedAt: c.closed_at,
    };
  });
  const sum = (key: string) => fromFen(rows.reduce((s, r) => s + (r[key] === null ? 0n : toFen(r[key] as string)), 0n));
  const total: TableRow = {
    dimensionCode: null,
    dimension: TOTAL[lang],
    caseNo: lang === 'en' ? `${rows.length} cases` : `共${rows.length}起`,
    amountInvolved: sum('amountInvolved'),
    participants: rows.reduce((s, r) => s + Number(r.participants ?? 0), 0),
    amountFrozen: sum('amountFrozen'),
    amountRecovered: sum('amountRecovered'),
    amountRefunded: sum('amountRefunded'),
  };
  return {
    table: CROSS_PROVINCE.code,
    title: CROSS_PROVINCE.title[lang],
    columns: [
      { key: 'dimension', label: GROUP_LABELS[by][lang], type: 'text' },
      ...CROSS_PROVINCE.columns.map((c) => ({ key: c.key, label: c.label[lang], type: c.type })),
    ],
    rows,
    total,
  };
}

/** One statistics table for a period, grouped by a dimension, with its total row, within the reader's scope. */
export async function statisticsTable(
  db: DataSource,
  actor: DomainActor,
  code: string,
  period: Period,
  by: GroupBy,
  ctx: StatisticsContext,
): Promise<StatisticsTable> {
  const scope = scopeOf(actor);
  const def = AGGREGATE_TABLES.find((t) => t.code === code);
  const body = def ? await aggregateTable(db, def, scope, period, by, ctx) : await crossProvinceRegister(db, scope, period, by, ctx);
  return { ...body, table: code, period: period.code, periodLabel: periodTitle(period, ctx.lang), by };
}

/** The period of a validated query (the pattern is checked by the DTO; the year range here). */
export function periodOf(code: string): Period {
  const period = parsePeriod(code);
  if (!period) throw invalidInput('period', `${PERIOD_FORMS}, with a year from 2000 to 2100`);
  return period;
}

export function assertTable(code: string): void {
  if (!STATISTICS_TABLE_CODES.includes(code)) throw new NotFoundError(`statistics table "${code}" (tables: ${STATISTICS_TABLE_CODES.join(', ')})`);
}
