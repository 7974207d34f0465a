/**
 * The audit by jurisdiction, role × agency over every audit route: an auditor
 * audits what its agency's jurisdiction covers (a city office its districts);
 * the platform-wide audit (verification, anchors, the whole access log) is
 * the top office's (fj-office, the registry's highest office covering every
 * agency). Streams out of reach answer 404, like streams that do not exist.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { LeadReceivedData, RECORD_ACCESSED, RecordAccessedData } from '@jm/contracts';
import { ManualClock } from '@jm/event-sourcing';
import { AGENCY_REGISTRY } from '@jm/platform';
import { AgencyRegistry, regionContains, Role } from '@jm/reference';
import { bearer } from '@jm/platform/testing';
import { pollUntil } from '@jm/testing';
import { leadSummary } from '../../services/cases/src/testing/fixtures';
import { topOffices } from '../../services/reporting/src/audit/audit-scope';
import { auditEvent, givenAuditHistory } from './support/audit-history';
import { ReportingTestApp, startReportingApp } from './support/reporting-app';

const dir = mkdtempSync(join(tmpdir(), 'jm-audit-jurisdiction-'));
const clock = new ManualClock(new Date('2026-03-10T02:00:00.000Z'));
let reporting: ReportingTestApp;
const http = () => request(reporting.app.getHttpServer());

const LC_LEAD = randomUUID();
const LC_CASE = `C-${randomUUID().slice(0, 8)}`;
const FZ_LEAD = randomUUID();
const FZ_CLOCK = `routed-lead-feedback.${FZ_LEAD.slice(0, 8)}`;
const RANGE = { from: '2026-03-01T00:00:00Z', to: '2026-03-09T00:00:00Z' };

/** A Fengze lead (350503) and a read of it by fz-office, beside the Licheng history. */
async function givenFengze(): Promise<void> {
  const received: LeadReceivedData = {
    ...leadSummary(FZ_LEAD, { jurisdiction: '350503', street: 'fz-st-donghai', receivedBy: 'fz-st-donghai', receivedAt: '2026-03-03T01:00:00.000Z' }),
    anonymous: true,
    description: '丰泽区线索',
    evidence: [],
    office: 'fz-office',
    reportDeadline: '2026-03-04T01:00:00.000Z',
  };
  await reporting.store.append(
    `lead-${FZ_LEAD}`,
    [auditEvent('LeadReceived', received, '2026-03-03T01:00:00.000Z', { agency: 'fz-st-donghai', user: 'grid-9' })],
    'no_stream',
  );
  const read: RecordAccessedData = {
    resourceType: 'lead',
    resourceId: FZ_LEAD,
    agency: 'fz-office',
    user: 'fz-1',
    roles: ['office_officer'],
    fields: ['summary'],
    granted: true,
  };
  // Routed to a city unit: the routing stream is still the Fengze lead's.
  const routed = { leadId: FZ_LEAD, unit: 'qz-police', rule: 'manual', deadline: '2026-03-17T02:00:00.000Z' };
  await reporting.store.append(
    `routing-${FZ_LEAD}`,
    [auditEvent('LeadRouted', routed, '2026-03-03T03:00:00.000Z', { agency: 'fz-office', user: 'fz-1' })],
    'no_stream',
  );
  // A deadline clock of a Fengze unit names no region, only the unit.
  const clock = {
    clockId: FZ_CLOCK,
    policyId: 'routed-lead-feedback',
    subject: { kind: 'lead', id: FZ_LEAD },
    unit: 'fz-police',
    startedAt: '2026-03-03T02:00:00.000Z',
    dueAt: '2026-03-17T02:00:00.000Z',
  };
  await reporting.store.append(
    `deadline-${FZ_CLOCK}`,
    [auditEvent('ClockStarted', clock, '2026-03-03T02:00:00.000Z', { agency: 'system', user: 'deadlines' })],
    'no_stream',
  );
  await reporting.store.append(
    `access-lead-${FZ_LEAD}`,
    [auditEvent(RECORD_ACCESSED, read, '2026-03-04T02:00:00.000Z', { agency: 'fz-office', user: 'fz-1' })],
    'any',
  );
}

/** What each auditor may reach: Licheng (350502), Fengze (350503), and whether it has the platform-wide audit. */
const AUDITORS: { who: string; agency: string; licheng: boolean; fengze: boolean; platform: boolean }[] = [
  { who: 'top-office auditor', agency: 'fj-office', licheng: true, fengze: true, platform: true },
  { who: 'city office auditor', agency: 'qz-office', licheng: true, fengze: true, platform: false },
  { who: 'district office auditor', agency: 'lc-office', licheng: true, fengze: false, platform: false },
  { who: 'other-district office auditor', agency: 'fz-office', licheng: false, fengze: true, platform: false },
  { who: 'unit auditor of the district', agency: 'lc-police', licheng: true, fengze: false, platform: false },
  { who: 'unit auditor of another district (fz-police)', agency: 'fz-police', licheng: false, fengze: true, platform: false },
  { who: 'city unit auditor', agency: 'qz-police', licheng: true, fengze: true, platform: false },
];

