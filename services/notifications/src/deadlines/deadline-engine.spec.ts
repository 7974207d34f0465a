/**
 * The deadline engine in-process, on real parts: a SQLite event store file, the
 * command handlers with the clock and obligation deciders, the shipped policies
 * file and holiday calendar, a small agency registry and the read model on
 * SQLite (kept by the real projection). What each source event does to the
 * clocks, what falls due when, to whom an escalation goes, and the obligations a
 * tick opens. The same engine through Kafka and PostgreSQL is in
 * test/notifications/deadlines-bus.spec.ts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { CommandHandler, DomainRuleError, ManualClock, SqliteEventStore, StoredEvent } from '@jm/event-sourcing';
import { Agency, AgencyRegistry } from '@jm/reference';
import { DAY_MS, HOUR_MS, WorkingCalendar } from '@jm/platform';
import { HolidayCalendar } from '@jm/platform';
import { clockDecider } from './clock/clock.decider';
import { DeadlineEngine, ENGINE_ACTOR } from './deadline-engine';
import { DeadlinesProjection } from './deadlines.projection';
import { DEADLINES_READ_MODEL } from './deadlines.read-model';
import { obligationDecider } from './obligation/obligation.decider';
import { DeadlinePolicies } from './policy/deadline-policies';

const ROOT = join(__dirname, '../../../..');
const T0 = '2026-03-02T02:00:00.000Z'; // Monday 10:00 China time
const at = (ms: number): string => new Date(Date.parse(T0) + ms).toISOString();
/** A China-time wall clock reading as an ISO instant. */
const cst = (text: string): string => new Date(`${text}+08:00`).toISOString();

const agency = (code: string, kind: Agency['kind'], level: Agency['level'], jurisdiction: string): Agency =>
  ({ code, name: { 'zh-CN': code, en: code }, kind, level, jurisdiction }) as Agency;
const AGENCIES = [
  agency('lc-office', 'office', 'district', '350502'),
  agency('qz-office', 'office', 'city', '350500'),
  agency('lc-market', 'member', 'district', '350502'),
  agency('lc-police', 'member', 'district', '350502'),
  agency('lc-st-haibin', 'street', 'district', '350502'),
  // A district without an office of its own (its city's office answers) and one outside every office's region.
  agency('jj-market', 'member', 'district', '350582'),
  agency('xm-market', 'member', 'district', '350203'),
];

