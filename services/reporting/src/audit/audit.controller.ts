/**
 * HTTP API of the audit (审计): timelines replayed from the store, the state of
 * a case as of a moment, the access log, hash-chain verification and anchors.
 * Read-only for auditors; anchors may also be taken by an admin. Every call is
 * recorded in the access log. zh-CN by default, English with ?lang=en.
 */
import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AccessPurpose, ApiProblems, CurrentPrincipal, Principal } from '@jm/platform';
import { Lang } from '@jm/reference';
import { AccessLogQuery, CaseIdParams, CaseStateQuery, TimelineQuery } from './audit.dto';
import { AuditService } from './audit.service';

const langOf = (query: { lang?: Lang }): Lang => query.lang ?? 'zh-CN';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get('timeline')
  @ApiProblems(404)
  @ApiOperation({ summary: 'A readable timeline: one stream (stream=…) or everything in a time range (from, to; optional type, agency), paginated' })
  timeline(
    @CurrentPrincipal() principal: Principal,
    @Query() query: TimelineQuery,
    @AccessPurpose({ description: 'Why the auditor reads this; kept in the access log.' }) purpose?: string,
  ) {
    return this.audit.timeline(principal, query, langOf(query), purpose);
  }

  @Get('cases/:caseId/state')
  @ApiOperation({ summary: 'The case as it was at a moment (at=ISO): its stream folded up to then, with labels; 404 if it was not opened yet' })
  caseState(
    @CurrentPrincipal() principal: Principal,
    @Param() params: CaseIdParams,
    @Query() query: CaseStateQuery,
    @AccessPurpose({ description: 'Why the auditor reads this; kept in the access log.' }) purpose?: string,
  ) {
    return this.audit.caseState(principal, params.caseId, query, langOf(query), purpose);
  }

  @Get('access-log')
  @ApiOperation({ summary: 'Who read what: the access log with filters, newest first' })
  accessLog(
    @CurrentPrincipal() principal: Principal,
    @Query() query: AccessLogQuery,
    @AccessPurpose({ description: 'Why the auditor reads this; kept in the access log.' }) purpose?: string,
  ) {
    return this.audit.accessLogEntries(principal, query, langOf(query), purpose);
  }

  @Post('verifications')
  @HttpCode(200)
  @ApiOperation({
    summary: "Recompute every stream's hash chain and compare the store with the latest anchor; the first bad position of each bad stream",
  })
  verify(
    @CurrentPrincipal() principal: Principal,
    @AccessPurpose({ description: 'Why the auditor reads this; kept in the access log.' }) purpose?: string,
  ) {
    return this.audit.verify(principal, purpose);
  }

  @Post('anchors')
  @ApiOperation({ summary: 'Take an anchor now: the head hash of every stream, appended to audit-anchors (auditor or admin)' })
  anchor(
    @CurrentPrincipal() principal: Principal,
    @AccessPurpose({ description: 'Why the auditor reads this; kept in the access log.' }) purpose?: string,
  ) {
    return this.audit.anchorOnDemand(principal, purpose);
  }

  @Get('anchors')
  @ApiOperation({ summary: 'The anchors taken so far, oldest first' })
  anchors(
    @CurrentPrincipal() principal: Principal,
    @AccessPurpose({ description: 'Why the auditor reads this; kept in the access log.' }) purpose?: string,
  ) {
    return this.audit.listAnchors(principal, purpose);
  }
}
