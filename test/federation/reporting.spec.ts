/**
 * Reporting across deployments (docs/federation-reporting.md), as processes on PostgreSQL and one Kafka:
 * districts lc and fz and the city qz, each its own intake and reporting with their own stores, one topic
 * prefix. Leads received in each reach the city's statistics (the districts' as aggregates they report up);
 * each district publishes its anchors, and the city's auditor verifies lc through lc's audit API against the
 * anchor read from Kafka, before and after lc's store is tampered with. fz sees nothing of lc's.
 */
import { randomBytes } from 'node:crypto';
import { chainHash, PostgresEventStore } from '@jm/event-sourcing';
import { signToken } from '@jm/platform';
import { testToken } from '@jm/platform/testing';
import type { Role } from '@jm/reference';
import { pollUntil, uniqueName } from '@jm/testing';
import { ServiceFleet } from '../e2e/support/service-fleet';

const topicPrefix = `${uniqueName('fedrpt').toLowerCase()}.`;
const fleets = { lc: new ServiceFleet({ topicPrefix }), fz: new ServiceFleet({ topicPrefix }), qz: new ServiceFleet({ topicPrefix }) };
const secret = () => randomBytes(24).toString('hex');
const links = { lc: secret(), fz: secret() };
/** The month (China time) the leads are received in. */
const MONTH = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 7);

const urls = {} as Record<'lcIntake' | 'fzIntake' | 'qzIntake' | 'lc' | 'fz' | 'qz', string>;
let lcStore: PostgresEventStore;

interface Answer<T = Record<string, unknown>> {
  status: number;
  body: T;
}

async function call<T = Record<string, unknown>>(
  base: string,
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: unknown,
): Promise<Answer<T>> {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json().catch(() => ({}))) as T };
}
const as = (agency: string, roles: Role[], user = `${agency}-user`) => ({ Authorization: `Bearer ${testToken(agency, roles, user)}` });
const cityAuditor = as('qz-office', ['auditor'], 'qz-auditor-lin');
const verifyPath = (deployment: string) => `/audit/federation/${deployment}/verifications`;

interface Table {
  total: Record<string, number | string>;
  rows: Array<Record<string, unknown>>;
  includes?: Array<{ deployment: string; month: string; revision: number; asOf: string }>;
}
const table = (base: string, agency: string) =>
  call<Table>(base, 'GET', `/statistics/work-statistics?period=${MONTH}&by=unit`, as(agency, ['analyst']));

async function submitLead(intake: string, agency: string, roles: Role[], extra: Record<string, unknown>): Promise<void> {
  const answer = await call(intake, 'POST', '/leads', as(agency, roles), {
    title: `联邦统计测试线索（${agency}）`,
    description: '某公司以高息返利为名吸收资金。',
    category: 'illegal_fundraising',
    field: 'pension',
    source: 'grid_worker',
    channel: 'agency_system',
    subjects: [{ kind: 'company', name: `${agency} 某某投资有限公司` }],
    ...extra,
  });
  expect(answer.status).toBe(201);
}

beforeAll(async () => {
  const reporting = (deployment: string, env: Record<string, string>) => ({
    DEPLOYMENT: deployment,
    AUDIT_ANCHOR_INTERVAL_MINUTES: '0',
    FEDERATION_STATISTICS_INTERVAL_SECONDS: '1',
    ...env,
  });
  // The reporting processes one after the other: they create the federation topics they share, and two
  // processes creating one topic at once may be told "does not host this topic-partition" at start.
  const intakes = Promise.all(['lc', 'fz', 'qz'].map((d) => fleets[d as keyof typeof fleets].start('intake', { DEPLOYMENT: d })));
  const lc = await fleets.lc.start('reporting', reporting('lc', { FEDERATION_LINK_SECRETS: `qz=${links.lc}` }));
  const fz = await fleets.fz.start('reporting', reporting('fz', { FEDERATION_LINK_SECRETS: `qz=${links.fz}` }));
  // fz's audit API is "unreachable": nothing listens on port 9.
  const qz = await fleets.qz.start(
    'reporting',
    reporting('qz', { FEDERATION_AUDIT_URLS: `lc=${lc.url},fz=http://127.0.0.1:9`, FEDERATION_LINK_SECRETS: `lc=${links.lc},fz=${links.fz}` }),
  );
  const [lcIntake, fzIntake, qzIntake] = await intakes;
  Object.assign(urls, { lcIntake: lcIntake.url, lc: lc.url, fzIntake: fzIntake.url, fz: fz.url, qzIntake: qzIntake.url, qz: qz.url });
  lcStore = lc.store;
  await submitLead(urls.lcIntake, 'lc-st-haibin', ['street_officer'], { street: 'lc-st-haibin' });
  await submitLead(urls.fzIntake, 'fz-st-donghai', ['street_officer'], { street: 'fz-st-donghai' });
  await submitLead(urls.qzIntake, 'qz-office', ['office_officer'], { jurisdiction: '350500' });
}, 300000);

