/**
 * The to-do list's bus handler: every event that opens or closes an item or
 * tells what a subject is, from cases' routing, case and meeting streams and
 * the engine's obligations (the projection of worklist.projections.ts,
 * which the restore drill replays alone). Its hand-offs become notices in the
 * same consumer transaction (the channels' messages, idempotent by event id).
 */
import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { StoredEvent } from '@jm/event-sourcing';
import { EventBusContext } from '@jm/platform';
import { DeliveryDispatcher } from '../channels/delivery/delivery-dispatcher';
import { NotificationMessages } from '../channels/notification/notification-messages';
import { worklistProjections } from './worklist.projections';
import { WORKLIST_EVENT_TYPES } from './worklist.evolve';
import { WorklistProjection } from './worklist.projection';

@Controller()
export class WorklistBusController {
  private readonly projections: ReturnType<typeof worklistProjections>;

  constructor(
    projection: WorklistProjection,
    private readonly messages: NotificationMessages,
    private readonly dispatcher: DeliveryDispatcher,
  ) {
    this.projections = worklistProjections(projection);
  }

  @EventPattern([...WORKLIST_EVENT_TYPES])
  async onEvent(@Payload() event: StoredEvent, @Ctx() ctx: EventBusContext): Promise<void> {
    const handoffs = await this.projections.worklist.project(event, ctx);
    if ((await this.messages.onHandoffs(event, handoffs, ctx.manager)).length) this.dispatcher.nudge();
  }
}
