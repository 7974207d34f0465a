/**
 * One message's deliveries: its state per target, and the replay of a dead
 * letter. Only the recipient and those who may replay for it learn that the
 * message exists (404 otherwise); the replay checks that on the handler's one
 * load of the message stream, then re-queues the target with the same id.
 */
import { Inject, Injectable } from '@nestjs/common';
import { DomainActor, toNotificationStreamId } from '@jm/contracts';
import { Clock, NotFoundError } from '@jm/event-sourcing';
import { CLOCK, CommandAccepted, commandAccepted, commandFromRequest, InjectReadModel, SERVICE_CONFIG, ServiceConfig } from '@jm/platform';
import type { CommandRequest } from '@jm/platform';
import type { DataSource } from 'typeorm';
import { OutboxEntity } from '../channels.entities';
import type { NotificationState } from '../notification/notification';
import { isAddressedTo, mayReplay } from '../notification/notification.decider';
import { NotificationMessages } from '../notification/notification-messages';
import { DeliveryDispatcher } from './delivery-dispatcher';
import { applyReplay } from './outbox';

type Requested = Extract<NotificationState, { status: 'requested' }>;

@Injectable()
export class DeliveriesService {
  constructor(
    private readonly messages: NotificationMessages,
    private readonly dispatcher: DeliveryDispatcher,
    @InjectReadModel() private readonly db: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
  ) {}

  async get(principal: DomainActor, messageId: string) {
    const { state, version } = await this.messages.commands.load(toNotificationStreamId(messageId));
    const requested = this.requireKnown(principal, messageId, state);
    const rows = await this.db.getRepository(OutboxEntity).find({ where: { messageId } });
    return {
      ...requested.request,
      version,
      targets: requested.request.targets.map((t) => {
        const row = rows.find((r) => r.target === t.key);
        const known = requested.targets[t.key];
        return {
          target: t.key,
          channel: t.channel,
          status: known.status,
          attempts: known.attempts,
          ...(row && (known.status === 'failed' || known.status === 'pending') ? { nextAttemptAt: row.nextAttemptAt } : {}),
          ...(row?.lastError ? { lastError: row.lastError } : {}),
        };
      }),
    };
  }

  async replay(request: CommandRequest, messageId: string, target: string): Promise<CommandAccepted> {
    const { principal, metadata } = commandFromRequest(request, this.clock);
    const streamId = toNotificationStreamId(messageId);
    const result = await this.messages.commands.handle(
      streamId,
      (state) => {
        const requested = this.requireKnown(principal, messageId, state);
        return {
          kind: 'RequestReplay',
          target,
          actor: principal,
          recipientJurisdiction: this.messages.jurisdictionOf(requested.request.recipient.agency),
          at: metadata.time,
        };
      },
      metadata,
    );
    const answer = commandAccepted(streamId, result);
    if (answer.events.length && result.nextExpectedVersion !== undefined) {
      await applyReplay(
        this.db.manager,
        { messageId, target, streamVersion: result.nextExpectedVersion, at: metadata.time },
        this.config.domain.deliveryMaxAttempts,
      );
      this.dispatcher.nudge();
    }
    return answer;
  }

  /** Existence does not leak: only the recipient and those over it learn the message exists. */
  private requireKnown(principal: DomainActor, messageId: string, state: NotificationState): Requested {
    if (state.status !== 'requested') throw new NotFoundError(`message ${messageId}`);
    const recipient = state.request.recipient;
    if (!isAddressedTo(recipient, principal) && !mayReplay(principal, recipient.agency, this.messages.jurisdictionOf(recipient.agency)))
      throw new NotFoundError(`message ${messageId}`);
    return state;
  }
}
