/**
 * Agency endpoints of leads: submit (the caller's agency is the first
 * receiver), report to the office, add to a lead, the office's verdict on
 * links, and need-to-know reads (casework roles only; every read is recorded
 * in the access log).
 * Commands answer CommandAccepted with the version as ETag; If-Match and
 * Idempotency-Key are honoured.
 */
import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Clock } from '@jm/event-sourcing';
import {
  AccessLog,
  AccessPurpose,
  CLOCK,
  CommandAccepted,
  CurrentPrincipal,
  etag,
  EtagResponse,
  languageOf,
  Principal,
  RawRequest,
  requireCaseworker,
  withEtag,
} from '@jm/platform';
import { LeadReadModelQuery, LeadPage } from '../lead-read-model/lead-read-model.query';
import { AgencyLeadDto, ConfirmLinkDto, ListLeadsQuery, SupplementDto, UndoLinkDto } from './lead.dto';
import { HttpRequestLike, LeadService } from './lead.service';
import { leadView, LeadView } from './lead.view';

export const IF_MATCH_HEADER = { name: 'If-Match', required: false, description: 'The version (ETag) last seen; a stale one is 409' };
export const IDEMPOTENCY_HEADER = {
  name: 'Idempotency-Key',
  required: false,
  description: 'A UUID; a retried command with the same key appends nothing twice',
};

@ApiTags('leads')
@ApiBearerAuth()
@Controller('leads')
export class LeadController {
  constructor(
    private readonly leads: LeadService,
    private readonly readModel: LeadReadModelQuery,
    private readonly accessLog: AccessLog,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Submit a lead as an agency (首问负责: the caller’s agency is the first receiver)' })
  @ApiHeader(IDEMPOTENCY_HEADER)
  async submit(
    @Body() dto: AgencyLeadDto,
    @CurrentPrincipal() principal: Principal,
    @RawRequest() request: HttpRequestLike,
    @Res({ passthrough: true }) response: EtagResponse,
  ): Promise<CommandAccepted & { leadId: string; receiptNo: string }> {
    return withEtag(response, await this.leads.submitAgency(dto, principal, request));
  }

  @Get()
  @ApiOperation({ summary: 'Leads the caller may see (need-to-know), newest first' })
  async list(@Query() query: ListLeadsQuery, @CurrentPrincipal() principal: Principal): Promise<LeadPage> {
    requireCaseworker(principal);
    return this.readModel.list(principal, { status: query.status, page: query.page, pageSize: query.pageSize });
  }

  @Get(':id')
  @ApiOperation({ summary: 'One lead without the informant’s identity; the read is recorded' })
  async get(
    @Param('id') id: string,
    @CurrentPrincipal() principal: Principal,
    @RawRequest() request: HttpRequestLike,
    @Res({ passthrough: true }) response: EtagResponse,
    @AccessPurpose({ description: 'Why you read the lead; recorded in the access log.' }) purpose?: string,
  ): Promise<LeadView> {
    requireCaseworker(principal);
    const { state, version } = await this.leads.visibleLead(principal, id).catch(async (error: unknown) => {
      // A refused read is recorded too (AccessLog keeps only those of leads that exist, and counts the rest).
      await this.accessLog.record(principal, {
        resourceType: 'lead',
        resourceId: id,
        fields: ['summary'],
        purpose,
        granted: false,
        exists: await this.leads.exists(id),
      });
      throw error;
    });
    await this.accessLog.record(principal, { resourceType: 'lead', resourceId: id, fields: ['summary'], purpose, granted: true });
    response.setHeader('ETag', etag(version));
    return leadView(state, version, await this.readModel.publicStatus(id), languageOf(request as never));
  }

  @Post(':id/report-to-office')
  @HttpCode(200)
  @ApiOperation({ summary: 'Report the lead to the office (receiving agency or the office)' })
  @ApiHeader(IF_MATCH_HEADER)
  @ApiHeader(IDEMPOTENCY_HEADER)
  async reportToOffice(
    @Param('id') id: string,
    @CurrentPrincipal() principal: Principal,
    @RawRequest() request: HttpRequestLike,
    @Res({ passthrough: true }) response: EtagResponse,
  ): Promise<CommandAccepted> {
    return withEtag(response, await this.leads.execute(id, principal, request, (at, actor) => ({ kind: 'ReportLeadToOffice', at, actor })));
  }

  @Post(':id/supplements')
  @HttpCode(200)
  @ApiOperation({ summary: 'Add text or evidence to a lead (receiving agency or the office)' })
  @ApiHeader(IF_MATCH_HEADER)
  @ApiHeader(IDEMPOTENCY_HEADER)
  async supplement(
    @Param('id') id: string,
    @Body() dto: SupplementDto,
    @CurrentPrincipal() principal: Principal,
    @RawRequest() request: HttpRequestLike,
    @Res({ passthrough: true }) response: EtagResponse,
  ): Promise<CommandAccepted> {
    return withEtag(response, await this.leads.supplement(id, principal, request, dto));
  }

  @Post(':id/links/confirm')
  @HttpCode(200)
  @ApiOperation({ summary: 'The office confirms a link found by matching' })
  @ApiHeader(IF_MATCH_HEADER)
  @ApiHeader(IDEMPOTENCY_HEADER)
  async confirmLink(
    @Param('id') id: string,
    @Body() dto: ConfirmLinkDto,
    @CurrentPrincipal() principal: Principal,
    @RawRequest() request: HttpRequestLike,
    @Res({ passthrough: true }) response: EtagResponse,
  ): Promise<CommandAccepted> {
    const target = { kind: dto.target.kind, id: dto.target.id };
    return withEtag(response, await this.leads.execute(id, principal, request, (at, actor) => ({ kind: 'ConfirmLink', at, actor, target })));
  }

  @Post(':id/links/undo')
  @HttpCode(200)
  @ApiOperation({ summary: 'The office undoes a link, with a reason' })
  @ApiHeader(IF_MATCH_HEADER)
  @ApiHeader(IDEMPOTENCY_HEADER)
  async undoLink(
    @Param('id') id: string,
    @Body() dto: UndoLinkDto,
    @CurrentPrincipal() principal: Principal,
    @RawRequest() request: HttpRequestLike,
    @Res({ passthrough: true }) response: EtagResponse,
  ): Promise<CommandAccepted> {
    const target = { kind: dto.target.kind, id: dto.target.id };
    return withEtag(
      response,
      await this.leads.execute(id, principal, request, (at, actor) => ({ kind: 'UndoLink', at, actor, target, reason: dto.reason })),
    );
  }
}

export function headerOf(request: HttpRequestLike, name: string): string | undefined {
  const value = request.headers[name];
  const first = Array.isArray(value) ? value[0] : value;
  return first?.trim() ? first.trim() : undefined;
}
