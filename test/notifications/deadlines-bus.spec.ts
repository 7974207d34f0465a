/**
 * The deadline engine through the real bus (PostgreSQL store, Kafka, the
 * notifications app with a ManualClock): every clock policy fed by intake and
 * cases events records its reminders, its miss and each escalation step at
 * their times and in order; obligations open, are submitted on time or late,
 * or go missing; a pause moves the due time by the paused working days; and a
 * restart or a second instance fires nothing twice and loses nothing.
 */
import request from 'supertest';
import { pollUntil as poll } from '@jm/testing';
import type { StoredEvent } from '@jm/event-sourcing';
import type { Role } from '@jm/reference';
import { ClockEntity, ObligationEntity } from '../../services/notifications/src/deadlines/deadlines.read-model';
import { DeadlinesHarness, startDeadlinesHarness } from './deadlines-support/deadlines-app';

jest.setTimeout(240_000);

const T0 = '2026-03-02T02:00:00.000Z'; // Monday 10:00 China time
const hours = (h: number) => new Date(Date.parse(T0) + h * 3_600_000).toISOString();

/** The source events, one per policy (a case opening starts two clocks). */
async function feedSources(h: DeadlinesHarness, suffix: string): Promise<Record<string, string>> {
  const lead = (major: boolean) => ({
    leadId: `l-${major}-${suffix}`,
    title: '某某财富管理公司涉嫌非法集资',
    receivedBy: 'lc-st-haibin',
    receivedAt: T0,
    office: 'lc-office',
    reportDeadline: hours(24),
    major,
  });
  await h.append(`lead-l-false-${suffix}`, 'LeadReceived', lead(false), T0);
  await h.append(`lead-l-true-${suffix}`, 'LeadReceived', lead(true), T0);
  await h.append(
    `routing-r-${suffix}`,
    'LeadRouted',
    { leadId: `r-${suffix}`, unit: 'lc-market', rule: 'field:pension', deadline: hours(15 * 24) },
    T0,
  );
  await h.append(
    `case-p-${suffix}`,
    'TransferredToPolice',
    { caseId: `p-${suffix}`, by: 'lc-office', police: 'lc-police', deadline: hours(30 * 24), reason: '涉嫌非法吸收公众存款罪' },
    T0,
  );
  await h.append(`case-d-${suffix}`, 'DeterminationRequested', { caseId: `d-${suffix}`, by: 'lc-office', authority: 'lc-market' }, T0);
  await h.append(
    `case-n-${suffix}`,
    'TransferDeclinedByPolice',
    { caseId: `n-${suffix}`, transfer: 1, police: 'lc-police', reasons: ['证据不足'], office: 'lc-office' },
    T0,
  );
  // The police filing starts the 2-, 3- and 5-year clocks (seed 001 counts from 刑事侦查立案, not the case's opening).
  await h.append(`case-c-${suffix}`, 'CaseOpened', { caseId: `c-${suffix}`, leadUnit: 'lc-market', office: 'lc-office', jurisdiction: '350502' }, T0);
  await h.append(
    `case-c-${suffix}`,
    'TransferAcceptedByPolice',
    { caseId: `c-${suffix}`, transfer: 1, police: 'lc-police', filedOn: '2026-03-02' },
    T0,
  );
  return {
    'lead-report-to-office': `lead-report-to-office.l-false-${suffix}`,
    'major-event-report-24h': `major-event-report-24h.l-true-${suffix}`,
    'routed-lead-feedback': `routed-lead-feedback.r-${suffix}`,
    'police-transfer-response': `police-transfer-response.p-${suffix}`,
    'nature-determination': `nature-determination.d-${suffix}`,
    'criminal-case-2y': `criminal-case-2y.c-${suffix}`,
    'police-decline-next-step': `police-decline-next-step.n-${suffix}`,
    'case-supervision-3y': `case-supervision-3y.c-${suffix}`,
    'case-clearance-5y': `case-clearance-5y.c-${suffix}`,
  };
}