beforeAll(async () => {
  reporting = await startReportingApp(
    { SQLITE_PATH: join(dir, 'events.sqlite'), READ_MODEL_SQLITE_PATH: join(dir, 'reporting-read.sqlite'), AUDIT_ANCHOR_INTERVAL_MINUTES: '0' },
    clock,
  );
  await givenAuditHistory(reporting.store, LC_LEAD, LC_CASE);
  await givenFengze();
  // The access log is a projection: wait until both reads are in it.
  await pollUntil(
    async () =>
      (
        await http()
          .get('/audit/access-log')
          .query({ resourceType: 'lead' })
          .set(bearer('fj-office', ['auditor']))
      ).body.total >= 1 || undefined,
    { timeoutMs: 20000, what: 'the reads in the access log' },
  );
  await pollUntil(
    async () =>
      (
        await http()
          .get('/audit/access-log')
          .query({ resourceType: 'case' })
          .set(bearer('fj-office', ['auditor']))
      ).body.total >= 1 || undefined,
    { timeoutMs: 20000, what: 'the case read in the access log' },
  );
});

afterAll(async () => {
  await reporting?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('audit: the top office is derived from the registry', () => {
  it('given the shipped registry, then the province office is the top office; given one without a covering office, none', () => {
    expect(topOffices(reporting.app.get<AgencyRegistry>(AGENCY_REGISTRY)).map((a) => a.code)).toEqual(['fj-office']);
    const office = (code: string, jurisdiction: string) => ({
      code,
      name: { 'zh-CN': code, en: code },
      kind: 'office' as const,
      level: 'city' as const,
      jurisdiction,
    });
    const twoCities = new AgencyRegistry([office('qz-office', '350500'), office('xm-office', '350200')]);
    expect(topOffices(twoCities)).toEqual([]);
    const oneCity = new AgencyRegistry([office('qz-office', '350500'), { ...office('lc-office', '350502'), level: 'district' }]);
    expect(topOffices(oneCity).map((a) => a.code)).toEqual(['qz-office']);
  });
});

describe.each(AUDITORS)('audit: $who ($agency)', ({ agency, licheng, fengze, platform }) => {
  const auditor = () => bearer(agency, ['auditor'], `${agency}-auditor`);
  const reach = (yes: boolean) => (yes ? 200 : 404);

  it(`replays Licheng's lead, routing and case streams: ${licheng ? 'yes' : 'no (404)'}; Fengze's lead, its reads and a Fengze unit's deadline clock: ${fengze ? 'yes' : 'no (404)'}`, async () => {
    for (const stream of [`lead-${LC_LEAD}`, `routing-${LC_LEAD}`, `case-${LC_CASE}`, `access-case-${LC_CASE}`]) {
      const res = await http().get('/audit/timeline').query({ stream }).set(auditor());
      expect({ stream, status: res.status }).toEqual({ stream, status: reach(licheng) });
      if (!licheng) expect(JSON.stringify(res.body)).not.toMatch(/泉州某某|CaseOpened/);
    }
    for (const stream of [`lead-${FZ_LEAD}`, `routing-${FZ_LEAD}`, `access-lead-${FZ_LEAD}`, `deadline-${FZ_CLOCK}`]) {
      const res = await http().get('/audit/timeline').query({ stream }).set(auditor());
      expect({ stream, status: res.status }).toEqual({ stream, status: reach(fengze) });
    }
    // Streams that name no region (here the audit's own access stream, written in beforeAll) are the top office's.
    expect((await http().get('/audit/timeline').query({ stream: 'access-audit-access-log' }).set(auditor())).status).toBe(platform ? 200 : 404);
  });

  it(`reads the Licheng case's state at a moment: ${licheng ? 'yes' : 'no (404)'}`, async () => {
    const res = await http().get(`/audit/cases/${LC_CASE}/state`).query({ at: '2026-03-06T12:00:00Z' }).set(auditor());
    expect(res.status).toBe(reach(licheng));
    if (!licheng) expect(JSON.stringify(res.body)).not.toMatch(/泉州某某|investigating/);
  });

  it('replays a time range with only the streams its jurisdiction covers', async () => {
    const res = await http().get('/audit/timeline').query(RANGE).set(auditor()).expect(200);
    const streams = new Set(res.body.items.map((i: { streamId: string }) => i.streamId));
    expect({ licheng: streams.has(`lead-${LC_LEAD}`), lichengCase: streams.has(`case-${LC_CASE}`), fengze: streams.has(`lead-${FZ_LEAD}`) }).toEqual({
      licheng,
      lichengCase: licheng,
      fengze,
    });
  });

  it(`reads the access log: ${platform ? 'all of it' : 'the reads by agencies of its jurisdiction'}`, async () => {
    const res = await http().get('/audit/access-log').query({ pageSize: 500 }).set(auditor()).expect(200);
    const readers = new Set(
      res.body.items.filter((i: { resourceType: string }) => i.resourceType !== 'audit').map((i: { agency: string }) => i.agency),
    );
    expect({ lcMarket: readers.has('lc-market'), fzOffice: readers.has('fz-office') }).toEqual({ lcMarket: licheng, fzOffice: fengze });
    const registry = reporting.app.get<AgencyRegistry>(AGENCY_REGISTRY);
    const own = registry.get(agency)!.jurisdiction;
    const outside = res.body.items.filter((i: { agency: string }) => !regionContains(own, registry.get(i.agency)?.jurisdiction ?? 'none'));
    expect(platform || outside.length === 0).toBe(true);
  });

  it(`verifies the whole store and takes and lists anchors: ${platform ? 'yes' : 'no (403 naming the top office)'}`, async () => {
    const verified = await http().post('/audit/verifications').set(auditor());
    expect(verified.status).toBe(platform ? 200 : 403);
    if (!platform) expect(verified.body.detail).toContain('fj-office');
    expect((await http().post('/audit/anchors').set(auditor())).status).toBe(platform ? 201 : 403);
    expect((await http().get('/audit/anchors').set(auditor())).status).toBe(platform ? 200 : 403);
  });
});

describe('audit: roles other than auditor', () => {
  const NON_AUDITORS: [string, Role][] = [
    ['fj-office', 'admin'],
    ['fj-office', 'office_officer'],
    ['fj-office', 'analyst'],
    ['qz-office', 'convener'],
    ['lc-office', 'office_officer'],
    ['lc-office', 'analyst'],
    ['lc-office', 'admin'],
    ['lc-police', 'unit_officer'],
    ['lc-st-haibin', 'street_officer'],
  ];

  it.each(NON_AUDITORS)('given a %s %s, then every read route of the audit answers 403', async (agency, role) => {
    const token = bearer(agency, [role]);
    const calls = [
      http()
        .get('/audit/timeline')
        .query({ stream: `case-${LC_CASE}` }),
      http().get('/audit/timeline').query(RANGE),
      http().get(`/audit/cases/${LC_CASE}/state`).query({ at: '2026-03-06T12:00:00Z' }),
      http().get('/audit/access-log'),
      http().post('/audit/verifications'),
    ];
    for (const call of calls) expect((await call.set(token)).status).toBe(403);
  });

  it('anchors: the top office’s admin may take and list them; an admin of another office may not', async () => {
    await http()
      .post('/audit/anchors')
      .set(bearer('fj-office', ['admin']))
      .expect(201);
    await http()
      .get('/audit/anchors')
      .set(bearer('fj-office', ['admin']))
      .expect(200);
    for (const agency of ['qz-office', 'lc-office', 'fz-office']) {
      expect(
        (
          await http()
            .post('/audit/anchors')
            .set(bearer(agency, ['admin']))
        ).status,
      ).toBe(403);
      expect(
        (
          await http()
            .get('/audit/anchors')
            .set(bearer(agency, ['admin']))
        ).status,
      ).toBe(403);
    }
  });
});

describe('audit: calls about things that do not exist are not streams', () => {
  const accessStreams = async () =>
    [...new Set((await reporting.store.readAll({ limit: 100000 })).map((e) => e.streamId).filter((s) => s.startsWith('access-')))].sort();

  it('given timelines and case states of missing streams and many ranges, then 404s and no new access-… stream beyond the one for ranges', async () => {
    const top = bearer('fj-office', ['auditor']);
    await http().get('/audit/timeline').query(RANGE).set(top).expect(200);
    const before = await accessStreams();
    await http()
      .get('/audit/timeline')
      .query({ stream: `case-${randomUUID()}` })
      .set(top)
      .expect(404);
    await http()
      .get('/audit/timeline')
      .query({ stream: 'case-nope' })
      .set(bearer('lc-office', ['analyst']))
      .expect(403);
    await http()
      .get(`/audit/cases/C-${randomUUID().slice(0, 8)}/state`)
      .query({ at: '2026-03-06T12:00:00Z' })
      .set(top)
      .expect(404);
    for (const day of ['02', '03', '04'])
      await http()
        .get('/audit/timeline')
        .query({ from: `2026-03-${day}T00:00:00Z`, to: '2026-03-09T00:00:00Z' })
        .set(top)
        .expect(200);
    expect(await accessStreams()).toEqual(before);
    const ranges = await reporting.store.readStream('access-audit-range');
    expect(ranges.at(-1)?.data).toMatchObject({ fields: ['timeline:2026-03-04T00:00:00.000Z..2026-03-09T00:00:00.000Z'], granted: true });
  });
});
