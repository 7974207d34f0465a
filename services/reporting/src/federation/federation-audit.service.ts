/**
 * The audit across deployments (docs/federation-reporting.md). Above: an auditor of this deployment's office
 * verifies a deployment below against the latest anchor that deployment published on Kafka (kept here in
 * federated_anchor, never read from its database): this service asks the deployment's audit API for its chains'
 * problems and its heads as of the anchor's position, and compares the heads with the anchor itself. Below:
 * the anchor check answers a link call from a deployment above with stream ids, revisions, hashes and problems,
 * never an event's content. Both sides record the call in their access log.
 */
import { HttpException, HttpStatus, Inject, Injectable, Logger } from '@nestjs/common';
import { AnchoredHead, DomainActor, hasRole } from '@jm/contracts';
import { Clock, EventStore, ForbiddenError, NotFoundError } from '@jm/event-sourcing';
import {
  AccessLog,
  AGENCY_REGISTRY,
  CLOCK,
  EVENT_STORE_TOKEN,
  FEDERATION,
  Federation,
  InjectReadModel,
  SERVICE_CONFIG,
  ServiceConfig,
  traceHttpCall,
} from '@jm/platform';
import type { AgencyRegistry, Deployment, Lang } from '@jm/reference';
import type { DataSource } from 'typeorm';
import { headsDigest, readHeads } from '../audit/audit-anchors';
import { AnchorObservation, anchorProblems, ProblemKind, sortProblems, VerificationProblem, verifyStore } from '../audit/audit-verification';
import { progressLine } from '../audit/audit.service';
import { latestReceivedAnchor, ReceivedAnchor } from './federated-records';
import { assertLinkHeaders, LINK_DEPLOYMENT_HEADER, LINK_TOKEN_HEADER, signLinkToken, verifyLinkCall } from './link-token';

/** The problem kinds as the console's audit screen names them. */
export const PROBLEM_KIND_LABELS: Record<ProblemKind, Record<Lang, string>> = {
  missing: { 'zh-CN': '事件缺失', en: 'Missing revision' },
  out_of_order: { 'zh-CN': '顺序错乱或重复', en: 'Out of order' },
  chain_broken: { 'zh-CN': '哈希链断裂', en: 'Chain broken' },
  altered: { 'zh-CN': '内容被篡改', en: 'Altered' },
  unknown_algorithm: { 'zh-CN': '未知哈希算法', en: 'Unknown algorithm' },
  stream_missing: { 'zh-CN': '事件流缺失', en: 'Stream missing' },
  truncated: { 'zh-CN': '事件流被截断', en: 'Truncated' },
  anchor_mismatch: { 'zh-CN': '与锚点不符', en: 'Anchor mismatch' },
};

/** How long the deployment below may take to verify its store (a full scan: ~55,000-80,000 events a second). */
const CHECK_TIMEOUT_MS = 10 * 60_000;

/** The anchor check's answer (below → above). */
export interface AnchorCheck {
  deployment: string;
  checkedAt: string;
  /** The store's head when its chains were verified. */
  headPosition: number;
  streams: number;
  events: number;
  /** Problems of the chains themselves (their anchor comparison is the caller's). */
  problems: VerificationProblem[];
  /** Every stream's head as of the anchor's position. */
  heads: AnchoredHead[];
}

export interface FederatedVerification {
  deployment: string;
  deploymentName: string;
  ok: boolean;
  /** The anchor compared with, as read from the deployment's anchor topic. */
  anchor: ReceivedAnchor['seal'];
  streams: number;
  events: number;
  problems: Array<VerificationProblem & { kindLabel: string }>;
  /** When the deployment below checked its store, and when this answer was made. */
  checkedAt: string;
  verifiedAt: string;
}

// The problem-details filter answers a 5xx with its catalogue title only (后台服务暂无响应 / 服务暂不可用): the reason goes to the log.
const UNAVAILABLE = { code: 'SERVICE_UNAVAILABLE', status: HttpStatus.SERVICE_UNAVAILABLE } as const;
const UPSTREAM = { code: 'UPSTREAM_UNAVAILABLE', status: HttpStatus.BAD_GATEWAY } as const;

