/**
 * Matching, a process manager off the request path: on LeadReceived (from the
 * bus) it finds every earlier lead or case sharing a match key and issues
 * LinkLead on the new lead for each with the shared keys as reasons and a
 * score. The index it reads is a projection (indexMatchKeys: a lead's keys
 * from LeadReceived, a case's from CaseOpened), applied before it in the same
 * consumer transaction and buffered with the lead read model's (see
 * lead-read-model.buffer.ts); the restore drill replays the index alone. The
 * LinkLead command ids derive from the event id and the target, so a
 * redelivered event links nothing twice.
 */
import { Inject, Injectable } from '@nestjs/common';
import { TransactionScope } from '@jm/bus';
import { LinkTarget, MatchReasonKind, publishedDecoder, toLeadStreamId } from '@jm/contracts';
import { StoredEvent } from '@jm/event-sourcing';
import { AGENCY_REGISTRY } from '@jm/platform';
import { AgencyRegistry } from '@jm/reference';
import type { EntityManager } from 'typeorm';
import { LEAD_COMMANDS, LeadCommands } from '../intake.tokens';
import { matchingActor } from '../lead/lead.decider';
import { LeadReadModelBuffer } from '../lead-read-model/lead-read-model.buffer';
import { matchScore, REASON_WEIGHTS, reasonOf } from './match-keys';
import type { MatchIndexRow } from '../lead-read-model/match-index.entity';

const decodeReceived = publishedDecoder('matching', ['LeadReceived']);

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
  constructor(
    @Inject(LEAD_COMMANDS) private readonly leads: LeadCommands,
    @Inject(AGENCY_REGISTRY) private readonly registry: AgencyRegistry,
  ) {}

  async onLeadReceived(event: StoredEvent, manager: EntityManager, scope: TransactionScope): Promise<void> {
    const lead = decodeReceived(event).data;
    const keys = [...new Set(lead.matchKeys ?? [])];
    if (keys.length === 0) return;
    const buffer = LeadReadModelBuffer.of(scope, manager);
    // The table (read once for every receipt of the run) and what this transaction indexed before.
    const hits = await buffer.indexHits(keys, () =>
      scope.events.filter((e) => e.type === 'LeadReceived').flatMap((e) => decodeReceived(e).data.matchKeys ?? []),
    );
    // A link always goes from the later lead to the earlier one. Leads' events reach this consumer in stream order
    // only (topics have several partitions), so a later lead may have been indexed first: then this one, the earlier,
    // links that later lead to itself. Either way exactly one of the two sees the other in the index.
    // The lead's own keys are in the index already (indexMatchKeys ran first): never a match with itself.
    const own = (h: MatchIndexRow) => h.targetKind === 'lead' && h.targetId === lead.leadId;
    const earlier = hits.filter((h) => !own(h) && h.indexedAt <= event.time);
    const later = hits.filter((h) => !own(h) && h.targetKind === 'lead' && h.indexedAt > event.time);
    const known = this.registry.get(lead.office);
    const actor = matchingActor(known ?? { code: lead.office, level: 'district', jurisdiction: lead.jurisdiction });
    const link = async (from: string, match: MatchFound, commandId: string): Promise<void> => {
      await this.leads.handle(
        toLeadStreamId(from),
        { kind: 'LinkLead', at: event.time, actor, target: match.target, reasons: match.reasons, score: match.score },
        { commandId, time: event.time, actor: { agency: actor.agency, user: actor.user }, correlationId: event.correlationId, causationId: event.id },
      );
    };
    for (const match of matchesOf(earlier)) await link(lead.leadId, match, `${event.id}:link:${match.target.kind}:${match.target.id}`);
    for (const match of matchesOf(later)) {
      await link(match.target.id, { ...match, target: { kind: 'lead', id: lead.leadId } }, `${event.id}:link-later:${match.target.id}`);
    }
  }
}

const decodeIndexed = publishedDecoder('match index', ['LeadReceived', 'CaseOpened']);

/** The match index's projection: a lead's keys from its receipt, a case's from its opening (insert-or-ignore, buffered). */
export async function indexMatchKeys(event: StoredEvent, manager: EntityManager, scope: TransactionScope): Promise<void> {
  const e = decodeIndexed(event);
  const [target, data]: [LinkTarget, { matchKeys?: string[]; jurisdiction: string }] =
    e.type === 'LeadReceived' ? [{ kind: 'lead', id: e.data.leadId }, e.data] : [{ kind: 'case', id: e.data.caseId }, e.data];
  const keys = [...new Set(data.matchKeys ?? [])];
  if (keys.length === 0) return;
  LeadReadModelBuffer.of(scope, manager).index(
    keys.map((key) => ({ key, targetKind: target.kind, targetId: target.id, jurisdiction: data.jurisdiction, indexedAt: event.time })),
  );
}
