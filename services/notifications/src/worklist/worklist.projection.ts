/**
 * The to-do list's writer, in the consumer's transaction: loads what the
 * event may touch (the facts it names, the open items of its subject or
 * meeting, an item it already opened), folds it with evolveWorklist and saves
 * what changed. Idempotent: the fold ignores what it already reflects.
 */
import { Inject, Injectable, Logger } from '@nestjs/common';
import { ContractEventRefusedError } from '@jm/contracts';
import type { StoredEvent } from '@jm/event-sourcing';
import { AGENCY_REGISTRY } from '@jm/platform';
import { AgencyRegistry } from '@jm/reference';
import { Brackets, EntityManager, In } from 'typeorm';
import { evolveWorklist, Handoff, relatedOf, TodoItem, WorklistState } from './worklist.evolve';
import { FactEntity, factsOf, TodoEntity, TodoRow } from './worklist.read-model';

@Injectable()
export class WorklistProjection {
  private readonly logger = new Logger(WorklistProjection.name);

  constructor(@Inject(AGENCY_REGISTRY) private readonly registry: AgencyRegistry) {}

  /** Applies the event; answers the hand-offs it makes (for the notices). */
  async apply(manager: EntityManager, event: StoredEvent): Promise<Handoff[]> {
    const related = relatedOf(event);
    const facts = related.factKeys.length ? await manager.getRepository(FactEntity).find({ where: { key: In(related.factKeys) } }) : [];
    const qb = manager.getRepository(TodoEntity).createQueryBuilder('t').where('t.opened_event = :eventId', { eventId: event.id });
    if (related.subjectIds.length || related.meetingIds.length) {
      qb.orWhere(
        new Brackets((open) => {
          open.where("t.state = 'open'").andWhere(
            new Brackets((of) => {
              if (related.subjectIds.length) of.orWhere('t.subject_id IN (:...subjectIds)', { subjectIds: related.subjectIds });
              if (related.meetingIds.length) of.orWhere('t.meeting_id IN (:...meetingIds)', { meetingIds: related.meetingIds });
            }),
          );
        }),
      );
    }
    const items = await qb.getMany();
    const before: WorklistState = {
      facts: new Map(facts.map((row) => [row.key, factsOf(row)])),
      items: new Map(items.map(({ jurisdiction: _j, ...item }) => [item.itemId, item])),
    };
    let folded: ReturnType<typeof evolveWorklist>;
    try {
      folded = evolveWorklist(before, event);
    } catch (error) {
      // An event its contract refuses is no work for anyone: the deadline engine and the channels still handle it in this transaction.
      if (!(error instanceof ContractEventRefusedError)) throw error;
      this.logger.warn(
        { eventId: event.id, streamId: event.streamId, reason: error.message },
        'event refused by its contract: not on the to-do list',
      );
      return [];
    }
    const { state, handoffs } = folded;
    for (const [key, fact] of state.facts) {
      if (before.facts.get(key) === fact) continue;
      const { key: _k, position, ...rest } = fact;
      await manager.getRepository(FactEntity).save({ key, facts: JSON.stringify(rest), position });
    }
    const changed: TodoRow[] = [...state.items.values()].filter((item) => before.items.get(item.itemId) !== item).map((item) => this.row(item));
    if (changed.length) await manager.getRepository(TodoEntity).save(changed);
    return handoffs;
  }

  private row(item: TodoItem): TodoRow {
    return { ...item, jurisdiction: this.registry.get(item.unit)?.jurisdiction ?? '000000' };
  }
}
