/**
 * HTTP API of a case's aftermath register (善后登记): persons, their claims and
 * refunds, petitions referred, supervised and closed, shredding a person's
 * identity, and the register itself (identities opened for those who keep it,
 * masked for others with need-to-know of the case).
 */
import { Body, Controller, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AccessPurpose, ApiProblems, CurrentPrincipal, EtagResponse, etag, Principal, RawRequest, withEtag } from '@jm/platform';
import * as Dto from './aftermath.dto';
import { AftermathAccepted, AftermathRequest, AftermathService, RegisterView } from './aftermath.service';

type Request = Parameters<AftermathService['execute']>[0];

@ApiTags('aftermath')
@ApiBearerAuth()
@ApiHeader({ name: 'If-Match', required: false, description: 'Register version last seen (ETag); a stale one is 409.' })
@ApiHeader({
  name: 'Idempotency-Key',
  required: false,
  description: 'A UUID: a retried command appends nothing twice (and names the same person, claim, refund or petition).',
})
@Controller('cases/:id/aftermath')
export class AftermathController {
  constructor(private readonly aftermath: AftermathService) {}

  private async run(req: Request, res: EtagResponse, id: string, asked: AftermathRequest): Promise<AftermathAccepted> {
    return withEtag(res, await this.aftermath.execute(req, id, asked));
  }

  @Get()
  @ApiOperation({
    summary:
      'The register: persons with claims and refunds, petitions and totals; identities opened for the office and the case’s units and street, masked for others; the read is logged',
  })
  async get(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Res({ passthrough: true }) res: EtagResponse,
    @AccessPurpose() purpose?: string,
  ): Promise<RegisterView> {
    const view = await this.aftermath.register(principal, id, purpose);
    res.setHeader('ETag', etag(view.version));
    return view;
  }

  @Post('persons')
  @HttpCode(200)
  @ApiProblems(409)
  @ApiOperation({ summary: 'Register a participant or victim (集资参与人/受害人); the identity is sealed with the person’s own key; answers its id' })
  person(@RawRequest() req: Request, @Param('id') id: string, @Body() dto: Dto.RegisterPersonDto, @Res({ passthrough: true }) res: EtagResponse) {
    const { role, name, idNumber, phone } = dto;
    return this.run(req, res, id, { kind: 'RegisterPerson', role, identity: { name, idNumber, ...(phone ? { phone } : {}) } });
  }

  @Post('persons/:personId/claims')
  @HttpCode(200)
  @ApiProblems(409)
  @ApiOperation({ summary: 'Register a claim of the person (债权申报): amount and date' })
  claim(
    @RawRequest() req: Request,
    @Param('id') id: string,
    @Param('personId') personId: string,
    @Body() dto: Dto.RegisterClaimDto,
    @Res({ passthrough: true }) res: EtagResponse,
  ) {
    return this.run(req, res, id, { kind: 'RegisterClaim', personId, ...dto });
  }

  @Post('persons/:personId/refunds')
  @HttpCode(200)
  @ApiProblems(409)
  @ApiOperation({ summary: 'Record a refund paid to the person (资金清退); beyond the person’s claims only with overClaimReason' })
  refund(
    @RawRequest() req: Request,
    @Param('id') id: string,
    @Param('personId') personId: string,
    @Body() dto: Dto.RecordRefundDto,
    @Res({ passthrough: true }) res: EtagResponse,
  ) {
    return this.run(req, res, id, { kind: 'RecordRefund', personId, ...dto });
  }

  @Post('persons/:personId/shred')
  @HttpCode(200)
  @ApiProblems(409)
  @ApiOperation({
    summary: 'Destroy the person’s key (crypto-shredding): the identity is unreadable everywhere, the amounts stay; the case’s office only',
  })
  shred(
    @RawRequest() req: Request,
    @Param('id') id: string,
    @Param('personId') personId: string,
    @Body() dto: Dto.ShredPersonDto,
    @Res({ passthrough: true }) res: EtagResponse,
  ) {
    return this.run(req, res, id, { kind: 'ShredPersonIdentity', personId, reason: dto.reason });
  }

  @Post('petitions')
  @HttpCode(200)
  @ApiProblems(409)
  @ApiOperation({ summary: 'Refer a petition (信访转办) to an agency; answers its id' })
  refer(@RawRequest() req: Request, @Param('id') id: string, @Body() dto: Dto.ReferPetitionDto, @Res({ passthrough: true }) res: EtagResponse) {
    return this.run(req, res, id, { kind: 'ReferPetition', ...dto });
  }

  @Post('petitions/:petitionId/supervise')
  @HttpCode(200)
  @ApiProblems(409)
  @ApiOperation({ summary: 'Supervise a referred petition (督办)' })
  supervise(
    @RawRequest() req: Request,
    @Param('id') id: string,
    @Param('petitionId') petitionId: string,
    @Body() dto: Dto.SupervisePetitionDto,
    @Res({ passthrough: true }) res: EtagResponse,
  ) {
    return this.run(req, res, id, { kind: 'SupervisePetition', petitionId, note: dto.note });
  }

  @Post('petitions/:petitionId/close')
  @HttpCode(200)
  @ApiProblems(409)
  @ApiOperation({ summary: 'Close a petition with its outcome (闭环)' })
  close(
    @RawRequest() req: Request,
    @Param('id') id: string,
    @Param('petitionId') petitionId: string,
    @Body() dto: Dto.ClosePetitionDto,
    @Res({ passthrough: true }) res: EtagResponse,
  ) {
    return this.run(req, res, id, { kind: 'ClosePetition', petitionId, outcome: dto.outcome });
  }
}
