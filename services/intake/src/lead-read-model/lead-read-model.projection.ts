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
} from '@jm/shared';
import type { EntityManager } from 'typeorm';
import type { PublicStatus } from '../lead/lead.dto';
import {
  CaseLeadEntity,
  CaseUnitEntity,
  LeadStatusEntity,
  LeadStatusRow,
  LeadSummaryEntity,
  LeadVisibilityEntity,
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

export class LeadReadModelProjection {
  async apply(event: StoredEvent, manager: EntityManager): Promise<void> {
    switch (event.type) {
      case 'LeadReceived':
        return this.received(event.data as LeadReceivedData, event, manager);
      case 'LeadReportedToOffice': {
        const data = event.data as LeadReportedToOfficeData;
        await manager.update(LeadSummaryEntity, { leadId: data.leadId }, { reportedAt: data.reportedAt });
        await this.see(manager, data.leadId, data.office, 'office', event.time);
        return;
      }
      case 'LeadSupplemented':
        await manager.increment(LeadSummaryEntity, { leadId: (event.data as LeadSupplementedData).leadId }, 'supplements', 1);
        return;
      case 'LeadLinked':
        await manager.increment(LeadSummaryEntity, { leadId: (event.data as LeadLinkedData).leadId }, 'links', 1);
        return;
      case 'InformantIdentityShredded':
        await manager.update(LeadSummaryEntity, { leadId: (event.data as InformantIdentityShreddedData).leadId }, { informant: 'shredded' });
        return;
      case 'LeadRouted': {
        const data = event.data as LeadRoutedData;
        await this.see(manager, data.leadId, data.unit, 'routed', event.time);
        if (data.street) await this.see(manager, data.leadId, data.street, 'street', event.time);
        return this.status(manager, [data.leadId], event);
      }
      case 'LeadReferredUp': {
        const data = event.data as LeadReferredUpData;
        await this.see(manager, data.leadId, data.to, 'referred_up', event.time);
        return this.status(manager, [data.leadId], event);
      }
      case 'LeadClosedUnfounded':
        return this.status(manager, [(event.data as LeadClosedUnfoundedData).leadId], event);
      case 'LeadFounded': {
        const data = event.data as LeadFoundedData;
        return this.status(manager, [data.leadId], event, data.caseId);
      }
      case 'CaseOpened': {
        const data = event.data as CaseOpenedData;
        for (const leadId of data.leadIds) await manager.createQueryBuilder().insert().into(CaseLeadEntity).values({ caseId: data.caseId, leadId }).orIgnore().execute();
        await this.caseUnits(manager, data.caseId, [data.leadUnit, ...data.cooperatingUnits], event.time);
        return this.status(manager, data.leadIds, event, data.caseId);
      }
      case 'CaseUnitsAssigned': {
        const data = event.data as CaseUnitsAssignedData;
        return this.caseUnits(manager, data.caseId, [data.leadUnit, ...data.cooperatingUnits], event.time);
      }
      case 'LeadAttachedToCase': {
        const data = event.data as LeadAttachedToCaseData;
        await manager.createQueryBuilder().insert().into(CaseLeadEntity).values({ caseId: data.caseId, leadId: data.leadId }).orIgnore().execute();
        await this.caseUnits(manager, data.caseId, [], event.time);
        return this.status(manager, [data.leadId], event, data.caseId);
      }
      case 'CaseClosed':
      case 'RiskWrittenOff':
      case 'CaseReopened': {
        const { caseId } = event.data as CaseClosedData | RiskWrittenOffData | CaseReopenedData;
        const leads = await manager.find(CaseLeadEntity, { where: { caseId } });
        return this.status(manager, leads.map((l) => l.leadId), event, caseId);
      }
      default:
        return;
    }
  }

  private async received(data: LeadReceivedData, event: StoredEvent, manager: EntityManager): Promise<void> {
    await manager.upsert(
      LeadSummaryEntity,
      {
        leadId: data.leadId, receiptNo: data.receiptNo, title: data.title, category: data.category, field: data.field, source: data.source,
        channel: data.channel, jurisdiction: data.jurisdiction, street: data.street ?? null, receivedBy: data.receivedBy, receivedAt: data.receivedAt,
        office: data.office, reportDeadline: data.reportDeadline, reportedAt: null, major: data.major, anonymous: data.anonymous,
        amountYuan: data.amountYuan ?? null, participants: data.participants ?? null, informant: data.informant ? 'sealed' : 'absent', links: 0, supplements: 0,
      },
      ['leadId'],
    );
    await this.see(manager, data.leadId, data.receivedBy, 'received', event.time, [{ agency: data.office, reason: 'office' }]);
    await this.status(manager, [data.leadId], event);
  }

  /** Lets agencies see a lead (one statement however many). */
  private async see(manager: EntityManager, leadId: string, agency: string, reason: string, since: string, more: Array<{ agency: string; reason: string }> = []): Promise<void> {
    const rows = [{ agency, reason }, ...more].map((r) => ({ leadId, agency: r.agency, reason: r.reason, since }));
    await manager.createQueryBuilder().insert().into(LeadVisibilityEntity).values(rows).orIgnore().execute();
  }

  /** Adds units to a case and lets every unit of the case see every lead of it. */
  private async caseUnits(manager: EntityManager, caseId: string, agencies: string[], since: string): Promise<void> {
    for (const agency of new Set(agencies)) await manager.createQueryBuilder().insert().into(CaseUnitEntity).values({ caseId, agency }).orIgnore().execute();
    const [leads, units] = await Promise.all([manager.find(CaseLeadEntity, { where: { caseId } }), manager.find(CaseUnitEntity, { where: { caseId } })]);
    for (const lead of leads) for (const unit of units) await this.see(manager, lead.leadId, unit.agency, 'case_unit', since);
  }

  private async status(manager: EntityManager, leadIds: string[], event: StoredEvent, caseId?: string): Promise<void> {
    for (const leadId of leadIds) {
      const row = await manager.findOne(LeadStatusEntity, { where: { leadId } });
      const status = nextPublicStatus(row?.status, event.type);
      if (!status || (row && row.status === status && (caseId === undefined || row.caseId === caseId))) continue;
      const next: LeadStatusRow = { leadId, status, caseId: caseId ?? row?.caseId ?? null, updatedAt: event.time };
      await manager.upsert(LeadStatusEntity, next, ['leadId']);
    }
  }
}
