/**
 * The deadline engine's bus handlers. Every event type the platform writes
 * reaches `onAny` (the policies, read at boot, decide which ones matter); the
 * engine's own clock and obligation events also feed the read model, in the
 * consumer's transaction (the projections of deadlines.projections.ts,
 * which the restore drill replays alone), and an obligation clock's miss marks
 * the obligation missing. The channels have their own controller for the same types: Nest
 * runs both in one transaction.
 */
import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { DEADLINE_EVENT_TYPES, EVENT_TYPE_LABELS, OBLIGATION_EVENT_TYPES } from '@jm/contracts';
import { StoredEvent } from '@jm/event-sourcing';
import { EventBusContext } from '@jm/platform';
import { DeadlineEngine } from './deadline-engine';
import { deadlineProjections } from './deadlines.projections';
import { DeadlinesProjection } from './deadlines.projection';

const ENGINE_TYPES = new Set<string>([...Object.values(DEADLINE_EVENT_TYPES), ...Object.values(OBLIGATION_EVENT_TYPES)]);
/** The types other services write (what may start, pause, resume or stop a clock). */
const SOURCE_TYPES = Object.keys(EVENT_TYPE_LABELS).filter((t) => !ENGINE_TYPES.has(t) && t !== 'RecordAccessed');

@Controller()
export class DeadlinesBusController {
  private readonly projections: ReturnType<typeof deadlineProjections>;

  constructor(
    private readonly engine: DeadlineEngine,
    projection: DeadlinesProjection,
  ) {
    this.projections = deadlineProjections(projection);
  }

  @EventPattern(SOURCE_TYPES)
  async onSourceEvent(@Payload() event: StoredEvent): Promise<void> {
    await this.engine.onEvent(event);
  }

  @EventPattern(Object.values(DEADLINE_EVENT_TYPES))
  async onClockEvent(@Payload() event: StoredEvent, @Ctx() ctx: EventBusContext): Promise<void> {
    if (!this.projections.clocks.follows(event)) return;
    await this.projections.clocks.project(event, ctx);
    if (event.type === 'DeadlineMissed') await this.engine.onObligationClockMissed(event as Parameters<DeadlineEngine['onObligationClockMissed']>[0]);
  }

  @EventPattern(Object.values(OBLIGATION_EVENT_TYPES))
  async onObligationEvent(@Payload() event: StoredEvent, @Ctx() ctx: EventBusContext): Promise<void> {
    if (!this.projections.obligations.follows(event)) return;
    await this.projections.obligations.project(event, ctx);
    // ObligationDue starts and ObligationSubmitted stops the obligation's clock.
    await this.engine.onEvent(event);
  }
}