@Injectable()
export class FederationAuditService {
  private readonly logger = new Logger('FederationAudit');

  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
    @Inject(FEDERATION) private readonly federation: Federation,
    @Inject(EVENT_STORE_TOKEN) private readonly store: EventStore,
    @Inject(AGENCY_REGISTRY) private readonly agencies: AgencyRegistry,
    @Inject(CLOCK) private readonly clock: Clock,
    @InjectReadModel() private readonly db: DataSource,
    private readonly accessLog: AccessLog,
  ) {}

  /** Above: verifies a deployment below against the latest anchor it published (auditors of this deployment's office). */
  async verify(actor: DomainActor, deploymentId: string, lang: Lang, purpose?: string): Promise<FederatedVerification> {
    const self = this.federation.self;
    const office = self && this.federation.registry.officeOf(self);
    const target = this.federation.registry.get(deploymentId);
    const below = !!self && !!target && this.federation.registry.isBelow(target, self);
    const auditor = hasRole(actor, 'auditor');
    await this.accessLog.record(actor, {
      resourceType: 'audit',
      resourceId: `federation:${deploymentId}`,
      fields: ['verification'],
      granted: auditor && actor.agency === office?.code && below,
      ...(purpose ? { purpose } : {}),
    });
    if (!auditor)
      throw new ForbiddenError(`verifying another deployment needs the role auditor; the caller has ${actor.roles.join(', ') || 'no role'}`);
    if (!self || !office) throw new NotFoundError('deployments to verify: this process belongs to no deployment (DEPLOYMENT is not set)');
    if (actor.agency !== office.code)
      throw new ForbiddenError(`verifying the deployments below ${self.id} belongs to the auditors of ${office.name['zh-CN']} (${office.code})`);
    if (!target)
      throw new NotFoundError(
        `deployment ${deploymentId} (deployments: ${this.federation.registry
          .all()
          .map((d) => d.id)
          .join(', ')})`,
      );
    if (!below) throw new ForbiddenError(`${deploymentId} is not below ${self.id}; below it: ${this.below(self).join(', ') || 'none'}`);

    const anchor = await latestReceivedAnchor(this.db, target.id);
    if (!anchor)
      throw new HttpException(
        {
          code: 'CONFLICT',
          message: `no complete anchor of ${target.id} has been read from its anchor topic yet: it publishes one with each anchor it takes`,
        },
        HttpStatus.CONFLICT,
      );
    if (headsDigest(anchor.heads) !== anchor.seal.digest)
      throw new HttpException(
        { code: 'CONFLICT', message: `the copy of anchor ${anchor.seal.anchorId} held here does not match its digest` },
        HttpStatus.CONFLICT,
      );
    const check = await this.callCheck(actor, target, anchor);
    const problems = [...check.problems, ...anchorProblems(anchor.heads, this.observe(anchor.heads, check))];
    sortProblems(problems);
    this.logger.log(
      `verification of ${target.id} by ${actor.agency}/${actor.user} against anchor ${anchor.seal.anchorId}: ${problems.length} problem(s)`,
    );
    return {
      deployment: target.id,
      deploymentName: this.federation.registry.name(target.id, lang),
      ok: problems.length === 0,
      anchor: anchor.seal,
      streams: check.streams,
      events: check.events,
      problems: problems.map((p) => ({ ...p, kindLabel: PROBLEM_KIND_LABELS[p.kind][lang] })),
      checkedAt: check.checkedAt,
      verifiedAt: this.clock.now().toISOString(),
    };
  }

  /** Below: a link call from a deployment above; the chains verified, and the heads as of the anchor's position. */
  async check(headers: { deployment?: string; token?: string }, anchorId: string, headPosition: number): Promise<AnchorCheck> {
    // Who is calling comes first: a call without the link's headers is 401 whatever this process is.
    assertLinkHeaders(headers);
    const self = this.federation.self;
    if (!self) throw new NotFoundError('anchor checks: this process belongs to no deployment (DEPLOYMENT is not set)');
    let caller: ReturnType<typeof verifyLinkCall>;
    try {
      caller = verifyLinkCall(headers, self, this.federation.registry, this.agencies, this.config.domain.federationLinkSecrets, this.clock.now());
    } catch (error) {
      this.logger.warn(`anchor check refused (from ${headers.deployment ?? 'nobody'}): ${(error as Error).message}`);
      throw error;
    }
    await this.accessLog.record(caller.auditor, {
      resourceType: 'audit',
      resourceId: `federation:${caller.from.id}`,
      fields: ['anchor_check'],
      granted: true,
    });
    this.logger.log(`anchor check for ${caller.from.id}/${caller.auditor.user}: anchor ${anchorId} at position ${headPosition}`);
    const chains = await verifyStore(this.store, (p) => this.logger.log(progressLine(p)), null);
    const { heads } = await readHeads(this.store, undefined, headPosition);
    return {
      deployment: self.id,
      checkedAt: this.clock.now().toISOString(),
      headPosition: chains.headPosition,
      streams: chains.streams,
      events: chains.events,
      problems: chains.problems,
      heads,
    };
  }

  private below(self: Deployment): string[] {
    return this.federation.registry.descendantsOf(self).map((d) => d.id);
  }

  /** What the deployment below answered of each stream, as pass 3 of the verification reads it. */
  private observe(anchored: readonly AnchoredHead[], check: AnchorCheck): Map<string, AnchorObservation> {
    const versions = new Map(anchored.map((h) => [h.streamId, h.version]));
    const broken = new Set(check.problems.map((p) => p.streamId));
    return new Map(
      check.heads.map((h) => [
        h.streamId,
        {
          next: h.version + 1,
          broken: broken.has(h.streamId),
          ...(versions.get(h.streamId) === h.version ? { anchoredHash: h.hash, anchoredPosition: h.position } : {}),
        },
      ]),
    );
  }

  private failure(kind: typeof UNAVAILABLE | typeof UPSTREAM, message: string): HttpException {
    this.logger.warn(`verification of another deployment failed (${kind.code}): ${message}`);
    return new HttpException({ code: kind.code, message }, kind.status);
  }

  private async callCheck(actor: DomainActor, target: Deployment, anchor: ReceivedAnchor): Promise<AnchorCheck> {
    const self = this.federation.self as Deployment;
    const base = this.config.domain.federationAuditUrls[target.id];
    const secret = this.config.domain.federationLinkSecrets[target.id];
    if (!base) throw this.failure(UNAVAILABLE, `no audit API is configured for ${target.id} (FEDERATION_AUDIT_URLS)`);
    if (!secret) throw this.failure(UNAVAILABLE, `no link secret is configured for ${target.id} (FEDERATION_LINK_SECRETS)`);
    const name = `the audit API of ${target.id} (${target.name['zh-CN']})`;
    let response: Response;
    try {
      const url = new URL(`${base.replace(/\/+$/, '')}/audit/federation/anchor-checks`);
      // A CLIENT span (with tracing on) whose traceparent the other deployment continues.
      response = await traceHttpCall(
        { method: 'POST', url, target: '/audit/federation/anchor-checks' },
        (traceHeaders) =>
          fetch(url, {
            method: 'POST',
            headers: {
              ...traceHeaders,
              'content-type': 'application/json',
              [LINK_DEPLOYMENT_HEADER]: self.id,
              [LINK_TOKEN_HEADER]: signLinkToken(actor, secret, this.clock.now()),
            },
            body: JSON.stringify({ anchorId: anchor.seal.anchorId, headPosition: anchor.seal.headPosition }),
            signal: AbortSignal.timeout(CHECK_TIMEOUT_MS),
          }),
        (answer) => answer.status,
      );
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).name;
      throw this.failure(UPSTREAM, `${name} does not answer (${cause})`);
    }
    const body = (await response.json().catch(() => undefined)) as (Partial<AnchorCheck> & { detail?: string }) | undefined;
    if (!response.ok) throw this.failure(UPSTREAM, `${name} refused the check with ${response.status}: ${body?.detail ?? 'no detail'}`);
    if (!body || !Array.isArray(body.heads) || !Array.isArray(body.problems) || typeof body.checkedAt !== 'string')
      throw this.failure(UPSTREAM, `${name} answered something that is not an anchor check`);
    return body as AnchorCheck;
  }
}
