/**
 * The deadline policies (config/deadline-policies.json, DEADLINE_POLICIES_PATH),
 * read and validated at boot: a bad file stops the service with every problem
 * named (where, what was found, what is allowed). Nothing about a deadline is
 * written in code: which event starts a clock (type, stream prefix, condition
 * on its data), which pause, resume and stop it, who is responsible, the
 * allowance, the reminders and the escalation chain; and which periodic
 * obligations which kinds of agency owe. Each obligation also runs a clock
 * (started by its ObligationDue, stopped by its ObligationSubmitted), so
 * reminders, misses and escalation work the same way for both.
 * Format: docs/deadlines.md.
 */
import { readFileSync } from 'node:fs';
import {
  CASE_STREAM_PREFIX,
  CLOCK_UNITS,
  ClockSubjectKind,
  ClockUnit,
  ESCALATION_LEVELS,
  EscalationLevel,
  EVENT_TYPE_LABELS,
  LEAD_STREAM_PREFIX,
  OBLIGATION_KINDS,
  OBLIGATION_STREAM_PREFIX,
  ObligationKind,
  ROUTING_STREAM_PREFIX,
} from '@jm/contracts';
import { ConfigFileError, AGENCY_KINDS, AgencyKind, codesOf, Label, Level, LEVELS } from '@jm/reference';
import type { Span } from '@jm/platform';

type Scalar = string | number | boolean;
/** A condition on event data: every path (dotted) equals the value, is one of `in`, or is present (`exists`) or not. */
export type DataCondition = Record<string, Scalar | { in: Scalar[] } | { exists: boolean }>;

export interface EventMatch {
  type: string;
  streamPrefix: string;
  when?: DataCondition;
}

export interface StopMatch extends EventMatch {
  /** cancelled: the subject ended another way (the clock neither met nor missed its deadline). */
  outcome?: 'cancelled';
}

/** Who answers for a clock: an agency code from a field of the start event's data, or a fixed agency. */
export type UnitRule = { field: string } | { agency: string };

export type Allowance =
  | { amount: number; unit: ClockUnit }
  /** Whole years, counted as calendar days to the same date (the end of that day). */
  | { amount: number; unit: 'years' }
  /** The due instant the start event carries (e.g. the deadline the acting service set); `unit` says how pauses and reminders count. */
  | { fromField: string; unit: ClockUnit };

export interface EscalationStep {
  level: EscalationLevel;
  /** After the due time. */
  after: Span;
}

export interface ClockPolicy {
  id: string;
  name: Label;
  description?: Label;
  subjectKind: ClockSubjectKind;
  start: EventMatch;
  pause: EventMatch[];
  resume: EventMatch[];
  stop: StopMatch[];
  unit: UnitRule;
  /**
   * Several clocks of this policy per subject: the data path (on every event that moves the clock) naming which
   * (e.g. a case's transfer ordinal), and the value an event without it stands for. The default's clock keeps
   * the plain id `<policy>.<subject>`; another key's is `<policy>.<subject>.<key>`.
   */
  key?: { field: string; default: Scalar };
  allowance: Allowance;
  /** Before the due time, in the order they fire. */
  reminders: Array<{ before: Span }>;
  escalation: EscalationStep[];
  /** The obligation policy this clock belongs to (set for the clocks obligations run). */
  obligation?: boolean;
}

export const OBLIGATION_PERIODS = ['month', 'quarter', 'half_year', 'year'] as const;
export type ObligationPeriodKind = (typeof OBLIGATION_PERIODS)[number];

export type ObligationDueRule = { rule: 'period_end' } | { rule: 'day_of_next_period'; day: number };

export interface ObligationPolicy {
  id: string;
  name: Label;
  kind: ObligationKind;
  owedBy: { kinds: AgencyKind[]; levels?: Level[] };
  period: ObligationPeriodKind;
  due: ObligationDueRule;
  reminders: Array<{ before: Span }>;
  escalation: EscalationStep[];
}

export class DeadlinePolicyError extends ConfigFileError {
  constructor(source: string, problems: string[]) {
    super('VALIDATION_FAILED', 'Deadline policies', source, problems);
  }
}

/** Stream prefixes a clock may follow, and the subject kind each gives. */
export const SUBJECT_PREFIXES: Record<string, ClockSubjectKind> = {
  [LEAD_STREAM_PREFIX]: 'lead',
  [ROUTING_STREAM_PREFIX]: 'routing',
  [CASE_STREAM_PREFIX]: 'case',
  [OBLIGATION_STREAM_PREFIX]: 'obligation',
};

export const POLICY_ID_PATTERN = /^[a-z][a-z0-9-]{1,63}$/;
const KNOWN_TYPES = Object.keys(EVENT_TYPE_LABELS);
const SPAN_UNITS: readonly string[] = CLOCK_UNITS;

