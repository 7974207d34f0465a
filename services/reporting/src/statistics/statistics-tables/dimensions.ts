/** The row dimensions of the tables: their SQL over facts and cases, how a value reads and the row order. */
import { ACTIVITY_CATEGORIES, ACTIVITY_CATEGORY_CODES, FIELD_CODES, FIELDS, labelOf } from '@jm/reference';
import { UNSPECIFIED } from '../vocabulary/reporting-labels';
import type { GroupBy, StatisticsContext } from './table-model';

/** The row dimension over facts (joined to the ledgers) and over cases alone. */
export const FACT_DIMENSION: Record<GroupBy, string> = {
  unit: 'COALESCE(f.unit, l.unit, r.lead_unit)',
  street: 'COALESCE(l.street, r.street)',
  field: 'COALESCE(l.field, r.field)',
  category: 'COALESCE(l.category, r.category)',
  month: 'f.month',
};
export const CASE_DIMENSION: Record<Exclude<GroupBy, 'month'>, string> = {
  unit: 'r.lead_unit',
  street: 'r.street',
  field: 'r.field',
  category: 'r.category',
};

/** How a dimension value reads: agencies by the registry, codes by their label tables, months as they are. */
export function dimensionLabel(by: GroupBy, code: string | null, ctx: StatisticsContext): string {
  if (code === null || code === '') return UNSPECIFIED[ctx.lang];
  if (by === 'unit' || by === 'street') return ctx.registry.name(code, ctx.lang);
  if (by === 'field') return labelOf(FIELDS, code, ctx.lang);
  if (by === 'category') return labelOf(ACTIVITY_CATEGORIES, code, ctx.lang);
  return code;
}

/** Row order: months in time, fields and categories as their tables list them, agencies by code; unspecified last. */
export function dimensionOrder(by: GroupBy): (a: string, b: string) => number {
  const known: readonly string[] | undefined = by === 'field' ? FIELD_CODES : by === 'category' ? ACTIVITY_CATEGORY_CODES : undefined;
  const rank = (c: string) => (c === '' ? Number.MAX_SAFE_INTEGER : known ? known.indexOf(c) : 0);
  return (a, b) => rank(a) - rank(b) || a.localeCompare(b);
}