afterAll(async () => {
  await Promise.all(Object.values(fleets).map((f) => f.stop()));
}, 60000);

describe('statistics up the hierarchy', () => {
  it('counts both districts’ leads and the city’s own in the city’s table, and says whose figures it includes and as of when', async () => {
    const city = await pollUntil(
      async () => {
        const answer = await table(urls.qz, 'qz-office');
        return answer.status === 200 && answer.body.total.leadsReceived === 3 && answer.body.includes?.length === 2 ? answer.body : undefined;
      },
      { timeoutMs: 120000, intervalMs: 500, what: 'the city table counting lc, fz and qz' },
    );
    expect(city.rows.map((r) => [r.dimensionCode, r.leadsReceived])).toEqual(
      expect.arrayContaining([
        ['lc-st-haibin', 1],
        ['fz-st-donghai', 1],
        ['qz-office', 1],
      ]),
    );
    expect(city.includes?.map((s) => [s.deployment, s.month])).toEqual([
      ['fz', MONTH],
      ['lc', MONTH],
    ]);
    for (const source of city.includes ?? []) expect(Date.parse(source.asOf)).not.toBeNaN();
  });

  it('shows a district its own figures only: fz counts its lead, not lc’s, and includes nobody', async () => {
    const fz = await pollUntil(
      async () => {
        const answer = await table(urls.fz, 'fz-office');
        return answer.body.total?.leadsReceived === 1 ? answer.body : undefined;
      },
      { timeoutMs: 60000, intervalMs: 500, what: 'fz’s own table' },
    );
    expect(fz.rows.map((r) => r.dimensionCode)).toEqual(['fz-st-donghai']);
    expect(fz.includes).toBeUndefined();
    // A city office's token is not served by fz at all.
    expect((await table(urls.fz, 'qz-office')).status).toBe(403);
  });

  it('sends the city nothing of a lead: what lc submitted is sums per unit, street, field and category', async () => {
    const submitted = (await lcStore.readStream(`report-statistics-${MONTH}`)).at(-1);
    const text = JSON.stringify(submitted?.data);
    expect(text).toContain('"kind":"lead_received"');
    expect(text).not.toMatch(/某某投资|lead-|leadId|informant|title/);
  });
});

