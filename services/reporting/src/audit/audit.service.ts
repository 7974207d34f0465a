/**
 * The audit application service: the auditor role (read-only; anchors also
 * by an admin), within the caller's jurisdiction (audit-scope.ts: timelines,
 * case states and the access log of its region; verification and anchors for
 * the top office only), and every call recorded in the access log
 * (resourceType 'audit'), refused ones included, on streams and cases that
 * exist. The work itself is in the functions of this folder, which the CLI
 * calls too.
 */
import { Inject, Injectable, Logger } from '@nestjs/common';
import { DomainActor, envelopeActor, hasRole, toCaseStreamId } from '@jm/contracts';
import { Actor, Clock, EventStore, ForbiddenError, isStreamId, NotFoundError } from '@jm/event-sourcing';
import { AccessLog, AGENCY_REGISTRY, CLOCK, EVENT_STORE_TOKEN, FEDERATION, Federation, InjectReadModel } from '@jm/platform';
import { AgencyRegistry, Lang, Role } from '@jm/reference';
import type { Page } from '@jm/platform';
import type { DataSource } from 'typeorm';
import { AccessEntry, queryAccessLog } from './audit-access-log';
import { AnchorBook, AnchorSummary, takeAnchor } from './audit-anchors';
import { AuditScope } from './audit-scope';
import { AgencyNames, caseStateAt, CaseStateAt, rangeTimeline, streamTimeline, TimelineEntry } from './audit-timeline';
import { VerificationResult, verifyStore } from './audit-verification';
import type { AccessLogQuery, CaseStateQuery, TimelineQuery } from './audit.dto';
import type { ScanProgress } from './store-scan';

const AUDITOR: Role[] = ['auditor'];
const ANCHOR_TAKERS: Role[] = ['auditor', 'admin'];

/** Normalised to ISO UTC, so instants with an offset compare with stored ones. */
const utc = (instant: string): string => new Date(instant).toISOString();

export function progressLine(p: ScanProgress): string {
  const rate = p.elapsedMs > 0 ? Math.round((p.events * 1000) / p.elapsedMs) : p.events;
  return `${p.phase}: ${p.events} events, position ${p.position} of ${p.head}, ${rate} events/s`;
}

@Injectable()
export class AuditService {
  private readonly logger = new Logger('Audit');
  private readonly anchors: AnchorBook;
  private readonly scope: AuditScope;

  constructor(
    @Inject(EVENT_STORE_TOKEN) private readonly store: EventStore,
    @Inject(AGENCY_REGISTRY) private readonly registry: AgencyRegistry,
    @Inject(CLOCK) private readonly clock: Clock,
    @InjectReadModel() private readonly db: DataSource,
    private readonly accessLog: AccessLog,
    @Inject(FEDERATION) federation: Federation,
  ) {
    this.anchors = new AnchorBook(store);
    this.scope = new AuditScope(registry, store, federation.self?.office);
  }

  private readonly names: AgencyNames = (code, lang) => this.registry.name(code, lang);

  /**
   * Records the call and refuses callers without one of the roles (403). `inScope` false (outside the caller's
   * jurisdiction) is recorded as refused; the caller then answers 404 or 403. A call about a stream or case that
   * does not exist is only counted (AccessLog), never a stream of its own.
   */
  private async authorize(
    actor: DomainActor,
    roles: Role[],
    resourceId: string,
    fields: string[],
    purpose?: string,
    at: { exists?: boolean; inScope?: boolean } = {},
  ): Promise<void> {
    const hasTheRole = hasRole(actor, ...roles);
    const granted = hasTheRole && at.inScope !== false;
    await this.accessLog.record(actor, {
      resourceType: 'audit',
      resourceId,
      fields,
      granted,
      exists: at.exists ?? true,
      ...(purpose ? { purpose } : {}),
    });
    if (!hasTheRole)
      throw new ForbiddenError(`the audit needs the role ${roles.join(' or ')}; the caller has ${actor.roles.join(', ') || 'no role'}`);
  }

  /** The platform-wide part of the audit: the role, at a top office of the installation. */
  private async authorizePlatform(
    actor: DomainActor,
    roles: Role[],
    resourceId: string,
    fields: string[],
    what: string,
    purpose?: string,
  ): Promise<void> {
    const inScope = this.scope.platformWide(actor);
    await this.authorize(actor, roles, resourceId, fields, purpose, { inScope });
    if (!inScope) {
      throw new ForbiddenError(
        `${what} covers the whole platform and belongs to the ${roles.join(' or ')} of the top office (${this.scope.topOfficeNames()}); ${actor.agency} audits its jurisdiction ${actor.jurisdiction}: timelines, case states and its access log`,
      );
    }
  }

