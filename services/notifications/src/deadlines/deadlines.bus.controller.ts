/**
 * The deadline engine's bus handlers. Every event type the platform writes
 * reaches `onAny` (the policies, read at boot, decide which ones matter); the
 * engine's own clock and obligation events also feed the read model, in the
 * consumer's transaction, and an obligation clock's miss marks the obligation
 * missing. The channels have their own controller for the same types: Nest
 * runs both in one transaction.
 */
import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { DEADLINE_EVENT_TYPES, DEADLINE_STREAM_PREFIX, EVENT_TYPE_LABELS, OBLIGATION_EVENT_TYPES, OBLIGATION_STREAM_PREFIX } from '@jm/contracts';
import { StoredEvent } from '@jm/event-sourcing';
import { EventBusContext } from '@jm/platform';
import { DeadlineEngine } from './deadline-engine';
import { DeadlinesProjection } from './deadlines.projection';

const ENGINE_TYPES = new Set<string>([...Object.values(DEADLINE_EVENT_TYPES), ...Object.values(OBLIGATION_EVENT_TYPES)]);
/** The types other services write (what may start, pause, resume or stop a clock). */
const SOURCE_TYPES = Object.keys(EVENT_TYPE_LABELS).filter((t) => !ENGINE_TYPES.has(t) && t !== 'RecordAccessed');

@Controller()
export class DeadlinesBusController {
  constructor(
    private readonly engine: DeadlineEngine,
    private readonly projection: DeadlinesProjection,
  ) {}

  @EventPattern(SOURCE_TYPES)
  async onSourceEvent(@Payload() event: StoredEvent): Promise<void> {
    await this.engine.onEvent(event);
  }

  @EventPattern(Object.values(DEADLINE_EVENT_TYPES))
  async onClockEvent(@Payload() event: StoredEvent, @Ctx() ctx: EventBusContext): Promise<void> {
    if (!event.streamId.startsWith(DEADLINE_STREAM_PREFIX)) return;
    await this.projection.clockEvent(ctx.manager, event);
    if (event.type === 'DeadlineMissed') await this.engine.onObligationClockMissed(event as Parameters<DeadlineEngine['onObligationClockMissed']>[0]);
  }

  @EventPattern(Object.values(OBLIGATION_EVENT_TYPES))
  async onObligationEvent(@Payload() event: StoredEvent, @Ctx() ctx: EventBusContext): Promise<void> {
    if (!event.streamId.startsWith(OBLIGATION_STREAM_PREFIX)) return;
    await this.projection.obligationEvent(ctx.manager, event);
    // ObligationDue starts and ObligationSubmitted stops the obligation's clock.
    await this.engine.onEvent(event);
  }
}
