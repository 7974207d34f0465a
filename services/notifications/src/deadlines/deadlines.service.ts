/**
 * The deadline API's application service: lists from the read model (scoped
 * by need-to-know), one clock folded from its stream with its timeline, the
 * policies, and an obligation's submission. Reads are recorded in the access
 * log (resource types deadline and obligation). Labels come in the reader's
 * language (zh-CN by default, English with Accept-Language: en or ?lang=en).
 */
import { Inject, Injectable } from '@nestjs/common';
import { DEADLINE_EVENT_LABELS, describeEvent, OBLIGATION_KIND_LABELS } from '@jm/contracts';
import { Clock, CommandHandler, NotFoundError } from '@jm/event-sourcing';
import {
  AccessLog,
  AGENCY_REGISTRY,
  CLOCK,
  CommandAccepted,
  commandAccepted,
  CommandRequest,
  commandFromRequest,
  InjectReadModel,
  Page,
  pageOf,
  Principal,
} from '@jm/platform';
import { AgencyRegistry, labelOf, Lang } from '@jm/reference';
import type { DataSource, EntitySchema, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import type { ClockState } from './clock/clock';
import type { ClockCommand } from './clock/clock.commands';
import { ClockEvent, toDeadlineStreamId } from './clock/clock.events';
import type { ObligationCommand, ObligationState } from './obligation/obligation.decider';
import { ObligationEvent, toObligationStreamId } from './obligation/obligation.events';
import type { DeadlinePolicies } from './policy/deadline-policies';
import { ClockEntity, ClockRow, ObligationEntity, ObligationRow } from './deadlines.read-model';
import { CLOCK_COMMANDS, DEADLINE_POLICIES, OBLIGATION_COMMANDS } from './deadlines.tokens';
import { DeadlineScope, deadlineScopeOf, scopeCovers, scopeSql } from './deadlines.access';
import type { ListClocksQuery, ListObligationsQuery, SubmitObligationDto } from './deadlines.dto';

export const CLOCK_STATUS_LABELS = {
  running: { 'zh-CN': '计时中', en: 'Running' },
  paused: { 'zh-CN': '已暂停', en: 'Paused' },
  stopped: { 'zh-CN': '已停止', en: 'Stopped' },
} as const;

export const OBLIGATION_STATUS_LABELS = {
  due: { 'zh-CN': '待报送', en: 'Due' },
  submitted: { 'zh-CN': '已按时报送', en: 'Submitted' },
  late: { 'zh-CN': '逾期报送', en: 'Submitted late' },
  missing: { 'zh-CN': '逾期未报送', en: 'Missing' },
} as const;

/** One page of rows, each shown as view makes it (the query's defaults: page 1, 50 rows). */
async function paged<T extends ObjectLiteral, V>(qb: SelectQueryBuilder<T>, page = 1, pageSize = 50, view: (row: T) => V): Promise<Page<V>> {
  const rows = await pageOf(qb, page, pageSize);
  return { ...rows, items: rows.items.map(view) };
}

@Injectable()
export class DeadlinesService {
  constructor(
    @Inject(CLOCK_COMMANDS) private readonly clocks: CommandHandler<ClockCommand, ClockState, ClockEvent>,
    @Inject(OBLIGATION_COMMANDS) private readonly obligations: CommandHandler<ObligationCommand, ObligationState, ObligationEvent>,
    @Inject(DEADLINE_POLICIES) private readonly policies: DeadlinePolicies,
    @Inject(AGENCY_REGISTRY) private readonly registry: AgencyRegistry,
    @Inject(CLOCK) private readonly clock: Clock,
    @InjectReadModel() private readonly db: DataSource,
    private readonly accessLog: AccessLog,
  ) {}

  async listClocks(principal: Principal, query: ListClocksQuery, lang: Lang): Promise<Page<ReturnType<DeadlinesService['clockView']>>> {
    const qb = this.scoped(ClockEntity, principal);
    if (query.status) qb.andWhere('t.status = :status', { status: query.status });
    if (query.policyId) qb.andWhere('t.policy_id = :policyId', { policyId: query.policyId });
    if (query.unit) qb.andWhere('t.unit = :unit', { unit: query.unit });
    if (query.subjectId) qb.andWhere('t.subject_id = :subjectId', { subjectId: query.subjectId });
    if (query.missed) qb.andWhere(query.missed === 'true' ? 't.missed_at IS NOT NULL' : 't.missed_at IS NULL');
    qb.orderBy('t.due_at', 'ASC').addOrderBy('t.clock_id', 'ASC');
    await this.accessLog.record(principal, { resourceType: 'deadline', resourceId: 'clocks', fields: ['summary'] });
    return paged(qb, query.page, query.pageSize, (row) => this.clockView(row, lang));
  }

  async getClock(principal: Principal, clockId: string, lang: Lang, purpose?: string) {
    const scope = deadlineScopeOf(principal);
    const { state, stored, version } = await this.clocks.load(toDeadlineStreamId(clockId));
    const visible = state.status !== 'none' && this.inScope(scope, state.unit);
    await this.accessLog.record(principal, {
      resourceType: 'deadline',
      resourceId: clockId,
      fields: ['detail'],
      exists: version !== undefined,
      granted: visible,
      ...(purpose ? { purpose } : {}),
    });
    if (state.status === 'none' || !visible) throw new NotFoundError(`clock ${clockId}`);
    const policy = this.policies.clock(state.policyId);
    const name = (code: string) => this.registry.name(code, lang);
    return {
      ...state,
      version,
      policyName: policy ? policy.name[lang] : state.policyId,
      unitName: name(state.unit),
      statusLabel: CLOCK_STATUS_LABELS[state.status][lang],
      events: stored.map((e) => ({
        id: e.id,
        type: e.type,
        label: labelOf(DEADLINE_EVENT_LABELS, e.type, lang),
        time: e.time,
        text: describeEvent(e, lang, name),
        data: e.data,
      })),
    };
  }

  listPolicies(lang: Lang) {
    return {
      clocks: this.policies.clocks.filter((p) => !p.obligation).map((p) => ({ ...p, title: p.name[lang] })),
      obligations: this.policies.obligations.map((p) => ({ ...p, title: p.name[lang], kindLabel: labelOf(OBLIGATION_KIND_LABELS, p.kind, lang) })),
    };
  }

  async listObligations(
    principal: Principal,
    query: ListObligationsQuery,
    lang: Lang,
  ): Promise<Page<ReturnType<DeadlinesService['obligationView']>>> {
    const qb = this.scoped(ObligationEntity, principal);
    if (query.status) qb.andWhere('t.status = :status', { status: query.status });
    if (query.kind) qb.andWhere('t.kind = :kind', { kind: query.kind });
    if (query.period) qb.andWhere('t.period = :period', { period: query.period });
    if (query.unit) qb.andWhere('t.unit = :unit', { unit: query.unit });
    qb.orderBy('t.due_at', 'ASC').addOrderBy('t.obligation_id', 'ASC');
    await this.accessLog.record(principal, { resourceType: 'obligation', resourceId: 'obligations', fields: ['summary'] });
    return paged(qb, query.page, query.pageSize, (row) => this.obligationView(row, lang));
  }

  async submit(request: CommandRequest, obligationId: string, dto: SubmitObligationDto): Promise<CommandAccepted> {
    const { principal, metadata } = commandFromRequest(request, this.clock);
    const scope = deadlineScopeOf(principal);
    const streamId = toObligationStreamId(obligationId);
    const result = await this.obligations.handle(
      streamId,
      (state): ObligationCommand => {
        // Another unit's obligation is not the caller's to know about, unless it is in an office's region (the decider then says who may submit).
        if (state.status === 'none' || !this.inScope(scope, state.unit)) throw new NotFoundError(`obligation ${obligationId}`);
        return {
          kind: 'SubmitObligation',
          at: metadata.time,
          actor: principal,
          ...(dto.reference !== undefined ? { reference: dto.reference } : {}),
        };
      },
      metadata,
    );
    return commandAccepted(streamId, result);
  }

  /** A query over a deadline table (alias t) limited to what the caller may see. */
  private scoped<T extends ObjectLiteral>(entity: EntitySchema<T>, principal: Principal): SelectQueryBuilder<T> {
    const { sql, params } = scopeSql(deadlineScopeOf(principal));
    return this.db.getRepository(entity).createQueryBuilder('t').where(sql, params);
  }

  private inScope(scope: DeadlineScope, unit: string): boolean {
    return scopeCovers(scope, unit, this.registry.get(unit)?.jurisdiction);
  }

  private clockView(row: ClockRow, lang: Lang) {
    const { state: _state, ...rest } = row;
    const policy = this.policies.clock(row.policyId);
    return {
      ...rest,
      policyName: policy ? policy.name[lang] : row.policyId,
      unitName: this.registry.name(row.unit, lang),
      statusLabel: CLOCK_STATUS_LABELS[row.status as keyof typeof CLOCK_STATUS_LABELS]?.[lang] ?? row.status,
    };
  }

  private obligationView(row: ObligationRow, lang: Lang) {
    return {
      ...row,
      kindLabel: labelOf(OBLIGATION_KIND_LABELS, row.kind, lang),
      unitName: this.registry.name(row.unit, lang),
      statusLabel: OBLIGATION_STATUS_LABELS[row.status as keyof typeof OBLIGATION_STATUS_LABELS]?.[lang] ?? row.status,
    };
  }
}
