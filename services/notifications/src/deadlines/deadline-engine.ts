/**
 * The deadline engine: turns the events of leads, routings, cases and
 * obligations into clock commands as the policies say (from the bus), and
 * records what has fallen due (from the scheduler): reminders, the miss and
 * each escalation step, and opens the obligations of the current periods.
 *
 * Idempotency: a command caused by an event has an id derived from that
 * event (`deadline:<policy>:<move>:<event id>`), a scheduled record one
 * derived from the clock, its round and the item (`deadline:<clock>:r<n>:miss`),
 * an opened obligation one from its id. Event ids derive from command ids,
 * so a redelivery, a restart or a second instance appends nothing twice: the
 * store refuses a duplicate event id and the command handler answers what was
 * done the first time.
 */
import { Inject, Injectable, Logger } from '@nestjs/common';
import { DeadlineRecipient, EscalationLevel, SYSTEM_AGENCY } from '@jm/contracts';
import { Clock, CommandHandler, CommandMetadata, DomainRuleError, StoredEvent } from '@jm/event-sourcing';
import { AgencyRegistry } from '@jm/reference';
import type { DataSource } from 'typeorm';
import { AGENCY_REGISTRY, chinaDay, CLOCK, DAY_MS, HOUR_MS, InjectReadModel, WORKING_CALENDAR, WorkingCalendar } from '@jm/platform';
import { ClockState } from './clock/clock';
import type { ClockCommand } from './clock/clock.commands';
import { ClockEvent, clockIdOf, toDeadlineStreamId } from './clock/clock.events';
import { dueItemKey, DueItem, pendingItems } from './clock/clock-schedule';
import { ObligationCommand, ObligationState } from './obligation/obligation.decider';
import { ObligationEvent, toObligationStreamId } from './obligation/obligation.events';
import { dueOf, obligationIdOf, periodContaining } from './obligation/obligation-period';
import { ClockPolicy, dataAt, DeadlinePolicies, EventMatch, matches, SUBJECT_PREFIXES } from './policy/deadline-policies';
import { ClockEntity } from './deadlines.read-model';
import { CLOCK_COMMANDS, DEADLINE_POLICIES, OBLIGATION_COMMANDS } from './deadlines.tokens';

export const ENGINE_ACTOR = { agency: SYSTEM_AGENCY, user: 'deadline-engine' };

export interface TickResult {
  at: string;
  obligationsOpened: number;
  clocksChecked: number;
  recorded: { reminders: number; misses: number; escalations: number };
}

/** Metadata of a command caused by an event. */
function causedBy(event: StoredEvent, commandId: string): CommandMetadata {
  return { commandId, time: event.time, actor: event.actor, correlationId: event.correlationId, causationId: event.id };
}

/** An item of a clock that has fallen due, the command recording it and that command's id (clock, round, item). */
interface DueRecord {
  item: DueItem;
  command: ClockCommand;
  commandId: string;
}

const round2 = (n: number): number => Math.round(n * 100) / 100;

@Injectable()
export class DeadlineEngine {
  private readonly logger = new Logger('DeadlineEngine');
  /** Obligation periods this process has opened (policy:period), so a tick does not re-read those streams. */
  private readonly opened = new Set<string>();

  constructor(
    @Inject(CLOCK_COMMANDS) private readonly clocks: CommandHandler<ClockCommand, ClockState, ClockEvent>,
    @Inject(OBLIGATION_COMMANDS) private readonly obligations: CommandHandler<ObligationCommand, ObligationState, ObligationEvent>,
    @Inject(DEADLINE_POLICIES) private readonly policies: DeadlinePolicies,
    @Inject(WORKING_CALENDAR) private readonly calendar: WorkingCalendar,
    @Inject(AGENCY_REGISTRY) private readonly registry: AgencyRegistry,
    @Inject(CLOCK) private readonly clock: Clock,
    @InjectReadModel() private readonly db: DataSource,
  ) {}

