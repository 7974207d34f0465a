/** The lead ledger's (线索台账) analyst query: its filters, sorts, need-to-know scope and items. */
import type { DataSource } from 'typeorm';
import type { DomainActor } from '@jm/contracts';
import { ACTIVITY_CATEGORIES, FIELDS, labelOf, LEAD_SOURCES, REPORT_CHANNELS } from '@jm/reference';
import { LeadLedgerEntity, LeadLedgerRow } from '../../read-model/read-model.tables';
import { containsPattern, leadScopeSql, LIKE_ESCAPE } from '../access/report-scope';
import { chinaDayStart, daysBetween } from '../vocabulary/period';
import { LEAD_STATUS_LABELS } from '../vocabulary/reporting-labels';
import type { LeadLedgerFilter } from './ledger-filters';
import { iterateLedger, label, LedgerContext, LedgerDef, LedgerPage, PageRequest, queryLedger, yuan } from './ledger-query';

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
      overdue:
        (!!r.reportDeadline && r.reportDeadline < nowIso && !r.reportedAt) ||
        (!!r.verificationDeadline && r.verificationDeadline < nowIso && !r.feedbackAt),
      ageDays: r.receivedAt ? daysBetween(r.receivedAt, r.feedbackAt ?? nowIso) : null,
      lastEventType: r.lastEventType,
      lastEventAt: r.lastEventAt,
    };
  },
};

export function queryLeadLedger(
  db: DataSource,
  actor: DomainActor,
  filter: LeadLedgerFilter,
  page: PageRequest,
  ctx: LedgerContext,
): Promise<LedgerPage<LeadLedgerItem>> {
  return queryLedger(LEAD_DEF, db, actor, filter, page, ctx);
}

export function iterateLeadLedger(
  db: DataSource,
  actor: DomainActor,
  filter: LeadLedgerFilter,
  ctx: LedgerContext,
  batch?: number,
): AsyncGenerator<LeadLedgerItem> {
  return iterateLedger(LEAD_DEF, db, actor, filter, ctx, batch);
}
