/**
 * The to-do list's bus handler: every event that opens or closes an item or
 * tells what a subject is, from cases' routing, case and meeting streams and
 * the engine's obligations. Its hand-offs become notices in the same
 * consumer transaction (the channels' messages, idempotent by event id).
 */
import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { StoredEvent } from '@jm/event-sourcing';
import { EventBusContext } from '@jm/platform';
import { DeliveryDispatcher } from '../channels/delivery/delivery-dispatcher';
import { NotificationMessages } from '../channels/notification/notification-messages';
import { WORKLIST_EVENT_TYPES } from './worklist.evolve';
import { WorklistProjection } from './worklist.projection';

@Controller()
export class WorklistBusController {
  constructor(
    private readonly projection: WorklistProjection,
    private readonly messages: NotificationMessages,
    private readonly dispatcher: DeliveryDispatcher,
  ) {}

  @EventPattern([...WORKLIST_EVENT_TYPES])
  async onEvent(@Payload() event: StoredEvent, @Ctx() ctx: EventBusContext): Promise<void> {
    const handoffs = await this.projection.apply(ctx.manager, event);
    if ((await this.messages.onHandoffs(event, handoffs, ctx.manager)).length) this.dispatcher.nudge();
  }
}
