/**
 * The audit application service: the auditor role (read-only; anchors also
 * by an admin), and every call recorded in the access log (resourceType
 * 'audit'), refused ones included. The work itself is in the functions of
 * this folder, which the CLI calls too.
 */
import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  AccessLog,
  Actor,
  AGENCY_REGISTRY,
  AgencyRegistry,
  CLOCK,
  Clock,
  DomainActor,
  envelopeActor,
  EVENT_STORE_TOKEN,
  EventStore,
  ForbiddenError,
  hasRole,
  InjectReadModel,
  Lang,
  Role,
} from '@jm/shared';
import type { Page } from '@jm/shared';
import type { DataSource } from 'typeorm';
import { AccessEntry, queryAccessLog } from './audit-access-log';
import { AnchorBook, AnchorSummary, takeAnchor } from './audit-anchors';
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

  constructor(
    @Inject(EVENT_STORE_TOKEN) private readonly store: EventStore,
    @Inject(AGENCY_REGISTRY) private readonly registry: AgencyRegistry,
    @Inject(CLOCK) private readonly clock: Clock,
    @InjectReadModel() private readonly db: DataSource,
    private readonly accessLog: AccessLog,
  ) {
    this.anchors = new AnchorBook(store);
  }

  private readonly names: AgencyNames = (code, lang) => this.registry.name(code, lang);

  /** Records the call (granted or not) and refuses callers without one of the roles. */
  private async authorize(actor: DomainActor, roles: Role[], resourceId: string, fields: string[], purpose?: string): Promise<void> {
    const granted = hasRole(actor, ...roles);
    await this.accessLog.record(actor, { resourceType: 'audit', resourceId, fields, granted, ...(purpose ? { purpose } : {}) });
    if (!granted) throw new ForbiddenError(`the audit needs the role ${roles.join(' or ')}; the caller has ${actor.roles.join(', ') || 'no role'}`);
  }

  async timeline(actor: DomainActor, query: TimelineQuery, lang: Lang, purpose?: string): Promise<Page<TimelineEntry>> {
    const request = { page: query.page ?? 1, pageSize: query.pageSize ?? 100, lang };
    if (query.stream) {
      await this.authorize(actor, AUDITOR, `stream:${query.stream}`, ['timeline'], purpose);
      return streamTimeline(this.store, query.stream, request, this.names);
    }
    const from = utc(query.from as string);
    const to = utc(query.to as string);
    await this.authorize(actor, AUDITOR, `range:${from}..${to}`, ['timeline'], purpose);
    const filter = { from, to, ...(query.type ? { types: query.type.split(',') } : {}), ...(query.agency ? { agency: query.agency } : {}) };
    return rangeTimeline(this.store, filter, request, this.names);
  }

  async caseState(actor: DomainActor, caseId: string, query: CaseStateQuery, lang: Lang, purpose?: string): Promise<CaseStateAt> {
    await this.authorize(actor, AUDITOR, `case:${caseId}`, ['state_as_of'], purpose);
    return caseStateAt(this.store, caseId, utc(query.at), lang, this.names);
  }

  async accessLogEntries(actor: DomainActor, query: AccessLogQuery, lang: Lang, purpose?: string): Promise<Page<AccessEntry>> {
    await this.authorize(actor, AUDITOR, 'access-log', ['access_log'], purpose);
    const { page, pageSize, lang: _lang, ...filter } = query;
    return queryAccessLog(
      this.db,
      { ...filter, ...(filter.from ? { from: utc(filter.from) } : {}), ...(filter.to ? { to: utc(filter.to) } : {}) },
      { page: page ?? 1, pageSize: pageSize ?? 100, lang },
      this.names,
    );
  }

  async verify(actor: DomainActor, purpose?: string): Promise<VerificationResult> {
    await this.authorize(actor, AUDITOR, 'verification', ['hash_chains'], purpose);
    this.logger.log(`verification started by ${actor.agency}/${actor.user}`);
    const result = await verifyStore(this.store, (p) => this.logger.log(progressLine(p)));
    this.logger.log(`verification done: ${result.events} events in ${result.streams} streams, ${result.problems.length} problem(s), ${result.eventsPerSecond} events/s`);
    return result;
  }

  async anchorOnDemand(actor: DomainActor, purpose?: string): Promise<AnchorSummary> {
    await this.authorize(actor, ANCHOR_TAKERS, 'anchors', ['anchor'], purpose);
    return this.anchor(envelopeActor(actor), 'manual');
  }

  /** Also the scheduler's entry (the system actor). */
  async anchor(by: Actor, trigger: 'manual' | 'schedule'): Promise<AnchorSummary> {
    const summary = await takeAnchor(this.store, { at: this.clock.now(), actor: by, trigger, onProgress: (p) => this.logger.log(progressLine(p)) });
    this.logger.log(`anchor ${summary.anchorId} (${trigger}): ${summary.streams} streams up to position ${summary.headPosition}`);
    return summary;
  }

  async listAnchors(actor: DomainActor, purpose?: string): Promise<AnchorSummary[]> {
    await this.authorize(actor, ANCHOR_TAKERS, 'anchors', ['anchor_list'], purpose);
    return this.anchors.list();
  }
}
