/**
 * The channels' bus handlers, on the notifications service's own topic:
 * the deadline engine's notices become messages (streams, inbox and outbox
 * rows in the consumer's transaction), and replays and read marks reach the
 * tables even when the request that appended them stopped before writing
 * them (the read marks are a projection, channels.projections.ts). Independent of the deadline engine's own handlers for the same types
 * (Nest joins them in one consumer transaction).
 */
import { Controller, Inject } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { DEADLINE_STREAM_PREFIX, NOTIFICATION_STREAM_PREFIX, OBLIGATION_STREAM_PREFIX } from '@jm/contracts';
import { StoredEvent } from '@jm/event-sourcing';
import { EventBusContext, SERVICE_CONFIG, ServiceConfig } from '@jm/platform';
import type { NotificationReplayRequestedData } from '@jm/contracts';
import { DeliveryDispatcher } from './delivery/delivery-dispatcher';
import { CHANNEL_PROJECTIONS } from './channels.projections';
import { applyReplay } from './delivery/outbox';
import { NOTICE_EVENT_TYPES } from './notice/notices';
import { NotificationMessages } from './notification/notification-messages';

@Controller()
export class ChannelsBusController {
  constructor(
    private readonly messages: NotificationMessages,
    private readonly dispatcher: DeliveryDispatcher,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
  ) {}

  @EventPattern([...NOTICE_EVENT_TYPES])
  async notice(@Payload() event: StoredEvent, @Ctx() ctx: EventBusContext): Promise<void> {
    if (!event.streamId.startsWith(DEADLINE_STREAM_PREFIX) && !event.streamId.startsWith(OBLIGATION_STREAM_PREFIX)) return;
    const messages = await this.messages.onNotice(event, ctx.manager);
    if (messages.length) this.dispatcher.nudge();
  }

  @EventPattern('NotificationReplayRequested')
  async replay(@Payload() event: StoredEvent<NotificationReplayRequestedData>, @Ctx() ctx: EventBusContext): Promise<void> {
    if (!event.streamId.startsWith(NOTIFICATION_STREAM_PREFIX)) return;
    const d = event.data;
    if (
      await applyReplay(
        ctx.manager,
        { messageId: d.messageId, target: d.target, streamVersion: event.streamVersion, at: d.at },
        this.config.domain.deliveryMaxAttempts,
      )
    )
      this.dispatcher.nudge();
  }

  @EventPattern('NotificationRead')
  async read(@Payload() event: StoredEvent, @Ctx() ctx: EventBusContext): Promise<void> {
    if (CHANNEL_PROJECTIONS.readMarks.follows(event)) await CHANNEL_PROJECTIONS.readMarks.project(event, ctx);
  }
}
