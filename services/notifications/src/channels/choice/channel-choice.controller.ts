/**
 * HTTP API of an agency's channel choice: whoever acts for the agency
 * (agency-scope.ts: its own officers and admins, or an office over it) reads
 * it and sets it; anyone else in a managing role gets 404, other roles 403. Setting appends NotificationChannelsChosen to
 * notification-channels-<agency>, which overrides the file's defaults for the
 * messages that follow. A choice that breaks a rule is 422 naming every bad
 * field, and changes nothing.
 */
import { Body, Controller, Get, Param, Put, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, EtagResponse, Principal, RawRequest, withEtag } from '@jm/platform';
import type { CommandRequest } from '@jm/platform';
import { NotificationMessages } from '../notification/notification-messages';
import { ChooseChannelsDto } from './channel-choice.dto';

@ApiTags('notification-channels')
@ApiBearerAuth()
@ApiHeader({ name: 'If-Match', required: false, description: 'Stream version last seen (ETag); a stale one is 409.' })
@Controller('notification-channels')
export class ChannelChoiceController {
  constructor(private readonly messages: NotificationMessages) {}

  @Get(':agency')
  @ApiOperation({ summary: "The agency's channels now (inbox always on): its own choice, else the defaults of the channels file" })
  async get(@CurrentPrincipal() principal: Principal, @Param('agency') code: string) {
    const agency = this.messages.channelAgencyFor(principal, code);
    const { emails, webhooks, locale, source, version } = await this.messages.choiceOf(agency.code);
    return { agency: agency.code, inbox: true, emails, webhooks, locale, source, version: version ?? null };
  }

  @Put(':agency')
  @ApiOperation({ summary: "Set the agency's channels (email addresses, webhooks, language); validated, recorded as NotificationChannelsChosen" })
  async set(
    @RawRequest() req: CommandRequest,
    @Param('agency') code: string,
    @Body() dto: ChooseChannelsDto,
    @Res({ passthrough: true }) res: EtagResponse,
  ) {
    return withEtag(res, await this.messages.choose(req, code, dto));
  }
}