  /** Every move an event makes on the clocks of every policy (one event may start several clocks: a case's 3- and 5-year clocks). */
  async onEvent(event: StoredEvent): Promise<void> {
    for (const policy of this.policies.clocks) {
      const is = (m: EventMatch) => matches(m, event);
      if (is(policy.start)) await this.start(policy, event);
      if (policy.pause.some(is)) await this.pause(policy, event);
      if (policy.resume.some(is)) await this.resume(policy, event);
      const stop = policy.stop.find(is);
      if (stop) await this.stop(policy, event, stop.outcome === 'cancelled');
    }
  }

  /** An obligation's clock missed: the obligation is recorded missing (once, whatever the redeliveries). */
  async onObligationClockMissed(event: StoredEvent<{ subject: { kind: string; id: string }; missedAt: string }>): Promise<void> {
    if (event.data.subject.kind !== 'obligation') return;
    await this.obligations.handle(
      toObligationStreamId(event.data.subject.id),
      { kind: 'RecordObligationMissed', at: event.data.missedAt },
      causedBy(event, `obligation-missed:${event.id}`),
    );
  }

  /** One scheduler pass: open the current periods' obligations, then record everything that has fallen due by now. */
  async tick(): Promise<TickResult> {
    const now = this.clock.now().getTime();
    const result: TickResult = {
      at: new Date(now).toISOString(),
      obligationsOpened: await this.openObligations(now),
      clocksChecked: 0,
      recorded: { reminders: 0, misses: 0, escalations: 0 },
    };
    const due = await this.db
      .getRepository(ClockEntity)
      .createQueryBuilder('c')
      .select('c.clockId', 'clockId')
      .where('c.next_fire_at <= :now', { now: result.at })
      .orderBy('c.next_fire_at', 'ASC')
      .limit(1000)
      .getRawMany<{ clockId: string }>();
    for (const { clockId } of due) {
      result.clocksChecked++;
      try {
        for (const item of await this.fire(clockId, now)) {
          if (item.kind === 'reminder') result.recorded.reminders++;
          else if (item.kind === 'miss') result.recorded.misses++;
          else result.recorded.escalations++;
        }
      } catch (error) {
        // One clock's failure (a store hiccup, a race lost twice) must not hold the others back; the next tick retries it.
        this.logger.error({ err: error, clockId }, 'recording what fell due failed; the next tick retries');
      }
    }
    return result;
  }

  /**
   * Records, in order, every item of one clock whose time has come; answers what was appended.
   * One command per item, each built on the handler's own load: the item, and its id (clock, round,
   * item), come from the state that command is appended on.
   */
  async fire(clockId: string, now: number): Promise<DueItem[]> {
    const streamId = toDeadlineStreamId(clockId);
    const at = new Date(now).toISOString();
    const recorded: DueItem[] = [];
    for (;;) {
      let due: DueRecord | undefined;
      const result = await this.clocks.handle(
        streamId,
        (state) => (due = this.dueRecord(clockId, state, now, at))?.command,
        () => ({ commandId: due!.commandId, time: at, actor: ENGINE_ACTOR }),
      );
      if (!due || result.events.length === 0) break;
      recorded.push(due.item);
      // What the appended state still has due is known without reading the stream again.
      if (!this.dueRecord(clockId, result.state, now, at)) break;
    }
    return recorded;
  }

  /** The first item of a running clock due by `now`, with the command that records it and that command's id; undefined when nothing is due. */
  private dueRecord(clockId: string, state: ClockState, now: number, at: string): DueRecord | undefined {
    if (state.status !== 'running') return undefined;
    const policy = this.policies.clock(state.policyId);
    if (!policy) {
      this.logger.warn({ clockId, policyId: state.policyId }, 'clock of a policy no longer in the policies file: nothing recorded');
      return undefined;
    }
    const item = pendingItems(state, policy, this.calendar)[0];
    if (!item || item.at > now) return undefined;
    const command: ClockCommand =
      item.kind === 'reminder'
        ? { kind: 'RecordReminder', at, index: item.index, recipients: [{ agency: state.unit }] }
        : item.kind === 'miss'
          ? { kind: 'RecordMiss', at, jurisdiction: this.registry.get(state.unit)?.jurisdiction }
          : { kind: 'RecordEscalation', at, step: item.step, level: item.level, recipients: this.recipients(state.unit, item.level) };
    return { item, command, commandId: `deadline:${clockId}:r${state.round}:${dueItemKey(item)}` };
  }