describe('anchors published and a district verified by the city’s auditor', () => {
  it('answers 409 until lc’s anchor has come over Kafka, then verifies lc clean', async () => {
    expect((await call(urls.qz, 'POST', verifyPath('lc'), cityAuditor)).status).toBe(409);
    // A read of lc's own table, so its access stream is anchored too (rewritten below).
    expect((await table(urls.lc, 'lc-office')).status).toBe(200);
    // Once lc's statistics stream is there, so the anchor covers it.
    await pollUntil(async () => (await lcStore.readStream(`report-statistics-${MONTH}`)).length > 0, { timeoutMs: 60000, what: 'lc’s submission' });
    expect((await call(urls.lc, 'POST', '/audit/anchors', as('lc-office', ['auditor']))).status).toBe(201);
    const clean = await pollUntil(
      async () => {
        const answer = await call<{ ok: boolean; problems: unknown[]; anchor: { streams: number } }>(urls.qz, 'POST', verifyPath('lc'), cityAuditor);
        return answer.status === 200 ? answer.body : undefined;
      },
      { timeoutMs: 60000, intervalMs: 500, what: 'a verification of lc' },
    );
    expect(clean).toMatchObject({ ok: true, problems: [] });
    expect(clean.anchor.streams).toBeGreaterThanOrEqual(2);
  });

  it('lets only the city office’s auditors verify, and only a deployment below', async () => {
    const status = async (headers: Record<string, string>, deployment = 'lc', base = urls.qz) =>
      (await call(base, 'POST', verifyPath(deployment), headers)).status;
    expect(await status(as('qz-office', ['analyst']))).toBe(403);
    expect(await status(as('qz-police', ['auditor']))).toBe(403);
    expect(await status(as('lc-office', ['auditor']))).toBe(403);
    expect(await status(as('fj-office', ['auditor']))).toBe(403);
    expect(await status(cityAuditor, 'zz')).toBe(404);
    expect(await status(cityAuditor, 'fj')).toBe(403);
    expect(await status(cityAuditor, 'qz')).toBe(403);
    expect(await status(cityAuditor, 'LC!')).toBe(422);
    // fz's own auditor may not verify lc: lc is not below fz.
    expect(await status(as('fz-office', ['auditor']), 'lc', urls.fz)).toBe(403);
  });

  it('answers 502 when the district’s audit API does not answer', async () => {
    expect((await call(urls.fz, 'POST', '/audit/anchors', as('fz-office', ['auditor']))).status).toBe(201);
    const answer = await pollUntil(
      async () => {
        const a = await call<{ code: string; title: string }>(urls.qz, 'POST', verifyPath('fz'), cityAuditor);
        return a.status !== 409 ? a : undefined;
      },
      { timeoutMs: 60000, intervalMs: 500, what: 'fz’s anchor at the city' },
    );
    expect(answer.status).toBe(502);
    expect(answer.body.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(answer.body.title).toBe('后台服务暂无响应');
  });

  it('refuses an anchor check without a valid link token, and a link token anywhere else', async () => {
    const check = (headers: Record<string, string>) =>
      call(urls.lc, 'POST', '/audit/federation/anchor-checks', headers, { anchorId: '00000000-0000-4000-8000-000000000000', headPosition: 0 });
    const linkToken = (secret: string, ttlSeconds = 60) =>
      signToken({ sub: 'qz-auditor-lin', agency: 'qz-office', roles: ['auditor'] }, secret, { ttlSeconds });
    const from = (deployment: string, token: string) => ({ 'x-federation-deployment': deployment, 'x-federation-token': token });
    const link = linkToken(links.lc);
    expect((await check({})).status).toBe(401);
    // Another link's secret, a deployment that is not above lc, a token living longer than a link token.
    expect((await check(from('qz', linkToken(links.fz)))).status).toBe(401);
    expect((await check(from('fz', link))).status).toBe(401);
    expect((await check(from('qz', linkToken(links.lc, 600)))).status).toBe(401);
    const ok = await check(from('qz', link));
    expect(ok.status).toBe(200);
    expect(Object.keys(ok.body).sort()).toEqual(['checkedAt', 'deployment', 'events', 'headPosition', 'heads', 'problems', 'streams']);
    expect((await call(urls.lc, 'GET', '/audit/anchors', { Authorization: `Bearer ${link}` })).status).toBe(401);
  });

  it('finds a stream removed from lc’s store, an event rewritten in it, and a history rewritten with its hashes', async () => {
    const sql = (text: string, params: unknown[]) => lcStore.pool.query(text.replace('events', `"${lcStore.schema}".events`), params);
    await sql(`DELETE FROM events WHERE stream_id = $1`, [`report-statistics-${MONTH}`]);
    const [access] = await lcStore.readStream('access-audit-anchors');
    await sql(`UPDATE events SET data = $1 WHERE event_id = $2`, [JSON.stringify({ ...(access.data as object), purpose: '篡改' }), access.id]);
    // The first read of lc's table, rewritten and its hash recomputed: the chain holds, the anchor does not.
    const [read] = await lcStore.readStream('access-report-work-statistics');
    await sql(`UPDATE events SET data = $1 WHERE event_id = $2`, [JSON.stringify({ ...(read.data as object), agency: 'lc-finance' }), read.id]);
    const [rewritten] = await lcStore.readStream('access-report-work-statistics');
    await sql(`UPDATE events SET hash = $1 WHERE event_id = $2`, [chainHash(rewritten.prevHash, rewritten, JSON.stringify(rewritten.data)), read.id]);
    const answer = await call<{ ok: boolean; problems: Array<{ streamId: string; kind: string; kindLabel: string }> }>(
      urls.qz,
      'POST',
      verifyPath('lc'),
      cityAuditor,
    );
    expect(answer.status).toBe(200);
    expect(answer.body.ok).toBe(false);
    expect(answer.body.problems.map((p) => [p.streamId, p.kind, p.kindLabel])).toEqual(
      expect.arrayContaining([
        [`report-statistics-${MONTH}`, 'stream_missing', '事件流缺失'],
        ['access-audit-anchors', 'altered', '内容被篡改'],
        ['access-report-work-statistics', 'anchor_mismatch', '与锚点不符'],
      ]),
    );
  });
});
