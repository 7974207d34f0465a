/**
 * The to-do API on the embedded default (SQLite store and read model, the
 * embedded bus, the whole notifications service): an item shows within a
 * second of its event; a unit's list by need-to-know for each role and agency;
 * the caller's own list narrowed by role; counts per unit; filters on kind,
 * state and the clock's due time; bad input is 422 and reads nothing; the
 * hand-off notice is in the receiving unit's inbox in zh-CN and English.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { EventStore, ManualClock } from '@jm/event-sourcing';
import { newEvent } from '@jm/event-sourcing/testing/fixtures';
import { connectServiceConsumer, createServiceApp, EVENT_STORE_TOKEN, signToken } from '@jm/platform';
import { Role } from '@jm/reference';
import { TEST_JWT_SECRET, TEST_SECURITY_ENV } from '@jm/platform/testing';
import { pollUntil } from '@jm/testing';
import { NotificationsModule } from '../../services/notifications/src/notifications.module';
import { NOTIFICATIONS_READ_MODEL } from '../../services/notifications/src/notifications.read-model';
import { caseOpenedData } from '../../services/notifications/src/testing/worklist.fixtures';

jest.setTimeout(60_000);

const T0 = '2026-03-02T02:00:00.000Z';
const dir = mkdtempSync(join(tmpdir(), 'jm-worklist-api-'));
// The shipped clocks without the periodic obligations: a tick (at start or on the timer) opens none, so the lists hold this spec's items alone.
const policies = join(dir, 'deadline-policies.json');
writeFileSync(
  policies,
  JSON.stringify({ ...(JSON.parse(readFileSync(join(__dirname, '../../config/deadline-policies.json'), 'utf8')) as object), obligations: [] }),
);
const clock = new ManualClock(new Date(T0));
let app: INestApplication;
let store: EventStore;
const auth = (agency: string, roles: Role[]) => ({
  Authorization: `Bearer ${signToken({ sub: `${agency}-u`, agency, roles }, TEST_JWT_SECRET, { ttlSeconds: 3600, now: clock.now() })}`,
});
const http = () => request(app.getHttpServer());

interface Item {
  kind: string;
  unit: string;
  state: string;
  kindLabel: string;
  subject: { id: string; no: string | null };
  due: { dueAt: string; status: string } | null;
  action: { code: string; label: string };
  handedOver: { by: string; byName: string };
}
const list = async (path: string, agency: string, roles: Role[], lang = 'zh-CN') =>
  (await http().get(path).set(auth(agency, roles)).set('Accept-Language', lang).expect(200)).body as { items: Item[]; total: number };

async function append(streamId: string, type: string, data: unknown, agency = 'lc-office') {
  await store.append(streamId, [newEvent(type, data, { time: clock.now().toISOString(), actor: { agency, user: 'zhang' } })], 'any');
}

/** Licheng: a lead routed to the market unit, a case with a determination at finance, a meeting and a closure; Fengze: a lead at its police. */
const seedMs: number[] = [];
beforeAll(async () => {
  const created = await createServiceApp('notifications', NotificationsModule, {
    env: {
      ...TEST_SECURITY_ENV,
      LOG_LEVEL: 'silent',
      SQLITE_PATH: join(dir, 'events.sqlite'),
      READ_MODEL_SQLITE_PATH: join(dir, 'read.sqlite'),
      DEADLINE_TICK_SECONDS: '3600',
      DEADLINE_POLICIES_PATH: policies,
    },
    readModel: NOTIFICATIONS_READ_MODEL,
    clock,
  });
  app = created.app;
  connectServiceConsumer(app, created.config);
  await app.startAllMicroservices();
  await app.init();
  store = app.get<EventStore>(EVENT_STORE_TOKEN);
  await append('routing-L1', 'TriageOpened', {
    leadId: 'L1',
    office: 'lc-office',
    summary: { leadId: 'L1', receiptNo: 'JM-350502-2026-0001', title: '某理财公司高息揽储' },
  });
  // How long a routed lead takes to show on the unit's list (embedded bus): within a second.
  const started = Date.now();
  await append('routing-L1', 'LeadRouted', { leadId: 'L1', unit: 'lc-market', rule: 'manual', deadline: '2026-03-20T00:00:00.000Z' });
  await pollUntil(async () => (await list('/worklist?unit=lc-market', 'lc-market', ['unit_officer'])).total === 1 || undefined, {
    timeoutMs: 1_000,
    intervalMs: 10,
    what: 'the routed lead on the unit list within a second',
  });
  seedMs.push(Date.now() - started);
  await append('case-C1', 'CaseOpened', caseOpenedData('C1', 'CASE-350502-2026-0001'));
  await append('case-C1', 'DeterminationRequested', { caseId: 'C1', by: 'lc-office', authority: 'lc-finance' });
  await append('meeting-M1', 'MeetingScheduled', {
    meetingId: 'M1',
    level: 'district',
    kind: 'full',
    scheduledFor: '2026-03-10T01:00:00.000Z',
    title: '鲤城区联席会议2026年第1次',
    office: 'lc-office',
    jurisdiction: '350502',
  });
  await append(
    'meeting-M1',
    'CasePutOnAgenda',
    { meetingId: 'M1', office: 'lc-office', caseId: 'C1', question: 'disposal', source: 'referral' },
    'lc-market',
  );
  await append('case-C1', 'ClosureRequested', { caseId: 'C1', by: 'lc-market', summary: '已办结' }, 'lc-market');
  await append('routing-L9', 'LeadRouted', { leadId: 'L9', unit: 'fz-police', rule: 'manual', deadline: '2026-03-20T00:00:00.000Z' }, 'fz-office');
  await pollUntil(countOpen, {
    timeoutMs: 20_000,
    what: 'every item in the read model',
  });
});