/** Reads a dotted path of event data. */
export function dataAt(data: unknown, path: string): unknown {
  let value: unknown = data;
  for (const key of path.split('.')) value = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
  return value;
}

export function matches(match: EventMatch, event: { type: string; streamId: string; data: unknown }): boolean {
  if (match.type !== event.type || !event.streamId.startsWith(match.streamPrefix)) return false;
  for (const [path, expected] of Object.entries(match.when ?? {})) {
    const actual = dataAt(event.data, path);
    const ok =
      typeof expected !== 'object'
        ? actual === expected
        : 'in' in expected
          ? expected.in.includes(actual as Scalar)
          : (actual !== undefined) === expected.exists;
    if (!ok) return false;
  }
  return true;
}

class Checker {
  readonly problems: string[] = [];
  add(where: string, what: string): void {
    this.problems.push(`${where}: ${what}`);
  }
  object(value: unknown, where: string, what: string): value is Record<string, unknown> {
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return true;
    this.add(where, what);
    return false;
  }
  label(value: unknown, where: string): void {
    const l = value as Partial<Label> | undefined;
    if (typeof l?.['zh-CN'] !== 'string' || typeof l?.en !== 'string' || !l['zh-CN'].trim() || !l.en.trim())
      this.add(where, 'an object with non-empty "zh-CN" and "en" strings');
  }
  span(value: unknown, where: string): void {
    if (!this.object(value, where, `{"amount": a number ≥ 0, "unit": one of ${CLOCK_UNITS.join(', ')}}`)) return;
    if (typeof value.amount !== 'number' || !(value.amount >= 0) || !Number.isFinite(value.amount))
      this.add(`${where}.amount`, `a number ≥ 0, found ${JSON.stringify(value.amount)}`);
    if (!SPAN_UNITS.includes(value.unit as string))
      this.add(`${where}.unit`, `one of ${CLOCK_UNITS.join(', ')}, found ${JSON.stringify(value.unit)}`);
    if (value.unit !== 'hours' && typeof value.amount === 'number' && !Number.isInteger(value.amount))
      this.add(`${where}.amount`, 'a whole number of days');
  }
  eventMatch(value: unknown, where: string, prefixes: readonly string[]): void {
    if (!this.object(value, where, 'an object {"type", "streamPrefix", "when"?}')) return;
    if (!KNOWN_TYPES.includes(value.type as string))
      this.add(`${where}.type`, `an event type the platform writes, found ${JSON.stringify(value.type)}; known: ${KNOWN_TYPES.join(', ')}`);
    if (!prefixes.includes(value.streamPrefix as string))
      this.add(`${where}.streamPrefix`, `one of ${prefixes.join(', ')}, found ${JSON.stringify(value.streamPrefix)}`);
    if (value.when !== undefined && this.object(value.when, `${where}.when`, 'an object of data path → value (or {"in": [values]})')) {
      for (const [path, expected] of Object.entries(value.when)) {
        const scalar = (v: unknown) => ['string', 'number', 'boolean'].includes(typeof v);
        const ok =
          scalar(expected) ||
          (typeof expected === 'object' &&
            expected !== null &&
            ((Array.isArray((expected as { in?: unknown }).in) && (expected as { in: unknown[] }).in.every(scalar)) ||
              (Object.keys(expected).length === 1 && typeof (expected as { exists?: unknown }).exists === 'boolean')));
        if (!ok) this.add(`${where}.when.${path}`, 'a string, number or boolean, {"in": [such values]} or {"exists": true | false}');
      }
    }
  }
  list(value: unknown, where: string, each: (item: unknown, where: string) => void): void {
    if (value === undefined) return;
    if (!Array.isArray(value)) {
      this.add(where, 'a list');
      return;
    }
    value.forEach((item, i) => each(item, `${where}[${i}]`));
  }
  reminders(value: unknown, where: string): void {
    this.list(value, where, (r, w) => {
      if (this.object(r, w, 'an object {"before": span}')) this.span(r.before, `${w}.before`);
    });
  }
  escalation(value: unknown, where: string): void {
    this.list(value, where, (s, w) => {
      if (!this.object(s, w, 'an object {"level", "after": span}')) return;
      if (!(ESCALATION_LEVELS as readonly string[]).includes(s.level as string))
        this.add(`${w}.level`, `one of ${ESCALATION_LEVELS.join(', ')}, found ${JSON.stringify(s.level)}`);
      this.span(s.after, `${w}.after`);
    });
  }
}

export class DeadlinePolicies {
  private constructor(
    readonly clocks: ClockPolicy[],
    readonly obligations: ObligationPolicy[],
  ) {}

