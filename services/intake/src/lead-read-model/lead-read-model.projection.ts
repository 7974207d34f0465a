/**
 * Keeps the lead read model in step with intake's and cases' events. The
 * consumer runs each event in one transaction with its dedup row (so a
 * redelivered event is skipped); every write here is also an upsert or an
 * insert-or-ignore, so applying an event twice changes nothing. Events from
 * the two topics may arrive in either order (a lead routed before its receipt
 * is projected): nothing here assumes the summary row exists.
 */
import { TransactionScope } from '@jm/bus';
import { LeadReceivedData, publishedDecoder } from '@jm/contracts';
import { assertNever, StoredEvent } from '@jm/event-sourcing';
import type { EntityManager } from 'typeorm';
import type { PublicStatus } from '../lead/lead.dto';
import { CaseLeadEntity, CaseUnitEntity, LeadStatusRow, LeadSummaryEntity } from './lead-read-model.entities';
import { LeadReadModelBuffer } from './lead-read-model.buffer';

/** Event types this projection follows (intake's own and cases'). */
export const LEAD_READ_MODEL_EVENTS = [
  'LeadReceived',
  'LeadReportedToOffice',
  'LeadSupplemented',
  'LeadLinked',
  'InformantIdentityShredded',
  'LeadRouted',
  'LeadReferredUp',
  'LeadClosedUnfounded',
  'LeadFounded',
  'CaseOpened',
  'CaseUnitsAssigned',
  'LeadAttachedToCase',
  'CaseClosed',
  'RiskWrittenOff',
  'CaseReopened',
] as const;

const decode = publishedDecoder('lead read model', LEAD_READ_MODEL_EVENTS);

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

export class LeadReadModelProjection {
  /**
   * Applies one event inside the consumer's transaction. Summary, status and
   * visibility writes go through the transaction's LeadReadModelBuffer (written
   * before the commit); the case tables, which it reads back, are written at once.
   */
  async apply(event: StoredEvent, manager: EntityManager, scope: TransactionScope): Promise<void> {
    const buffer = LeadReadModelBuffer.of(scope, manager);
    const e = decode(event);
    switch (e.type) {
      case 'LeadReceived':
        return this.received(e.data, event, buffer);
      case 'LeadReportedToOffice': {
        const data = e.data;
        buffer.changeSummary(
          data.leadId,
          (row) => (row.reportedAt = data.reportedAt),
          (m) => m.update(LeadSummaryEntity, { leadId: data.leadId }, { reportedAt: data.reportedAt }),
        );
        this.see(buffer, data.leadId, data.office, 'office', event.time);
        return;
      }
      case 'LeadSupplemented': {
        const { leadId } = e.data;
        buffer.changeSummary(
          leadId,
          (row) => (row.supplements += 1),
          (m) => m.increment(LeadSummaryEntity, { leadId }, 'supplements', 1),
        );
        return;
      }
      case 'LeadLinked': {
        const { leadId } = e.data;
        buffer.changeSummary(
          leadId,
          (row) => (row.links += 1),
          (m) => m.increment(LeadSummaryEntity, { leadId }, 'links', 1),
        );
        return;
      }
      case 'InformantIdentityShredded': {
        const { leadId } = e.data;
        buffer.changeSummary(
          leadId,
          (row) => (row.informant = 'shredded'),
          (m) => m.update(LeadSummaryEntity, { leadId }, { informant: 'shredded' }),
        );
        return;
      }
      case 'LeadRouted': {
        const data = e.data;
        this.see(buffer, data.leadId, data.unit, 'routed', event.time);
        if (data.street) this.see(buffer, data.leadId, data.street, 'street', event.time);
        return this.status(buffer, [data.leadId], event);
      }
      case 'LeadReferredUp': {
        const data = e.data;
        this.see(buffer, data.leadId, data.to, 'referred_up', event.time);
        return this.status(buffer, [data.leadId], event);
      }
      case 'LeadClosedUnfounded':
        return this.status(buffer, [e.data.leadId], event);
      case 'LeadFounded': {
        const data = e.data;
        return this.status(buffer, [data.leadId], event, data.caseId);
      }
      case 'CaseOpened': {
        const data = e.data;
        for (const leadId of data.leadIds)
          await manager.createQueryBuilder().insert().into(CaseLeadEntity).values({ caseId: data.caseId, leadId }).orIgnore().execute();
        await this.caseUnits(manager, buffer, data.caseId, [data.leadUnit, ...data.cooperatingUnits], event.time);
        return this.status(buffer, data.leadIds, event, data.caseId);
      }
      case 'CaseUnitsAssigned': {
        const data = e.data;
        return this.caseUnits(manager, buffer, data.caseId, [data.leadUnit, ...data.cooperatingUnits], event.time);
      }
      case 'LeadAttachedToCase': {
        const data = e.data;
        await manager.createQueryBuilder().insert().into(CaseLeadEntity).values({ caseId: data.caseId, leadId: data.leadId }).orIgnore().execute();
        await this.caseUnits(manager, buffer, data.caseId, [], event.time);
        return this.status(buffer, [data.leadId], event, data.caseId);
      }
      case 'CaseClosed':
      case 'RiskWrittenOff':
      case 'CaseReopened': {
        const { caseId } = e.data;
        const leads = await manager.find(CaseLeadEntity, { where: { caseId } });
        return this.status(
          buffer,
          leads.map((l) => l.leadId),
          event,
          caseId,
        );
      }
      default:
        return assertNever(e, 'lead read model event');
    }
  }

