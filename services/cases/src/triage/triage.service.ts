/**
 * The triage application service: loads the lead's triage, checks
 * need-to-know (404 when the caller may not know the lead), fills what the
 * decider must not look up itself (routing rules, registry, deadlines) and
 * runs the command. Reads record an access log entry.
 */
import { Inject, Injectable } from '@nestjs/common';
import { DomainActor, toRoutingStreamId } from '@jm/contracts';
import { Clock, CommandHandler, CommandMetadata, DomainRuleError, HandleResult, NotFoundError } from '@jm/event-sourcing';
import {
  AccessLog,
  AGENCY_REGISTRY,
  CLOCK,
  CommandAccepted,
  commandAccepted,
  CommandRequest,
  commandFromRequest,
  InjectReadModel,
  Principal,
  SERVICE_CONFIG,
  ServiceConfig,
} from '@jm/platform';
import { AgencyRegistry, regionContains } from '@jm/reference';
import type { Page } from '@jm/platform';
import { In, type DataSource } from 'typeorm';
import { canSeeTriage, requireCaseworker } from '../access/need-to-know';
import { addDays, derivedId, domainActorOf, ROUTING_RULES, TRIAGE_COMMANDS } from '../common/command-support';
import { listTriage } from '../read-model/queries';
import { VerificationClockEntity } from '../verification-clock/verification-clock.entity';
import type { LeadTriageRow } from '../read-model/read-model.entities';
import { RoutingRules } from '../routing/routing-rules';
import type { TriageCommand } from './triage.commands';
import type { TriageEvent } from './triage.events';
import type { TriageState } from './triage';
import type { FeedbackDto, ListTriageQuery, ReferLeadUpDto, RouteLeadDto } from './triage.dto';

type Handler = CommandHandler<TriageCommand, TriageState, TriageEvent>;
/** Where a routed lead's deadline comes from: the deadline engine's clock (the truth), or the routing event until the clock is known. */
type DeadlineFrom = 'clock' | 'routing';
type OpenTriage = Exclude<TriageState, { status: 'not_reported' }>;

export interface TriageView {
  leadId: string;
  version: number;
  status: OpenTriage['status'];
  office: string;
  summary: OpenTriage['summary'];
  links: OpenTriage['links'];
  /** `deadline`: the deadline engine's due time once its clock is known (`deadlineFrom: "clock"`), the routing's until then. */
  routing?: { unit: string; street?: string; rule: string; deadline: string; deadlineFrom: DeadlineFrom; verificationStartedAt?: string };
  referral?: { from: string; reason: string };
  /** The deployment that referred the lead up here (federation), with the lead's id and office there. */
  origin?: OpenTriage['origin'];
  closedReason?: string;
  caseId?: string;
}

@Injectable()
export class TriageService {
  constructor(
    @Inject(TRIAGE_COMMANDS) private readonly handler: Handler,
    @Inject(ROUTING_RULES) private readonly rules: RoutingRules,
    @Inject(AGENCY_REGISTRY) private readonly registry: AgencyRegistry,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @InjectReadModel() private readonly db: DataSource,
    private readonly accessLog: AccessLog,
  ) {}

  async get(principal: Principal, leadId: string, purpose?: string): Promise<TriageView> {
    requireCaseworker(principal);
    const { state, version } = await this.handler.load(toRoutingStreamId(leadId));
    const visible = canSeeTriage(principal, state);
    await this.accessLog.record(principal, {
      resourceType: 'routing',
      resourceId: leadId,
      exists: version !== undefined,
      granted: visible,
      ...(purpose ? { purpose } : {}),
    });
    if (!visible || state.status === 'not_reported' || version === undefined) throw new NotFoundError(`lead ${leadId}`);
    return {
      leadId,
      version,
      status: state.status,
      office: state.office,
      summary: state.summary,
      links: state.links,
      ...(state.origin ? { origin: state.origin } : {}),
      ...('routing' in state
        ? { routing: { ...state.routing, deadlineFrom: 'routing' as const, ...(await this.clockDue([leadId])).get(leadId) } }
        : {}),
      ...(state.status === 'referred_up' ? { referral: { from: state.from, reason: state.reason } } : {}),
      ...(state.status === 'closed_unfounded' ? { closedReason: state.reason } : {}),
      ...(state.status === 'founded' ? { caseId: state.caseId } : {}),
    };
  }

  async list(principal: Principal, query: ListTriageQuery): Promise<Page<LeadTriageRow & { deadlineFrom?: DeadlineFrom }>> {
    requireCaseworker(principal);
    const page = await listTriage(this.db, principal, { status: query.status, leadId: query.leadId }, query.page, query.pageSize);
    const due = await this.clockDue(page.items.filter((i) => i.deadline !== null).map((i) => i.leadId));
    return { ...page, items: page.items.map((i) => (i.deadline === null ? i : { ...i, deadlineFrom: 'routing' as const, ...due.get(i.leadId) })) };
  }

