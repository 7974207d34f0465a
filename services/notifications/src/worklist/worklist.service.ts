/**
 * The to-do API's reads: a unit's list, the signed-in user's list, and the
 * counts per unit for an office's overview. Need-to-know as for deadlines
 * (deadlines.access.ts). Each item's due time and clock state come from
 * deadline_clock: the clock of the item's policy, subject and unit that
 * started last at or before the hand-over (docs/worklist.md).
 */
import { Inject, Injectable } from '@nestjs/common';
import { OBLIGATION_KIND_LABELS, withSystemName } from '@jm/contracts';
import { Clock, NotFoundError } from '@jm/event-sourcing';
import { AccessLog, AGENCY_REGISTRY, CLOCK, InjectReadModel, Page, Principal } from '@jm/platform';
import { AgencyRegistry, labelOf, Lang } from '@jm/reference';
import { Brackets, DataSource, SelectQueryBuilder } from 'typeorm';
import { CLOCK_STATUS_LABELS } from '../deadlines/deadlines.service';
import { deadlineScopeOf, scopeCovers, scopeSql } from '../deadlines/deadlines.access';
import { ClockEntity } from '../deadlines/deadlines.read-model';
import { TODO_KIND_SPECS, TODO_STATE_LABELS, TodoKind, TodoState } from './worklist.kinds';
import { TodoEntity, TodoRow } from './worklist.read-model';
import type { ListTodoQuery } from './worklist.dto';

/** "Due soon": the clock falls due within this many days. */
export const DUE_SOON_DAYS = 3;

const SOON = `c.status = 'running' AND c.missed_at IS NULL AND c.due_at > :now AND c.due_at <= :soon`;
const OVERDUE = `c.status <> 'stopped' AND (c.missed_at IS NOT NULL OR c.due_at <= :now)`;

interface ClockColumns {
  clockId: string | null;
  clockStatus: string | null;
  clockDueAt: string | null;
  clockMissedAt: string | null;
}

export interface UnitCounts {
  unit: string;
  unitName: string;
  open: number;
  dueSoon: number;
  overdue: number;
}

@Injectable()
export class WorklistService {
  constructor(
    @InjectReadModel() private readonly db: DataSource,
    @Inject(AGENCY_REGISTRY) private readonly registry: AgencyRegistry,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly accessLog: AccessLog,
  ) {}

  async unitList(principal: Principal, unit: string, query: ListTodoQuery, lang: Lang): Promise<Page<ReturnType<WorklistService['view']>>> {
    const scope = deadlineScopeOf(principal);
    const agency = this.registry.get(unit);
    // Another district's unit is not the caller's to know about: worded as a unit that does not exist.
    if (!agency || !scopeCovers(scope, agency.code, agency.jurisdiction)) throw new NotFoundError(`agency ${unit}`);
    await this.accessLog.record(principal, { resourceType: 'worklist', resourceId: unit, fields: ['summary'] });
    return this.page(this.withClock().where('t.unit = :unit', { unit }), query, lang);
  }

  /** The caller's own: its unit's items, narrowed to the roles it holds and to it when an item names a person. */
  async mine(principal: Principal, query: ListTodoQuery, lang: Lang): Promise<Page<ReturnType<WorklistService['view']>>> {
    deadlineScopeOf(principal);
    const qb = this.withClock()
      .where('t.unit = :unit', { unit: principal.agency })
      .andWhere(new Brackets((b) => b.where('t.role IS NULL').orWhere('t.role IN (:...roles)', { roles: principal.roles })))
      .andWhere(new Brackets((b) => b.where('t.assignee IS NULL').orWhere('t.assignee = :user', { user: principal.user })));
    await this.accessLog.record(principal, { resourceType: 'worklist', resourceId: 'mine', fields: ['summary'] });
    return this.page(qb, query, lang);
  }

  /** Open, due soon and overdue per unit the caller may see (every unit in scope, zero when it has none). */
  async counts(principal: Principal, lang: Lang): Promise<{ dueSoonDays: number; units: UnitCounts[] }> {
    const scope = deadlineScopeOf(principal);
    const { sql, params } = scopeSql(scope);
    const rows = await this.withClock()
      .select('t.unit', 'unit')
      .addSelect('COUNT(*)', 'open')
      .addSelect(`SUM(CASE WHEN ${SOON} THEN 1 ELSE 0 END)`, 'dueSoon')
      .addSelect(`SUM(CASE WHEN ${OVERDUE} THEN 1 ELSE 0 END)`, 'overdue')
      .where(sql, params)
      .andWhere("t.state = 'open'")
      .setParameters(this.times())
      .groupBy('t.unit')
      .getRawMany<{ unit: string; open: unknown; dueSoon: unknown; overdue: unknown }>();
    const byUnit = new Map(rows.map((r) => [r.unit, r]));
    await this.accessLog.record(principal, { resourceType: 'worklist', resourceId: 'counts', fields: ['summary'] });
    const units = this.registry
      .all()
      .filter((a) => scopeCovers(scope, a.code, a.jurisdiction))
      .map((a) => {
        const r = byUnit.get(a.code);
        return {
          unit: a.code,
          unitName: this.registry.name(a.code, lang),
          open: Number(r?.open ?? 0),
          dueSoon: Number(r?.dueSoon ?? 0),
          overdue: Number(r?.overdue ?? 0),
        };
      });
    return { dueSoonDays: DUE_SOON_DAYS, units };
  }