  private async received(data: LeadReceivedData, event: StoredEvent, buffer: LeadReadModelBuffer): Promise<void> {
    buffer.upsertSummary({
      leadId: data.leadId,
      receiptNo: data.receiptNo,
      title: data.title,
      category: data.category,
      field: data.field,
      source: data.source,
      channel: data.channel,
      jurisdiction: data.jurisdiction,
      street: data.street ?? null,
      receivedBy: data.receivedBy,
      receivedAt: data.receivedAt,
      office: data.office,
      reportDeadline: data.reportDeadline,
      reportedAt: null,
      major: data.major,
      anonymous: data.anonymous,
      amountYuan: data.amountYuan ?? null,
      participants: data.participants ?? null,
      informant: data.informant ? 'sealed' : 'absent',
      links: 0,
      supplements: 0,
    });
    this.see(buffer, data.leadId, data.receivedBy, 'received', event.time, [{ agency: data.office, reason: 'office' }]);
    // nextPublicStatus keeps any status a lead has on its receipt: insert-if-absent, no read needed.
    if (!buffer.statusIfAbsent({ leadId: data.leadId, status: 'received', caseId: null, updatedAt: event.time }))
      await this.status(buffer, [data.leadId], event);
  }

  /** Lets agencies see a lead. */
  private see(
    buffer: LeadReadModelBuffer,
    leadId: string,
    agency: string,
    reason: string,
    since: string,
    more: Array<{ agency: string; reason: string }> = [],
  ): void {
    buffer.see([{ agency, reason }, ...more].map((r) => ({ leadId, agency: r.agency, reason: r.reason, since })));
  }

  /** Adds units to a case and lets every unit of the case see every lead of it. */
  private async caseUnits(manager: EntityManager, buffer: LeadReadModelBuffer, caseId: string, agencies: string[], since: string): Promise<void> {
    for (const agency of new Set(agencies))
      await manager.createQueryBuilder().insert().into(CaseUnitEntity).values({ caseId, agency }).orIgnore().execute();
    const [leads, units] = await Promise.all([
      manager.find(CaseLeadEntity, { where: { caseId } }),
      manager.find(CaseUnitEntity, { where: { caseId } }),
    ]);
    for (const lead of leads) for (const unit of units) this.see(buffer, lead.leadId, unit.agency, 'case_unit', since);
  }

  private async status(buffer: LeadReadModelBuffer, leadIds: string[], event: StoredEvent, caseId?: string): Promise<void> {
    for (const leadId of leadIds) {
      const row = await buffer.status(leadId);
      const status = nextPublicStatus(row?.status, event.type);
      if (!status || (row && row.status === status && (caseId === undefined || row.caseId === caseId))) continue;
      const next: LeadStatusRow = { leadId, status, caseId: caseId ?? row?.caseId ?? null, updatedAt: event.time };
      buffer.setStatus(next);
    }
  }
}
