/** HTTP API of lead triage (线索分办): list, read, route, refer up, verify, feed back. */
import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AccessPurpose, CommandAccepted, CurrentPrincipal, etag, EtagResponse, Principal, RawRequest, withEtag } from '@jm/platform';
import { FeedbackDto, ListTriageQuery, ReferLeadUpDto, RouteLeadDto } from './triage.dto';
import { TriageService, TriageView } from './triage.service';

type Req = Parameters<TriageService['route']>[0];

@ApiTags('triage')
@ApiBearerAuth()
@ApiHeader({ name: 'If-Match', required: false, description: 'Stream version last seen (ETag); a stale one is 409.' })
@ApiHeader({ name: 'Idempotency-Key', required: false, description: 'A UUID: a retried command appends nothing twice.' })
@Controller('triage')
export class TriageController {
  constructor(private readonly triage: TriageService) {}

  @Get()
  @ApiOperation({ summary: 'Leads the caller may triage or was routed (office: its region; unit: routed to it)' })
  async list(@CurrentPrincipal() principal: Principal, @Query() query: ListTriageQuery) {
    return this.triage.list(principal, query);
  }

  @Get(':leadId')
  @ApiOperation({ summary: "A lead's triage (folded from routing-<leadId>); the read is logged" })
  async get(
    @CurrentPrincipal() principal: Principal,
    @Param('leadId') leadId: string,
    @Res({ passthrough: true }) res: EtagResponse,
    @AccessPurpose() purpose?: string,
  ): Promise<TriageView> {
    const view = await this.triage.get(principal, leadId, purpose);
    res.setHeader('ETag', etag(view.version));
    return view;
  }

  @Post(':leadId/route')
  @HttpCode(200)
  @ApiOperation({ summary: 'Route to a unit (by the rules when no unit is given; they may also refer the lead up)' })
  async route(
    @RawRequest() req: Req,
    @Param('leadId') leadId: string,
    @Body() dto: RouteLeadDto,
    @Res({ passthrough: true }) res: EtagResponse,
  ): Promise<CommandAccepted> {
    return withEtag(res, await this.triage.route(req, leadId, dto));
  }

  @Post(':leadId/refer-up')
  @HttpCode(200)
  @ApiOperation({ summary: "Report the lead up to the next level's office (逐级上报)" })
  async referUp(
    @RawRequest() req: Req,
    @Param('leadId') leadId: string,
    @Body() dto: ReferLeadUpDto,
    @Res({ passthrough: true }) res: EtagResponse,
  ): Promise<CommandAccepted> {
    return withEtag(res, await this.triage.referUp(req, leadId, dto));
  }

  @Post(':leadId/verification')
  @HttpCode(200)
  @ApiOperation({ summary: 'The routed unit starts verifying (核查)' })
  async startVerification(
    @RawRequest() req: Req,
    @Param('leadId') leadId: string,
    @Res({ passthrough: true }) res: EtagResponse,
  ): Promise<CommandAccepted> {
    return withEtag(res, await this.triage.startVerification(req, leadId));
  }

  @Post(':leadId/feedback')
  @HttpCode(200)
  @ApiOperation({ summary: 'Verification feedback: unfounded (closed with a reason) or founded (a case is opened; caseId in the answer)' })
  async feedback(@RawRequest() req: Req, @Param('leadId') leadId: string, @Body() dto: FeedbackDto, @Res({ passthrough: true }) res: EtagResponse) {
    return withEtag(res, await this.triage.feedback(req, leadId, dto));
  }
}