const steps = (reminders: number, escalations: string[]) => [
  'ClockStarted',
  ...Array<string>(reminders).fill('DeadlineReminderDue'),
  'DeadlineMissed',
  ...escalations.map(() => 'DeadlineEscalated'),
];
const CHAIN = ['unit', 'office', 'convener'];
const EXPECTED: Record<string, { types: string[]; levels: string[] }> = {
  'lead-report-to-office': { types: steps(1, CHAIN), levels: CHAIN },
  'major-event-report-24h': { types: steps(2, CHAIN), levels: CHAIN },
  'routed-lead-feedback': { types: steps(2, CHAIN), levels: CHAIN },
  'police-transfer-response': { types: steps(1, CHAIN), levels: CHAIN },
  'police-decline-next-step': { types: steps(1, ['unit', 'convener']), levels: ['unit', 'convener'] },
  'nature-determination': { types: steps(1, CHAIN), levels: CHAIN },
  'criminal-case-2y': { types: steps(1, CHAIN), levels: CHAIN },
  'case-supervision-3y': { types: steps(1, ['office', 'convener']), levels: ['office', 'convener'] },
  'case-clearance-5y': { types: steps(2, CHAIN), levels: CHAIN },
};

/** Waits until the read model reflects every event of these clocks' streams. */
async function caughtUp(h: DeadlinesHarness, clockIds: string[]): Promise<void> {
  for (const clockId of clockIds) {
    const length = (await h.store.readStream(`deadline-${clockId}`)).length;
    await h.clockRow(clockId, (row) => row.version === length - 1);
  }
}

const streamOf = (h: DeadlinesHarness, clockId: string): Promise<StoredEvent[]> => h.store.readStream(`deadline-${clockId}`);

/** A second police unit in the district office's region, for the re-transfer. */
const SECOND_POLICE = {
  code: 'lc-police-econ',
  name: { 'zh-CN': '鲤城公安分局经侦大队', en: 'Licheng police, economic crimes' },
  kind: 'member',
  duty: 'police',
  level: 'district',
  jurisdiction: '350502',
};