  /** Who hears of an escalation step: the unit itself, its joint-meeting office's officers, or that office's convener. */
  recipients(unit: string, level: EscalationLevel): DeadlineRecipient[] {
    if (level === 'unit') return [{ agency: unit }];
    const office = this.officeOf(unit);
    if (!office) {
      this.logger.warn({ unit, level }, 'no joint-meeting office found for the unit: escalation step has no recipient');
      return [];
    }
    return [{ agency: office, role: level === 'office' ? 'office_officer' : 'convener' }];
  }

  /** The office responsible for a unit: itself when it is an office, else the office of its region at its level (or the nearest above). */
  officeOf(unit: string): string | undefined {
    const agency = this.registry.get(unit);
    if (!agency) return undefined;
    if (agency.kind === 'office') return agency.code;
    const levels = (['district', 'city', 'province'] as const).slice((['district', 'city', 'province'] as const).indexOf(agency.level));
    for (const level of levels) {
      const office = this.registry.officeFor(agency.jurisdiction, level);
      if (office) return office.code;
    }
    return undefined;
  }

  private subjectOf(policy: ClockPolicy, event: StoredEvent) {
    const id = event.streamId.slice(policy.start.streamPrefix.length);
    const subject = { kind: SUBJECT_PREFIXES[policy.start.streamPrefix], id, streamId: event.streamId };
    if (!policy.key) return { clockId: clockIdOf(policy.id, id), subject };
    // One clock per key (e.g. per transfer); the default key keeps the plain id, so clocks started before keys existed still move.
    const key = String(dataAt(event.data, policy.key.field) ?? policy.key.default);
    return { clockId: clockIdOf(policy.id, key === String(policy.key.default) ? id : `${id}.${key}`), subject: { ...subject, key } };
  }

  private async start(policy: ClockPolicy, event: StoredEvent): Promise<void> {
    const { clockId, subject } = this.subjectOf(policy, event);
    const unit = 'agency' in policy.unit ? policy.unit.agency : dataAt(event.data, policy.unit.field);
    if (typeof unit !== 'string' || !unit) {
      throw new DomainRuleError(
        `policy ${policy.id}: ${event.type} ${event.id} has no responsible unit at data.${'field' in policy.unit ? policy.unit.field : ''}`,
      );
    }
    const startedAt = Date.parse(event.time);
    const due = this.dueOf(policy, event, startedAt);
    await this.clocks.handle(
      toDeadlineStreamId(clockId),
      {
        kind: 'StartClock',
        at: event.time,
        clockId,
        policyId: policy.id,
        subject,
        unit,
        dueAt: new Date(due.at).toISOString(),
        amount: due.amount,
        clockUnit: due.unit,
        trigger: { eventId: event.id, eventType: event.type, streamId: event.streamId },
        ...(due.from ? { dueFrom: due.from } : {}),
        calendarGaps: due.gaps,
      },
      causedBy(event, `deadline:${policy.id}:start:${event.id}`),
    );
  }

