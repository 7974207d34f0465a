/**
 * Matching, a process manager off the request path: on LeadReceived (from the
 * bus) it finds every earlier lead or case sharing a match key, issues
 * LinkLead on the new lead for each with the shared keys as reasons and a
 * score, and indexes the lead's own keys. Cases are indexed from CaseOpened.
 * The index writes go through the consumer's transaction; the LinkLead
 * command ids derive from the event id and the target, so a redelivered event
 * links nothing twice.
 */
import { Inject, Injectable } from '@nestjs/common';
import {
  AGENCY_REGISTRY,
  AgencyRegistry,
  CaseOpenedData,
  CommandHandler,
  EventStore,
  InjectEventStore,
  LeadReceivedData,
  LinkTarget,
  MatchReasonKind,
  StoredEvent,
  toLeadStreamId,
} from '@jm/shared';
import { EntityManager, In } from 'typeorm';
import { leadDecider, matchingActor } from '../lead/lead.decider';
import { matchScore, REASON_WEIGHTS, reasonOf } from './match-keys';
import { MatchIndexEntity, MatchIndexRow } from './match-index.entity';

export interface MatchFound {
  target: LinkTarget;
  reasons: Array<{ kind: MatchReasonKind; value: string }>;
  score: number;
}

/** Groups index hits by target into reasons and a score (pure). */
export function matchesOf(hits: readonly Pick<MatchIndexRow, 'key' | 'targetKind' | 'targetId'>[]): MatchFound[] {
  const byTarget = new Map<string, MatchFound>();
  for (const hit of hits) {
    const reason = reasonOf(hit.key);
    if (!reason) continue;
    const id = `${hit.targetKind}:${hit.targetId}`;
    const found = byTarget.get(id) ?? { target: { kind: hit.targetKind, id: hit.targetId }, reasons: [], score: 0 };
    if (!found.reasons.some((r) => r.kind === reason.kind && r.value === reason.value)) found.reasons.push(reason);
    byTarget.set(id, found);
  }
  // Strongest reason first, so the same evidence always reads the same.
  const order = (r: { kind: MatchReasonKind; value: string }) => -REASON_WEIGHTS[r.kind];
  return [...byTarget.values()].map((m) => ({
    ...m,
    reasons: [...m.reasons].sort((a, b) => order(a) - order(b) || a.value.localeCompare(b.value)),
    score: matchScore(m.reasons),
  }));
}

@Injectable()
export class MatchingProcessManager {
  private readonly leads: CommandHandler<Parameters<typeof leadDecider.decide>[0], ReturnType<typeof leadDecider.initialState>, ReturnType<typeof leadDecider.decide>[number]>;

  constructor(
    @InjectEventStore() store: EventStore,
    @Inject(AGENCY_REGISTRY) private readonly registry: AgencyRegistry,
  ) {
    this.leads = new CommandHandler(store, leadDecider);
  }

  async onLeadReceived(event: StoredEvent, manager: EntityManager): Promise<void> {
    const lead = event.data as LeadReceivedData;
    const keys = [...new Set(lead.matchKeys ?? [])];
    if (keys.length === 0) return;
    const hits = await manager.find(MatchIndexEntity, { where: { key: In(keys) } });
    // Earlier only: a parked event replayed later must not link to leads that came after it.
    const earlier = hits.filter((h) => !(h.targetKind === 'lead' && h.targetId === lead.leadId) && h.indexedAt <= event.time);
    await this.index(manager, keys, { kind: 'lead', id: lead.leadId }, lead.jurisdiction, event.time);
    const known = this.registry.get(lead.office);
    const actor = matchingActor(known ?? { code: lead.office, level: 'district', jurisdiction: lead.jurisdiction });
    for (const match of matchesOf(earlier)) {
      await this.leads.handle(
        toLeadStreamId(lead.leadId),
        { kind: 'LinkLead', at: event.time, actor, target: match.target, reasons: match.reasons, score: match.score },
        {
          commandId: `${event.id}:link:${match.target.kind}:${match.target.id}`,
          time: event.time,
          actor: { agency: actor.agency, user: actor.user },
          correlationId: event.correlationId,
          causationId: event.id,
        },
      );
    }
  }

  async onCaseOpened(event: StoredEvent, manager: EntityManager): Promise<void> {
    const opened = event.data as CaseOpenedData;
    await this.index(manager, [...new Set(opened.matchKeys ?? [])], { kind: 'case', id: opened.caseId }, opened.jurisdiction, event.time);
  }

  private async index(manager: EntityManager, keys: string[], target: LinkTarget, jurisdiction: string, at: string): Promise<void> {
    if (keys.length === 0) return;
    // One statement for all keys of the lead or case.
    await manager
      .createQueryBuilder()
      .insert()
      .into(MatchIndexEntity)
      .values(keys.map((key) => ({ key, targetKind: target.kind, targetId: target.id, jurisdiction, indexedAt: at })))
      .orIgnore()
      .execute();
  }
}
