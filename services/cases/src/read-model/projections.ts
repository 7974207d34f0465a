/**
 * Projections of the cases read models: each row holds the stream's folded
 * state (evolved with the decider's own evolve, so list and detail never
 * disagree) and the stream version it reflects; an event at or below that
 * version was already applied and changes nothing. Writes go through the
 * consumer's transaction (ctx.manager), which also records the event as handled.
 */
import { decodeCaseEvent, decodeMeetingEvent, decodeRoutingEvent } from '@jm/contracts';
import { StoredEvent } from '@jm/event-sourcing';
import type { EntityManager } from 'typeorm';
import { audienceOf } from '../access/need-to-know';
import { caseDecider } from '../case/case.decider';
import type { CaseEvent } from '../case/case.events';
import type { CaseState } from '../case/case';
import { evolveTriage, initialTriageState, TriageState } from '../triage/triage';
import { CaseSummaryEntity, CaseSummaryRow, CaseVisibilityEntity, LeadTriageEntity, LeadTriageRow } from './read-model.entities';

/** The row columns of a triage state (pure). */
export function triageRow(leadId: string, state: TriageState, version: number, updatedAt: string): LeadTriageRow {
  const opened = state.status === 'not_reported' ? undefined : state;
  const routing = opened && 'routing' in opened ? opened.routing : undefined;
  return {
    leadId,
    status: state.status,
    office: opened?.office ?? null,
    jurisdiction: opened?.summary.jurisdiction ?? null,
    title: opened?.summary.title ?? null,
    category: opened?.summary.category ?? null,
    field: opened?.summary.field ?? null,
    street: opened?.summary.street ?? null,
    unit: routing?.unit ?? null,
    routedStreet: routing?.street ?? null,
    rule: routing?.rule ?? null,
    deadline: routing?.deadline ?? null,
    caseId: state.status === 'founded' ? state.caseId : null,
    receivedAt: opened?.summary.receivedAt ?? null,
    updatedAt,
    version,
    state: JSON.stringify(state),
  };
}

export async function projectTriageEvent(manager: EntityManager, event: StoredEvent, leadId: string): Promise<void> {
  const repo = manager.getRepository(LeadTriageEntity);
  const row = await repo.findOne({ where: { leadId } });
  if (row && event.streamVersion <= row.version) return;
  const before: TriageState = row ? (JSON.parse(row.state) as TriageState) : initialTriageState();
  const after = evolveTriage(before, decodeRoutingEvent(event));
  await repo.save(triageRow(leadId, after, event.streamVersion, event.time));
}

/** The row columns of a case state (pure); undefined before the case is opened. */
export function caseRow(state: CaseState, version: number, openedAt: string, updatedAt: string): CaseSummaryRow | undefined {
  if (state.status === 'none') return undefined;
  const f = state.facts;
  return {
    caseId: f.caseId,
    caseNo: f.caseNo,
    title: f.title,
    status: state.status,
    category: f.category,
    field: f.field,
    jurisdiction: f.jurisdiction,
    street: f.street ?? null,
    office: f.office,
    leadUnit: f.leadUnit,
    openedAt,
    updatedAt,
    version,
    state: JSON.stringify(state),
  };
}

export async function projectCaseEvent(manager: EntityManager, event: StoredEvent, caseId: string): Promise<void> {
  const repo = manager.getRepository(CaseSummaryEntity);
  const row = await repo.findOne({ where: { caseId } });
  if (row && event.streamVersion <= row.version) return;
  // The stored event read through its contract: typed as the domain event it is.
  const domainEvent: CaseEvent = decodeCaseEvent(event);
  const before: CaseState = row ? (JSON.parse(row.state) as CaseState) : caseDecider.initialState();
  const after = caseDecider.evolve(before, domainEvent);
  const next = caseRow(after, event.streamVersion, row?.openedAt ?? event.time, event.time);
  if (next) await repo.save(next);
  await grant(manager, caseId, audienceOf(domainEvent), event.time);
}

/** The convening office of a meeting a case was put before may see the case. */
export async function projectAgendaVisibility(manager: EntityManager, event: StoredEvent): Promise<void> {
  const decoded = decodeMeetingEvent(event);
  if (decoded.type !== 'CasePutOnAgenda') return;
  await grant(manager, decoded.data.caseId, [{ agency: decoded.data.office, reason: 'meeting' }], event.time);
}

async function grant(manager: EntityManager, caseId: string, entries: Array<{ agency: string; reason: string }>, since: string): Promise<void> {
  const repo = manager.getRepository(CaseVisibilityEntity);
  for (const { agency, reason } of entries) {
    // The first reason stays: it says since when and why the agency knows the case.
    if (await repo.findOne({ where: { caseId, agency } })) continue;
    await repo.insert({ caseId, agency, reason, since });
  }
}