  private dueOf(policy: ClockPolicy, event: StoredEvent, start: number) {
    const a = policy.allowance;
    if ('fromField' in a) {
      const carried = dataAt(event.data, a.fromField);
      const at = typeof carried === 'string' ? Date.parse(carried) : NaN;
      if (Number.isNaN(at)) throw new DomainRuleError(`policy ${policy.id}: ${event.type} ${event.id} carries no ISO instant at data.${a.fromField}`);
      const counted = this.calendar.counted(start, at, a.unit);
      return { at, amount: round2(counted.value / (a.unit === 'hours' ? HOUR_MS : DAY_MS)), unit: a.unit, gaps: counted.gaps, from: a.fromField };
    }
    if (a.unit === 'years') {
      // N years to the same China date; counted as that many calendar days (leap days included).
      const [y, m, d] = chinaDay(start).split('-').map(Number);
      const days = Math.round((Date.UTC(y + a.amount, m - 1, d) - Date.UTC(y, m - 1, d)) / DAY_MS);
      const due = this.calendar.addAllowance(start, days, 'calendar_days');
      return { at: due.value, amount: days, unit: 'calendar_days' as const, gaps: due.gaps };
    }
    const due = this.calendar.addAllowance(start, a.amount, a.unit);
    return { at: due.value, amount: a.amount, unit: a.unit, gaps: due.gaps };
  }

  /** Paused on the handler's own load: the remaining time is counted from the state the pause is appended on (a retry counts again). */
  private async pause(policy: ClockPolicy, event: StoredEvent): Promise<void> {
    const { clockId } = this.subjectOf(policy, event);
    const trigger = { eventId: event.id, eventType: event.type, streamId: event.streamId };
    await this.clocks.handle(
      toDeadlineStreamId(clockId),
      (state) =>
        state.status === 'running'
          ? {
              kind: 'PauseClock',
              at: event.time,
              remainingMs: this.calendar.counted(Date.parse(event.time), Date.parse(state.dueAt), state.clockUnit).value,
              trigger,
            }
          : undefined,
      causedBy(event, `deadline:${policy.id}:pause:${event.id}`),
    );
  }

  private async resume(policy: ClockPolicy, event: StoredEvent): Promise<void> {
    const { clockId } = this.subjectOf(policy, event);
    const trigger = { eventId: event.id, eventType: event.type, streamId: event.streamId };
    await this.clocks.handle(
      toDeadlineStreamId(clockId),
      (state): ClockCommand | undefined => {
        if (state.status !== 'paused') return undefined;
        const due = this.calendar.advance(Date.parse(event.time), state.remainingMs, state.clockUnit);
        return { kind: 'ResumeClock', at: event.time, dueAt: new Date(due.value).toISOString(), trigger, calendarGaps: due.gaps };
      },
      causedBy(event, `deadline:${policy.id}:resume:${event.id}`),
    );
  }

  private async stop(policy: ClockPolicy, event: StoredEvent, cancelled: boolean): Promise<void> {
    const { clockId } = this.subjectOf(policy, event);
    const trigger = { eventId: event.id, eventType: event.type, streamId: event.streamId };
    await this.clocks.handle(
      toDeadlineStreamId(clockId),
      { kind: 'StopClock', at: event.time, cancelled, trigger },
      causedBy(event, `deadline:${policy.id}:stop:${event.id}`),
    );
  }

  /** Opens, for each obligation policy, the period containing `now` for every agency that owes it; answers how many were opened now. */
  private async openObligations(now: number): Promise<number> {
    let opened = 0;
    const at = new Date(now).toISOString();
    for (const policy of this.policies.obligations) {
      const period = periodContaining(policy.period, now);
      const key = `${policy.id}:${period.period}`;
      if (this.opened.has(key)) continue;
      const dueAt = new Date(dueOf(period, policy.due)).toISOString();
      const owing = this.registry
        .all()
        .filter((a) => policy.owedBy.kinds.includes(a.kind) && (!policy.owedBy.levels || policy.owedBy.levels.includes(a.level)));
      for (const agency of owing) {
        const obligationId = obligationIdOf(policy.kind, agency.code, period.period);
        const result = await this.obligations.handle(
          toObligationStreamId(obligationId),
          {
            kind: 'OpenObligation',
            at,
            obligationId,
            policyId: policy.id,
            obligationKind: policy.kind,
            unit: agency.code,
            period: period.period,
            dueAt,
          },
          { commandId: `obligation-open:${obligationId}`, time: at, actor: ENGINE_ACTOR },
        );
        opened += result.events.length;
      }
      this.opened.add(key);
    }
    return opened;
  }
}
