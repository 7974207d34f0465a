/**
 * HTTP API of cases (案件): one POST per case command (kebab-case), the case
 * folded from its stream with a readable timeline, and the visible case list.
 * OpenCase and ApplyMeetingDecision have no route: a founded lead and a
 * meeting's decision issue them through the process managers.
 */
import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { DomainRuleError } from '@jm/event-sourcing';
import { AccessPurpose, CommandAccepted, CurrentPrincipal, etag, EtagResponse, languageOf, Principal, RawRequest, withEtag } from '@jm/platform';
import { KEY_CASE_FLAG_CODES, KeyCaseFlag } from '@jm/reference';
import * as Dto from './case.dto';
import { CaseRequest, CaseService, CaseView } from './case.service';

type Request = Parameters<CaseService['execute']>[0];

@ApiTags('cases')
@ApiBearerAuth()
@ApiHeader({ name: 'If-Match', required: false, description: 'Stream version last seen (ETag); a stale one is 409.' })
@ApiHeader({ name: 'Idempotency-Key', required: false, description: 'A UUID: a retried command appends nothing twice.' })
@Controller('cases')
export class CaseController {
  constructor(private readonly cases: CaseService) {}

  private async run(req: Request, res: EtagResponse, id: string, asked: CaseRequest): Promise<CommandAccepted> {
    return withEtag(res, await this.cases.execute(req, id, asked));
  }

  @Get()
  @ApiOperation({ summary: 'Cases the caller may see (offices: their region; units: cases they are part of), with filters and pages' })
  async list(@CurrentPrincipal() principal: Principal, @Query() query: Dto.ListCasesQuery) {
    return this.cases.list(principal, query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'A case folded from case-<id>, with its timeline (zh-CN, or English with Accept-Language: en); the read is logged' })
  async get(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Req() req: { headers: Record<string, string | string[] | undefined>; query?: Record<string, unknown> },
    @Res({ passthrough: true }) res: EtagResponse,
    @AccessPurpose() purpose?: string,
  ): Promise<CaseView> {
    const view = await this.cases.get(principal, id, languageOf(req), purpose);
    res.setHeader('ETag', etag(view.version));
    return view;
  }

  @Post(':id/units')
  @HttpCode(200)
  @ApiOperation({ summary: 'Assign the lead unit (牵头) and cooperating units (配合)' })
  units(@RawRequest() req: Request, @Param('id') id: string, @Body() dto: Dto.AssignUnitsDto, @Res({ passthrough: true }) res: EtagResponse) {
    return this.run(req, res, id, { kind: 'AssignUnits', leadUnit: dto.leadUnit, cooperatingUnits: dto.cooperatingUnits });
  }

  @Post(':id/leads')
  @HttpCode(200)
  @ApiOperation({ summary: 'Attach another lead to the case' })
  attachLead(@RawRequest() req: Request, @Param('id') id: string, @Body() dto: Dto.AttachLeadDto, @Res({ passthrough: true }) res: EtagResponse) {
    return this.run(req, res, id, { kind: 'AttachLead', leadId: dto.leadId });
  }

  @Post(':id/joint-team')
  @HttpCode(200)
  @ApiOperation({ summary: 'Form the joint investigation team (联合调查组)' })
  jointTeam(@RawRequest() req: Request, @Param('id') id: string, @Body() dto: Dto.FormJointTeamDto, @Res({ passthrough: true }) res: EtagResponse) {
    return this.run(req, res, id, { kind: 'FormJointInvestigationTeam', leader: dto.leader, members: dto.members });
  }

  @Post(':id/findings')
  @HttpCode(200)
  @ApiOperation({ summary: 'Record an investigation finding (调查)' })
  findings(@RawRequest() req: Request, @Param('id') id: string, @Body() dto: Dto.RecordFindingDto, @Res({ passthrough: true }) res: EtagResponse) {
    return this.run(req, res, id, { kind: 'RecordFinding', ...dto });
  }

  @Post(':id/funds-monitoring')
  @HttpCode(200)
  @ApiOperation({ summary: 'Ask the central-bank or regulator branch to monitor or freeze funds (资金监测); requestId in the events' })
  fundsMonitoring(
    @RawRequest() req: Request,
    @Param('id') id: string,
    @Body() dto: Dto.RequestFundsMonitoringDto,
    @Res({ passthrough: true }) res: EtagResponse,
  ) {
    return this.run(req, res, id, { kind: 'RequestFundsMonitoring', to: dto.to, measure: dto.measure, accounts: dto.accounts });
  }