describe('deadline engine through the real bus', () => {
  let h: DeadlinesHarness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it('given one source event per policy, when the clock is moved to each next fire time, then nothing fires a millisecond early and every policy records its reminders, miss and escalation steps in order', async () => {
    h = await startDeadlinesHarness('dl_policies', T0);
    const clocks = await feedSources(h, 'a');
    const ids = Object.values(clocks);
    for (const id of ids) await h.clockRow(id, (row) => row.nextFireAt !== null);
    let moves = 0;
    for (;;) {
      await caughtUp(h, ids);
      const rows = await Promise.all(ids.map((id) => h!.clockRow(id)));
      const pending = rows.filter((r) => r.nextFireAt !== null).sort((a, b) => a.nextFireAt!.localeCompare(b.nextFireAt!));
      if (pending.length === 0) break;
      const next = pending[0].nextFireAt!;
      const before = await Promise.all(ids.map(async (id) => (await streamOf(h!, id)).length));
      h.clock.set(new Date(Date.parse(next) - 1));
      await h.tick();
      expect(await Promise.all(ids.map(async (id) => (await streamOf(h!, id)).length))).toEqual(before);
      h.clock.set(next);
      await h.tick();
      const after = await Promise.all(ids.map(async (id) => (await streamOf(h!, id)).length));
      ids.forEach((id, i) => {
        const due = rows.find((r) => r.clockId === id)!.nextFireAt === next;
        if (due) expect(after[i]).toBeGreaterThan(before[i]);
        else expect(after[i]).toBe(before[i]);
      });
      moves++;
      expect(moves).toBeLessThan(60);
    }
    for (const [policyId, clockId] of Object.entries(clocks)) {
      const events = await streamOf(h, clockId);
      expect([policyId, events.map((e) => e.type)]).toEqual([policyId, EXPECTED[policyId].types]);
      const escalations = events
        .filter((e) => e.type === 'DeadlineEscalated')
        .map((e) => e.data as { level: string; step: number; recipients: unknown[] });
      expect(escalations.map((e) => e.level)).toEqual(EXPECTED[policyId].levels);
      expect(escalations.map((e) => e.step)).toEqual(EXPECTED[policyId].levels.map((_, i) => i));
      const missed = events.find((e) => e.type === 'DeadlineMissed')!.data as { unit: string; dueAt: string; missedAt: string };
      expect(Date.parse(missed.missedAt)).toBe(Date.parse(missed.dueAt));
      // Recorded in time order too.
      const times = events.slice(1).map((e) => Date.parse(e.time));
      expect([...times].sort((a, b) => a - b)).toEqual(times);
    }
    const routed = await streamOf(h, clocks['routed-lead-feedback']);
    expect(routed[0].data).toMatchObject({ unit: 'lc-market', clockUnit: 'working_days', amount: 15, dueAt: '2026-03-23T16:00:00.000Z' });
    expect(routed.filter((e) => e.type === 'DeadlineEscalated').map((e) => (e.data as { recipients: unknown }).recipients)).toEqual([
      [{ agency: 'lc-market' }],
      [{ agency: 'lc-office', role: 'office_officer' }],
      [{ agency: 'lc-office', role: 'convener' }],
    ]);
    const fiveYears = await streamOf(h, clocks['case-clearance-5y']);
    expect(fiveYears[0].data).toMatchObject({ unit: 'lc-police', clockUnit: 'calendar_days', amount: 1826, dueAt: '2031-03-02T16:00:00.000Z' });
  });

  it('given a transfer declined and the case transferred again to another police unit, then both response clocks are kept, each police unit sees its own and the office both; the police filing starts the aging clocks', async () => {
    h = await startDeadlinesHarness('dl_retransfer', T0, { agencies: [SECOND_POLICE] });
    const server = () => h!.notifications().getHttpServer();
    const transfer = (n: number, police: string) => ({
      caseId: 'rt',
      by: 'lc-office',
      transfer: n,
      police,
      deadline: hours(30 * 24),
      reason: '涉嫌非法吸收公众存款罪',
    });
    await h.append('case-rt', 'CaseOpened', { caseId: 'rt', leadUnit: 'lc-market', office: 'lc-office', jurisdiction: '350502' }, T0);
    await h.append('case-rt', 'TransferredToPolice', transfer(1, 'lc-police'), T0);
    await h.append(
      'case-rt',
      'TransferDeclinedByPolice',
      { caseId: 'rt', transfer: 1, police: 'lc-police', reasons: ['证据不足'], office: 'lc-office' },
      hours(48),
    );
    await h.append('case-rt', 'TransferredToPolice', transfer(2, SECOND_POLICE.code), hours(72));
    const filedAt = hours(96);
    await h.append('case-rt', 'TransferAcceptedByPolice', { caseId: 'rt', transfer: 2, police: SECOND_POLICE.code, filedOn: '2026-03-06' }, filedAt);
    const clocks = [
      'police-transfer-response.rt',
      'police-transfer-response.rt.2',
      'police-decline-next-step.rt',
      'criminal-case-2y.rt',
      'case-supervision-3y.rt',
      'case-clearance-5y.rt',
    ];
    for (const id of clocks) await h.clockRow(id);
    await caughtUp(h, clocks);
    const listed = async (agency: string, roles: Role[]) => {
      const res = await request(server()).get('/deadlines/clocks?subjectId=rt').set(h!.auth(agency, roles)).expect(200);
      return (res.body as { items: Array<{ clockId: string; status: string; unit: string }> }).items;
    };
    const byId = (items: Array<{ clockId: string; status: string; unit: string }>) =>
      Object.fromEntries(items.map((i) => [i.clockId, `${i.unit}:${i.status}`]));
    expect(byId(await listed('lc-office', ['office_officer']))).toEqual({
      'police-transfer-response.rt': 'lc-police:stopped',
      'police-transfer-response.rt.2': `${SECOND_POLICE.code}:stopped`,
      'police-decline-next-step.rt': 'lc-office:stopped',
      'criminal-case-2y.rt': `${SECOND_POLICE.code}:running`,
      'case-supervision-3y.rt': `${SECOND_POLICE.code}:running`,
      'case-clearance-5y.rt': `${SECOND_POLICE.code}:running`,
    });
    expect(Object.keys(byId(await listed('lc-police', ['unit_officer'])))).toEqual(['police-transfer-response.rt']);
    expect(Object.keys(byId(await listed(SECOND_POLICE.code, ['unit_officer']))).sort()).toEqual(
      ['case-clearance-5y.rt', 'case-supervision-3y.rt', 'criminal-case-2y.rt', 'police-transfer-response.rt.2'].sort(),
    );
    // The first police unit keeps its record of the answer; the second's clock is none of its business.
    const first = await request(server())
      .get('/deadlines/clocks/police-transfer-response.rt')
      .set(h.auth('lc-police', ['unit_officer']))
      .expect(200);
    expect(first.body).toMatchObject({ status: 'stopped', outcome: 'met', unit: 'lc-police', subject: { key: '1' } });
    expect((first.body as { events: Array<{ type: string }> }).events.map((e) => e.type)).toEqual(['ClockStarted', 'ClockStopped']);
    await request(server())
      .get('/deadlines/clocks/police-transfer-response.rt.2')
      .set(h.auth('lc-police', ['unit_officer']))
      .expect(404);
    // The aging clocks count from the filing, not the opening.
    for (const [id, due] of [
      ['criminal-case-2y.rt', '2028-03-06T16:00:00.000Z'],
      ['case-supervision-3y.rt', '2029-03-06T16:00:00.000Z'],
      ['case-clearance-5y.rt', '2031-03-06T16:00:00.000Z'],
    ]) {
      const [started] = await streamOf(h, id);
      expect([id, started.data]).toEqual([id, expect.objectContaining({ startedAt: filedAt, dueAt: due })]);
    }
  });

  it('given a routed lead, when the unit feeds back in time, then its clock stops as met and nothing more is recorded', async () => {
    h = await startDeadlinesHarness('dl_stop', T0);
    await h.append('routing-s1', 'LeadRouted', { leadId: 's1', unit: 'lc-market', rule: 'manual', deadline: hours(360) }, T0);
    await h.append('routing-s1', 'LeadFounded', { leadId: 's1', unit: 'lc-market', caseId: 'c-s1' }, hours(48));
    const row = await h.clockRow('routed-lead-feedback.s1', (r) => r.status === 'stopped');
    expect(row).toMatchObject({ outcome: 'met', nextFireAt: null });
    h.clock.set('2026-06-01T00:00:00.000Z');
    await h.tick();
    expect(await h.types('routed-lead-feedback.s1')).toEqual(['ClockStarted', 'ClockStopped']);
  });

  it('given a determination paused while the case is with the city meeting, then the due time moves by the paused working days', async () => {
    h = await startDeadlinesHarness('dl_pause', T0);
    await h.append('case-dp', 'DeterminationRequested', { caseId: 'dp', by: 'lc-office', authority: 'lc-market' }, T0);
    // 30 working days from Mon Mar 2 (Qingming Apr 4–6 off): the end of Tue Apr 14, China time.
    expect((await h.clockRow('nature-determination.dp')).dueAt).toBe('2026-04-14T16:00:00.000Z');
    await h.append(
      'case-dp',
      'EscalatedToCityMeeting',
      { caseId: 'dp', by: 'lc-office', meetingId: 'm1', districtMeetingId: 'm0', question: '定性' },
      '2026-03-08T16:00:00.000Z',
    ); // Mon Mar 9 00:00
    await h.clockRow('nature-determination.dp', (r) => r.status === 'paused');
    h.clock.set('2026-05-01T00:00:00.000Z');
    await h.tick();
    expect(await h.types('nature-determination.dp')).toEqual(['ClockStarted', 'ClockPaused']);
    await h.append(
      'case-dp',
      'DecisionReceivedFromCity',
      { caseId: 'dp', meetingId: 'm1', office: 'lc-office', decision: 'further_investigation' },
      '2026-03-15T16:00:00.000Z',
    ); // Mon Mar 16 00:00
    // Paused for five working days (Mar 9–13): the end of Tue Apr 21 instead.
    const resumed = await h.clockRow('nature-determination.dp', (r) => r.status === 'running' && r.version === 2);
    expect(resumed.dueAt).toBe('2026-04-21T16:00:00.000Z');
    const events = await streamOf(h, 'nature-determination.dp');
    expect(events[1].data).toMatchObject({ remainingMs: 26 * 24 * 3_600_000 });
  });

  it('given a restart halfway and a second instance ticking at the same moments, then every reminder, the miss and each escalation step are recorded exactly once', async () => {
    h = await startDeadlinesHarness('dl_restart', T0);
    await h.append('routing-rs', 'LeadRouted', { leadId: 'rs', unit: 'lc-market', rule: 'manual', deadline: hours(360) }, T0);
    const id = 'routed-lead-feedback.rs';
    const first = await h.clockRow(id, (r) => r.nextFireAt !== null);
    h.clock.set(first.nextFireAt!);
    await h.tick();
    expect(await h.types(id)).toEqual(['ClockStarted', 'DeadlineReminderDue']);
    await h.stopNotifications();
    const restarted = await h.startNotifications();
    const second = await h.startNotifications();
    h.clock.set('2026-04-30T00:00:00.000Z');
    await Promise.all([h.tick(restarted), h.tick(second), h.tick(restarted), h.tick(second)]);
    await caughtUp(h, [id]);
    await Promise.all([h.tick(restarted), h.tick(second)]);
    const events = await streamOf(h, id);
    expect(events.map((e) => e.type)).toEqual(EXPECTED['routed-lead-feedback'].types);
    expect(events.filter((e) => e.type === 'DeadlineReminderDue').map((e) => (e.data as { reminder: number }).reminder)).toEqual([0, 1]);
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
    expect(await h.dataSource().getRepository(ClockEntity).findOneByOrFail({ clockId: id })).toMatchObject({
      nextFireAt: null,
      version: events.length - 1,
    });
  });

  it('given a fresh start, then the periods are open with no tick asked for; obligations are due, submitted on time, missing after the due time and late when submitted after it; a unit sees only its own', async () => {
    h = await startDeadlinesHarness('dl_obligations', T0);
    const server = () => h!.notifications().getHttpServer();
    const ledger = 'monthly_risk_ledger.lc-st-haibin.2026-03';
    const summary = 'monthly_summary.lc-office.2026-03';
    // The scheduler ticks once at boot (its timer is an hour here): the street's monthly ledger is listed without POST /deadlines/tick.
    await pollUntil(async () => {
      const res = await request(server())
        .get('/obligations?kind=monthly_risk_ledger')
        .set(h!.auth('lc-st-haibin', ['street_officer']));
      return (res.body as { items?: Array<{ obligationId: string }> }).items?.some((i) => i.obligationId === ledger) || undefined;
    }, 'the street’s monthly ledger obligation right after boot');
    // Street: ledger (month) + annual; office lc-office and qz-office: month summary, quarter, half, year; lc-market and lc-police: quarter, half, year.
    await pollUntil(async () => (await h!.dataSource().getRepository(ObligationEntity).count()) === 16 || undefined, 'obligations in the read model');
    // All opened by the boot tick: one asked for now opens nothing.
    expect((await h.tick()).obligationsOpened).toBe(0);
    // Each obligation runs a clock (started from its ObligationDue on the bus); the scheduler sees them once they are in the read model.
    await pollUntil(
      async () =>
        (await h!
          .dataSource()
          .getRepository(ClockEntity)
          .count({ where: { subjectKind: 'obligation' } })) === 16 || undefined,
      'the obligations’ clocks',
    );
    const street = () => h!.auth('lc-st-haibin', ['street_officer']);
    await request(server())
      .post(`/obligations/${ledger}/submissions`)
      .set(h.auth('lc-market', ['unit_officer']))
      .send({})
      .expect(404);
    await request(server()).post(`/obligations/${summary}/submissions`).set(street()).send({}).expect(404);
    await request(server()).post(`/obligations/${ledger}/submissions`).set(street()).send({ reference: 123 }).expect(422);
    h.clock.set('2026-04-03T02:00:00.000Z');
    await request(server()).post(`/obligations/${ledger}/submissions`).set(street()).send({ reference: '海滨街道2026年3月台账' }).expect(200);
    await request(server()).post(`/obligations/${ledger}/submissions`).set(street()).send({}).expect(409);
    // Past the end of March: the offices' monthly summaries are missing.
    await h.tick();
    const missing = await pollUntil(async () => {
      const res = await request(server())
        .get('/obligations?status=missing')
        .set(h!.auth('lc-office', ['analyst']))
        .set('Accept-Language', 'en');
      return (res.body as { items: Array<{ obligationId: string }> }).items.length === 4
        ? (res.body as { items: Array<Record<string, unknown>> })
        : undefined;
    }, 'the March summary and the Q1 reports of the region to go missing');
    // Everything due by the end of March in the district office's region; the city office's (350500) is outside it.
    expect(missing.items.map((i) => i.obligationId).sort()).toEqual(
      [
        'monthly_summary.lc-office.2026-03',
        'quarterly_report.lc-market.2026-Q1',
        'quarterly_report.lc-office.2026-Q1',
        'quarterly_report.lc-police.2026-Q1',
      ].sort(),
    );
    expect(missing.items.find((i) => i.obligationId === summary)).toMatchObject({
      statusLabel: 'Missing',
      kindLabel: 'Monthly summary',
      unitName: 'Licheng office',
    });
    expect((await streamOf(h, `monthly-summary.${summary}`)).map((e) => e.type)).toContain('DeadlineMissed');
    await request(server())
      .post(`/obligations/${summary}/submissions`)
      .set(h.auth('lc-office', ['analyst']))
      .send({})
      .expect(403);
    await request(server())
      .post(`/obligations/${summary}/submissions`)
      .set(h.auth('lc-office', ['office_officer']))
      .send({})
      .expect(200);
    const statuses = await pollUntil(async () => {
      const rows = await h!.dataSource().getRepository(ObligationEntity).find();
      const by = Object.fromEntries(rows.map((r) => [r.obligationId, r.status]));
      return by[summary] === 'late' && by[ledger] === 'submitted' ? by : undefined;
    }, 'submitted and late');
    expect(statuses['monthly_summary.qz-office.2026-03']).toBe('missing');
    const mine = await request(server()).get('/obligations').set(street()).expect(200);
    // The street's own only: March's ledger, the annual summary, and April's ledger (the April tick opened its period).
    expect((mine.body as { items: Array<{ obligationId: string; status: string }> }).items.map((i) => [i.obligationId, i.status])).toEqual([
      [ledger, 'submitted'],
      ['monthly_risk_ledger.lc-st-haibin.2026-04', 'due'],
      ['annual_summary.lc-st-haibin.2026', 'due'],
    ]);
    await request(server()).get('/obligations?status=lost').set(street()).expect(422);
  });
});

function pollUntil<T>(probe: () => Promise<T | undefined>, what: string): Promise<T> {
  return poll(probe, { timeoutMs: 60_000, intervalMs: 100, what });
}
