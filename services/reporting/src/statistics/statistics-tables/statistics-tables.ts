/**
 * The campaign's statistics tables (附件2 工作情况统计表, 附件3 风险线索排查处置
 * 情况统计表, 附件4 跨省非法集资案件登记统计表) and the enforcement figures, as
 * aggregates over report_fact (grouped by the China-time `month`) joined to the
 * ledgers for street, field and category; "in progress at period end" and
 * "awaiting the police" come from the ledgers' times and the transfer facts up
 * to the period's end. Column definitions are data, so the API, the listing and
 * the exports read the same columns. This module lists the tables and answers one;
 * each table is declared in its own `*.table.ts`.
 */
import type { DomainActor } from '@jm/contracts';
import { NotFoundError } from '@jm/event-sourcing';
import type { DataSource } from 'typeorm';
import { invalidInput } from '../ledger-queries/ledger-query';
import { parsePeriod, Period, PERIOD_FORMS, periodTitle } from '../vocabulary/period';
import { scopeOf } from '../access/report-scope';
import { AggregateTableDef, aggregateTable } from './aggregate-table';
import { CROSS_PROVINCE, crossProvinceRegister } from './cross-province.table';
import { ENFORCEMENT } from './enforcement.table';
import { LEAD_SCREENING } from './lead-screening.table';
import type { GroupBy, StatisticsContext, StatisticsTable, TableInfo } from './table-model';
import { WORK_STATISTICS } from './work-statistics.table';

export { GROUP_BY, GROUP_LABELS } from './table-model';
export type { GroupBy, StatisticsContext, StatisticsTable, TableInfo } from './table-model';

const AGGREGATE_TABLES: readonly AggregateTableDef[] = [WORK_STATISTICS, LEAD_SCREENING, ENFORCEMENT];

/** Every table with its columns (GET /statistics). */
export const STATISTICS_TABLES: readonly TableInfo[] = [...AGGREGATE_TABLES, CROSS_PROVINCE].map((t) => ({
  code: t.code,
  title: t.title,
  columns: t.columns.map((c) => ({ key: c.key, label: c.label, type: c.type })),
}));
export const STATISTICS_TABLE_CODES = STATISTICS_TABLES.map((t) => t.code);

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
