/**
 * The projections API over HTTP (embedded mode): who may read the state and
 * who may start a rebuild, the progress of a running one, 409 while it runs,
 * and the rebuilt tables answering afterwards.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { inTransaction } from '@jm/bus';
import { bearer } from '@jm/platform/testing';
import { pollUntil } from '@jm/testing';
import { appendScenario, generateScenario } from './support/reporting-scenario';
import { awaitCaughtUp, ReportingTestApp, snapshotTables, startReportingApp } from './support/reporting-app';

jest.setTimeout(60_000);

const dir = mkdtempSync(join(tmpdir(), 'jm-rebuild-api-'));
let reporting: ReportingTestApp;
const http = () => request(reporting.app.getHttpServer());
const admin = bearer('lc-office', ['admin']);
const analyst = bearer('lc-office', ['analyst']);
const auditor = bearer('qz-office', ['auditor']);
const officer = bearer('lc-office', ['office_officer']);
const unit = bearer('lc-market', ['unit_officer']);

beforeAll(async () => {
  reporting = await startReportingApp({ SQLITE_PATH: join(dir, 'events.sqlite'), READ_MODEL_SQLITE_PATH: join(dir, 'reporting.sqlite') });
  await appendScenario(reporting.store, generateScenario({ seed: 99, leads: 120 }));
  await awaitCaughtUp(reporting);
});

afterAll(async () => {
  await reporting?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('projections API', () => {
  it('given an analyst or auditor, then each projection is listed live with no rebuild yet; other roles get 403', async () => {
    for (const who of [analyst, auditor, admin]) {
      const res = await http().get('/projections').set(who).expect(200);
      expect(res.body.projections).toEqual(
        ['lead_ledger', 'risk_ledger', 'report_fact', 'access_log', 'saved_analysis'].map((name) => ({ name, table: name, state: 'live' })),
      );
    }
    for (const who of [officer, unit]) {
      const res = await http().get('/projections').set(who).expect(403);
      expect(res.body.detail).toContain('admin, analyst, auditor');
    }
    await http().get('/projections').expect(401);
  });

  it('given a non-admin, then starting a rebuild is 403 and starts nothing', async () => {
    const res = await http().post('/projections/rebuild').set(analyst).expect(403);
    expect(res.body.detail).toContain('admin');
    expect((await http().get('/projections').set(analyst).expect(200)).body.rebuild).toBeNull();
  });

  it('given an admin, then a rebuild starts (202 + Location), shows its progress, refuses a second one with 409, and ends with identical tables', async () => {
    const before = await snapshotTables(reporting.dataSource);
    // Hold the read model's transaction queue so the rebuild is caught running (SQLite serialises every transaction).
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const holding = inTransaction(reporting.dataSource, () => held);

    const started = await http().post('/projections/rebuild').set(admin).expect(202);
    expect(started.headers.location).toBe(`/projections/rebuilds/${started.body.id}`);
    expect(started.body).toMatchObject({ requestedBy: { agency: 'lc-office' }, progress: { phase: 'preparing' }, result: null });

    const running = await http().get('/projections').set(auditor).expect(200);
    expect(running.body.projections.map((p: { state: string }) => p.state)).toEqual(Array(5).fill('rebuilding'));
    expect(running.body.rebuild.id).toBe(started.body.id);

    const conflict = await http().post('/projections/rebuild').set(admin).expect(409);
    expect(conflict.body.detail).toContain(`already running (${started.body.id}`);

    release();
    await holding;
    const done = await pollUntil(
      async () => {
        const res = await http().get(started.headers.location).set(analyst).expect(200);
        return res.body.progress.phase === 'done' ? res.body : undefined;
      },
      { timeoutMs: 30_000, what: 'the rebuild to finish' },
    );
    expect(done.progress).toMatchObject({ percent: 100, error: null });
    expect(done.progress.eventsRead).toBe(done.result.events);
    expect(done.progress.position).toBe(await reporting.store.headPosition());
    expect(done.progress.ratePerSecond).toBeGreaterThan(0);
    expect(done.progress.finishedAt).not.toBeNull();
    expect(done.result.rows.lead_ledger).toBe(120);
    expect(await snapshotTables(reporting.dataSource)).toEqual(before);

    const after = await http().get('/projections').set(analyst).expect(200);
    expect(after.body.projections.map((p: { state: string }) => p.state)).toEqual(Array(5).fill('live'));
    await http().post('/projections/rebuild').set(admin).expect(202);
  });

  it('given an unknown or malformed rebuild id, then 404 or 422 naming the parameter (as every input is refused)', async () => {
    await http().get('/projections/rebuilds/5f0c3c2e-8f3a-4d7e-9b1a-000000000000').set(analyst).expect(404);
    const malformed = await http().get('/projections/rebuilds/not-a-uuid').set(analyst).expect(422);
    expect(malformed.body.errors).toEqual([{ field: 'id', messages: [expect.stringContaining('UUID')] }]);
  });
});
