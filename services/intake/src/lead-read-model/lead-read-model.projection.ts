/**
 * Keeps the lead read model in step with intake's and cases' events. The
 * consumer runs each event in one transaction with its dedup row (so a
 * redelivered event is skipped); every write here is also an upsert or an
 * insert-or-ignore, so applying an event twice changes nothing. Events from
 * the two topics may arrive in either order (a lead routed before its receipt
 * is projected): nothing here assumes the summary row exists.
 */
import type {
  CaseClosedData,
  CaseOpenedData,
  CaseReopenedData,
  CaseUnitsAssignedData,
  InformantIdentityShreddedData,
  LeadAttachedToCaseData,
  LeadClosedUnfoundedData,
  LeadFoundedData,
  LeadLinkedData,
  LeadReceivedData,
  LeadReferredUpData,
  LeadReportedToOfficeData,
  LeadRoutedData,
  LeadSupplementedData,
  RiskWrittenOffData,
  StoredEvent,
  TransactionScope,
} from '@jm/shared';
import type { EntityManager } from 'typeorm';
import type { PublicStatus } from '../lead/lead.dto';
import {
  CaseLeadEntity,
  CaseUnitEntity,
  LeadStatusEntity,
  LeadStatusRow,
  LeadSummaryEntity,
  LeadSummaryRow,
  LeadVisibilityEntity,
  LeadVisibilityRow,
} from './lead-read-model.entities';

/** Event types this projection follows (intake's own and cases'). */
export const LEAD_READ_MODEL_EVENTS = [
  'LeadReceived', 'LeadReportedToOffice', 'LeadSupplemented', 'LeadLinked', 'InformantIdentityShredded',
  'LeadRouted', 'LeadReferredUp', 'LeadClosedUnfounded', 'LeadFounded',
  'CaseOpened', 'CaseUnitsAssigned', 'LeadAttachedToCase', 'CaseClosed', 'RiskWrittenOff', 'CaseReopened',
] as const;

/**
 * The informant's coarse status after an event (pure). Routing only moves a
 * lead that is still waiting; verification results and case steps always win.
 */
export function nextPublicStatus(current: PublicStatus | undefined, eventType: string): PublicStatus | undefined {
  switch (eventType) {
    case 'LeadReceived':
      return current ?? 'received';
    case 'LeadRouted':
    case 'LeadReferredUp':
      return current === undefined || current === 'received' ? 'processing' : current;
    case 'LeadClosedUnfounded':
      return 'unfounded';
    case 'LeadFounded':
    case 'CaseOpened':
    case 'LeadAttachedToCase':
    case 'CaseReopened':
      return 'case_opened';
    case 'CaseClosed':
    case 'RiskWrittenOff':
      return 'closed';
    default:
      return current;
  }
}

/**
 * The writes of one consumer transaction (one event, or a run of them): new
 * summary rows, visibility rows and status rows are kept here and written in
 * a few statements before the transaction commits, so a busy intake pays a
 * handful of statements per run instead of several per event. Everything else
 * (increments of an already stored summary, case links) goes to the database
 * at once, as before; the buffer only holds what no statement reads back
 * within the transaction, except statuses, which it reads through.
 */
class LeadWriteBuffer {
  readonly summaries = new Map<string, LeadSummaryRow>();
  private visibility: LeadVisibilityRow[] = [];
  private readonly statuses = new Map<string, LeadStatusRow | null>();
  private readonly dirtyStatuses = new Set<string>();

  constructor(readonly manager: EntityManager) {}

  see(leadId: string, agency: string, reason: string, since: string): void {
    this.visibility.push({ leadId, agency, reason, since });
  }

  async status(leadId: string): Promise<LeadStatusRow | undefined> {
    if (!this.statuses.has(leadId)) this.statuses.set(leadId, await this.manager.findOne(LeadStatusEntity, { where: { leadId } }));
    return this.statuses.get(leadId) ?? undefined;
  }

  setStatus(row: LeadStatusRow): void {
    this.statuses.set(row.leadId, row);
    this.dirtyStatuses.add(row.leadId);
  }

  async flush(): Promise<void> {
    const { manager } = this;
    if (this.summaries.size > 0) await manager.upsert(LeadSummaryEntity, [...this.summaries.values()], ['leadId']);
    if (this.visibility.length > 0) await manager.createQueryBuilder().insert().into(LeadVisibilityEntity).values(this.visibility).orIgnore().execute();
    if (this.dirtyStatuses.size > 0) await manager.upsert(LeadStatusEntity, [...this.dirtyStatuses].map((id) => this.statuses.get(id)!), ['leadId']);
    this.summaries.clear();
    this.visibility = [];
    this.dirtyStatuses.clear();
  }
}

/** Where a consumer transaction keeps its buffer (see TransactionScope in @jm/shared). */
type Scope = Pick<TransactionScope, 'memo' | 'beforeCommit'>;

export class LeadReadModelProjection {
  /**
   * Applies one event. With the consumer transaction's scope, the buffered
   * writes go out once before it commits; without one, at the end of this call.
   */
  async apply(event: StoredEvent, manager: EntityManager, scope?: Scope): Promise<void> {
    if (!scope) {
      const buffer = new LeadWriteBuffer(manager);
      await this.applyTo(buffer, event);
      await buffer.flush();
      return;
    }
    let buffer = scope.memo.get(LeadWriteBuffer) as LeadWriteBuffer | undefined;
    if (!buffer) {
      const created = new LeadWriteBuffer(manager);
      buffer = created;
      scope.memo.set(LeadWriteBuffer, created);
      scope.beforeCommit(() => created.flush());
    }
    await this.applyTo(buffer, event);
  }

