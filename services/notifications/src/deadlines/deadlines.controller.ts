/** HTTP API of the deadline engine: clocks, policies, obligations and the on-demand check (docs/deadlines.md, "REST"). */
import { Body, Controller, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AccessPurpose, CommandAccepted, CurrentPrincipal, languageOf, Principal, RawRequest } from '@jm/platform';
import { DeadlineScheduler } from './deadline-scheduler';
import { requireOperator } from './deadlines.access';
import { ListClocksQuery, ListObligationsQuery, SubmitObligationDto } from './deadlines.dto';
import { DeadlinesService } from './deadlines.service';

type HttpReq = Parameters<typeof languageOf>[0];
type CommandReq = Parameters<DeadlinesService['submit']>[0];

@ApiTags('deadlines')
@ApiBearerAuth()
@Controller()
export class DeadlinesController {
  constructor(
    private readonly deadlines: DeadlinesService,
    private readonly scheduler: DeadlineScheduler,
  ) {}

  @Get('deadlines/clocks')
  @ApiOperation({ summary: 'Clocks the caller may see (a unit its own, an office its region), earliest due first' })
  async clocks(@CurrentPrincipal() principal: Principal, @Query() query: ListClocksQuery, @Req() req: HttpReq) {
    return this.deadlines.listClocks(principal, query, languageOf(req));
  }

  @Get('deadlines/clocks/:clockId')
  @ApiOperation({ summary: 'One clock folded from its stream, with its timeline; the read is logged' })
  async clock(@CurrentPrincipal() principal: Principal, @Param('clockId') clockId: string, @Req() req: HttpReq, @AccessPurpose() purpose?: string) {
    return this.deadlines.getClock(principal, clockId, languageOf(req), purpose);
  }

  @Get('deadlines/policies')
  @ApiOperation({ summary: 'The deadline policies in force (config/deadline-policies.json)' })
  policies(@Req() req: HttpReq) {
    return this.deadlines.listPolicies(languageOf(req));
  }

  @Post('deadlines/tick')
  @HttpCode(200)
  @ApiOperation({
    summary: "Run the scheduler's check now (an office's office_officer or admin): open the current obligations, record what fell due",
  })
  async tick(@CurrentPrincipal() principal: Principal) {
    requireOperator(principal);
    return this.scheduler.tick();
  }

  @Get('obligations')
  @ApiOperation({ summary: 'Periodic obligations the caller may see, with status due / submitted / late / missing' })
  async obligations(@CurrentPrincipal() principal: Principal, @Query() query: ListObligationsQuery, @Req() req: HttpReq) {
    return this.deadlines.listObligations(principal, query, languageOf(req));
  }

  @Post('obligations/:obligationId/submissions')
  @HttpCode(200)
  @ApiOperation({ summary: 'The owing unit submits the obligation (late when after its due time)' })
  async submit(
    @RawRequest() req: CommandReq,
    @Param('obligationId') obligationId: string,
    @Body() dto: SubmitObligationDto,
  ): Promise<CommandAccepted> {
    return this.deadlines.submit(req, obligationId, dto);
  }
}
