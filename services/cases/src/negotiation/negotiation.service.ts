/** The negotiation application service: who sees which record, the list, the answer and the decision. */
import { Inject, Injectable } from '@nestjs/common';
import { NEGOTIATION_KIND_LABELS, NEGOTIATION_STATUS_LABELS, REFERRAL_REASON_LABELS, toNegotiationStreamId } from '@jm/contracts';
import type { DomainActor } from '@jm/contracts';
import { Clock, CommandHandler, NotFoundError } from '@jm/event-sourcing';
import {
  AccessLog,
  CLOCK,
  CommandAccepted,
  commandAccepted,
  CommandRequest,
  commandFromRequest,
  InjectReadModel,
  Principal,
  requireCaseworker,
} from '@jm/platform';
import type { Page } from '@jm/platform';
import { labelOf, Lang } from '@jm/reference';
import type { DataSource } from 'typeorm';
import { domainActorOf } from '../common/command-support';
import type { NegotiationSummaryRow } from './negotiation-summary.entity';
import { listNegotiations } from './negotiation-summary.query';
import { NEGOTIATION_COMMANDS, NegotiationCommand } from './negotiation.commands';
import type { NegotiationEvent } from './negotiation.events';
import type { NegotiationState } from './negotiation';
import type { AnswerNegotiationDto, DecideDisputeDto, ListNegotiationsQuery } from './negotiation.dto';

type Opened = Exclude<NegotiationState, { status: 'none' }>;
export type NegotiationView = Opened & { version: number; statusLabel: string; kindLabel: string; referralLabel?: string };
export type NegotiationListRow = NegotiationSummaryRow & { statusLabel: string; kindLabel: string };

/** Need-to-know: a record is the business of the office holding it. */
export function canSeeNegotiation(actor: DomainActor, state: NegotiationState): state is Opened {
  return state.status !== 'none' && actor.agency === state.office;
}

@Injectable()
export class NegotiationService {
  constructor(
    @Inject(NEGOTIATION_COMMANDS) private readonly handler: CommandHandler<NegotiationCommand, NegotiationState, NegotiationEvent>,
    @Inject(CLOCK) private readonly clock: Clock,
    @InjectReadModel() private readonly db: DataSource,
    private readonly accessLog: AccessLog,
  ) {}

  async list(principal: Principal, query: ListNegotiationsQuery, lang: Lang): Promise<Page<NegotiationListRow>> {
    requireCaseworker(principal);
    const page = await listNegotiations(this.db, principal, { status: query.status, kind: query.kind }, query.page, query.pageSize);
    return { ...page, items: page.items.map((row) => ({ ...row, ...this.labels(row.status, row.kind, lang) })) };
  }

  async get(principal: Principal, negotiationId: string, lang: Lang, purpose?: string): Promise<NegotiationView> {
    requireCaseworker(principal);
    const { state, version } = await this.handler.load(toNegotiationStreamId(negotiationId));
    const visible = canSeeNegotiation(principal, state);
    await this.accessLog.record(principal, {
      resourceType: 'negotiation',
      resourceId: negotiationId,
      exists: version !== undefined,
      granted: visible,
      ...(purpose ? { purpose } : {}),
    });
    if (!visible || version === undefined) throw new NotFoundError(`negotiation ${negotiationId}`);
    return {
      ...state,
      version,
      ...this.labels(state.status, state.kind, lang),
      ...(state.referral ? { referralLabel: labelOf(REFERRAL_REASON_LABELS, state.referral, lang) } : {}),
    };
  }

  async answer(request: CommandRequest, negotiationId: string, dto: AnswerNegotiationDto): Promise<CommandAccepted> {
    return this.execute(request, negotiationId, (base) => ({
      kind: 'AnswerNegotiation',
      ...base,
      agree: dto.agree,
      ...(dto.leadRegion ? { leadRegion: dto.leadRegion } : {}),
      ...(dto.reason ? { reason: dto.reason } : {}),
    }));
  }

  async decide(request: CommandRequest, negotiationId: string, dto: DecideDisputeDto): Promise<CommandAccepted> {
    return this.execute(request, negotiationId, (base) => ({ kind: 'DecideDispute', ...base, leadRegion: dto.leadRegion, reason: dto.reason }));
  }

  private labels(status: string, kind: string, lang: Lang): { statusLabel: string; kindLabel: string } {
    return { statusLabel: labelOf(NEGOTIATION_STATUS_LABELS, status, lang), kindLabel: labelOf(NEGOTIATION_KIND_LABELS, kind, lang) };
  }

  /** A command on a record the caller may see (404 otherwise); the decider says who may act (403) and when (409). */
  private async execute(
    request: CommandRequest,
    negotiationId: string,
    build: (base: { at: string; actor: DomainActor }) => NegotiationCommand,
  ): Promise<CommandAccepted> {
    const { principal, metadata } = commandFromRequest(request, this.clock);
    requireCaseworker(principal);
    const streamId = toNegotiationStreamId(negotiationId);
    const result = await this.handler.handle(
      streamId,
      (state) => {
        if (!canSeeNegotiation(principal, state)) throw new NotFoundError(`negotiation ${negotiationId}`);
        return build({ at: metadata.time, actor: domainActorOf(principal) });
      },
      metadata,
    );
    return commandAccepted(streamId, result);
  }
}
