/**
 * End to end on the embedded mode: a seeded history of real contract events
 * (the shared scenario generator: leads, routing, cases through their
 * lifecycle, meetings) is appended to the store, the reporting service
 * projects it from the bus, and the statistics tables answer the figures
 * counted here straight from the events.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { fromFen, toFen } from '@jm/reference';
import { bearer } from '@jm/platform/testing';
import { appendScenario, generateScenario, storedEventsOf } from './support/reporting-scenario';
import { awaitCaughtUp, ReportingTestApp, startReportingApp } from './support/reporting-app';

const city = bearer('qz-office', ['analyst'], 'qz-analyst');
const chinaMonth = (iso: string) => new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 7);

describe('statistics tables over a projected history (embedded)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'jm-stats-projected-'));
  const appends = generateScenario({ seed: 4242, leads: 150 });
  const events = storedEventsOf(appends);
  let t: ReportingTestApp;

  beforeAll(async () => {
    t = await startReportingApp({ SQLITE_PATH: join(dir, 'events.sqlite'), READ_MODEL_SQLITE_PATH: join(dir, 'reporting.sqlite') });
    await appendScenario(t.store, appends);
    await awaitCaughtUp(t);
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Events of a type per China-time month of a time the event names. */
  function perMonth(
    type: string,
    when: (e: (typeof events)[number]) => string = (e) => e.time,
    where: (data: Record<string, unknown>) => boolean = () => true,
  ): Record<string, number> {
    const out: Record<string, number> = {};
    for (const e of events)
      if (e.type === type && where(e.data as Record<string, unknown>)) out[chinaMonth(when(e))] = (out[chinaMonth(when(e))] ?? 0) + 1;
    return out;
  }
  const sum = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);
  const byMonth = (rows: Array<Record<string, unknown>>, key: string) =>
    Object.fromEntries(rows.filter((r) => Number(r[key]) > 0).map((r) => [r.dimensionCode, r[key]]));

  it('lead screening by month: leads by source, verified and cases opened, as the events say', async () => {
    const res = await request(t.app.getHttpServer()).get('/statistics/lead-screening?period=2026&by=month').set(city).expect(200);
    const received = perMonth('LeadReceived');
    expect(sum(received)).toBe(150);
    expect(byMonth(res.body.rows, 'receivedTotal')).toEqual(received);
    const fromPublic = perMonth('LeadReceived', undefined, (d) => d.source === 'public_report');
    expect(byMonth(res.body.rows, 'received_public_report')).toEqual(fromPublic);
    expect(byMonth(res.body.rows, 'founded')).toEqual(perMonth('LeadFounded'));
    expect(byMonth(res.body.rows, 'unfounded')).toEqual(perMonth('LeadClosedUnfounded'));
    expect(byMonth(res.body.rows, 'casesOpened')).toEqual(perMonth('CaseOpened'));
    expect(res.body.total.receivedTotal).toBe(150);
    expect(res.body.total.casesOpened).toBeGreaterThan(0);
  });

  it('work statistics: meetings, penalties and their amounts, transfers to the police', async () => {
    const res = await request(t.app.getHttpServer()).get('/statistics/work-statistics?period=2026&by=street').set(city).expect(200);
    const meetings = perMonth('MeetingScheduled', (e) => (e.data as { scheduledFor: string }).scheduledFor);
    const penalties = events.filter((e) => e.type === 'AdministrativeMeasureTaken' && (e.data as { measure: string }).measure === 'penalty');
    const penaltyFen = penalties.reduce((s, e) => s + toFen((e.data as { amountYuan?: string }).amountYuan ?? '0'), 0n);
    expect(res.body.total).toMatchObject({
      meetingsHeld: sum(meetings),
      penalties: penalties.length,
      penaltyAmount: fromFen(penaltyFen),
      transfersToPolice: events.filter((e) => e.type === 'TransferredToPolice').length,
      casesOpened: events.filter((e) => e.type === 'CaseOpened').length,
    });
    expect(sum(meetings)).toBeGreaterThan(0);
    expect(penalties.length).toBeGreaterThan(0);
  });

  it('deadlines missed (from the notifications engine) count per unit, and an obligation only within its region and street', async () => {
    const opened = events.find((e) => e.type === 'CaseOpened')!;
    const caseId = (opened.data as { caseId: string }).caseId;
    const missed = (clockId: string, subject: { kind: string; id: string }, unit: string, jurisdiction: string, missedAt: string) => ({
      id: randomUUID(),
      type: 'DeadlineMissed',
      schemaVersion: 1,
      data: {
        clockId,
        policyId: clockId.split('.')[0],
        subject: { ...subject, streamId: `x-${subject.id}` },
        unit,
        jurisdiction,
        dueAt: missedAt,
        missedAt,
        round: 1,
      },
      time: missedAt,
      correlationId: randomUUID(),
      causationId: randomUUID(),
      actor: { agency: 'notifications', user: 'deadline-engine' },
    });
    await t.store.append(
      `deadline-police-transfer-response.${caseId}`,
      [missed(`police-transfer-response.${caseId}`, { kind: 'case', id: caseId }, 'lc-police', '350502', '2026-06-10T02:00:00.000Z')],
      'any',
    );
    await t.store.append(
      'deadline-street-monthly-risk-ledger.h',
      [
        missed(
          'street-monthly-risk-ledger.h',
          { kind: 'obligation', id: 'monthly_risk_ledger.lc-st-haibin.2026-05' },
          'lc-st-haibin',
          '350502',
          '2026-06-05T16:00:00.000Z',
        ),
      ],
      'any',
    );
    await t.store.append(
      'deadline-street-monthly-risk-ledger.d',
      [
        missed(
          'street-monthly-risk-ledger.d',
          { kind: 'obligation', id: 'monthly_risk_ledger.fz-st-donghai.2026-05' },
          'fz-st-donghai',
          '350503',
          '2026-06-05T16:00:00.000Z',
        ),
      ],
      'any',
    );
    await awaitCaughtUp(t);
    const table = async (who: Record<string, string>) => {
      const res = await request(t.app.getHttpServer()).get('/statistics/work-statistics?period=2026&by=unit').set(who).expect(200);
      return Object.fromEntries(
        (res.body.rows as Array<Record<string, unknown>>)
          .filter((r) => Number(r.deadlinesMissed) > 0)
          .map((r) => [r.dimensionCode, r.deadlinesMissed]),
      );
    };
    // The city sees all three; Licheng's office its two; the Haibin street its own; the other district's street nothing of Licheng.
    expect(await table(city)).toEqual({ 'lc-police': 1, 'lc-st-haibin': 1, 'fz-st-donghai': 1 });
    expect(await table(bearer('lc-office', ['analyst'], 'lc-analyst'))).toEqual({ 'lc-police': 1, 'lc-st-haibin': 1 });
    expect(await table(bearer('lc-st-haibin', ['street_officer'], 'hb'))).toEqual({ 'lc-st-haibin': 1 });
    expect(await table(bearer('fz-st-donghai', ['street_officer'], 'dh'))).toEqual({ 'fz-st-donghai': 1 });
    const res = await request(t.app.getHttpServer()).get('/statistics/work-statistics?period=2026&by=unit&lang=en').set(city).expect(200);
    expect(JSON.stringify(res.body)).toContain('Deadlines missed');
  });
});
