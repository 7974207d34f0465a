/**
 * Who and what the statistics tables count, over events projected by the embedded reporting app:
 * an administrative measure counts for the member unit that imposed it (issue 16, defect 2), an
 * event from before `unit` existed for its `by`, the lead unit then; lead screening counts leads, so a lead
 * referred up twice is one lead in 逐级上报（条） and two steps in its own column (defect 7).
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import type { LeadReceivedData } from '@jm/contracts';
import { bearer } from '@jm/platform/testing';
import { pollUntil } from '@jm/testing';
import { auditEvent } from './support/audit-history';
import { awaitCaughtUp, ReportingTestApp, startReportingApp } from './support/reporting-app';
import { leadSummary } from '../../services/cases/src/testing/fixtures';
import { opened as openedCase, ORIGIN } from '../../services/cases/src/testing/case.fixtures';

type Row = Record<string, string | number | null>;
const analyst = bearer('lc-office', ['analyst'], 'lc-analyst');
const rowOf = (body: { rows: Row[] }, code: string) => body.rows.find((r) => r.dimensionCode === code);

describe('statistics: who and what is counted (embedded)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'jm-stats-counting-'));
  let t: ReportingTestApp;
  const get = (url: string) => request(t.app.getHttpServer()).get(url).set(analyst);

  beforeAll(async () => {
    t = await startReportingApp({ SQLITE_PATH: join(dir, 'events.sqlite'), READ_MODEL_SQLITE_PATH: join(dir, 'reporting.sqlite') });
  });
  afterAll(async () => {
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('enforcement by unit: a cooperating unit’s penalty counts for it; a measure recorded before `unit` existed for its lead unit', async () => {
    const caseId = randomUUID();
    // The fixture case, led by lc-social-affairs with lc-market cooperating.
    const opened = { ...openedCase.data, caseId, caseNo: 'CASE-350502-2026-0101', leadUnit: 'lc-social-affairs', cooperatingUnits: ['lc-market'] };
    const social = { agency: 'lc-social-affairs', user: 'social-1' };
    const market = { agency: 'lc-market', user: 'market-1' };
    await t.store.append(
      `case-${caseId}`,
      [
        auditEvent('CaseOpened', opened, '2026-05-04T02:00:00.000Z'),
        auditEvent(
          'NatureDetermined',
          { caseId, conclusion: 'illegal_fundraising', by: 'authority', decidedBy: 'lc-office', authority: 'lc-finance' },
          '2026-05-06T02:00:00.000Z',
        ),
        // As stored before issue 16: no `unit`, `by` is the lead unit.
        auditEvent(
          'AdministrativeMeasureTaken',
          { caseId, by: 'lc-social-affairs', measure: 'penalty', amountYuan: '10000.00', text: '罚款一万元' },
          '2026-05-07T02:00:00.000Z',
          social,
        ),
        auditEvent(
          'AdministrativeMeasureTaken',
          { caseId, by: 'lc-market', unit: 'lc-market', measure: 'penalty', amountYuan: '50000.00', text: '罚款五万元' },
          '2026-05-08T02:00:00.000Z',
          market,
        ),
        auditEvent(
          'AdministrativeMeasureTaken',
          { caseId, by: 'lc-market', unit: 'lc-market', measure: 'order_rectify', text: '责令整改' },
          '2026-05-09T02:00:00.000Z',
          market,
        ),
      ],
      'no_stream',
    );
    await awaitCaughtUp(t, `case-${caseId}`);
    const res = await get('/statistics/enforcement?period=2026-05&by=unit').expect(200);
    expect(rowOf(res.body, 'lc-social-affairs')).toMatchObject({ penalties: 1, penaltyAmount: '10000.00', otherMeasures: 0, casesOpened: 1 });
    expect(rowOf(res.body, 'lc-market')).toMatchObject({ penalties: 1, penaltyAmount: '50000.00', otherMeasures: 1 });
    expect(res.body.total).toMatchObject({ penalties: 2, penaltyAmount: '60000.00', otherMeasures: 1 });
  });

  it("counts nothing of a record of another deployment's case (a city's record of an escalation): the origin reports it up", async () => {
    const [own, record] = [randomUUID(), randomUUID()];
    const events = (caseId: string, extra: object) => [
      auditEvent(
        'CaseOpened',
        { ...openedCase.data, caseId, caseNo: `CASE-350502-2026-${caseId.slice(0, 4)}`, leadUnit: 'lc-finance', ...extra },
        '2026-07-06T02:00:00.000Z',
      ),
      auditEvent(
        'NatureDetermined',
        { caseId, conclusion: 'illegal_fundraising', by: 'city_meeting', decidedBy: 'qz-office' },
        '2026-07-08T02:00:00.000Z',
      ),
    ];
    await t.store.append(`case-${own}`, events(own, {}), 'no_stream');
    await t.store.append(`case-${record}`, events(record, { origin: ORIGIN }), 'no_stream');
    await awaitCaughtUp(t, `case-${record}`);
    const live = await get('/statistics/enforcement?period=2026-07&by=unit').expect(200);
    expect(rowOf(live.body, 'lc-finance')).toMatchObject({ casesOpened: 1 });
    expect(live.body.total).toMatchObject({ casesOpened: 1 });
    // A rebuild from the log counts the same.
    const admin = bearer('lc-office', ['admin'], 'lc-admin');
    const started = await request(t.app.getHttpServer()).post('/projections/rebuild').set(admin).expect(202);
    const done = await pollUntil(
      async () => {
        const run = await request(t.app.getHttpServer()).get(started.headers.location).set(admin).expect(200);
        return run.body.progress.phase === 'done' ? run.body : undefined;
      },
      { timeoutMs: 60000, what: 'the rebuild' },
    );
    expect(done.progress.error).toBeNull();
    const rebuilt = await get('/statistics/enforcement?period=2026-07&by=unit').expect(200);
    expect(rebuilt.body.total).toEqual(live.body.total);
  });

  it('lead screening counts a lead referred up twice (district → city → province) once, and its two steps apart', async () => {
    const leadId = randomUUID();
    const received: LeadReceivedData = {
      ...leadSummary(leadId, { receivedAt: '2026-06-02T01:00:00.000Z', street: 'lc-st-haibin' }),
      anonymous: true,
      description: '以高额回报销售所谓私募基金',
      evidence: [],
      office: 'lc-office',
      reportDeadline: '2026-06-03T01:00:00.000Z',
    };
    await t.store.append(
      `lead-${leadId}`,
      [auditEvent('LeadReceived', received, '2026-06-02T01:00:00.000Z', { agency: 'lc-st-haibin', user: 'grid-7' })],
      'no_stream',
    );
    await t.store.append(
      `routing-${leadId}`,
      [
        auditEvent('LeadReferredUp', { leadId, from: 'lc-office', to: 'qz-office', reason: '涉嫌证券类，超出区级职责' }, '2026-06-03T02:00:00.000Z'),
        auditEvent('LeadReferredUp', { leadId, from: 'qz-office', to: 'fj-office', reason: '属省级部门职责' }, '2026-06-10T02:00:00.000Z', {
          agency: 'qz-office',
          user: 'city-1',
        }),
      ],
      'no_stream',
    );
    await awaitCaughtUp(t, `routing-${leadId}`);
    const byUnit = await get('/statistics/lead-screening?period=2026-06&by=unit').expect(200);
    expect(byUnit.body.columns.map((c: { key: string; label: string }) => [c.key, c.label])).toEqual(
      expect.arrayContaining([
        ['referredUp', '逐级上报（条）'],
        ['referralSteps', '逐级上报次数（次）'],
      ]),
    );
    // Each office's row counts the lead it referred up; the total counts the lead once.
    expect(rowOf(byUnit.body, 'lc-office')).toMatchObject({ referredUp: 1, referralSteps: 1 });
    expect(rowOf(byUnit.body, 'qz-office')).toMatchObject({ referredUp: 1, referralSteps: 1 });
    expect(byUnit.body.total).toMatchObject({ receivedTotal: 1, referredUp: 1, referralSteps: 2 });
    const byStreet = await get('/statistics/lead-screening?period=2026-06&by=street').expect(200);
    expect(rowOf(byStreet.body, 'lc-st-haibin')).toMatchObject({ receivedTotal: 1, referredUp: 1, referralSteps: 2 });
    expect(byStreet.body.total).toMatchObject({ referredUp: 1, referralSteps: 2 });
    const byMonth = await get('/statistics/lead-screening?period=2026-Q2&by=month').expect(200);
    expect(rowOf(byMonth.body, '2026-06')).toMatchObject({ referredUp: 1, referralSteps: 2 });
    expect(byMonth.body.total).toMatchObject({ referredUp: 1, referralSteps: 2 });
  });
});