  /** The verification clocks' due times (the engine's working days), by lead: one date for the routing everywhere. */
  private async clockDue(leadIds: string[]): Promise<Map<string, { deadline: string; deadlineFrom: DeadlineFrom }>> {
    const rows = leadIds.length ? await this.db.getRepository(VerificationClockEntity).findBy({ leadId: In(leadIds) }) : [];
    return new Map(rows.map((row) => [row.leadId, { deadline: row.dueAt, deadlineFrom: 'clock' as const }]));
  }

  async route(request: CommandRequest, leadId: string, dto: RouteLeadDto): Promise<CommandAccepted> {
    return commandAccepted(
      toRoutingStreamId(leadId),
      await this.execute(request, leadId, (base, state) => {
        const deadline = addDays(base.at, this.config.domain.verificationDeadlineDays);
        if (dto.unit !== undefined) {
          this.requireRoutableUnit(dto.unit, state.summary.jurisdiction);
          const street = this.rules.streetOf(state.summary);
          return { kind: 'RouteLead', ...base, unit: dto.unit, ...(street && street !== dto.unit ? { street } : {}), rule: 'manual', deadline };
        }
        const choice = this.rules.choose({ summary: state.summary, office: state.office, licensedInstitution: dto.licensedInstitution });
        return choice.kind === 'route'
          ? { kind: 'RouteLead', ...base, unit: choice.unit, ...(choice.street ? { street: choice.street } : {}), rule: choice.rule, deadline }
          : { kind: 'ReferLeadUp', ...base, to: choice.to, reason: `${choice.reason}（${choice.rule}）` };
      }),
    );
  }

  async referUp(request: CommandRequest, leadId: string, dto: ReferLeadUpDto): Promise<CommandAccepted> {
    return commandAccepted(
      toRoutingStreamId(leadId),
      await this.execute(request, leadId, (base, state) => {
        const office = this.registry.get(state.office);
        const parent = office ? this.registry.parentOffice(office) : undefined;
        if (!parent) throw new DomainRuleError(`${state.office} has no next-level office in the registry to report up to`);
        return { kind: 'ReferLeadUp', ...base, to: parent.code, reason: dto.reason };
      }),
    );
  }

  async startVerification(request: CommandRequest, leadId: string): Promise<CommandAccepted> {
    return commandAccepted(toRoutingStreamId(leadId), await this.execute(request, leadId, (base) => ({ kind: 'StartVerification', ...base })));
  }

  async feedback(request: CommandRequest, leadId: string, dto: FeedbackDto): Promise<CommandAccepted & { caseId?: string }> {
    const result = await this.execute(request, leadId, (base, _state, metadata) =>
      dto.outcome === 'unfounded'
        ? { kind: 'FeedBackUnfounded', ...base, reason: dto.reason ?? '' }
        : { kind: 'FeedBackFounded', ...base, caseId: derivedId('case', metadata.commandId) },
    );
    // On a retried request the handler answers the events of the first time, whose case id is the one that counts.
    const founded = result.events.find((e) => e.type === 'LeadFounded');
    return { ...commandAccepted(toRoutingStreamId(leadId), result), ...(founded?.type === 'LeadFounded' ? { caseId: founded.data.caseId } : {}) };
  }

  /** A command on a lead's triage the caller may know of (404 otherwise, need-to-know), checked and built on the triage as loaded once. */
  private async execute(
    request: CommandRequest,
    leadId: string,
    build: (base: { at: string; actor: DomainActor }, state: OpenTriage, metadata: CommandMetadata) => TriageCommand,
  ): Promise<HandleResult<TriageState, TriageEvent>> {
    const { principal, metadata } = commandFromRequest(request, this.clock);
    requireCaseworker(principal);
    return this.handler.handle(
      toRoutingStreamId(leadId),
      (state) => {
        if (state.status === 'not_reported' || !canSeeTriage(principal, state)) throw new NotFoundError(`lead ${leadId}`);
        return build({ at: metadata.time, actor: domainActorOf(principal) }, state, metadata);
      },
      metadata,
    );
  }

  private requireRoutableUnit(code: string, region: string): void {
    const unit = this.registry.get(code);
    if (!unit) throw new DomainRuleError(`unit: "${code}" is not an agency in the registry`);
    if (unit.kind === 'office') throw new DomainRuleError(`unit: ${code} is an office; leads are routed to member or territorial units`);
    if (!regionContains(unit.jurisdiction, region))
      throw new DomainRuleError(`unit: ${code} (${unit.jurisdiction}) does not serve the lead's region ${region}`);
  }
}