describe('deadline engine', () => {
  let dir: string;
  let store: SqliteEventStore;
  let db: DataSource;
  let clock: ManualClock;
  let engine: DeadlineEngine;
  let projection: DeadlinesProjection;
  const policies = DeadlinePolicies.fromFile(join(ROOT, 'config/deadline-policies.json'));
  const calendar = new WorkingCalendar(HolidayCalendar.fromDir(join(ROOT, 'config/holidays')));
  const registry = new AgencyRegistry(AGENCIES);

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'jm-engine-'));
    store = SqliteEventStore.open({ path: join(dir, 'events.sqlite') });
    db = new DataSource({
      type: 'better-sqlite3',
      database: join(dir, 'read.sqlite'),
      entities: DEADLINES_READ_MODEL.entities,
      migrations: DEADLINES_READ_MODEL.migrations,
      migrationsRun: true,
    });
    await db.initialize();
    clock = new ManualClock(new Date(T0));
    projection = new DeadlinesProjection(policies, calendar, registry);
    engine = new DeadlineEngine(
      new CommandHandler(store, clockDecider),
      new CommandHandler(store, obligationDecider),
      policies,
      calendar,
      registry,
      clock,
      db,
    );
  });
  afterEach(async () => {
    await db.destroy();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Appends a source event as its service would, and hands it to the engine as the bus would. */
  async function feed(streamId: string, type: string, data: object, time = T0): Promise<StoredEvent> {
    const correlationId = randomUUID();
    await store.append(
      streamId,
      [
        {
          id: randomUUID(),
          type,
          schemaVersion: 1,
          data,
          time,
          correlationId,
          causationId: correlationId,
          actor: { agency: 'lc-office', user: 'officer-1' },
        },
      ],
      'any',
    );
    const event = (await store.readStream(streamId)).at(-1)!;
    await engine.onEvent(event);
    return event;
  }
  const clockEvents = (clockId: string) => store.readStream(`deadline-${clockId}`);
  const types = async (clockId: string) => (await clockEvents(clockId)).map((e) => e.type);
  /** The read model through every clock event so far (the consumer's job in the service). */
  async function project(): Promise<void> {
    for (const event of await store.readAll({ streamPrefixes: ['deadline-'], limit: 100_000 }))
      await db.transaction((m) => projection.clockEvent(m, event));
  }
  const lead = (leadId: string, extra: object = {}) => ({
    leadId,
    receivedBy: 'lc-st-haibin',
    office: 'lc-office',
    reportDeadline: at(10 * HOUR_MS + 20 * 60_000),
    major: false,
    ...extra,
  });

  describe('starting clocks', () => {
    it('given a lead received, then its report clock starts, due at the deadline it carries, caused by the event', async () => {
      const source = await feed('lead-l1', 'LeadReceived', lead('l1'));
      const [started, ...rest] = await clockEvents('lead-report-to-office.l1');
      expect(rest).toEqual([]);
      expect(started).toMatchObject({
        type: 'ClockStarted',
        causationId: source.id,
        correlationId: source.correlationId,
        actor: source.actor,
        data: {
          clockId: 'lead-report-to-office.l1',
          policyId: 'lead-report-to-office',
          subject: { kind: 'lead', id: 'l1', streamId: 'lead-l1' },
          unit: 'lc-st-haibin',
          startedAt: T0,
          dueAt: at(10 * HOUR_MS + 20 * 60_000),
          amount: 10.33,
          clockUnit: 'hours',
          trigger: { eventId: source.id, eventType: 'LeadReceived', streamId: 'lead-l1' },
          dueFrom: 'reportDeadline',
        },
      });
      // Only the policy whose condition holds: not the major-event one.
      expect(await clockEvents('major-event-report-24h.l1')).toEqual([]);
    });

    it('given a major lead, then the 24-hour clock starts instead, with no carried due time', async () => {
      await feed('lead-l2', 'LeadReceived', lead('l2', { major: true }));
      const [started] = await clockEvents('major-event-report-24h.l2');
      expect(started.data).toMatchObject({ dueAt: at(24 * HOUR_MS), amount: 24, clockUnit: 'hours', unit: 'lc-st-haibin' });
      expect(started.data).not.toHaveProperty('dueFrom');
      expect(await clockEvents('lead-report-to-office.l2')).toEqual([]);
    });

    it('given a case filed by the police (not its opening), then its 3- and 5-year clocks count calendar days to the same China date, leap day included', async () => {
      await feed('case-c1', 'CaseOpened', { caseId: 'c1', leadUnit: 'lc-market', office: 'lc-office', jurisdiction: '350502' });
      expect(await clockEvents('case-supervision-3y.c1')).toEqual([]);
      expect(await clockEvents('case-clearance-5y.c1')).toEqual([]);
      await feed('case-c1', 'TransferAcceptedByPolice', { caseId: 'c1', transfer: 1, police: 'lc-police', filedOn: '2026-03-02' });
      const [three] = await clockEvents('case-supervision-3y.c1');
      const [five] = await clockEvents('case-clearance-5y.c1');
      expect(three.data).toMatchObject({
        amount: 1096,
        clockUnit: 'calendar_days',
        dueAt: cst('2029-03-03T00:00:00'),
        unit: 'lc-police',
        subject: { kind: 'case', id: 'c1' },
      });
      expect(five.data).toMatchObject({ amount: 1826, clockUnit: 'calendar_days', dueAt: cst('2031-03-03T00:00:00'), unit: 'lc-police' });
    });

    it('given a filed case, then its 2-year clock stops when judgment and refund are both done, not at the judgment alone', async () => {
      await feed('case-k2', 'TransferAcceptedByPolice', { caseId: 'k2', transfer: 1, police: 'lc-police', filedOn: '2026-03-02' });
      await feed('case-k2', 'JudgmentRecorded', { caseId: 'k2', by: 'lc-court', text: '一审判决' }, at(300 * DAY_MS));
      expect(await types('criminal-case-2y.k2')).toEqual(['ClockStarted']);
      await feed('case-k2', 'FundsRefundCompleted', { caseId: 'k2', by: 'lc-police', text: '清退完毕' }, at(400 * DAY_MS));
      await feed('case-k2', 'CriminalCaseConcluded', { caseId: 'k2', by: 'lc-police' }, at(400 * DAY_MS));
      const events = await clockEvents('criminal-case-2y.k2');
      expect(events.map((e) => e.type)).toEqual(['ClockStarted', 'ClockStopped']);
      expect(events[1].data).toMatchObject({ outcome: 'met', trigger: { eventType: 'CriminalCaseConcluded' } });
    });

    it('given an exemption (外省牵头 or 重大复杂), then the 2-year clock is cancelled, or never starts when recorded before the filing', async () => {
      await feed('case-k3', 'TransferAcceptedByPolice', { caseId: 'k3', transfer: 1, police: 'lc-police', filedOn: '2026-03-02' });
      const exempt = { caseId: 'k3', by: 'lc-office', ground: 'major_complex', approvedBy: '泉州市中级人民法院', reason: '跨省资产处置' };
      await feed('case-k3', 'TwoYearLimitExempted', exempt, at(DAY_MS));
      const events = await clockEvents('criminal-case-2y.k3');
      expect(events[1].data).toMatchObject({ outcome: 'cancelled', trigger: { eventType: 'TwoYearLimitExempted' } });
      expect(await types('case-clearance-5y.k3')).toEqual(['ClockStarted']);
      await feed('case-k4', 'TransferAcceptedByPolice', {
        caseId: 'k4',
        transfer: 1,
        police: 'lc-police',
        filedOn: '2026-03-02',
        twoYearLimitExempted: 'led_by_other_province',
      });
      expect(await clockEvents('criminal-case-2y.k4')).toEqual([]);
      expect(await types('case-clearance-5y.k4')).toEqual(['ClockStarted']);
    });

    it('given a case filed by the police, then its 2-year clock is 731 days, across 29 February 2028', async () => {
      await feed('case-k1', 'TransferAcceptedByPolice', { caseId: 'k1', police: 'lc-police', filedOn: '2026-03-02' });
      const [two] = await clockEvents('criminal-case-2y.k1');
      expect(two.data).toMatchObject({ amount: 731, clockUnit: 'calendar_days', dueAt: cst('2028-03-03T00:00:00'), unit: 'lc-police' });
    });

    it('given a lead routed before the Spring Festival, then 15 working days skip the festival and end on 12 March', async () => {
      await feed(
        'routing-r1',
        'LeadRouted',
        { leadId: 'r1', unit: 'lc-market', rule: 'field:pension', deadline: cst('2026-03-13T00:00:00') },
        cst('2026-02-13T12:00:00'),
      );
      const [started] = await clockEvents('routed-lead-feedback.r1');
      expect(started.data).toMatchObject({
        amount: 15,
        clockUnit: 'working_days',
        dueAt: cst('2026-03-13T00:00:00'),
        unit: 'lc-market',
        subject: { kind: 'routing', id: 'r1' },
      });
    });

    it('given a carried due time in calendar days, then the amount is the counted days, rounded to 2 decimals', async () => {
      await feed('case-p1', 'TransferredToPolice', {
        caseId: 'p1',
        by: 'lc-office',
        police: 'lc-police',
        deadline: at(10 * DAY_MS + 8 * HOUR_MS),
        reason: '涉嫌非法吸收公众存款罪',
      });
      const [started] = await clockEvents('police-transfer-response.p1');
      expect(started.data).toMatchObject({
        amount: 10.33,
        clockUnit: 'calendar_days',
        dueAt: at(10 * DAY_MS + 8 * HOUR_MS),
        dueFrom: 'deadline',
        unit: 'lc-police',
      });
    });

    it('given a redelivered start event, then the clock is started once', async () => {
      const source = await feed('lead-l3', 'LeadReceived', lead('l3'));
      await engine.onEvent(source);
      expect(await types('lead-report-to-office.l3')).toEqual(['ClockStarted']);
    });

    it('given a start event without its responsible unit or its due time, then it is refused, naming the policy, the event and the field', async () => {
      const correlationId = randomUUID();
      const base = { schemaVersion: 1, time: T0, correlationId, causationId: correlationId, actor: { agency: 'lc-office', user: 'u' } };
      await store.append('lead-bad', [{ id: randomUUID(), type: 'LeadReceived', data: lead('bad', { receivedBy: '' }), ...base }], 'no_stream');
      const noUnit = (await store.readStream('lead-bad'))[0];
      await expect(engine.onEvent(noUnit)).rejects.toThrow(
        new DomainRuleError(`policy lead-report-to-office: LeadReceived ${noUnit.id} has no responsible unit at data.receivedBy`),
      );
      await store.append(
        'lead-bad2',
        [{ id: randomUUID(), type: 'LeadReceived', data: { ...lead('bad2'), reportDeadline: 'soon' }, ...base }],
        'no_stream',
      );
      const noDue = (await store.readStream('lead-bad2'))[0];
      await expect(engine.onEvent(noDue)).rejects.toThrow(
        new DomainRuleError(`policy lead-report-to-office: LeadReceived ${noDue.id} carries no ISO instant at data.reportDeadline`),
      );
      await store.append(
        'lead-bad3',
        [{ id: randomUUID(), type: 'LeadReceived', data: { ...lead('bad3'), reportDeadline: 42 }, ...base }],
        'no_stream',
      );
      await expect(engine.onEvent((await store.readStream('lead-bad3'))[0])).rejects.toThrow(/carries no ISO instant at data.reportDeadline/);
      await store.append('lead-bad4', [{ id: randomUUID(), type: 'LeadReceived', data: lead('bad4', { receivedBy: 42 }), ...base }], 'no_stream');
      await expect(engine.onEvent((await store.readStream('lead-bad4'))[0])).rejects.toThrow(/has no responsible unit at data.receivedBy/);
      expect(await store.readAll({ streamPrefixes: ['deadline-'] })).toEqual([]);
    });
  });

  describe('pause, resume and stop', () => {
    it('given a determination paused while the case is with the city meeting, then the due time moves by the working time paused', async () => {
      await feed('case-d1', 'DeterminationRequested', { caseId: 'd1', by: 'lc-office', authority: 'lc-market' });
      const [started] = await clockEvents('nature-determination.d1');
      const dueAt = (started.data as { dueAt: string }).dueAt;
      // 30 working days after Mon 2 March: Qingming (4-6 April) skipped, the end of Tue 14 April.
      expect(dueAt).toBe(cst('2026-04-15T00:00:00'));
      const paused = await feed('case-d1', 'EscalatedToCityMeeting', { caseId: 'd1' }, cst('2026-03-04T10:00:00'));
      // Paused again while paused: nothing more.
      await feed('case-d1', 'EscalatedToCityMeeting', { caseId: 'd1' }, cst('2026-03-05T10:00:00'));
      const remaining = calendar.counted(Date.parse(cst('2026-03-04T10:00:00')), Date.parse(dueAt), 'working_days').value;
      // Resumed on Mon 9 March at 10:00: the same working time ends three working days (Thu, Fri, Mon) later, on Fri 17 April.
      const resumed = await feed('case-d1', 'DecisionReceivedFromCity', { caseId: 'd1' }, cst('2026-03-09T10:00:00'));
      // Resumed again while running: nothing more.
      await feed('case-d1', 'DecisionReceivedFromCity', { caseId: 'd1' }, cst('2026-03-10T10:00:00'));
      const events = await clockEvents('nature-determination.d1');
      expect(events.map((e) => e.type)).toEqual(['ClockStarted', 'ClockPaused', 'ClockResumed']);
      expect(events[1]).toMatchObject({
        causationId: paused.id,
        data: {
          pausedAt: cst('2026-03-04T10:00:00'),
          remainingMs: remaining,
          trigger: { eventId: paused.id, eventType: 'EscalatedToCityMeeting', streamId: 'case-d1' },
        },
      });
      // Left at the pause: the rest of Wed 4 March and 28 working days.
      expect(remaining).toBe(28 * DAY_MS + 14 * HOUR_MS);
      expect(events[2]).toMatchObject({
        causationId: resumed.id,
        data: {
          resumedAt: cst('2026-03-09T10:00:00'),
          dueAt: cst('2026-04-18T00:00:00'),
          trigger: { eventId: resumed.id, eventType: 'DecisionReceivedFromCity' },
        },
      });
    });

    it('given a lead reported in time, then its clock stops as met; a case closed stops the police clock as cancelled', async () => {
      await feed('lead-l4', 'LeadReceived', lead('l4'));
      const reported = await feed('lead-l4', 'LeadReportedToOffice', { leadId: 'l4' }, at(HOUR_MS));
      const events = await clockEvents('lead-report-to-office.l4');
      expect(events.map((e) => e.type)).toEqual(['ClockStarted', 'ClockStopped']);
      expect(events[1]).toMatchObject({
        causationId: reported.id,
        data: { outcome: 'met', stoppedAt: at(HOUR_MS), trigger: { eventId: reported.id, eventType: 'LeadReportedToOffice', streamId: 'lead-l4' } },
      });

      await feed('case-p2', 'TransferredToPolice', {
        caseId: 'p2',
        by: 'lc-office',
        police: 'lc-police',
        deadline: at(30 * DAY_MS),
        reason: '涉嫌集资诈骗罪',
      });
      await feed('case-p2', 'CaseClosed', { caseId: 'p2' }, at(DAY_MS));
      const police = await clockEvents('police-transfer-response.p2');
      expect(police.map((e) => e.type)).toEqual(['ClockStarted', 'ClockStopped']);
      expect(police[1].data).toMatchObject({ outcome: 'cancelled' });
    });
  });

  describe('a transfer to the police, refused and made again', () => {
    const transfer = (n: number | undefined, police: string) => ({
      caseId: 'r1',
      by: 'lc-office',
      ...(n === undefined ? {} : { transfer: n }),
      police,
      deadline: at(30 * DAY_MS),
      reason: '涉嫌非法吸收公众存款罪',
    });

    it('given a transfer refused and a second one, then each transfer has its own clock, the first kept with its answer', async () => {
      await feed('case-r1', 'TransferredToPolice', transfer(1, 'lc-police'));
      await feed(
        'case-r1',
        'TransferDeclinedByPolice',
        { caseId: 'r1', transfer: 1, police: 'lc-police', reasons: ['证据不足'], office: 'lc-office' },
        at(DAY_MS),
      );
      await feed('case-r1', 'TransferredToPolice', transfer(2, 'jj-market'), at(2 * DAY_MS));
      await feed('case-r1', 'TransferAcceptedByPolice', { caseId: 'r1', transfer: 2, police: 'jj-market', filedOn: '2026-03-05' }, at(3 * DAY_MS));
      const first = await clockEvents('police-transfer-response.r1');
      const second = await clockEvents('police-transfer-response.r1.2');
      expect(first.map((e) => e.type)).toEqual(['ClockStarted', 'ClockStopped']);
      expect(first[0].data).toMatchObject({ unit: 'lc-police', subject: { kind: 'case', id: 'r1', key: '1' } });
      expect(first[1].data).toMatchObject({ outcome: 'met', trigger: { eventType: 'TransferDeclinedByPolice' } });
      expect(second.map((e) => e.type)).toEqual(['ClockStarted', 'ClockStopped']);
      expect(second[0].data).toMatchObject({ unit: 'jj-market', subject: { kind: 'case', id: 'r1', key: '2' }, startedAt: at(2 * DAY_MS) });
      expect(second[1].data).toMatchObject({ outcome: 'met', trigger: { eventType: 'TransferAcceptedByPolice' } });
    });

    it('given a transfer stored before transfers had ordinals, then it is transfer 1 and keeps the plain clock id', async () => {
      await feed('case-r2', 'TransferredToPolice', { ...transfer(undefined, 'lc-police'), caseId: 'r2' });
      await feed('case-r2', 'TransferAcceptedByPolice', { caseId: 'r2', police: 'lc-police', filedOn: '2026-03-03' }, at(DAY_MS));
      expect(await types('police-transfer-response.r2')).toEqual(['ClockStarted', 'ClockStopped']);
      expect((await clockEvents('police-transfer-response.r2'))[0].data).toMatchObject({ subject: { key: '1' } });
    });

    it("given a refusal, then the office's next-step clock runs 10 working days until it transfers again, acts administratively or asks to close", async () => {
      const declined = (caseId: string) => ({ caseId, transfer: 1, police: 'lc-police', reasons: ['证据不足'], office: 'lc-office' });
      await feed('case-n1', 'TransferDeclinedByPolice', declined('n1'));
      const [started] = await clockEvents('police-decline-next-step.n1');
      expect(started.data).toMatchObject({ unit: 'lc-office', amount: 10, clockUnit: 'working_days', dueAt: cst('2026-03-17T00:00:00') });
      await feed('case-n1', 'TransferredToPolice', { ...transfer(2, 'lc-police'), caseId: 'n1' }, at(DAY_MS));
      expect((await clockEvents('police-decline-next-step.n1'))[1].data).toMatchObject({
        outcome: 'met',
        trigger: { eventType: 'TransferredToPolice' },
      });
      for (const [caseId, type] of [
        ['n2', 'AdministrativeMeasureTaken'],
        ['n3', 'ClosureRequested'],
      ]) {
        await feed(`case-${caseId}`, 'TransferDeclinedByPolice', declined(caseId));
        await feed(`case-${caseId}`, type, { caseId, by: 'lc-office' }, at(DAY_MS));
        expect(await types(`police-decline-next-step.${caseId}`)).toEqual(['ClockStarted', 'ClockStopped']);
      }
      // A refusal stored before it named the office starts nothing (nobody to answer for it).
      await feed('case-n4', 'TransferDeclinedByPolice', { caseId: 'n4', police: 'lc-police', reasons: ['证据不足'] });
      expect(await clockEvents('police-decline-next-step.n4')).toEqual([]);
    });
  });

  describe('what falls due', () => {
    const clockId = 'lead-report-to-office.l5';
    const due = 10 * HOUR_MS + 20 * 60_000;

    it('given a clock, then nothing is recorded a millisecond early, and each item from its time on, once, in order, to the right people', async () => {
      await feed('lead-l5', 'LeadReceived', lead('l5'));
      expect(await engine.fire(clockId, Date.parse(at(due - 2 * HOUR_MS)) - 1)).toEqual([]);
      expect(await engine.fire(clockId, Date.parse(at(due - 2 * HOUR_MS)))).toEqual([
        { kind: 'reminder', index: 0, at: Date.parse(at(due - 2 * HOUR_MS)) },
      ]);
      expect(await engine.fire(clockId, Date.parse(at(due - 2 * HOUR_MS)))).toEqual([]);
      const all = await engine.fire(clockId, Date.parse(at(due + 24 * HOUR_MS)));
      expect(all.map((i) => i.kind)).toEqual(['miss', 'escalation', 'escalation', 'escalation']);
      const events = await clockEvents(clockId);
      expect(events.map((e) => e.type)).toEqual([
        'ClockStarted',
        'DeadlineReminderDue',
        'DeadlineMissed',
        'DeadlineEscalated',
        'DeadlineEscalated',
        'DeadlineEscalated',
      ]);
      expect(events[1]).toMatchObject({
        actor: ENGINE_ACTOR,
        data: { reminder: 0, recipients: [{ agency: 'lc-st-haibin' }], at: at(due - 2 * HOUR_MS) },
      });
      expect(events[2].data).toMatchObject({ jurisdiction: '350502', unit: 'lc-st-haibin', missedAt: at(due + 24 * HOUR_MS) });
      expect(events.slice(3).map((e) => e.data)).toMatchObject([
        { step: 0, level: 'unit', recipients: [{ agency: 'lc-st-haibin' }] },
        { step: 1, level: 'office', recipients: [{ agency: 'lc-office', role: 'office_officer' }] },
        { step: 2, level: 'convener', recipients: [{ agency: 'lc-office', role: 'convener' }] },
      ]);
      expect(await engine.fire(clockId, Date.parse(at(due + 48 * HOUR_MS)))).toEqual([]);
    });

    it("given a clock stopped and started again (round 2), then its items are recorded again, not taken for round 1's", async () => {
      await feed('lead-l9', 'LeadReceived', lead('l9'));
      expect(await engine.fire('lead-report-to-office.l9', Date.parse(at(due - 2 * HOUR_MS)))).toHaveLength(1);
      await feed('lead-l9', 'LeadReportedToOffice', { leadId: 'l9' }, at(due - HOUR_MS));
      await feed('lead-l9', 'LeadReceived', lead('l9', { reportDeadline: at(2 * DAY_MS + due) }), at(2 * DAY_MS));
      expect(await engine.fire('lead-report-to-office.l9', Date.parse(at(2 * DAY_MS + due - 2 * HOUR_MS)))).toHaveLength(1);
      expect(await types('lead-report-to-office.l9')).toEqual([
        'ClockStarted',
        'DeadlineReminderDue',
        'ClockStopped',
        'ClockStarted',
        'DeadlineReminderDue',
      ]);
    });

    it('given a stopped clock, a clock that never started or one of a policy no longer in the file, then nothing is recorded', async () => {
      await feed('lead-l6', 'LeadReceived', lead('l6'));
      await feed('lead-l6', 'LeadReportedToOffice', { leadId: 'l6' }, at(HOUR_MS));
      expect(await engine.fire('lead-report-to-office.l6', Date.parse(at(30 * DAY_MS)))).toEqual([]);
      expect(await engine.fire('lead-report-to-office.nothing', Date.parse(at(30 * DAY_MS)))).toEqual([]);
      const correlationId = randomUUID();
      await store.append(
        'deadline-retired.x',
        [
          {
            id: randomUUID(),
            type: 'ClockStarted',
            schemaVersion: 1,
            time: T0,
            correlationId,
            causationId: correlationId,
            actor: ENGINE_ACTOR,
            data: {
              clockId: 'retired.x',
              policyId: 'retired',
              subject: { kind: 'lead', id: 'x', streamId: 'lead-x' },
              unit: 'lc-market',
              startedAt: T0,
              dueAt: at(HOUR_MS),
              amount: 1,
              clockUnit: 'hours',
              trigger: { eventId: 'e', eventType: 'LeadReceived', streamId: 'lead-x' },
            },
          },
        ],
        'no_stream',
      );
      expect(await engine.fire('retired.x', Date.parse(at(30 * DAY_MS)))).toEqual([]);
      expect(await types('retired.x')).toEqual(['ClockStarted']);
    });

    it('given a tick, then the current periods open their obligations once, and the clocks due by now record what fell due', async () => {
      await feed('lead-l7', 'LeadReceived', lead('l7'));
      await feed('lead-l8', 'LeadReceived', lead('l8', { reportDeadline: at(30 * DAY_MS) }));
      await project();
      clock.set(at(due + 24 * HOUR_MS));
      const first = await engine.tick();
      // street: 1 monthly ledger; offices: 2 monthly summaries; offices and members: 6 quarterly and 6 half-year; everyone: 7 annual.
      expect(first).toEqual({
        at: at(due + 24 * HOUR_MS),
        obligationsOpened: 22,
        clocksChecked: 1,
        recorded: { reminders: 1, misses: 1, escalations: 3 },
      });
      const [ledger] = await store.readStream('obligation-monthly_risk_ledger.lc-st-haibin.2026-03');
      expect(ledger).toMatchObject({
        type: 'ObligationDue',
        actor: ENGINE_ACTOR,
        data: { unit: 'lc-st-haibin', period: '2026-03', dueAt: cst('2026-04-06T00:00:00'), policyId: 'street-monthly-risk-ledger' },
      });
      expect(await store.readStream('obligation-monthly_summary.lc-market.2026-03')).toEqual([]);
      await project();
      expect(await engine.tick()).toEqual({
        at: at(due + 24 * HOUR_MS),
        obligationsOpened: 0,
        clocksChecked: 0,
        recorded: { reminders: 0, misses: 0, escalations: 0 },
      });
    });

    it("given an obligation's clock missed, then the obligation is recorded missing; another subject's miss changes no obligation", async () => {
      clock.set(T0);
      await engine.tick();
      const obligationId = 'monthly_risk_ledger.lc-st-haibin.2026-03';
      const missed = {
        id: randomUUID(),
        type: 'DeadlineMissed',
        streamId: `deadline-x.${obligationId}`,
        time: at(40 * DAY_MS),
        correlationId: 'c',
        actor: ENGINE_ACTOR,
      } as StoredEvent<{ subject: { kind: string; id: string }; missedAt: string }>;
      await engine.onObligationClockMissed({ ...missed, data: { subject: { kind: 'lead', id: obligationId }, missedAt: at(40 * DAY_MS) } });
      expect((await store.readStream(`obligation-${obligationId}`)).map((e) => e.type)).toEqual(['ObligationDue']);
      await engine.onObligationClockMissed({ ...missed, data: { subject: { kind: 'obligation', id: obligationId }, missedAt: at(40 * DAY_MS) } });
      const events = await store.readStream(`obligation-${obligationId}`);
      expect(events.map((e) => e.type)).toEqual(['ObligationDue', 'ObligationMissed']);
      expect(events[1]).toMatchObject({ causationId: missed.id, correlationId: 'c' });
    });
  });

  describe('reading the clock stream', () => {
    it("given each move and each item recorded, then the clock stream is read once per command: what the engine checks, it checks on the command handler's own load", async () => {
      const reads = jest.spyOn(store, 'readStream');
      const readsOf = (clockId: string) => reads.mock.calls.filter(([streamId]) => streamId === `deadline-${clockId}`).length;
      try {
        await feed('case-d2', 'DeterminationRequested', { caseId: 'd2', by: 'lc-office', authority: 'lc-market' });
        await feed('case-d2', 'EscalatedToCityMeeting', { caseId: 'd2' }, cst('2026-03-04T10:00:00'));
        await feed('case-d2', 'DecisionReceivedFromCity', { caseId: 'd2' }, cst('2026-03-09T10:00:00'));
        // Start, pause, resume: three commands.
        expect(readsOf('nature-determination.d2')).toBe(3);

        await feed('lead-l8', 'LeadReceived', lead('l8'));
        const recorded = await engine.fire('lead-report-to-office.l8', Date.parse(at(10 * HOUR_MS + 20 * 60_000 + 24 * HOUR_MS)));
        // The start, then a reminder, the miss and three escalation steps: one read each.
        expect(recorded.map((i) => i.kind)).toEqual(['reminder', 'miss', 'escalation', 'escalation', 'escalation']);
        expect(readsOf('lead-report-to-office.l8')).toBe(1 + recorded.length);
        // Nothing left due: one read, nothing recorded.
        expect(await engine.fire('lead-report-to-office.l8', Date.parse(at(30 * DAY_MS)))).toEqual([]);
        expect(readsOf('lead-report-to-office.l8')).toBe(2 + recorded.length);
      } finally {
        reads.mockRestore();
      }
    });
  });

  describe('who hears of an escalation', () => {
    it('the unit itself, or the office over it at its level or the nearest above; nobody when there is none', () => {
      expect(engine.recipients('lc-market', 'unit')).toEqual([{ agency: 'lc-market' }]);
      expect(engine.recipients('lc-market', 'office')).toEqual([{ agency: 'lc-office', role: 'office_officer' }]);
      expect(engine.recipients('jj-market', 'convener')).toEqual([{ agency: 'qz-office', role: 'convener' }]);
      expect(engine.recipients('xm-market', 'office')).toEqual([]);
      expect(engine.recipients('nobody', 'office')).toEqual([]);
      expect(engine.officeOf('qz-office')).toBe('qz-office');
      expect(engine.officeOf('lc-office')).toBe('lc-office');
      expect(engine.officeOf('lc-st-haibin')).toBe('lc-office');
      expect(engine.officeOf('unknown')).toBeUndefined();
    });
  });
});