  /** One stream's events, and whether the caller's jurisdiction covers it (a stream out of reach is 404, like one that does not exist). */
  private async streamInScope(actor: DomainActor, streamId: string): Promise<{ exists: boolean; inScope: boolean }> {
    const events = isStreamId(streamId) ? await this.store.readStream(streamId) : [];
    const inScope = this.scope.covers(actor, await this.scope.regions().of(streamId, events));
    return { exists: events.length > 0, inScope };
  }

  async timeline(actor: DomainActor, query: TimelineQuery, lang: Lang, purpose?: string): Promise<Page<TimelineEntry>> {
    const request = { page: query.page, pageSize: query.pageSize, lang };
    if (query.stream) {
      const at = await this.streamInScope(actor, query.stream);
      await this.authorize(actor, AUDITOR, `stream:${query.stream}`, ['timeline'], purpose, at);
      if (!at.inScope) throw new NotFoundError(`stream ${query.stream}`);
      return streamTimeline(this.store, query.stream, request, this.names);
    }
    const from = utc(query.from as string);
    const to = utc(query.to as string);
    // One access stream for every range (the range is what was read), not a stream per range asked for.
    await this.authorize(actor, AUDITOR, 'range', [`timeline:${from}..${to}`], purpose);
    const filter = { from, to, ...(query.type ? { types: query.type.split(',') } : {}), ...(query.agency ? { agency: query.agency } : {}) };
    if (this.scope.platformWide(actor)) return rangeTimeline(this.store, filter, request, this.names);
    const regions = this.scope.regions();
    return rangeTimeline(
      this.store,
      { ...filter, observe: regions.observe, include: async (e) => this.scope.covers(actor, await regions.of(e.streamId)) },
      request,
      this.names,
    );
  }

  async caseState(actor: DomainActor, caseId: string, query: CaseStateQuery, lang: Lang, purpose?: string): Promise<CaseStateAt> {
    const at = await this.streamInScope(actor, toCaseStreamId(caseId));
    await this.authorize(actor, AUDITOR, `case:${caseId}`, ['state_as_of'], purpose, at);
    if (!at.inScope) throw new NotFoundError(`case ${caseId}`);
    return caseStateAt(this.store, caseId, utc(query.at), lang, this.names);
  }

  /** The whole access log for a top office; for others, the reads made by the agencies their jurisdiction covers. */
  async accessLogEntries(actor: DomainActor, query: AccessLogQuery, lang: Lang, purpose?: string): Promise<Page<AccessEntry>> {
    await this.authorize(actor, AUDITOR, 'access-log', ['access_log'], purpose);
    const { page, pageSize, lang: _lang, ...filter } = query;
    return queryAccessLog(
      this.db,
      {
        ...filter,
        ...(filter.from ? { from: utc(filter.from) } : {}),
        ...(filter.to ? { to: utc(filter.to) } : {}),
        ...(this.scope.platformWide(actor) ? {} : { agencies: this.scope.agenciesCovered(actor) }),
      },
      { page, pageSize, lang },
      this.names,
    );
  }

  async verify(actor: DomainActor, purpose?: string): Promise<VerificationResult> {
    await this.authorizePlatform(actor, AUDITOR, 'verification', ['hash_chains'], 'Verification of every hash chain', purpose);
    this.logger.log(`verification started by ${actor.agency}/${actor.user}`);
    const result = await verifyStore(this.store, (p) => this.logger.log(progressLine(p)));
    this.logger.log(
      `verification done: ${result.events} events in ${result.streams} streams, ${result.problems.length} problem(s), ${result.eventsPerSecond} events/s`,
    );
    return result;
  }

  async anchorOnDemand(actor: DomainActor, purpose?: string): Promise<AnchorSummary> {
    await this.authorizePlatform(actor, ANCHOR_TAKERS, 'anchors', ['anchor'], 'An anchor (the head hash of every stream)', purpose);
    return this.anchor(envelopeActor(actor), 'manual');
  }

  /** Also the scheduler's entry (the system actor). */
  async anchor(by: Actor, trigger: 'manual' | 'schedule'): Promise<AnchorSummary> {
    const summary = await takeAnchor(this.store, { at: this.clock.now(), actor: by, trigger, onProgress: (p) => this.logger.log(progressLine(p)) });
    this.logger.log(`anchor ${summary.anchorId} (${trigger}): ${summary.streams} streams up to position ${summary.headPosition}`);
    return summary;
  }

  async listAnchors(actor: DomainActor, purpose?: string): Promise<AnchorSummary[]> {
    await this.authorizePlatform(actor, ANCHOR_TAKERS, 'anchors', ['anchor_list'], 'The list of anchors', purpose);
    return this.anchors.list();
  }
}
