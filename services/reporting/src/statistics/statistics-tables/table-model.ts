/** The shapes every statistics table shares: its grouping, columns, rows and the context it is read in. */
import type { StatisticsSource } from '@jm/contracts';
import type { AgencyRegistry, Label, Lang } from '@jm/reference';

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
  /** Federation: the deployments below whose reported figures the rows include, each month's submission and as of when. */
  includes?: StatisticsSource[];
}

export interface TableInfo {
  code: string;
  title: Label;
  columns: Array<{ key: string; label: Label; type: ColumnType }>;
}

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
