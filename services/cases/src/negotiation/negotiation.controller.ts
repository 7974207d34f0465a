/**
 * HTTP API of cross-region negotiations (跨区域协商): the records this deployment's office holds, the notified
 * office's answer and the common superior's decision (docs/federation-casework.md).
 */
import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  AccessPurpose,
  ApiProblems,
  CommandAccepted,
  CurrentPrincipal,
  etag,
  EtagResponse,
  languageOf,
  Principal,
  RawRequest,
  withEtag,
} from '@jm/platform';
import { AnswerNegotiationDto, DecideDisputeDto, ListNegotiationsQuery } from './negotiation.dto';
import { NegotiationService, NegotiationView } from './negotiation.service';

type Request = Parameters<NegotiationService['answer']>[0];
type LangRequest = Parameters<typeof languageOf>[0];

@ApiTags('negotiations')
@ApiBearerAuth()
@ApiHeader({ name: 'If-Match', required: false, description: 'Stream version last seen (ETag); a stale one is 409.' })
@ApiHeader({ name: 'Idempotency-Key', required: false, description: 'A UUID: a retried command appends nothing twice.' })
@Controller('negotiations')
export class NegotiationController {
  constructor(private readonly negotiations: NegotiationService) {}

  @Get()
  @ApiOperation({
    summary:
      "Cross-region negotiations the caller's office holds: its notices, the negotiations asked of it and the disputes it decides; newest first",
  })
  async list(@CurrentPrincipal() principal: Principal, @Query() query: ListNegotiationsQuery, @Req() req: LangRequest) {
    return this.negotiations.list(principal, query, languageOf(req));
  }

  @Get(':negotiationId')
  @ApiOperation({
    summary:
      "A negotiation record (folded from negotiation-<id>) with its answer, referral and binding decision; the holding office's only; the read is logged",
  })
  async get(
    @CurrentPrincipal() principal: Principal,
    @Param('negotiationId') id: string,
    @Req() req: LangRequest,
    @Res({ passthrough: true }) res: EtagResponse,
    @AccessPurpose() purpose?: string,
  ): Promise<NegotiationView> {
    const view = await this.negotiations.get(principal, id, languageOf(req), purpose);
    res.setHeader('ETag', etag(view.version));
    return view;
  }

  @Post(':negotiationId/answer')
  @HttpCode(200)
  @ApiProblems(409)
  @ApiOperation({
    summary:
      'The notified office officer answers: agree on the lead region (主办地), or disagree with a reason (the common superior decides); the answer goes back to the notifying region',
  })
  async answer(
    @RawRequest() req: Request,
    @Param('negotiationId') id: string,
    @Body() dto: AnswerNegotiationDto,
    @Res({ passthrough: true }) res: EtagResponse,
  ): Promise<CommandAccepted> {
    return withEtag(res, await this.negotiations.answer(req, id, dto));
  }

  @Post(':negotiationId/decision')
  @HttpCode(200)
  @ApiProblems(409)
  @ApiOperation({
    summary: "The common superior's office officer decides the dispute's lead region; the decision goes to both regions and binds them",
  })
  async decide(
    @RawRequest() req: Request,
    @Param('negotiationId') id: string,
    @Body() dto: DecideDisputeDto,
    @Res({ passthrough: true }) res: EtagResponse,
  ): Promise<CommandAccepted> {
    return withEtag(res, await this.negotiations.decide(req, id, dto));
  }
}