async function countOpen(): Promise<true | undefined> {
  const body = (
    await http()
      .get('/worklist/counts')
      .set(auth('fj-office', ['analyst']))
  ).body as { units: Array<{ open: number }> };
  return body.units.reduce((n, u) => n + u.open, 0) === 5 || undefined;
}

afterAll(async () => {
  await app?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('to-do over REST', () => {
  it('shows a routed lead on the unit list within a second of the event (embedded mode)', () => {
    expect(seedMs[0]).toBeLessThan(1_000);
  });

  it('a unit list: its own officers and every role of an office over it read it; another unit, another district or an unknown unit is 404', async () => {
    const allowed: Array<[string, Role[]]> = [
      ['lc-market', ['unit_officer']],
      ['lc-market', ['analyst']],
      ['lc-market', ['auditor']],
      ['lc-office', ['office_officer']],
      ['lc-office', ['convener']],
      ['lc-office', ['analyst']],
      ['lc-office', ['auditor']],
      ['lc-office', ['admin']],
      ['qz-office', ['office_officer']],
      ['fj-office', ['admin']],
    ];
    for (const [agency, roles] of allowed) {
      const body = await list('/worklist?unit=lc-market', agency, roles);
      expect({ agency, roles, kinds: body.items.map((i) => i.kind) }).toEqual({ agency, roles, kinds: ['lead_verification'] });
    }
    const refused: Array<[string, Role[]]> = [
      ['lc-finance', ['unit_officer']],
      ['lc-st-haibin', ['street_officer']],
      ['fz-office', ['office_officer']],
      ['fz-police', ['unit_officer']],
      ['qz-police', ['unit_officer']],
    ];
    for (const [agency, roles] of refused) {
      const res = await http().get('/worklist?unit=lc-market').set(auth(agency, roles));
      expect({ agency, status: res.status, code: res.body.code }).toEqual({ agency, status: 404, code: 'NOT_FOUND' });
      expect(res.body.detail).toBe('agency lc-market was not found');
    }
    // A unit the registry does not know is 404 like one out of reach; a code that is not one is 422.
    await http()
      .get('/worklist?unit=nowhere')
      .set(auth('fj-office', ['admin']))
      .expect(404);
    for (const unit of ['x'.repeat(300), '%00', 'LC-MARKET']) {
      await http()
        .get(`/worklist?unit=${unit}`)
        .set(auth('fj-office', ['admin']))
        .expect(422);
    }
    // Without a unit: the caller's own.
    expect((await list('/worklist', 'lc-finance', ['unit_officer'])).items.map((i) => i.kind)).toEqual(['determination']);
  });

  it("an item names its subject by its number, who handed it over, the action that closes it, and the clock's due time and state", async () => {
    const [item] = (await list('/worklist?unit=lc-market', 'lc-market', ['unit_officer'])).items;
    expect(item).toMatchObject({
      kind: 'lead_verification',
      kindLabel: '分派线索待核查',
      state: 'open',
      stateLabel: '待办',
      unitName: expect.any(String),
      subject: { kind: 'lead', id: 'L1', no: 'JM-350502-2026-0001', title: '某理财公司高息揽储' },
      handedOver: { by: 'lc-office', user: 'zhang', at: T0 },
      action: { code: 'report_verification' },
      due: {
        clockId: 'routed-lead-feedback.L1',
        policyId: 'routed-lead-feedback',
        dueAt: '2026-03-23T16:00:00.000Z',
        status: 'running',
        statusLabel: '计时中',
        missedAt: null,
      },
    });
    const [en] = (await list('/worklist?unit=lc-market', 'lc-market', ['unit_officer'], 'en')).items;
    expect(en).toMatchObject({ kindLabel: 'Routed lead awaiting verification', due: { statusLabel: 'Running' } });
    const [closure] = (await list('/worklist?unit=lc-office&kind=closure_approval', 'lc-office', ['office_officer'])).items;
    expect(closure).toMatchObject({ subject: { no: 'CASE-350502-2026-0001' }, handedOver: { by: 'lc-market' }, due: null });
  });

  it("the caller's own list: its unit's items for the roles it holds", async () => {
    const kinds = async (agency: string, roles: Role[]) => (await list('/worklist/mine', agency, roles)).items.map((i) => i.kind).sort();
    expect(await kinds('lc-office', ['office_officer'])).toEqual(['closure_approval']);
    expect(await kinds('lc-office', ['convener'])).toEqual(['meeting_decision']);
    expect(await kinds('lc-office', ['office_officer', 'convener'])).toEqual(['closure_approval', 'meeting_decision']);
    expect(await kinds('lc-finance', ['unit_officer'])).toEqual(['determination']);
    expect(await kinds('lc-market', ['unit_officer'])).toEqual(['lead_verification']);
    expect(await kinds('fz-police', ['unit_officer'])).toEqual(['lead_verification']);
    expect(await kinds('fz-office', ['office_officer'])).toEqual([]);
  });

  it('counts per unit: an office its region, a unit itself; due soon and overdue follow the clock', async () => {
    const counts = async (agency: string, roles: Role[]) =>
      (
        (await http().get('/worklist/counts').set(auth(agency, roles)).expect(200)).body as {
          units: Array<{ unit: string; open: number; dueSoon: number; overdue: number }>;
        }
      ).units.filter((u) => u.open > 0);
    expect(await counts('lc-office', ['office_officer'])).toEqual([
      { unit: 'lc-office', unitName: '鲤城区打击非法金融活动联席会议办公室', open: 2, dueSoon: 0, overdue: 0 },
      expect.objectContaining({ unit: 'lc-finance', open: 1, dueSoon: 0, overdue: 0 }),
      expect.objectContaining({ unit: 'lc-market', open: 1, dueSoon: 0, overdue: 0 }),
    ]);
    expect(await counts('fz-office', ['analyst'])).toEqual([expect.objectContaining({ unit: 'fz-police', open: 1 })]);
    const own = (
      await http()
        .get('/worklist/counts')
        .set(auth('lc-market', ['unit_officer']))
        .expect(200)
    ).body as { units: Array<{ unit: string }> };
    expect(own.units.map((u) => u.unit)).toEqual(['lc-market']);

    clock.set(new Date('2026-03-21T00:00:00.000Z'));
    expect(await counts('lc-office', ['office_officer'])).toEqual(
      expect.arrayContaining([expect.objectContaining({ unit: 'lc-market', dueSoon: 1, overdue: 0 })]),
    );
    expect((await list('/worklist?unit=lc-market&due=soon', 'lc-market', ['unit_officer'])).total).toBe(1);
    expect((await list('/worklist?unit=lc-market&due=overdue', 'lc-market', ['unit_officer'])).total).toBe(0);
    clock.set(new Date('2026-03-24T00:00:00.000Z'));
    expect(await counts('lc-office', ['office_officer'])).toEqual(
      expect.arrayContaining([expect.objectContaining({ unit: 'lc-market', dueSoon: 0, overdue: 1 })]),
    );
    expect((await list('/worklist?unit=lc-market&due=overdue', 'lc-market', ['unit_officer'])).total).toBe(1);
    clock.set(new Date(T0));
  });

  it('filters on kind and state, and pages', async () => {
    expect((await list('/worklist?unit=lc-office&kind=meeting_decision&state=open', 'lc-office', ['convener'])).total).toBe(1);
    expect((await list('/worklist?unit=lc-office&state=closed', 'lc-office', ['convener'])).total).toBe(0);
    const first = await list('/worklist?unit=lc-office&pageSize=1&page=2', 'lc-office', ['convener']);
    expect(first).toMatchObject({ total: 2, page: 2, pageSize: 1 });
    expect(first.items).toHaveLength(1);
  });

  it('bad query input is 422 naming the field and what is allowed', async () => {
    for (const [query, says] of [
      ['kind=meeting_task', 'kind: one of lead_verification'],
      ['state=done', 'state: one of open, closed'],
      ['due=late', 'due: one of soon, overdue'],
      ['pageSize=500', 'pageSize: an integer from 1 to 200'],
      ['page=0', 'page: an integer from 1'],
      ['foo=1', 'foo'],
    ] as const) {
      for (const path of ['/worklist/mine?', '/worklist?unit=lc-market&']) {
        const res = await http()
          .get(`${path}${query}`)
          .set(auth('lc-office', ['office_officer']))
          .expect(422);
        expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED' });
        expect(JSON.stringify(res.body)).toContain(says);
      }
    }
    const unit = await http()
      .get('/worklist/mine?unit=lc-market')
      .set(auth('lc-office', ['office_officer']))
      .expect(422);
    expect(JSON.stringify(unit.body)).toContain('unit');
  });

  it('the hand-off notice is in the receiving unit inbox, naming the lead by its receipt number and the units by their names', async () => {
    const inbox = await pollUntil(
      async () => {
        const body = (
          await http()
            .get('/inbox')
            .set(auth('lc-market', ['unit_officer']))
        ).body as { items: Array<{ template: string; subject: string; body: string }> };
        return body.items.length ? body.items : undefined;
      },
      { what: "lc-market's inbox" },
    );
    expect(inbox).toEqual([
      expect.objectContaining({ template: 'handoff_lead_routed', subject: '【待办】线索 JM-350502-2026-0001 已分派贵单位核查' }),
    ]);
    expect(inbox[0].body).toContain('鲤城区打击非法金融活动联席会议办公室 将 线索 JM-350502-2026-0001（某理财公司高息揽储） 分派贵单位核查');
    const en = (
      await http()
        .get('/inbox?lang=en')
        .set(auth('lc-market', ['unit_officer']))
        .expect(200)
    ).body as { items: Array<{ subject: string }> };
    expect(en.items[0].subject).toBe('[To do] lead JM-350502-2026-0001 was routed to you for verification');
    const finance = (
      await http()
        .get('/inbox')
        .set(auth('lc-finance', ['unit_officer']))
        .expect(200)
    ).body as { items: Array<{ template: string }> };
    expect(finance.items.map((i) => i.template)).toEqual(['handoff_determination_requested']);
  });
});