  private async applyTo(b: LeadWriteBuffer, event: StoredEvent): Promise<void> {
    const manager = b.manager;
    switch (event.type) {
      case 'LeadReceived':
        return this.received(event.data as LeadReceivedData, event, b);
      case 'LeadReportedToOffice': {
        const data = event.data as LeadReportedToOfficeData;
        const pending = b.summaries.get(data.leadId);
        if (pending) pending.reportedAt = data.reportedAt;
        else await manager.update(LeadSummaryEntity, { leadId: data.leadId }, { reportedAt: data.reportedAt });
        b.see(data.leadId, data.office, 'office', event.time);
        return;
      }
      case 'LeadSupplemented': {
        const leadId = (event.data as LeadSupplementedData).leadId;
        const pending = b.summaries.get(leadId);
        if (pending) pending.supplements += 1;
        else await manager.increment(LeadSummaryEntity, { leadId }, 'supplements', 1);
        return;
      }
      case 'LeadLinked': {
        const leadId = (event.data as LeadLinkedData).leadId;
        const pending = b.summaries.get(leadId);
        if (pending) pending.links += 1;
        else await manager.increment(LeadSummaryEntity, { leadId }, 'links', 1);
        return;
      }
      case 'InformantIdentityShredded': {
        const leadId = (event.data as InformantIdentityShreddedData).leadId;
        const pending = b.summaries.get(leadId);
        if (pending) pending.informant = 'shredded';
        else await manager.update(LeadSummaryEntity, { leadId }, { informant: 'shredded' });
        return;
      }
      case 'LeadRouted': {
        const data = event.data as LeadRoutedData;
        b.see(data.leadId, data.unit, 'routed', event.time);
        if (data.street) b.see(data.leadId, data.street, 'street', event.time);
        return this.status(b, [data.leadId], event);
      }
      case 'LeadReferredUp': {
        const data = event.data as LeadReferredUpData;
        b.see(data.leadId, data.to, 'referred_up', event.time);
        return this.status(b, [data.leadId], event);
      }
      case 'LeadClosedUnfounded':
        return this.status(b, [(event.data as LeadClosedUnfoundedData).leadId], event);
      case 'LeadFounded': {
        const data = event.data as LeadFoundedData;
        return this.status(b, [data.leadId], event, data.caseId);
      }
      case 'CaseOpened': {
        const data = event.data as CaseOpenedData;
        for (const leadId of data.leadIds) await manager.createQueryBuilder().insert().into(CaseLeadEntity).values({ caseId: data.caseId, leadId }).orIgnore().execute();
        await this.caseUnits(b, data.caseId, [data.leadUnit, ...data.cooperatingUnits], event.time);
        return this.status(b, data.leadIds, event, data.caseId);
      }
      case 'CaseUnitsAssigned': {
        const data = event.data as CaseUnitsAssignedData;
        return this.caseUnits(b, data.caseId, [data.leadUnit, ...data.cooperatingUnits], event.time);
      }
      case 'LeadAttachedToCase': {
        const data = event.data as LeadAttachedToCaseData;
        await manager.createQueryBuilder().insert().into(CaseLeadEntity).values({ caseId: data.caseId, leadId: data.leadId }).orIgnore().execute();
        await this.caseUnits(b, data.caseId, [], event.time);
        return this.status(b, [data.leadId], event, data.caseId);
      }
      case 'CaseClosed':
      case 'RiskWrittenOff':
      case 'CaseReopened': {
        const { caseId } = event.data as CaseClosedData | RiskWrittenOffData | CaseReopenedData;
        const leads = await manager.find(CaseLeadEntity, { where: { caseId } });
        return this.status(b, leads.map((l) => l.leadId), event, caseId);
      }
      default:
        return;
    }
  }

  private async received(data: LeadReceivedData, event: StoredEvent, b: LeadWriteBuffer): Promise<void> {
    b.summaries.set(data.leadId, {
      leadId: data.leadId, receiptNo: data.receiptNo, title: data.title, category: data.category, field: data.field, source: data.source,
      channel: data.channel, jurisdiction: data.jurisdiction, street: data.street ?? null, receivedBy: data.receivedBy, receivedAt: data.receivedAt,
      office: data.office, reportDeadline: data.reportDeadline, reportedAt: null, major: data.major, anonymous: data.anonymous,
      amountYuan: data.amountYuan ?? null, participants: data.participants ?? null, informant: data.informant ? 'sealed' : 'absent', links: 0, supplements: 0,
    });
    b.see(data.leadId, data.receivedBy, 'received', event.time);
    b.see(data.leadId, data.office, 'office', event.time);
    await this.status(b, [data.leadId], event);
  }

  /** Adds units to a case and lets every unit of the case see every lead of it. */
  private async caseUnits(b: LeadWriteBuffer, caseId: string, agencies: string[], since: string): Promise<void> {
    const manager = b.manager;
    for (const agency of new Set(agencies)) await manager.createQueryBuilder().insert().into(CaseUnitEntity).values({ caseId, agency }).orIgnore().execute();
    const [leads, units] = await Promise.all([manager.find(CaseLeadEntity, { where: { caseId } }), manager.find(CaseUnitEntity, { where: { caseId } })]);
    for (const lead of leads) for (const unit of units) b.see(lead.leadId, unit.agency, 'case_unit', since);
  }

  private async status(b: LeadWriteBuffer, leadIds: string[], event: StoredEvent, caseId?: string): Promise<void> {
    for (const leadId of leadIds) {
      const row = await b.status(leadId);
      const status = nextPublicStatus(row?.status, event.type);
      if (!status || (row && row.status === status && (caseId === undefined || row.caseId === caseId))) continue;
      b.setStatus({ leadId, status, caseId: caseId ?? row?.caseId ?? null, updatedAt: event.time });
    }
  }
}