  @Post(':id/funds-monitoring/:requestId/answer')
  @HttpCode(200)
  @ApiOperation({ summary: 'The branch answers a funds-monitoring request' })
  answerFunds(
    @RawRequest() req: Request,
    @Param('id') id: string,
    @Param('requestId') requestId: string,
    @Body() dto: Dto.AnswerFundsMonitoringDto,
    @Res({ passthrough: true }) res: EtagResponse,
  ) {
    return this.run(req, res, id, { kind: 'AnswerFundsMonitoring', requestId, ...dto });
  }

  @Post(':id/determination/request')
  @HttpCode(200)
  @ApiOperation({ summary: 'Ask the competent authority for a nature determination (性质认定)' })
  requestDetermination(
    @RawRequest() req: Request,
    @Param('id') id: string,
    @Body() dto: Dto.RequestDeterminationDto,
    @Res({ passthrough: true }) res: EtagResponse,
  ) {
    return this.run(req, res, id, { kind: 'RequestDetermination', authority: dto.authority });
  }

  @Post(':id/determination/opinion')
  @HttpCode(200)
  @ApiOperation({ summary: 'The authority issues its opinion (认定意见)' })
  opinion(@RawRequest() req: Request, @Param('id') id: string, @Body() dto: Dto.IssueOpinionDto, @Res({ passthrough: true }) res: EtagResponse) {
    return this.run(req, res, id, { kind: 'IssueDeterminationOpinion', conclusion: dto.conclusion, disputed: dto.disputed, text: dto.text });
  }

  @Post(':id/determination/accept')
  @HttpCode(200)
  @ApiOperation({ summary: "The office accepts the authority's opinion: the nature is determined" })
  acceptOpinion(
    @RawRequest() req: Request,
    @Param('id') id: string,
    @Body() dto: Dto.AcceptOpinionDto,
    @Res({ passthrough: true }) res: EtagResponse,
  ) {
    return this.run(req, res, id, { kind: 'AcceptDeterminationOpinion', ...(dto.note ? { note: dto.note } : {}) });
  }

  @Post(':id/refer-to-district-meeting')
  @HttpCode(200)
  @ApiOperation({ summary: 'Refer the case to a scheduled district joint meeting (it lands on the agenda by the process manager)' })
  referToDistrict(
    @RawRequest() req: Request,
    @Param('id') id: string,
    @Body() dto: Dto.ReferToMeetingDto,
    @Res({ passthrough: true }) res: EtagResponse,
  ) {
    return this.run(req, res, id, { kind: 'ReferToDistrictMeeting', meetingId: dto.meetingId, question: dto.question });
  }

