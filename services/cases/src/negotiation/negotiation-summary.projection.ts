/**
 * The negotiation list's projection: a pure evolve of the row by one negotiation event and a thin writer
 * through the consumer's transaction. An event at or below the row's version was applied already.
 */
import { decodeNegotiationEvent, NEGOTIATION_STREAM_PREFIX } from '@jm/contracts';
import { assertNever, StoredEvent } from '@jm/event-sourcing';
import { projection } from '@jm/platform';
import type { EntityManager } from 'typeorm';
import { NEGOTIATION_EVENT_TYPES } from './negotiation.events';
import { NegotiationSummaryEntity, NegotiationSummaryRow } from './negotiation-summary.entity';

export function evolveNegotiationSummary(row: NegotiationSummaryRow | undefined, event: StoredEvent): NegotiationSummaryRow | undefined {
  if (row && event.streamVersion <= row.version) return row;
  const domain = decodeNegotiationEvent(event);
  const touched = { updatedAt: event.time, version: event.streamVersion };
  switch (domain.type) {
    case 'NegotiationOpened': {
      if (row) return { ...row, ...touched };
      const d = domain.data;
      return {
        negotiationId: d.negotiationId,
        kind: d.kind,
        status: d.kind === 'dispute' ? 'awaiting_decision' : 'awaiting_answer',
        office: d.office,
        caseNo: d.case.caseNo,
        title: d.case.title,
        fromDeployment: d.from.deployment,
        fromRegion: d.from.region,
        toDeployment: d.to.deployment,
        toRegion: d.to.region,
        superior: d.superior,
        dueAt: d.dueAt ?? null,
        leadRegion: null,
        ...touched,
      };
    }
    case 'NegotiationAnswered':
      if (!row) return row;
      return domain.data.agree ? { ...row, status: 'agreed', leadRegion: domain.data.leadRegion ?? null, ...touched } : { ...row, ...touched };
    case 'NegotiationReferred':
      return row && { ...row, status: 'referred', ...touched };
    case 'NegotiationDecided':
      return row && { ...row, status: 'decided', leadRegion: domain.data.leadRegion, ...touched };
    default:
      return assertNever(domain, 'negotiation event');
  }
}

/** Writes the row and answers it (the bus handler reads who to tell from it). */
export async function projectNegotiationSummary(
  manager: EntityManager,
  event: StoredEvent,
  negotiationId: string,
): Promise<NegotiationSummaryRow | undefined> {
  const repo = manager.getRepository(NegotiationSummaryEntity);
  const row = (await repo.findOne({ where: { negotiationId } })) ?? undefined;
  const next = evolveNegotiationSummary(row, event);
  if (next && next !== row) await repo.save(next);
  return next;
}

/** The list's projection as the bus controller (negotiation.bus.controller.ts) and the restore drill's replay (cases.projections.ts) run it. */
export const NEGOTIATION_SUMMARY_PROJECTION = projection({
  name: 'negotiation_summary',
  types: NEGOTIATION_EVENT_TYPES,
  streamPrefix: NEGOTIATION_STREAM_PREFIX,
  project: (event, { manager }) => projectNegotiationSummary(manager, event, event.streamId.slice(NEGOTIATION_STREAM_PREFIX.length)),
});
