/** 附件4 跨省非法集资案件登记统计表: one row per cross-province case open in the period. */
import type { Label } from '@jm/reference';
import { ACTIVITY_CATEGORIES, fromFen, labelOf, toFen } from '@jm/reference';
import type { DataSource } from 'typeorm';
import { Period } from '../vocabulary/period';
import { CASE_STATUS_LABELS, MEASURE_LABELS, regionLabel, TOTAL, TRANSFER_STATUS_LABELS, yesNo } from '../vocabulary/reporting-labels';
import { ReportScope, riskScopeSql } from '../access/report-scope';
import { CASE_DIMENSION, dimensionLabel } from './dimensions';
import { run, tablesOf } from './statistics-sql';
import { ColumnType, GROUP_LABELS, GroupBy, StatisticsContext, StatisticsTable, TableRow } from './table-model';

interface RegisterColumn {
  key: string;
  label: Label;
  type: ColumnType;
}

const reg = (key: string, zh: string, en: string, type: ColumnType = 'text'): RegisterColumn => ({ key, label: { 'zh-CN': zh, en }, type });

export const CROSS_PROVINCE = {
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

export async function crossProvinceRegister(
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