  @Post(':id/escalate-to-city-meeting')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Escalate to a scheduled city joint meeting (提请市联席会议, after the district meeting decided to); to the city office of another deployment without a meetingId',
  })
  escalate(
    @RawRequest() req: Request,
    @Param('id') id: string,
    @Body() dto: Dto.EscalateToCityMeetingDto,
    @Res({ passthrough: true }) res: EtagResponse,
  ) {
    return this.run(req, res, id, {
      kind: 'EscalateToCityMeeting',
      ...(dto.meetingId !== undefined ? { meetingId: dto.meetingId } : {}),
      question: dto.question,
    });
  }

  @Post(':id/measures')
  @HttpCode(200)
  @ApiOperation({ summary: 'Record an administrative measure (约谈, 责令整改, 查封扣押, 监督资金清退, 行政处罚)' })
  measures(@RawRequest() req: Request, @Param('id') id: string, @Body() dto: Dto.TakeMeasureDto, @Res({ passthrough: true }) res: EtagResponse) {
    return this.run(req, res, id, { kind: 'TakeAdministrativeMeasure', ...dto });
  }

  @Post(':id/transfer-to-police')
  @HttpCode(200)
  @ApiOperation({ summary: 'Transfer to the police (移送公安); the answer deadline comes from POLICE_RESPONSE_DAYS' })
  transfer(@RawRequest() req: Request, @Param('id') id: string, @Body() dto: Dto.TransferToPoliceDto, @Res({ passthrough: true }) res: EtagResponse) {
    return this.run(req, res, id, { kind: 'TransferToPolice', police: dto.police, reason: dto.reason });
  }

  @Post(':id/transfer/accept')
  @HttpCode(200)
  @ApiOperation({ summary: 'The police accept the transfer (立案)' })
  acceptTransfer(
    @RawRequest() req: Request,
    @Param('id') id: string,
    @Body() dto: Dto.AcceptTransferDto,
    @Res({ passthrough: true }) res: EtagResponse,
  ) {
    return this.run(req, res, id, { kind: 'AcceptTransfer', ...dto });
  }

  @Post(':id/transfer/decline')
  @HttpCode(200)
  @ApiOperation({ summary: 'The police decline the transfer, with reasons' })
  declineTransfer(
    @RawRequest() req: Request,
    @Param('id') id: string,
    @Body() dto: Dto.DeclineTransferDto,
    @Res({ passthrough: true }) res: EtagResponse,
  ) {
    return this.run(req, res, id, { kind: 'DeclineTransfer', reasons: dto.reasons });
  }

  @Post(':id/prosecution')
  @HttpCode(200)
  @ApiOperation({ summary: 'Record the prosecution (起诉)' })
  prosecution(
    @RawRequest() req: Request,
    @Param('id') id: string,
    @Body() dto: Dto.RecordProsecutionDto,
    @Res({ passthrough: true }) res: EtagResponse,
  ) {
    return this.run(req, res, id, { kind: 'RecordProsecution', ...dto });
  }

  @Post(':id/judgment')
  @HttpCode(200)
  @ApiOperation({ summary: 'Record the judgment (判决)' })
  judgment(@RawRequest() req: Request, @Param('id') id: string, @Body() dto: Dto.RecordJudgmentDto, @Res({ passthrough: true }) res: EtagResponse) {
    return this.run(req, res, id, { kind: 'RecordJudgment', ...dto });
  }

  @Post(':id/refund-completed')
  @HttpCode(200)
  @ApiOperation({ summary: 'Record the refund complete (完成资金清退); with the judgment it ends the 2-year limit' })
  refundCompleted(
    @RawRequest() req: Request,
    @Param('id') id: string,
    @Body() dto: Dto.RecordRefundCompletedDto,
    @Res({ passthrough: true }) res: EtagResponse,
  ) {
    return this.run(req, res, id, { kind: 'RecordRefundCompleted', text: dto.text });
  }

  @Post(':id/two-year-exemption')
  @HttpCode(200)
  @ApiOperation({ summary: 'Exempt the case from the 2-year limit (外省牵头办理, or 重大复杂 naming who approved it)' })
  twoYearExemption(
    @RawRequest() req: Request,
    @Param('id') id: string,
    @Body() dto: Dto.ExemptFromTwoYearLimitDto,
    @Res({ passthrough: true }) res: EtagResponse,
  ) {
    return this.run(req, res, id, { kind: 'ExemptFromTwoYearLimit', ...dto });
  }

  @Post(':id/recoveries')
  @HttpCode(200)
  @ApiOperation({ summary: 'Record recovered funds (追赃挽损)' })
  recoveries(@RawRequest() req: Request, @Param('id') id: string, @Body() dto: Dto.RecordRecoveryDto, @Res({ passthrough: true }) res: EtagResponse) {
    return this.run(req, res, id, { kind: 'RecordRecovery', ...dto });
  }

  @Post(':id/victim-claims')
  @HttpCode(200)
  @ApiOperation({ summary: 'Record victim claims (善后: 赔偿请求)' })
  victimClaims(
    @RawRequest() req: Request,
    @Param('id') id: string,
    @Body() dto: Dto.RecordVictimClaimsDto,
    @Res({ passthrough: true }) res: EtagResponse,
  ) {
    return this.run(req, res, id, { kind: 'RecordVictimClaims', ...dto });
  }

  @Post(':id/petitions')
  @HttpCode(200)
  @ApiOperation({ summary: 'Record a petition (信访)' })
  petitions(@RawRequest() req: Request, @Param('id') id: string, @Body() dto: Dto.RecordPetitionDto, @Res({ passthrough: true }) res: EtagResponse) {
    return this.run(req, res, id, { kind: 'RecordPetition', ...dto });
  }

  @Post(':id/stability-assessments')
  @HttpCode(200)
  @ApiOperation({ summary: 'Record a stability-risk assessment before a sensitive step (社会稳定风险评估)' })
  stability(
    @RawRequest() req: Request,
    @Param('id') id: string,
    @Body() dto: Dto.AssessStabilityRiskDto,
    @Res({ passthrough: true }) res: EtagResponse,
  ) {
    return this.run(req, res, id, { kind: 'AssessStabilityRisk', ...dto });
  }

  @Post(':id/risk-grade')
  @HttpCode(200)
  @ApiOperation({ summary: 'Set the risk grade (分级分类)' })
  riskGrade(@RawRequest() req: Request, @Param('id') id: string, @Body() dto: Dto.SetRiskGradeDto, @Res({ passthrough: true }) res: EtagResponse) {
    return this.run(req, res, id, { kind: 'SetRiskGrade', ...dto });
  }

  @Post(':id/key-flags')
  @HttpCode(200)
  @ApiOperation({ summary: 'Set a key-case flag (重点案件)' })
  setFlag(@RawRequest() req: Request, @Param('id') id: string, @Body() dto: Dto.SetKeyFlagDto, @Res({ passthrough: true }) res: EtagResponse) {
    return this.run(req, res, id, { kind: 'SetKeyCaseFlag', ...dto });
  }

  @Post(':id/leader-instructions')
  @HttpCode(200)
  @ApiOperation({ summary: "Record a leader's written instruction (领导批示); a central or provincial one flags a key case" })
  leaderInstruction(
    @RawRequest() req: Request,
    @Param('id') id: string,
    @Body() dto: Dto.RecordLeaderInstructionDto,
    @Res({ passthrough: true }) res: EtagResponse,
  ) {
    return this.run(req, res, id, { kind: 'RecordLeaderInstruction', ...dto });
  }

  @Post(':id/leader-in-charge')
  @HttpCode(200)
  @ApiOperation({ summary: 'Record the leader taking charge of the case (领导包案)' })
  leaderInCharge(
    @RawRequest() req: Request,
    @Param('id') id: string,
    @Body() dto: Dto.AssignLeaderInChargeDto,
    @Res({ passthrough: true }) res: EtagResponse,
  ) {
    return this.run(req, res, id, { kind: 'AssignLeaderInCharge', ...dto });
  }

  @Post(':id/dedicated-team')
  @HttpCode(200)
  @ApiOperation({ summary: 'Form the dedicated team of the case (一案一专班); its units may then see the case' })
  dedicatedTeam(
    @RawRequest() req: Request,
    @Param('id') id: string,
    @Body() dto: Dto.FormDedicatedTeamDto,
    @Res({ passthrough: true }) res: EtagResponse,
  ) {
    return this.run(req, res, id, { kind: 'FormDedicatedTeam', ...dto });
  }

  @Post(':id/key-flags/:flag/clear')
  @ApiParam({ name: 'flag', enum: KEY_CASE_FLAG_CODES })
  @HttpCode(200)
  @ApiOperation({ summary: 'Clear a key-case flag' })
  clearFlag(
    @RawRequest() req: Request,
    @Param('id') id: string,
    @Param('flag') flag: string,
    @Body() dto: Dto.ClearKeyFlagDto,
    @Res({ passthrough: true }) res: EtagResponse,
  ) {
    if (!(KEY_CASE_FLAG_CODES as string[]).includes(flag)) throw new DomainRuleError(`flag: one of ${KEY_CASE_FLAG_CODES.join(', ')}`);
    return this.run(req, res, id, { kind: 'ClearKeyCaseFlag', flag: flag as KeyCaseFlag, reason: dto.reason });
  }

  @Post(':id/closure/request')
  @HttpCode(200)
  @ApiOperation({ summary: 'Request closure and risk write-off (销号)' })
  requestClosure(
    @RawRequest() req: Request,
    @Param('id') id: string,
    @Body() dto: Dto.RequestClosureDto,
    @Res({ passthrough: true }) res: EtagResponse,
  ) {
    return this.run(req, res, id, { kind: 'RequestClosure', summary: dto.summary });
  }

  @Post(':id/closure/approve')
  @HttpCode(200)
  @ApiOperation({ summary: 'The office approves closure: the case is closed and the risk written off' })
  approveClosure(
    @RawRequest() req: Request,
    @Param('id') id: string,
    @Body() dto: Dto.ApproveClosureDto,
    @Res({ passthrough: true }) res: EtagResponse,
  ) {
    return this.run(req, res, id, { kind: 'ApproveClosure', note: dto.note });
  }

  @Post(':id/closure/reject')
  @HttpCode(200)
  @ApiOperation({ summary: 'The office rejects the closure request' })
  rejectClosure(@RawRequest() req: Request, @Param('id') id: string, @Body() dto: Dto.ReasonDto, @Res({ passthrough: true }) res: EtagResponse) {
    return this.run(req, res, id, { kind: 'RejectClosure', reason: dto.reason });
  }

  @Post(':id/reopen')
  @HttpCode(200)
  @ApiOperation({ summary: 'Reopen a closed case' })
  reopen(@RawRequest() req: Request, @Param('id') id: string, @Body() dto: Dto.ReasonDto, @Res({ passthrough: true }) res: EtagResponse) {
    return this.run(req, res, id, { kind: 'ReopenCase', reason: dto.reason });
  }
}
