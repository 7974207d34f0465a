/**
 * HTTP API of one message's deliveries: its state per target (for whoever may
 * replay it), and the replay of a dead letter, which re-queues it with the
 * same message id. Replay: an admin, an office whose region contains the
 * recipient, or the recipient agency's own officer.
 */
import { Controller, Get, HttpCode, Inject, Param, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  CLOCK,
  Clock,
  commandAccepted,
  commandFromRequest,
  CurrentPrincipal,
  EtagResponse,
  InjectReadModel,
  NotFoundError,
  Principal,
  RawRequest,
  SERVICE_CONFIG,
  ServiceConfig,
  toNotificationStreamId,
  withEtag,
} from '@jm/shared';
import type { CommandRequest } from '@jm/shared';
import type { DataSource } from 'typeorm';
import { OutboxEntity } from '../channels.entities';
import { isAddressedTo, mayReplay } from '../notification/notification.decider';
import { NotificationMessages } from '../notification/notification-messages';
import { DeliveryDispatcher } from './delivery-dispatcher';
import { applyReplay } from './outbox';

@ApiTags('notifications')
@ApiBearerAuth()
@Controller('notifications')
export class DeliveriesController {
  constructor(
    private readonly messages: NotificationMessages,
    private readonly dispatcher: DeliveryDispatcher,
    @InjectReadModel() private readonly db: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
  ) {}

  @Get(':messageId')
  @ApiOperation({ summary: 'A message and the state of each of its targets (attempts, status, next attempt, last error)' })
  async get(@CurrentPrincipal() principal: Principal, @Param('messageId') messageId: string) {
    const { state, version } = await this.messages.commands.load(toNotificationStreamId(messageId));
    if (state.status !== 'requested') throw new NotFoundError(`message ${messageId}`);
    const recipient = state.request.recipient;
    if (!isAddressedTo(recipient, principal) && !mayReplay(principal, recipient.agency, this.messages.jurisdictionOf(recipient.agency))) throw new NotFoundError(`message ${messageId}`);
    const rows = await this.db.getRepository(OutboxEntity).find({ where: { messageId } });
    return {
      ...state.request,
      version,
      targets: state.request.targets.map((t) => {
        const row = rows.find((r) => r.target === t.key);
        const known = state.targets[t.key];
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

  @Post(':messageId/deliveries/:target/replay')
  @HttpCode(200)
  @ApiOperation({ summary: 'Re-queue a dead-lettered target (e.g. webhook:oa) with the same message id; 409 unless it is dead' })
  async replay(@RawRequest() req: CommandRequest, @Param('messageId') messageId: string, @Param('target') target: string, @Res({ passthrough: true }) res: EtagResponse) {
    const { principal, metadata } = commandFromRequest(req, this.clock);
    const streamId = toNotificationStreamId(messageId);
    const { state } = await this.messages.commands.load(streamId);
    if (state.status !== 'requested') throw new NotFoundError(`message ${messageId}`);
    const recipientJurisdiction = this.messages.jurisdictionOf(state.request.recipient.agency);
    // Existence does not leak: only the recipient and those over it learn the message exists.
    if (!isAddressedTo(state.request.recipient, principal) && !mayReplay(principal, state.request.recipient.agency, recipientJurisdiction)) throw new NotFoundError(`message ${messageId}`);
    const result = await this.messages.commands.handle(streamId, { kind: 'RequestReplay', target, actor: principal, recipientJurisdiction, at: metadata.time }, metadata);
    const answer = commandAccepted(streamId, result);
    if (answer.events.length && result.nextExpectedVersion !== undefined) {
      await applyReplay(this.db.manager, { messageId, target, streamVersion: result.nextExpectedVersion, at: metadata.time }, this.config.domain.deliveryMaxAttempts);
      this.dispatcher.nudge();
    }
    return withEtag(res, answer);
  }
}
