/**
 * The audit API on the embedded mode (SQLite store, embedded bus, its own
 * read model): other services are simulated by appending their contract
 * events to the store; the access log is projected from the bus by the
 * reporting service itself. Every audit call lands in that access log.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { EventStore, ManualClock } from '@jm/event-sourcing';
import { connectServiceConsumer, createServiceApp, EVENT_STORE_TOKEN } from '@jm/platform';
import { Role } from '@jm/reference';
import { bearer, TEST_SECURITY_ENV } from '@jm/platform/testing';
import { pollUntil } from '@jm/testing';
import { AuditAnchorScheduler } from '../../services/reporting/src/audit/audit-anchor.scheduler';
import { REPORTING_READ_MODEL } from '../../services/reporting/src/reporting.read-model';
import { ReportingModule } from '../../services/reporting/src/reporting.module';
import { givenAuditHistory, T } from './support/audit-history';

const dir = mkdtempSync(join(tmpdir(), 'jm-audit-api-'));
const clock = new ManualClock(new Date('2026-03-10T02:00:00.000Z'));
let app: INestApplication;
let store: EventStore;
const http = () => request(app.getHttpServer());
const as = (agency: string, roles: Role[], user = `${agency}-user`) => bearer(agency, roles, user);
const auditor = as('lc-office', ['auditor'], 'auditor-1');
const analyst = as('lc-office', ['analyst'], 'analyst-1');
// Verification and anchors are platform-wide: the top office's (audit-jurisdiction.spec.ts).
const topAuditor = as('fj-office', ['auditor'], 'auditor-top');
const topAdmin = as('fj-office', ['admin'], 'admin-1');

const LEAD = randomUUID();
const CASE = `C-${randomUUID().slice(0, 8)}`;

beforeAll(async () => {
  const created = await createServiceApp('reporting', ReportingModule, {
    env: {
      ...TEST_SECURITY_ENV,
      LOG_LEVEL: process.env.REPORTING_TEST_LOG ?? 'silent',
      SQLITE_PATH: join(dir, 'events.sqlite'),
      READ_MODEL_SQLITE_PATH: join(dir, 'reporting-read.sqlite'),
      INSTANCE_ID: `audit-api-${randomUUID().slice(0, 8)}`,
      AUDIT_ANCHOR_INTERVAL_MINUTES: '0',
    },
    readModel: REPORTING_READ_MODEL,
    clock,
  });
  app = created.app;
  connectServiceConsumer(app, created.config);
  await app.startAllMicroservices();
  await app.listen(0, '127.0.0.1');
  store = app.get<EventStore>(EVENT_STORE_TOKEN);
  await givenAuditHistory(store, LEAD, CASE);
});

afterAll(async () => {
  await app?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('audit API', () => {
  it('replays one stream as a Chinese timeline, and in English with lang=en', async () => {
    const zh = await http().get(`/audit/timeline?stream=case-${CASE}`).set(auditor).expect(200);
    expect(zh.body).toMatchObject({ total: 3, page: 1, pageSize: 100 });
    expect(zh.body.items[0]).toMatchObject({
      streamId: `case-${CASE}`,
      version: 0,
      time: T.opened,
      timeCst: '2026-03-05 10:00:00',
      actor: { agency: 'lc-office', agencyName: '鲤城区打击非法金融活动联席会议办公室', user: 'officer-1' },
      type: 'CaseOpened',
      typeLabel: '立案',
      hash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(zh.body.items[0].description).toContain('立案：泉州某某养老服务有限公司涉嫌非法集资');
    expect(zh.body.items[1].description).toBe('鲤城区打击非法金融活动联席会议办公室 调整风险等级：未定级 → 高风险（涉众人数多）。');
    const en = await http().get(`/audit/timeline?stream=case-${CASE}&lang=en&pageSize=1&page=2`).set(auditor).expect(200);
    expect(en.body).toMatchObject({ total: 3, page: 2, pageSize: 1 });
    expect(en.body.items).toEqual([
      expect.objectContaining({ typeLabel: 'Risk grade changed', description: expect.stringContaining('changed the risk grade: ungraded → High') }),
    ]);
  });

  it('describes the lead stream without the sealed informant identity', async () => {
    const res = await http().get(`/audit/timeline?stream=lead-${LEAD}`).set(auditor).expect(200);
    const text = JSON.stringify(res.body.items.map((i: { description: string }) => i.description));
    expect(text).toContain('举报人身份(已加密)');
    expect(text).not.toMatch(/SECRET-CIPHERTEXT|王五/);
  });

  it('replays a time range across streams, with type and agency filters', async () => {
    const all = await http().get('/audit/timeline').query({ from: '2026-03-02T00:00:00Z', to: '2026-03-05T10:00:00+08:00' }).set(auditor).expect(200);
    expect(all.body.items.map((i: { type: string }) => i.type)).toEqual(['LeadReceived', 'LeadRouted', 'CaseOpened']);
    const routed = await http()
      .get('/audit/timeline')
      .query({ from: '2026-03-01T00:00:00Z', to: '2026-03-09T00:00:00Z', type: 'LeadRouted,KeyCaseFlagSet' })
      .set(auditor)
      .expect(200);
    expect(routed.body.items.map((i: { type: string }) => i.type)).toEqual(['LeadRouted', 'KeyCaseFlagSet']);
    expect(routed.body.items[0].description).toBe(
      '线索分派至 鲤城区社会事务综合服务中心 核查，属地街道：鲤城区海滨街道办事处，请于 2026-03-17 前反馈（规则：field:pension）。',
    );
    const street = await http()
      .get('/audit/timeline')
      .query({ from: '2026-03-01T00:00:00Z', to: '2026-03-09T00:00:00Z', agency: 'lc-st-haibin' })
      .set(auditor)
      .expect(200);
    expect(street.body).toMatchObject({ total: 1, items: [expect.objectContaining({ type: 'LeadReceived' })] });
  });

  it('reconstructs the case as it was before and after a step; before it was opened it did not exist', async () => {
    const before = await http().get(`/audit/cases/${CASE}/state`).query({ at: '2026-03-05T12:00:00Z' }).set(auditor).expect(200);
    expect(before.body).toMatchObject({
      status: 'investigating',
      statusLabel: '调查中',
      eventsApplied: 1,
      eventsLater: 2,
      labels: {
        riskGrade: null,
        keyFlags: [],
        leadUnit: '鲤城区社会事务综合服务中心',
        cooperatingUnits: ['泉州市公安局鲤城分局'],
        category: '非法集资',
        field: '养老服务',
      },
      lastEvent: expect.objectContaining({ type: 'CaseOpened' }),
    });
    const after = await http().get(`/audit/cases/${CASE}/state`).query({ at: T.graded, lang: 'en' }).set(auditor).expect(200);
    expect(after.body).toMatchObject({
      eventsApplied: 2,
      statusLabel: 'Investigating',
      labels: { riskGrade: 'High', keyFlags: [] },
      state: { facts: { riskGrade: 'high' } },
    });
    const notYet = await http().get(`/audit/cases/${CASE}/state`).query({ at: '2026-03-04T00:00:00Z' }).set(auditor).expect(404);
    expect(notYet.body.detail).toContain('not opened yet');
  });

  it('refuses non-auditors with 403 and records the refusal; bad queries are 422 naming the field', async () => {
    const refused = await http().get(`/audit/timeline?stream=case-${CASE}`).set(analyst).expect(403);
    expect(refused.body.detail).toContain('auditor');
    await http().post('/audit/verifications').set(analyst).expect(403);
    await http()
      .post('/audit/anchors')
      .set(as('lc-market', ['unit_officer']))
      .expect(403);
    const missing = await http().get('/audit/timeline').set(auditor).expect(422);
    expect(missing.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['from', 'to']);
    const backwards = await http()
      .get('/audit/timeline')
      .query({ from: '2026-03-05T00:00:00Z', to: '2026-03-01T00:00:00Z' })
      .set(auditor)
      .expect(422);
    expect(backwards.body.errors).toEqual([{ field: 'to', messages: ['to: an instant not before from'] }]);
    const both = await http()
      .get('/audit/timeline')
      .query({ stream: `case-${CASE}`, from: '2026-03-01T00:00:00Z' })
      .set(auditor)
      .expect(422);
    expect(both.body.errors[0].field).toBe('stream');
    await http().get(`/audit/cases/${CASE}/state`).query({ at: 'yesterday' }).set(auditor).expect(422);
  });

  it('answers who read what from the access log, with filters; the audit calls themselves are there', async () => {
    const byAuditor = await pollUntil(
      async () => {
        const res = await http().get('/audit/access-log').query({ resourceType: 'audit', user: 'analyst-1' }).set(auditor).expect(200);
        return res.body.total >= 2 ? res : undefined;
      },
      { timeoutMs: 20000, what: "the analyst's refused audit calls in the access log" },
    );
    expect(byAuditor.body.items.every((i: { granted: boolean; userId: string }) => !i.granted && i.userId === 'analyst-1')).toBe(true);
    expect(byAuditor.body.items.map((i: { resourceId: string }) => i.resourceId).sort()).toEqual([`stream:case-${CASE}`, 'verification']);
    const caseReads = await pollUntil(
      async () => {
        const res = await http().get('/audit/access-log').query({ resourceType: 'case', resourceId: CASE }).set(auditor).expect(200);
        return res.body.total === 1 ? res : undefined;
      },
      { timeoutMs: 20000, what: 'the case read in the access log' },
    );
    expect(caseReads.body.items[0]).toMatchObject({
      agency: 'lc-market',
      agencyName: '鲤城区市场监督管理局',
      userId: 'market-1',
      granted: false,
      atCst: '2026-03-08 10:00:00',
    });
    const range = await http().get('/audit/access-log').query({ agency: 'lc-market', from: '2026-03-09T00:00:00Z' }).set(auditor).expect(200);
    expect(range.body.total).toBe(1); // only the unit officer's refused anchor call, not the earlier case read
    expect(range.body.items[0]).toMatchObject({ resourceType: 'audit', resourceId: 'anchors' });
  });

  it('takes anchors on demand (auditor or admin) and on schedule (in the clock time), lists them, and verifies the store', async () => {
    const manual = await http().post('/audit/anchors').set(topAdmin).expect(201);
    expect(manual.body).toMatchObject({ trigger: 'manual', at: clock.now().toISOString(), by: { agency: 'fj-office', user: 'admin-1' }, chunks: 1 });
    clock.advance(3_600_000);
    await app.get(AuditAnchorScheduler).runOnce();
    const list = await http().get('/audit/anchors').set(topAuditor).expect(200);
    expect(list.body.map((a: { trigger: string; at: string }) => [a.trigger, a.at])).toEqual([
      ['manual', '2026-03-10T02:00:00.000Z'],
      ['schedule', '2026-03-10T03:00:00.000Z'],
    ]);
    const verified = await http().post('/audit/verifications').set(topAuditor).expect(200);
    expect(verified.body).toMatchObject({ ok: true, problems: [], anchor: { anchorId: list.body[1].anchorId } });
    expect(verified.body.events).toBeGreaterThan(10);
    const anchors = await http().get('/audit/timeline?stream=audit-anchors').set(topAuditor).expect(200);
    expect(anchors.body.items.at(-1)).toMatchObject({ actor: { agency: 'system', agencyName: '系统' }, typeLabel: '审计锚点' });
  });
});
