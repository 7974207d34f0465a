/**
 * Notifications' dead letters for the operator (docs/operations/parked-events.md): deliveries that failed for good,
 * across every agency. Retry is the replay of DeliveriesService (NotificationReplayRequested on the message, the
 * row back to pending); discard sets the row aside (`discarded`: the dispatcher never sends it, the list of dead
 * letters no longer shows it; a replay still brings it back). Each is recorded on operations-notifications.
 */
import { Inject, Injectable } from '@nestjs/common';
import { In, type DataSource } from 'typeorm';
import { DeadLetterDiscardedData, toNotificationStreamId } from '@jm/contracts';
import { Clock, InvalidTransitionError, NotFoundError } from '@jm/event-sourcing';
import { AccessLog, CLOCK, CommandAccepted, InjectReadModel, OperationsLog, OperatorAccess, Principal } from '@jm/platform';
import type { CommandRequest } from '@jm/platform';
import { OutboxEntity, OutboxRow } from '../channels.entities';
import { NotificationMessages } from '../notification/notification-messages';
import { DeliveriesService } from './deliveries.service';
import type { DeadLetterDetail, DeadLetterItem, DeadLetterPage, ListDeadLettersQuery } from './dead-letters.dto';

const itemOf = (row: OutboxRow): DeadLetterItem => ({
  messageId: row.messageId,
  target: row.target,
  channel: row.channel,
  recipientAgency: row.recipientAgency,
  status: row.status as DeadLetterItem['status'],
  attempts: row.attempts,
  lastError: row.lastError,
  updatedAt: row.updatedAt,
});

@Injectable()
export class DeadLettersService {
  constructor(
    @InjectReadModel() private readonly db: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly access: OperatorAccess,
    private readonly log: OperationsLog,
    private readonly messages: NotificationMessages,
    private readonly deliveries: DeliveriesService,
    private readonly accessLog: AccessLog,
  ) {}

  async list(principal: Principal, query: ListDeadLettersQuery): Promise<DeadLetterPage> {
    this.access.requireReader(principal, 'listing dead letters');
    const { page, pageSize } = query;
    const [rows, total] = await this.db.getRepository(OutboxEntity).findAndCount({
      where: { status: query.status ?? 'dead' },
      order: { updatedAt: 'DESC', messageId: 'ASC', target: 'ASC' },
      skip: (page - 1) * pageSize,
      take: pageSize,
    });
    return { items: rows.map(itemOf), total, page, pageSize };
  }

  async get(principal: Principal, messageId: string): Promise<DeadLetterDetail> {
    this.access.requireReader(principal, 'inspecting a dead letter');
    const rows = await this.db.getRepository(OutboxEntity).find({ where: { messageId, status: In(['dead', 'discarded']) } });
    const { state } = await this.messages.commands.load(toNotificationStreamId(messageId));
    if (!rows.length || state.status !== 'requested') throw new NotFoundError(`dead letter of message ${messageId}`);
    const discards = (await this.log.events())
      .filter((e) => e.type === 'DeadLetterDiscarded' && (e.data as DeadLetterDiscardedData).messageId === messageId)
      .map((e) => {
        const d = e.data as DeadLetterDiscardedData;
        return { target: d.target, by: `${d.by.agency}/${d.by.user}`, at: d.at, reason: d.reason };
      });
    // The request names its recipients and its text: reading it is recorded like any other read of casework.
    await this.accessLog.record(principal, { resourceType: 'deadletter', resourceId: messageId, fields: ['request'] });
    return { messageId, request: state.request, targets: rows.map(itemOf), discards };
  }

  async retry(request: CommandRequest & { principal?: Principal }, messageId: string, target: string): Promise<CommandAccepted> {
    const principal = request.principal as Principal;
    this.access.requireOperator(principal, 'retrying a dead letter');
    await this.deadRow(messageId, target, 'retry', ['dead', 'discarded']);
    const accepted = await this.deliveries.replay(request, messageId, target);
    const at = this.clock.now().toISOString();
    await this.log.record(principal, { type: 'DeadLetterRetried', version: 1, data: this.refOf(principal, messageId, target, at) });
    return accepted;
  }

  async discard(principal: Principal, messageId: string, target: string, reason: string): Promise<DeadLetterItem> {
    this.access.requireOperator(principal, 'discarding a dead letter');
    const row = await this.deadRow(messageId, target, 'discard', ['dead']);
    const at = this.clock.now().toISOString();
    await this.db.transaction(async (manager) => {
      const result = await manager.getRepository(OutboxEntity).update({ messageId, target, status: 'dead' }, { status: 'discarded', updatedAt: at });
      if (result.affected !== undefined && result.affected !== 1) throw new InvalidTransitionError('dead letter', 'discard', 'no longer dead', []);
      // Before the commit: the row is never set aside without its event.
      await this.log.record(principal, {
        type: 'DeadLetterDiscarded',
        version: 1,
        data: { ...this.refOf(principal, messageId, target, at), reason },
      });
    });
    return itemOf({ ...row, status: 'discarded', updatedAt: at });
  }

  private refOf(principal: Principal, messageId: string, target: string, at: string) {
    return { service: 'notifications', messageId, target, by: { agency: principal.agency, user: principal.user }, at };
  }

  private async deadRow(messageId: string, target: string, command: string, allowed: OutboxRow['status'][]): Promise<OutboxRow> {
    const row = await this.db.getRepository(OutboxEntity).findOne({ where: { messageId, target } });
    if (!row) throw new NotFoundError(`dead letter ${target} of message ${messageId}`);
    if (!allowed.includes(row.status)) throw new InvalidTransitionError('delivery', command, row.status, allowed);
    return row;
  }
}
