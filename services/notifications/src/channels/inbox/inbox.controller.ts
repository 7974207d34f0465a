/** HTTP API of the in-app inbox: list (paging, unread filter), unread count, mark read; per agency and user. */
import { Controller, Get, HttpCode, Inject, Param, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CLOCK, Clock, commandFromRequest, CurrentPrincipal, InjectReadModel, Principal, RawRequest, toNotificationStreamId } from '@jm/shared';
import type { CommandRequest, Lang } from '@jm/shared';
import type { DataSource } from 'typeorm';
import { recordRead } from '../delivery/outbox';
import { NotificationMessages } from '../notification/notification-messages';
import { ListInboxQuery } from './inbox.dto';
import { listInbox, unreadCount } from './inbox.query';

/** The language asked for: ?lang=, else Accept-Language (en… or zh…), else undefined (each message's own). */
export function askedLanguage(lang: Lang | undefined, request: { headers: Record<string, string | string[] | undefined> }): Lang | undefined {
  if (lang) return lang;
  const header = request.headers['accept-language'];
  const first = (Array.isArray(header) ? header[0] : header)?.trim().toLowerCase() ?? '';
  return first.startsWith('en') ? 'en' : first.startsWith('zh') ? 'zh-CN' : undefined;
}

@ApiTags('inbox')
@ApiBearerAuth()
@Controller('inbox')
export class InboxController {
  constructor(
    private readonly messages: NotificationMessages,
    @InjectReadModel() private readonly db: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get()
  @ApiOperation({ summary: "The caller's inbox: messages to their agency (and role), newest first; ?unread=true for unread only" })
  async list(@CurrentPrincipal() principal: Principal, @Query() query: ListInboxQuery, @Req() req: CommandRequest) {
    const lang = askedLanguage(query.lang, req);
    return listInbox(this.db, principal, { unread: query.unread ?? false, page: query.page ?? 1, pageSize: query.pageSize ?? 50, ...(lang ? { lang } : {}) });
  }

  @Get('unread-count')
  @ApiOperation({ summary: 'How many messages of the inbox the caller has not read' })
  async unread(@CurrentPrincipal() principal: Principal) {
    return { unread: await unreadCount(this.db, principal) };
  }

  @Post(':messageId/read')
  @HttpCode(200)
  @ApiOperation({ summary: 'Mark a message read for the caller (recorded as NotificationRead); 404 if it is not addressed to them' })
  async markRead(@RawRequest() req: CommandRequest, @Param('messageId') messageId: string) {
    const { principal, metadata } = commandFromRequest(req, this.clock);
    const streamId = toNotificationStreamId(messageId);
    // One read mark per message and user, whatever the request's own id.
    const result = await this.messages.commands.handle(streamId, { kind: 'MarkRead', actor: principal, at: metadata.time }, { ...metadata, commandId: `read:${messageId}:${principal.agency}:${principal.user}` });
    // A repeat answers with the first mark's event, so the row keeps the first time read.
    const readAt = (result.events[0]?.data as { at?: string } | undefined)?.at ?? metadata.time;
    await recordRead(this.db.manager, { messageId, agency: principal.agency, user: principal.user, at: readAt });
    return { messageId, read: true, version: result.nextExpectedVersion };
  }
}