  private times(): { now: string; soon: string } {
    const now = this.clock.now();
    return { now: now.toISOString(), soon: new Date(now.getTime() + DUE_SOON_DAYS * 86_400_000).toISOString() };
  }

  /** Items (alias t) with the clock that gives each its due time (alias c), when it has one. */
  private withClock(): SelectQueryBuilder<TodoRow> {
    const qb = this.db.getRepository(TodoEntity).createQueryBuilder('t');
    const same = (c: string) =>
      `${c}.policy_id = t.policy_id AND ${c}.subject_id = t.subject_id AND ${c}.unit = t.unit AND ${c}.started_at <= t.handed_at`;
    const later = qb
      .subQuery()
      .select('1')
      .from(ClockEntity, 'c2')
      .where(`${same('c2')} AND c2.started_at > c.started_at`)
      .getQuery();
    return qb.leftJoin(ClockEntity.options.name, 'c', `${same('c')} AND NOT EXISTS ${later}`);
  }

  private async page(qb: SelectQueryBuilder<TodoRow>, query: ListTodoQuery, lang: Lang): Promise<Page<ReturnType<WorklistService['view']>>> {
    const { page, pageSize } = query;
    if (query.kind) qb.andWhere('t.kind = :kind', { kind: query.kind });
    if (query.state) qb.andWhere('t.state = :state', { state: query.state });
    if (query.due) qb.andWhere(query.due === 'soon' ? SOON : OVERDUE, this.times());
    const total = await qb.getCount();
    const { entities, raw } = await qb
      .addSelect('c.clock_id', 'clockId')
      .addSelect('c.status', 'clockStatus')
      .addSelect('c.due_at', 'clockDueAt')
      .addSelect('c.missed_at', 'clockMissedAt')
      .orderBy('t.state', 'DESC')
      .addOrderBy('t.handed_at', 'DESC')
      .addOrderBy('t.item_id', 'ASC')
      .offset((page - 1) * pageSize)
      .limit(pageSize)
      .getRawAndEntities<ClockColumns & { t_item_id: string }>();
    const clocks = new Map(raw.map((r) => [r.t_item_id, r]));
    return { items: entities.map((row) => this.view(row, clocks.get(row.itemId), lang)), total, page, pageSize };
  }

  private view(row: TodoRow, clock: ClockColumns | undefined, lang: Lang) {
    const spec = TODO_KIND_SPECS[row.kind as TodoKind];
    const name = withSystemName((code) => this.registry.name(code, lang), lang);
    const status = clock?.clockStatus as keyof typeof CLOCK_STATUS_LABELS | undefined;
    return {
      itemId: row.itemId,
      kind: row.kind,
      kindLabel: spec?.label[lang] ?? row.kind,
      state: row.state,
      stateLabel: labelOf(TODO_STATE_LABELS, row.state as TodoState, lang),
      unit: row.unit,
      unitName: name(row.unit),
      role: row.role,
      assignee: row.assignee,
      subject: {
        kind: row.subjectKind,
        id: row.subjectId,
        no: row.subjectNo,
        title: row.subjectKind === 'obligation' && row.subjectTitle ? labelOf(OBLIGATION_KIND_LABELS, row.subjectTitle, lang) : row.subjectTitle,
        meetingId: row.meetingId,
      },
      handedOver: { by: row.handedBy, byName: name(row.handedBy), user: row.handedByUser, at: row.handedAt },
      due:
        clock?.clockId && status
          ? {
              clockId: clock.clockId,
              policyId: row.policyId,
              dueAt: clock.clockDueAt,
              status,
              statusLabel: CLOCK_STATUS_LABELS[status]?.[lang] ?? status,
              missedAt: clock.clockMissedAt,
            }
          : null,
      action: { code: spec?.action ?? null, label: spec?.actionLabel[lang] ?? null },
      closed:
        row.state === 'closed'
          ? { at: row.closedAt, byEvent: row.closedBy, by: row.closedByAgency, byName: row.closedByAgency ? name(row.closedByAgency) : null }
          : null,
    };
  }
}
