/** HTTP API of the in-app inbox: list (paging, unread filter), unread count, mark read; per agency and user. */
import { Controller, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, InjectReadModel, Principal, RawRequest } from '@jm/platform';
import type { CommandRequest } from '@jm/platform';
import type { Lang } from '@jm/reference';
import type { DataSource } from 'typeorm';
import { ListInboxQuery } from './inbox.dto';
import { InboxService } from './inbox.service';
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
    private readonly inbox: InboxService,
    @InjectReadModel() private readonly db: DataSource,
  ) {}

  @Get()
  @ApiOperation({ summary: "The caller's inbox: messages to their agency (and role), newest first; ?unread=true for unread only" })
  async list(@CurrentPrincipal() principal: Principal, @Query() query: ListInboxQuery, @Req() req: CommandRequest) {
    const lang = askedLanguage(query.lang, req);
    return listInbox(this.db, principal, {
      unread: query.unread ?? false,
      page: query.page,
      pageSize: query.pageSize,
      ...(lang ? { lang } : {}),
    });
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
    return this.inbox.markRead(req, messageId);
  }
}
