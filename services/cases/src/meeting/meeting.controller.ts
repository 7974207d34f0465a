/** HTTP API of joint meetings (联席会议): schedule, agenda, decisions, close, read, list. */
import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AccessPurpose, CommandAccepted, CurrentPrincipal, etag, EtagResponse, Principal, RawRequest, withEtag } from '@jm/platform';
import { ListMeetingsQuery, PutCaseOnAgendaDto, RecordDecisionDto, ScheduleMeetingDto } from './meeting.dto';
import { MeetingService, MeetingView } from './meeting.service';

type Req = Parameters<MeetingService['close']>[0];

@ApiTags('meetings')
@ApiBearerAuth()
@ApiHeader({ name: 'If-Match', required: false, description: 'Stream version last seen (ETag); a stale one is 409.' })
@ApiHeader({ name: 'Idempotency-Key', required: false, description: 'A UUID: a retried command appends nothing twice.' })
@Controller('meetings')
export class MeetingController {
  constructor(private readonly meetings: MeetingService) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: "Schedule a joint meeting of the caller's office (meetingId in the answer)" })
  async schedule(@RawRequest() req: Req, @Body() dto: ScheduleMeetingDto, @Res({ passthrough: true }) res: EtagResponse) {
    return withEtag(res, await this.meetings.schedule(req, dto));
  }

  @Post(':meetingId/agenda')
  @HttpCode(200)
  @ApiOperation({ summary: 'Put a case on the agenda with the question the meeting must answer' })
  async agenda(
    @RawRequest() req: Req,
    @Param('meetingId') id: string,
    @Body() dto: PutCaseOnAgendaDto,
    @Res({ passthrough: true }) res: EtagResponse,
  ): Promise<CommandAccepted> {
    return withEtag(res, await this.meetings.putOnAgenda(req, id, dto));
  }

  @Post(':meetingId/decisions')
  @HttpCode(200)
  @ApiOperation({ summary: "The convener records the meeting's decision on a case on its agenda; the case moves by the process manager" })
  async decide(
    @RawRequest() req: Req,
    @Param('meetingId') id: string,
    @Body() dto: RecordDecisionDto,
    @Res({ passthrough: true }) res: EtagResponse,
  ): Promise<CommandAccepted> {
    return withEtag(res, await this.meetings.recordDecision(req, id, dto));
  }

  @Post(':meetingId/close')
  @HttpCode(200)
  @ApiOperation({ summary: 'Close the meeting: it decides nothing more' })
  async close(@RawRequest() req: Req, @Param('meetingId') id: string, @Res({ passthrough: true }) res: EtagResponse): Promise<CommandAccepted> {
    return withEtag(res, await this.meetings.close(req, id));
  }

  @Get()
  @ApiOperation({
    summary: 'Meetings the caller may see (offices: their region; member units: the meetings of the regions they are in), newest scheduledFor first',
  })
  async list(@CurrentPrincipal() principal: Principal, @Query() query: ListMeetingsQuery) {
    return this.meetings.list(principal, query);
  }

  @Get(':meetingId')
  @ApiOperation({ summary: 'A meeting with its agenda and decisions (folded from meeting-<id>); the read is logged' })
  async get(
    @CurrentPrincipal() principal: Principal,
    @Param('meetingId') id: string,
    @Res({ passthrough: true }) res: EtagResponse,
    @AccessPurpose() purpose?: string,
  ): Promise<MeetingView> {
    const view = await this.meetings.get(principal, id, purpose);
    res.setHeader('ETag', etag(view.version));
    return view;
  }
}