  static fromFile(path: string): DeadlinePolicies {
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(path, 'utf8'));
    } catch (error) {
      throw new DeadlinePolicyError(path, [`cannot be read as JSON (DEADLINE_POLICIES_PATH): ${(error as Error).message}`]);
    }
    return DeadlinePolicies.parse(raw, path);
  }

  static parse(raw: unknown, source: string): DeadlinePolicies {
    const c = new Checker();
    if (!c.object(raw, '(file)', 'an object with "clocks" and "obligations" lists')) throw new DeadlinePolicyError(source, c.problems);
    const ids = new Set<string>();
    const checkId = (id: unknown, where: string) => {
      if (typeof id !== 'string' || !POLICY_ID_PATTERN.test(id))
        c.add(`${where}.id`, `lowercase letters, digits and -, 2-64 characters, starting with a letter; found ${JSON.stringify(id)}`);
      else if (ids.has(id)) c.add(`${where}.id`, `"${id}" is used twice; policy ids are unique across clocks and obligations`);
      else ids.add(id);
    };
    const clockPrefixes = Object.keys(SUBJECT_PREFIXES).filter((p) => p !== OBLIGATION_STREAM_PREFIX);
    if (!Array.isArray(raw.clocks)) c.add('clocks', 'a list of clock policies');
    else
      raw.clocks.forEach((p: unknown, i) => {
        const w = `clocks[${i}]${typeof (p as { id?: unknown })?.id === 'string' ? ` (${(p as { id: string }).id})` : ''}`;
        if (!c.object(p, w, 'an object')) return;
        checkId(p.id, w);
        c.label(p.name, `${w}.name`);
        if (p.description !== undefined) c.label(p.description, `${w}.description`);
        c.eventMatch(p.start, `${w}.start`, clockPrefixes);
        const startPrefix = (p.start as { streamPrefix?: string } | undefined)?.streamPrefix;
        for (const key of ['pause', 'resume', 'stop'] as const) {
          c.list(p[key], `${w}.${key}`, (m, mw) => {
            c.eventMatch(m, mw, clockPrefixes);
            // A clock follows one stream: what moves it must be an event of the stream that started it.
            if (startPrefix && (m as { streamPrefix?: string })?.streamPrefix !== startPrefix)
              c.add(`${mw}.streamPrefix`, `must be the start's stream prefix ${startPrefix}: a clock follows the stream that started it`);
            if (key === 'stop' && (m as { outcome?: unknown })?.outcome !== undefined && (m as { outcome?: unknown }).outcome !== 'cancelled')
              c.add(`${mw}.outcome`, '"cancelled" when given');
          });
        }
        if (
          (p.pause === undefined) !== (p.resume === undefined) ||
          (Array.isArray(p.pause) && Array.isArray(p.resume) && (p.pause.length === 0) !== (p.resume.length === 0))
        ) {
          c.add(w, 'pause and resume come together: a clock that can pause must be able to resume');
        }
        if (!Array.isArray(p.stop) || p.stop.length === 0) c.add(`${w}.stop`, 'at least one event that stops the clock');
        if (c.object(p.unit, `${w}.unit`, '{"field": a data path of the start event holding an agency code} or {"agency": an agency code}')) {
          const u = p.unit;
          if (typeof u.field !== 'string' && typeof u.agency !== 'string') c.add(`${w}.unit`, '{"field": "…"} or {"agency": "…"}');
        }
        if (p.key !== undefined && c.object(p.key, `${w}.key`, '{"field": a data path, "default": the key of an event without it}')) {
          if (typeof p.key.field !== 'string' || !p.key.field)
            c.add(`${w}.key.field`, 'the data path of the key on every event that moves the clock');
          if (!['string', 'number'].includes(typeof p.key.default) || !/^[A-Za-z0-9_-]+$/.test(String(p.key.default)))
            c.add(`${w}.key.default`, `a string or number of letters, digits, _ or -, found ${JSON.stringify(p.key.default)}`);
        }
        if (c.object(p.allowance, `${w}.allowance`, '{"amount", "unit"} or {"fromField", "unit"}')) {
          const a = p.allowance;
          if (a.fromField !== undefined) {
            if (typeof a.fromField !== 'string' || !a.fromField)
              c.add(`${w}.allowance.fromField`, 'the data path of an ISO instant in the start event');
            if (!SPAN_UNITS.includes(a.unit as string))
              c.add(`${w}.allowance.unit`, `one of ${CLOCK_UNITS.join(', ')} (how pauses and reminders count)`);
          } else if (a.unit === 'years') {
            if (!Number.isInteger(a.amount) || (a.amount as number) < 1) c.add(`${w}.allowance.amount`, 'a whole number of years ≥ 1');
          } else {
            c.span(a, `${w}.allowance`);
            if (typeof a.amount === 'number' && a.amount <= 0) c.add(`${w}.allowance.amount`, 'more than 0');
          }
        }
        c.reminders(p.reminders, `${w}.reminders`);
        c.escalation(p.escalation, `${w}.escalation`);
      });
    if (!Array.isArray(raw.obligations)) c.add('obligations', 'a list of obligation policies');
    else
      raw.obligations.forEach((p: unknown, i) => {
        const w = `obligations[${i}]${typeof (p as { id?: unknown })?.id === 'string' ? ` (${(p as { id: string }).id})` : ''}`;
        if (!c.object(p, w, 'an object')) return;
        checkId(p.id, w);
        c.label(p.name, `${w}.name`);
        if (!(OBLIGATION_KINDS as readonly string[]).includes(p.kind as string))
          c.add(`${w}.kind`, `one of ${OBLIGATION_KINDS.join(', ')}, found ${JSON.stringify(p.kind)}`);
        if (c.object(p.owedBy, `${w}.owedBy`, '{"kinds": [agency kinds], "levels"?: [levels]}')) {
          const kinds = p.owedBy.kinds;
          if (!Array.isArray(kinds) || kinds.length === 0 || !kinds.every((k) => codesOf(AGENCY_KINDS).includes(k as AgencyKind))) {
            c.add(`${w}.owedBy.kinds`, `a non-empty list of ${codesOf(AGENCY_KINDS).join(', ')} (config/agencies.json kinds)`);
          }
          const levels = p.owedBy.levels;
          if (levels !== undefined && (!Array.isArray(levels) || !levels.every((l) => codesOf(LEVELS).includes(l as Level))))
            c.add(`${w}.owedBy.levels`, `a list of ${codesOf(LEVELS).join(', ')}`);
        }
        if (!(OBLIGATION_PERIODS as readonly string[]).includes(p.period as string))
          c.add(`${w}.period`, `one of ${OBLIGATION_PERIODS.join(', ')}, found ${JSON.stringify(p.period)}`);
        if (c.object(p.due, `${w}.due`, '{"rule": "period_end"} or {"rule": "day_of_next_period", "day": 1-28}')) {
          const d = p.due;
          if (d.rule === 'day_of_next_period') {
            if (!Number.isInteger(d.day) || (d.day as number) < 1 || (d.day as number) > 28) c.add(`${w}.due.day`, 'a day of the month from 1 to 28');
          } else if (d.rule !== 'period_end') c.add(`${w}.due.rule`, `"period_end" or "day_of_next_period", found ${JSON.stringify(d.rule)}`);
        }
        c.reminders(p.reminders, `${w}.reminders`);
        c.escalation(p.escalation, `${w}.escalation`);
      });
    if (c.problems.length) throw new DeadlinePolicyError(source, c.problems);
    const input = raw as unknown as { clocks: Array<Omit<ClockPolicy, 'subjectKind'>>; obligations: ObligationPolicy[] };
    const clocks: ClockPolicy[] = input.clocks.map((p) => ({
      ...p,
      subjectKind: SUBJECT_PREFIXES[p.start.streamPrefix],
      pause: p.pause ?? [],
      resume: p.resume ?? [],
      reminders: p.reminders ?? [],
      escalation: p.escalation ?? [],
    }));
    const obligations = input.obligations.map((p) => ({ ...p, reminders: p.reminders ?? [], escalation: p.escalation ?? [] }));
    return new DeadlinePolicies([...clocks, ...obligations.map(obligationClock)], obligations);
  }

  clock(id: string): ClockPolicy | undefined {
    return this.clocks.find((p) => p.id === id);
  }

  obligation(id: string): ObligationPolicy | undefined {
    return this.obligations.find((p) => p.id === id);
  }

  /** Every event type some policy reacts to. */
  eventTypes(): Set<string> {
    const types = new Set<string>();
    for (const p of this.clocks) for (const m of [p.start, ...p.pause, ...p.resume, ...p.stop]) types.add(m.type);
    return types;
  }
}

/** The clock an obligation runs: started by its ObligationDue (due time carried), stopped by its submission. */
function obligationClock(p: ObligationPolicy): ClockPolicy {
  const onThis = { streamPrefix: OBLIGATION_STREAM_PREFIX, when: { policyId: p.id } };
  return {
    id: p.id,
    name: p.name,
    subjectKind: 'obligation',
    start: { type: 'ObligationDue', ...onThis },
    pause: [],
    resume: [],
    stop: [{ type: 'ObligationSubmitted', streamPrefix: OBLIGATION_STREAM_PREFIX }],
    unit: { field: 'unit' },
    allowance: { fromField: 'dueAt', unit: 'calendar_days' },
    reminders: p.reminders,
    escalation: p.escalation,
    obligation: true,
  };
}
