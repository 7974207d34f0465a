/**
 * HTTP API of the audit across deployments (docs/federation-reporting.md): the verification of a deployment
 * below (auditors of this deployment's office), and the anchor check a deployment above calls over its link
 * (no bearer token: the link token in its own header, accepted on this route only).
 */
import { Body, Controller, Headers, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { AccessPurpose, ApiProblems, CurrentPrincipal, Principal, Public } from '@jm/platform';
import { AnchorCheckBody, FederationDeploymentParams, FederationVerificationQuery } from './federation-audit.dto';
import { AnchorCheck, FederatedVerification, FederationAuditService } from './federation-audit.service';
import { LINK_DEPLOYMENT_HEADER, LINK_TOKEN_HEADER } from './link-token';

const PROBLEM = { content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } };

@ApiTags('audit')
@Controller('audit/federation')
export class FederationAuditController {
  constructor(private readonly audit: FederationAuditService) {}

  @Post(':deployment/verifications')
  @HttpCode(200)
  @ApiBearerAuth()
  @ApiProblems(403, 404, 409)
  @ApiResponse({
    status: 502,
    description: 'UPSTREAM_UNAVAILABLE: the deployment’s audit API does not answer, refuses, or answers something else',
    ...PROBLEM,
  })
  @ApiResponse({ status: 503, description: 'SERVICE_UNAVAILABLE: no audit URL or link secret is configured for the deployment', ...PROBLEM })
  @ApiOperation({
    summary:
      'Verify a deployment below (跨部署审计核验) against the latest anchor it published on Kafka: its chains, and its heads as of the anchor (auditors of this deployment’s office)',
  })
  verify(
    @CurrentPrincipal() principal: Principal,
    @Param() params: FederationDeploymentParams,
    @Query() query: FederationVerificationQuery,
    @AccessPurpose({ description: 'Why the auditor reads this; kept in the access log.' }) purpose?: string,
  ): Promise<FederatedVerification> {
    return this.audit.verify(principal, params.deployment, query.lang ?? 'zh-CN', purpose);
  }

  @Post('anchor-checks')
  @Public()
  @HttpCode(200)
  @ApiProblems(404)
  @ApiHeader({ name: LINK_DEPLOYMENT_HEADER, required: true, description: 'The calling deployment (one above this one)' })
  @ApiHeader({
    name: LINK_TOKEN_HEADER,
    required: true,
    description: 'A link token signed with the link’s secret (FEDERATION_LINK_SECRETS), at most 60 s',
  })
  @ApiOperation({
    summary:
      'For a deployment above only: this store’s chains verified, and every stream’s head (revision, hash, position) as of a position; never event content',
  })
  check(
    @Headers(LINK_DEPLOYMENT_HEADER) deployment: string | undefined,
    @Headers(LINK_TOKEN_HEADER) token: string | undefined,
    @Body() body: AnchorCheckBody,
  ): Promise<AnchorCheck> {
    return this.audit.check({ deployment, token }, body.anchorId, body.headPosition);
  }
}
