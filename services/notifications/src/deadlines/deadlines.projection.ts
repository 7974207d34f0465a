/**
 * Keeps deadline_clock and deadline_obligation from the engine's own events,
 * in the consumer's transaction: the row holds the folded state (the same
 * evolve the decider uses) and, for a clock, the time the scheduler next has
 * something to record. An event at or below the row's version is a
 * redelivery and changes nothing.
 */
import { Inject, Injectable } from '@nestjs/common';
import { DEADLINE_STREAM_PREFIX, decodeDeadlineEvent, decodeObligationEvent, OBLIGATION_STREAM_PREFIX } from '@jm/contracts';
import { StoredEvent } from '@jm/event-sourcing';
import { AGENCY_REGISTRY, WORKING_CALENDAR } from '@jm/platform';
import { AgencyRegistry } from '@jm/reference';
import type { EntityManager } from 'typeorm';
import type { WorkingCalendar } from '@jm/platform';
import { ClockState, evolveClock, initialClockState } from './clock/clock';
import { nextFireAt } from './clock/clock-schedule';
import { evolveObligation, ObligationState } from './obligation/obligation.decider';
import type { DeadlinePolicies } from './policy/deadline-policies';
import { ClockEntity, ObligationEntity } from './deadlines.read-model';
import { DEADLINE_POLICIES } from './deadlines.tokens';

@Injectable()
export class DeadlinesProjection {
  constructor(
    @Inject(DEADLINE_POLICIES) private readonly policies: DeadlinePolicies,
    @Inject(WORKING_CALENDAR) private readonly calendar: WorkingCalendar,
    @Inject(AGENCY_REGISTRY) private readonly registry: AgencyRegistry,
  ) {}

  async clockEvent(manager: EntityManager, event: StoredEvent): Promise<void> {
    const clockId = event.streamId.slice(DEADLINE_STREAM_PREFIX.length);
    const repo = manager.getRepository(ClockEntity);
    const row = await repo.findOne({ where: { clockId } });
    if (row && event.streamVersion <= row.version) return;
    const before = row ? (JSON.parse(row.state) as ClockState) : initialClockState();
    // The stored event read through its published contract: a clock event of the domain's shape, typed.
    const state = evolveClock(before, decodeDeadlineEvent(event));
    if (state.status === 'none') return;
    await repo.save({
      clockId,
      policyId: state.policyId,
      subjectKind: state.subject.kind,
      subjectId: state.subject.id,
      subjectStream: state.subject.streamId,
      unit: state.unit,
      jurisdiction: this.registry.get(state.unit)?.jurisdiction ?? '000000',
      status: state.status,
      outcome: state.status === 'stopped' ? state.outcome : null,
      round: state.round,
      startedAt: state.startedAt,
      dueAt: state.dueAt,
      nextFireAt: nextFireAt(state, this.policies.clock(state.policyId), this.calendar) ?? null,
      missedAt: state.missedAt ?? null,
      state: JSON.stringify(state),
      updatedAt: event.time,
      version: event.streamVersion,
    });
  }

  async obligationEvent(manager: EntityManager, event: StoredEvent): Promise<void> {
    const obligationId = event.streamId.slice(OBLIGATION_STREAM_PREFIX.length);
    const repo = manager.getRepository(ObligationEntity);
    const row = await repo.findOne({ where: { obligationId } });
    if (row && event.streamVersion <= row.version) return;
    const before: ObligationState = row
      ? {
          status: row.status as 'due',
          obligationId,
          policyId: row.policyId,
          kind: row.kind as never,
          unit: row.unit,
          period: row.period,
          dueAt: row.dueAt,
          ...(row.submittedAt ? { submittedAt: row.submittedAt } : {}),
          ...(row.missedAt ? { missedAt: row.missedAt } : {}),
          ...(row.reference ? { reference: row.reference } : {}),
        }
      : { status: 'none' };
    const e = decodeObligationEvent(event);
    const state = evolveObligation(before, e);
    if (state.status === 'none') return;
    const by = e.type === 'ObligationSubmitted' ? e.data.by : undefined;
    await repo.save({
      obligationId,
      policyId: state.policyId,
      kind: state.kind,
      unit: state.unit,
      jurisdiction: this.registry.get(state.unit)?.jurisdiction ?? '000000',
      period: state.period,
      dueAt: state.dueAt,
      status: state.status,
      submittedAt: state.submittedAt ?? null,
      submittedBy: by ? `${by.agency}/${by.user}` : (row?.submittedBy ?? null),
      reference: state.reference ?? null,
      missedAt: state.missedAt ?? null,
      updatedAt: event.time,
      version: event.streamVersion,
    });
  }
}
