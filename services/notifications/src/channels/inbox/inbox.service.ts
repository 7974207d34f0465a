/** Marking a message read: NotificationRead on the message stream (once per message and user), then the inbox's read row. */
import { Inject, Injectable } from '@nestjs/common';
import { toNotificationStreamId } from '@jm/contracts';
import { Clock } from '@jm/event-sourcing';
import { CLOCK, commandFromRequest, InjectReadModel } from '@jm/platform';
import type { CommandRequest } from '@jm/platform';
import type { DataSource } from 'typeorm';
import { recordRead } from '../delivery/outbox';
import { NotificationMessages } from '../notification/notification-messages';

@Injectable()
export class InboxService {
  constructor(
    private readonly messages: NotificationMessages,
    @InjectReadModel() private readonly db: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async markRead(request: CommandRequest, messageId: string): Promise<{ messageId: string; read: true; version: number | undefined }> {
    const { principal, metadata } = commandFromRequest(request, this.clock);
    const streamId = toNotificationStreamId(messageId);
    // One read mark per message and user, whatever the request's own id.
    const result = await this.messages.commands.handle(
      streamId,
      { kind: 'MarkRead', actor: principal, at: metadata.time },
      { ...metadata, commandId: `read:${messageId}:${principal.agency}:${principal.user}` },
    );
    // A repeat answers with the first mark's event, so the row keeps the first time read.
    const readAt = (result.events[0]?.data as { at?: string } | undefined)?.at ?? metadata.time;
    await recordRead(this.db.manager, { messageId, agency: principal.agency, user: principal.user, at: readAt });
    return { messageId, read: true, version: result.nextExpectedVersion };
  }
}
