/**
 * Saved analyses over HTTP on the embedded reporting service with its consumer:
 * an analyst saves, lists, reads, renames and deletes their own; another user's
 * id is 404 and changes nothing; bad names and queries are 422 and store
 * nothing; 403 without a reading role, 401 without a token; the saved_analysis
 * table comes out identical from a rebuild.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { bearer } from '@jm/platform/testing';
import { pollUntil } from '@jm/testing';
import { awaitCaughtUp, ReportingTestApp, snapshotTables, startReportingApp } from './support/reporting-app';

const dir = mkdtempSync(join(tmpdir(), 'jm-analysis-saved-'));
let reporting: ReportingTestApp;
const http = () => request(reporting.app.getHttpServer());
const wang = bearer('lc-office', ['analyst'], 'wang');
const li = bearer('lc-office', ['analyst'], 'li');
const wangElsewhere = bearer('qz-office', ['analyst'], 'wang');
const street = bearer('lc-st-haibin', ['street_officer'], 'zhao');
const admin = bearer('lc-office', ['admin'], 'root');
const nobody = bearer('lc-office', [], 'wang');
const QUERY = {
  dimensions: ['period', 'unit'],
  measures: ['cases', 'amountInvolved'],
  period: { by: 'quarter', from: '2026-01-01', to: '2026-12-31' },
  compare: 'yoy',
};

beforeAll(async () => {
  reporting = await startReportingApp({ SQLITE_PATH: join(dir, 'events.sqlite'), READ_MODEL_SQLITE_PATH: join(dir, 'reporting.sqlite') });
});

afterAll(async () => {
  await reporting?.close();
  rmSync(dir, { recursive: true, force: true });
});

const listOf = async (who: Record<string, string>) =>
  (await http().get('/analysis/saved').set(who).expect(200)).body as Array<{ id: string; name: string }>;
const listed = (who: Record<string, string>, names: string[]) =>
  pollUntil(
    async () => {
      const list = await listOf(who);
      return JSON.stringify(list.map((a) => a.name)) === JSON.stringify(names) ? list : undefined;
    },
    { timeoutMs: 20_000, what: `saved analyses ${names.join(', ')}` },
  );

describe('saved analyses', () => {
  let id: string;

  it('given an analyst, when they save an analysis, then it is theirs to read (normalised) and list', async () => {
    const saved = await http().post('/analysis/saved').set(wang).send({ name: '各单位季度同比', query: QUERY }).expect(201);
    id = saved.body.id;
    expect(saved.headers.etag).toBe('"0"');
    expect(saved.body).toMatchObject({ name: '各单位季度同比', events: ['AnalysisSaved'], streamId: `analysis-${id}`, version: 0 });
    expect(saved.body.query).toEqual({ ...QUERY, sort: { by: 'period', order: 'asc' }, limit: 100 });
    const read = await http().get(`/analysis/saved/${id}`).set(wang).expect(200);
    expect(read.body).toMatchObject({ id, name: '各单位季度同比', query: saved.body.query, version: 0 });
    await http()
      .post('/analysis/saved')
      .set(street)
      .send({ name: '本街道', query: { dimensions: [], measures: ['cases'] } })
      .expect(201);
    expect((await listed(wang, ['各单位季度同比']))[0].id).toBe(id);
    await listed(street, ['本街道']);
  });

  it('given another user (the same agency, or the same name elsewhere), then the analysis is 404 to read, change and delete, and nothing changes', async () => {
    for (const who of [li, wangElsewhere]) {
      await http().get(`/analysis/saved/${id}`).set(who).expect(404);
      await http().put(`/analysis/saved/${id}`).set(who).send({ name: '改名' }).expect(404);
      await http().delete(`/analysis/saved/${id}`).set(who).expect(404);
      expect(await listOf(who)).toEqual([]);
    }
    expect((await reporting.store.readStream(`analysis-${id}`)).map((e) => e.type)).toEqual(['AnalysisSaved']);
  });

  it('given its analyst, when they rename it or change its query, then it changes; the same again records nothing; a stale If-Match is 409', async () => {
    const renamed = await http().put(`/analysis/saved/${id}`).set(wang).set('If-Match', '"0"').send({ name: '按季度' }).expect(200);
    expect(renamed.body).toMatchObject({ name: '按季度', version: 1, events: ['AnalysisChanged'] });
    const same = await http().put(`/analysis/saved/${id}`).set(wang).send({ name: '按季度' }).expect(200);
    expect(same.body.events).toEqual([]);
    await http().put(`/analysis/saved/${id}`).set(wang).set('If-Match', '"0"').send({ name: '旧版本' }).expect(409);
    const nulls = await http().put(`/analysis/saved/${id}`).set(wang).send({ name: '新', query: null }).expect(422);
    expect(nulls.body.errors).toEqual([{ field: 'query', messages: [expect.stringContaining('not null')] }]);
    const changed = await http()
      .put(`/analysis/saved/${id}`)
      .set(wang)
      .send({ query: { dimensions: ['field'], measures: ['cases'] } })
      .expect(200);
    expect(changed.body.query).toEqual({ dimensions: ['field'], measures: ['cases'], sort: { by: 'cases', order: 'desc' }, limit: 100 });
    await listed(wang, ['按季度']);
  });

  it.each([
    [{ name: '', query: QUERY }, 'name', 'text of 1 to 100 characters'],
    [{ name: '名\u202e字', query: QUERY }, 'name', 'text-direction'],
    [{ name: 'x'.repeat(101), query: QUERY }, 'name', 'text of 1 to 100 characters'],
    [{ name: '无查询' }, 'query', 'an analysis query'],
    [{ name: '坏查询', query: { dimensions: ['title'], measures: ['cases'] } }, 'query.dimensions', 'each one of unit'],
    [
      { name: '坏查询', query: { dimensions: ['unit'], measures: ['cases'], compare: 'mom', period: { by: 'month' } } },
      'query.compare',
      "needs the dimension 'period'",
    ],
    [{ name: '多余', query: QUERY, owner: 'li' }, 'owner', 'should not exist'],
    [{ name: '空排序', query: { ...QUERY, sort: null } }, 'query.sort', 'not null'],
  ])('refuses %j with 422 naming %s, and stores nothing', async (body, field, allowed) => {
    const before = await reporting.store.headPosition();
    const res = await http().post('/analysis/saved').set(wang).send(body).expect(422);
    expect(res.body.errors).toEqual(
      expect.arrayContaining([expect.objectContaining({ field, messages: expect.arrayContaining([expect.stringContaining(allowed)]) })]),
    );
    expect(await reporting.store.headPosition()).toBe(before);
  });

  it('refuses a token without a reading role (403), no token (401) and an id that is not one (422)', async () => {
    await http().post('/analysis/saved').set(nobody).send({ name: 'x', query: QUERY }).expect(403);
    await http().get('/analysis/saved').set(nobody).expect(403);
    await http().get('/analysis/saved').expect(401);
    await http().post('/analysis/saved').send({ name: 'x', query: QUERY }).expect(401);
    const bad = await http().get('/analysis/saved/not-a-uuid').set(wang).expect(422);
    expect(bad.body.errors).toEqual([{ field: 'id', messages: [expect.stringContaining('UUID')] }]);
  });

  it('given its analyst, when they delete it, then it is gone (404, not listed) and deleting again is 404', async () => {
    await http().delete(`/analysis/saved/${id}`).set(wang).expect(204);
    await http().get(`/analysis/saved/${id}`).set(wang).expect(404);
    await http().delete(`/analysis/saved/${id}`).set(wang).expect(404);
    await listed(wang, []);
  });

  it('given saved, changed and deleted analyses, then a rebuild of the read models gives the same saved_analysis table', async () => {
    await http().post('/analysis/saved').set(wang).send({ name: '留存', query: QUERY }).expect(201);
    await awaitCaughtUp(reporting);
    const before = await snapshotTables(reporting.dataSource);
    // [name, still saved]
    expect(before.saved_analysis.map((r) => [r.name, r.deletedAt === null])).toEqual(
      expect.arrayContaining([
        ['按季度', false],
        ['留存', true],
        ['本街道', true],
      ]),
    );
    const started = await http().post('/projections/rebuild').set(admin).expect(202);
    await pollUntil(
      async () => ((await http().get(started.headers.location).set(admin).expect(200)).body.progress.phase === 'done' ? true : undefined),
      { timeoutMs: 30_000, what: 'the rebuild to finish' },
    );
    expect(await snapshotTables(reporting.dataSource)).toEqual(before);
  });
});
