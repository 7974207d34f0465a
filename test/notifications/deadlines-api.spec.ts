/**
 * The deadline REST on the embedded default (SQLite store and read model,
 * embedded bus): clocks by need-to-know with filters, paging and labels, one
 * clock with its timeline, the policies, the calendar (read by anyone signed
 * in, written by an office admin only, validated), and the policies file's
 * boot-time validation naming each problem.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { EventStore, ManualClock } from '@jm/event-sourcing';
import { EVENT_STORE_TOKEN, signToken } from '@jm/platform';
import { Role } from '@jm/reference';
import { TEST_JWT_SECRET } from '@jm/platform/testing';
import { pollUntil } from '@jm/testing';
import { DeadlinePolicies, DeadlinePolicyError } from '../../services/notifications/src/deadlines/policy/deadline-policies';
import { EmbeddedDeadlines, startEmbeddedDeadlines } from './deadlines-support/embedded-deadlines';

jest.setTimeout(60_000);

const clock = new ManualClock(new Date('2026-03-02T02:00:00.000Z'));
let deadlines: EmbeddedDeadlines;
let app: INestApplication;
let holidays: string;
let store: EventStore;
const auth = (agency: string, roles: Role[]) => ({
  Authorization: `Bearer ${signToken({ sub: `${agency}-u`, agency, roles }, TEST_JWT_SECRET, { ttlSeconds: 3600, now: clock.now() })}`,
});
const http = () => request(app.getHttpServer());

beforeAll(async () => {
  deadlines = await startEmbeddedDeadlines('deadlines-api', clock);
  ({ app, holidays } = deadlines);
  store = app.get<EventStore>(EVENT_STORE_TOKEN);
  const append = (streamId: string, type: string, data: unknown) =>
    store.append(
      streamId,
      [
        {
          id: randomUUID(),
          type,
          schemaVersion: 1,
          data,
          time: clock.now().toISOString(),
          correlationId: 'c',
          causationId: 'c',
          actor: { agency: 'lc-office', user: 't' },
        },
      ],
      'any',
    );
  await append('routing-a1', 'LeadRouted', { leadId: 'a1', unit: 'lc-market', rule: 'manual', deadline: '2026-03-20T00:00:00.000Z' });
  await append('routing-a2', 'LeadRouted', { leadId: 'a2', unit: 'lc-finance', rule: 'manual', deadline: '2026-03-20T00:00:00.000Z' });
  await append('routing-a3', 'LeadRouted', { leadId: 'a3', unit: 'fz-police', rule: 'manual', deadline: '2026-03-20T00:00:00.000Z' });
  await pollUntil(
    async () => {
      const res = await http()
        .get('/deadlines/clocks?policyId=routed-lead-feedback')
        .set(auth('lc-office', ['auditor']));
      return (res.body as { total?: number }).total === 2 || undefined;
    },
    { timeoutMs: 20_000, what: 'the clocks in the read model' },
  );
});

afterAll(async () => {
  await deadlines?.close();
});

describe('clocks over REST', () => {
  // The boot tick opened the obligations of the shipped agencies (each with its clock): the listings look at the routed leads' clocks.
  it('an office sees its region, a unit its own; filters and paging apply; labels in zh-CN or English', async () => {
    const office = await http()
      .get('/deadlines/clocks?pageSize=1&policyId=routed-lead-feedback')
      .set(auth('lc-office', ['analyst']))
      .expect(200);
    expect(office.body).toMatchObject({ total: 2, page: 1, pageSize: 1, items: [{ policyName: '分派线索核查反馈', statusLabel: '计时中' }] });
    const unit = await http()
      .get('/deadlines/clocks?policyId=routed-lead-feedback')
      .set(auth('lc-market', ['unit_officer']))
      .set('Accept-Language', 'en')
      .expect(200);
    expect((unit.body as { items: Array<Record<string, unknown>> }).items).toEqual([
      expect.objectContaining({
        clockId: 'routed-lead-feedback.a1',
        unit: 'lc-market',
        status: 'running',
        dueAt: '2026-03-23T16:00:00.000Z',
        policyName: 'Routed lead: verification and feedback',
        statusLabel: 'Running',
      }),
    ]);
    expect(unit.body).not.toHaveProperty('items.0.state');
    const filtered = await http()
      .get('/deadlines/clocks?unit=lc-finance&status=running&missed=false&policyId=routed-lead-feedback')
      .set(auth('lc-office', ['office_officer']))
      .expect(200);
    expect((filtered.body as { items: Array<{ clockId: string }> }).items.map((i) => i.clockId)).toEqual(['routed-lead-feedback.a2']);
    const other = await http()
      .get('/deadlines/clocks?policyId=routed-lead-feedback')
      .set(auth('fz-office', ['office_officer']))
      .expect(200);
    expect((other.body as { items: Array<{ clockId: string }> }).items.map((i) => i.clockId)).toEqual(['routed-lead-feedback.a3']);
  });

  it('bad filters are 422 naming the field and what is allowed, and nothing is read', async () => {
    const res = await http()
      .get('/deadlines/clocks?status=late&pageSize=500')
      .set(auth('lc-office', ['analyst']))
      .expect(422);
    expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(JSON.stringify(res.body)).toContain('status: one of running, paused, stopped');
    expect(JSON.stringify(res.body)).toContain('pageSize: an integer from 1 to 200');
  });

  it('one clock with its timeline; another unit gets 404, and the read is logged', async () => {
    const res = await http()
      .get('/deadlines/clocks/routed-lead-feedback.a1')
      .set(auth('lc-market', ['unit_officer']))
      .expect(200);
    expect(res.body).toMatchObject({
      status: 'running',
      version: 0,
      unitName: '鲤城区市场监督管理局',
      events: [{ type: 'ClockStarted', label: '开始计时' }],
    });
    expect((res.body as { events: Array<{ text: string }> }).events[0].text).toContain('应于 2026-03-24 00:00:00 前完成');
    await http()
      .get('/deadlines/clocks/routed-lead-feedback.a1')
      .set(auth('lc-finance', ['unit_officer']))
      .expect(404);
    const log = await store.readStream('access-deadline-routed-lead-feedback.a1');
    expect(log.map((e) => (e.data as { granted: boolean; agency: string }).agency + ':' + String((e.data as { granted: boolean }).granted))).toEqual([
      'lc-market:true',
      'lc-finance:false',
    ]);
  });

  it('a clock that does not exist, or an id that is not well formed, is 404 and leaves no access stream', async () => {
    for (const id of ['no-such-clock.x1', 'x'.repeat(3000), '%00%1b']) {
      const res = await http()
        .get(`/deadlines/clocks/${id}`)
        .set(auth('lc-office', ['office_officer']));
      expect(res.status).toBe(404);
      expect(JSON.stringify(res.body)).not.toMatch(/INVALID_APPEND|stream id/);
    }
    expect(await store.readStream('access-deadline-no-such-clock.x1')).toEqual([]);
  });

  it('the policies in force, and the on-demand check for office officers only', async () => {
    const res = await http()
      .get('/deadlines/policies')
      .set(auth('lc-st-haibin', ['street_officer']))
      .expect(200);
    expect((res.body as { clocks: Array<{ id: string }> }).clocks.map((p) => p.id)).toContain('case-clearance-5y');
    expect((res.body as { obligations: Array<{ kindLabel: string }> }).obligations[0].kindLabel).toBe('月度风险动态管理台账');
    await http()
      .post('/deadlines/tick')
      .set(auth('lc-market', ['unit_officer']))
      .expect(403);
    await http()
      .post('/deadlines/tick')
      .set(auth('lc-office', ['analyst']))
      .expect(403);
  });
});

describe('the calendar over REST', () => {
  it('lists the years and one year; a year without data is 404 with what happens instead', async () => {
    expect(
      (
        await http()
          .get('/calendar')
          .set(auth('lc-market', ['unit_officer']))
          .expect(200)
      ).body,
    ).toEqual({ years: [2025, 2026], missingYear: 'weekdays_only' });
    expect(
      (
        await http()
          .get('/calendar/2026')
          .set(auth('lc-market', ['unit_officer']))
          .expect(200)
      ).body,
    ).toMatchObject({ year: 2026, workdays: expect.arrayContaining([{ date: '2026-02-14', name: expect.any(Object) }]) });
    const missing = await http()
      .get('/calendar/2027')
      .set(auth('lc-market', ['unit_officer']))
      .expect(404);
    expect((missing.body as { detail: string }).detail).toContain('counted Monday to Friday');
    await http()
      .get('/calendar/20x6')
      .set(auth('lc-market', ['unit_officer']))
      .expect(422);
  });

  it('an office admin adds a year, validated and written to the directory; anyone else is refused; a bad year changes nothing', async () => {
    const y2027 = { year: 2027, holidays: [{ from: '2027-01-01', to: '2027-01-01', name: { 'zh-CN': '元旦', en: "New Year's Day" } }], workdays: [] };
    await http()
      .put('/calendar/2027')
      .set(auth('lc-office', ['office_officer']))
      .send(y2027)
      .expect(403);
    const bad = await http()
      .put('/calendar/2027')
      .set(auth('lc-office', ['admin']))
      .send({ ...y2027, workdays: [{ date: '2027-01-04', name: { 'zh-CN': '调休', en: 'x' } }] })
      .expect(422);
    expect(JSON.stringify(bad.body)).toContain('2027-01-04 is a weekday');
    expect(
      (
        await http()
          .get('/calendar')
          .set(auth('lc-office', ['admin']))
          .expect(200)
      ).body,
    ).toMatchObject({ years: [2025, 2026] });
    await http()
      .put('/calendar/2027')
      .set(auth('lc-office', ['admin']))
      .send(y2027)
      .expect(200);
    expect(
      (
        await http()
          .get('/calendar')
          .set(auth('lc-office', ['admin']))
          .expect(200)
      ).body,
    ).toMatchObject({ years: [2025, 2026, 2027] });
    expect(JSON.parse(readFileSync(join(holidays, '2027.json'), 'utf8'))).toMatchObject({ year: 2027 });
  });
});

describe('the policies file', () => {
  const good = JSON.parse(readFileSync(join(__dirname, '../../config/deadline-policies.json'), 'utf8')) as {
    clocks: Array<Record<string, unknown>>;
    obligations: Array<Record<string, unknown>>;
  };

  it('the shipped file is valid: nine clocks and five obligations, each obligation with its own clock', () => {
    const policies = DeadlinePolicies.parse(good, 'config/deadline-policies.json');
    expect(policies.clocks.filter((p) => !p.obligation)).toHaveLength(9);
    expect(policies.obligations.map((p) => p.kind)).toEqual([
      'monthly_risk_ledger',
      'monthly_summary',
      'quarterly_report',
      'half_year_summary',
      'annual_summary',
    ]);
    expect(policies.clock('street-monthly-risk-ledger')).toMatchObject({ start: { type: 'ObligationDue' }, allowance: { fromField: 'dueAt' } });
  });

  it('a bad file is refused with every problem: where, what was found, what is allowed', () => {
    const bad = {
      clocks: [
        { ...good.clocks[0], id: 'Bad Id', start: { type: 'LeadTeleported', streamPrefix: 'lead-' } },
        {
          ...good.clocks[4],
          id: 'routed-lead-feedback',
          start: { type: 'TransferDeclinedByPolice', streamPrefix: 'case-', when: { office: { exists: 'yes' } } },
          pause: [{ type: 'EscalatedToCityMeeting', streamPrefix: 'routing-' }],
          key: { field: '', default: 'two words' },
          allowance: { amount: 1.5, unit: 'fortnights' },
        },
      ],
      obligations: [
        { ...good.obligations[0], id: 'routed-lead-feedback', owedBy: { kinds: ['bank'] }, due: { rule: 'day_of_next_period', day: 31 } },
      ],
    };
    let error: DeadlinePolicyError | undefined;
    try {
      DeadlinePolicies.parse(bad, 'test.json');
    } catch (e) {
      error = e as DeadlinePolicyError;
    }
    expect(error).toBeInstanceOf(DeadlinePolicyError);
    const text = error!.problems.join('\n');
    expect(text).toContain('clocks[0] (Bad Id).id: lowercase letters, digits and -');
    expect(text).toContain('clocks[0] (Bad Id).start.type: an event type the platform writes, found "LeadTeleported"');
    expect(text).toContain("clocks[1] (routed-lead-feedback).pause[0].streamPrefix: must be the start's stream prefix case-");
    expect(text).toContain('clocks[1] (routed-lead-feedback).allowance.unit: one of hours, calendar_days, working_days, found "fortnights"');
    expect(text).toContain(
      'clocks[1] (routed-lead-feedback).start.when.office: a string, number or boolean, {"in": [such values]} or {"exists": true | false}',
    );
    expect(text).toContain('clocks[1] (routed-lead-feedback).key.field: the data path of the key on every event that moves the clock');
    expect(text).toContain('clocks[1] (routed-lead-feedback).key.default: a string or number of letters, digits, _ or -, found "two words"');
    expect(text).toContain('obligations[0] (routed-lead-feedback).id: "routed-lead-feedback" is used twice');
    expect(text).toContain('obligations[0] (routed-lead-feedback).owedBy.kinds: a non-empty list of office, member, street');
    expect(text).toContain('obligations[0] (routed-lead-feedback).due.day: a day of the month from 1 to 28');
  });
});
