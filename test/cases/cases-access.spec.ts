/**
 * Access in the cases service over HTTP (embedded mode, real SQLite store and
 * bus): reads are recorded only for things that exist, malformed ids answer
 * 404 without revealing stream naming, and need-to-know keeps a lead referred
 * up to the city from an uninvolved member unit (404, never a 500).
 */
import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { RECORD_ACCESSED } from '@jm/contracts';
import { EventStore, ManualClock } from '@jm/event-sourcing';
import { AccessLog } from '@jm/platform';
import { Role } from '@jm/reference';
import { bearer } from '@jm/platform/testing';
import { leadSummary } from '../../services/cases/src/testing/fixtures';
import { CasesTestApp, startCasesApp } from './support/cases-app';

const clock = new ManualClock(new Date('2026-03-02T01:00:00.000Z'));
let cases: CasesTestApp;
let app: INestApplication;
let store: EventStore;
const http = () => request(app.getHttpServer());
const as = (agency: string, roles: Role[]) => bearer(agency, roles, `${agency}-user`);
const office = as('lc-office', ['office_officer']);

/** Every access-… stream in the store, read from the store itself. */
async function accessStreams(): Promise<string[]> {
  const events = await store.readAll({ limit: 100000 });
  return [...new Set(events.filter((e) => e.streamId.startsWith('access-')).map((e) => e.streamId))].sort();
}

/** What intake appends for a lead received and reported to lc-office, as a field that is beyond the district. */
async function reportLead(field: 'pension' | 'securities_futures'): Promise<string> {
  const leadId = randomUUID();
  return cases.reportLead(leadSummary(leadId, field === 'securities_futures' ? { field, category: 'illegal_securities' } : { field }), office);
}

beforeAll(async () => {
  cases = await startCasesApp('cases-access', clock);
  ({ app, store } = cases);
});

afterAll(async () => {
  await cases?.close();
});

describe('cases: need-to-know of a referred-up lead', () => {
  it('given a lead referred up to the city office, then an uninvolved member unit gets 404 for its triage, the city office 200', async () => {
    const leadId = await reportLead('securities_futures');
    const referred = await http().post(`/triage/${leadId}/route`).set(office).send({}).expect(200);
    expect(referred.body.events).toEqual(['LeadReferredUp']);
    await http()
      .get(`/triage/${leadId}`)
      .set(as('qz-office', ['office_officer']))
      .expect(200);
    for (const unit of ['lc-market', 'lc-police', 'qz-police']) {
      const res = await http()
        .get(`/triage/${leadId}`)
        .set(as(unit, ['unit_officer']));
      expect({ unit, status: res.status, code: res.body.code }).toEqual({ unit, status: 404, code: 'NOT_FOUND' });
    }
    await http()
      .get(`/triage/${leadId}`)
      .set(as('lc-st-haibin', ['street_officer']))
      .expect(404);
  });
});

describe('cases: reads of ids that do not exist are not streams', () => {
  it('given GETs of case, triage and meeting ids that do not exist, then 404 and no access-… stream appears; each is counted in the service log', async () => {
    const before = await accessStreams();
    const counted = app.get(AccessLog).counts().notFound;
    for (const path of ['/cases/C-nope', `/cases/${randomUUID()}`, `/triage/${randomUUID()}`, '/meetings/M-nope']) {
      const res = await http().get(path).set(office);
      expect({ path, status: res.status }).toEqual({ path, status: 404 });
    }
    expect(await accessStreams()).toEqual(before);
    expect(app.get(AccessLog).counts().notFound).toBe(counted + 4);
  });

  it.each([
    ['very long', 'x'.repeat(5000)],
    ['odd Unicode', encodeURIComponent('案件\u202e\u200b𝒞')],
    ['an encoded slash', 'a%2Fb'],
    ['control characters', '%00%01%1b'],
    ['stream-like', 'case-1%3Aaccess'],
  ])('given a malformed id (%s) in the path, then 404 with no stream naming in the body, and nothing stored', async (_what, id) => {
    const before = await accessStreams();
    for (const path of [`/cases/${id}`, `/triage/${id}`, `/meetings/${id}`]) {
      const res = await http().get(path).set(office);
      expect({ path: path.slice(0, 40), status: res.status }).toEqual({ path: path.slice(0, 40), status: 404 });
      expect(JSON.stringify(res.body)).not.toMatch(/INVALID_APPEND|stream id|access-/);
    }
    expect(await accessStreams()).toEqual(before);
  });

  it('given reads of a case that exists, granted and refused, then both are still recorded in its access stream', async () => {
    const leadId = await reportLead('pension');
    await http().post(`/triage/${leadId}/route`).set(office).send({}).expect(200);
    await http().get(`/triage/${leadId}`).set(office).expect(200);
    await http()
      .get(`/triage/${leadId}`)
      .set(as('lc-market', ['unit_officer']))
      .expect(404);
    const refusedBefore = app.get(AccessLog).counts().refused;
    await http()
      .get(`/triage/${leadId}`)
      .set(as('lc-finance', ['unit_officer']))
      .expect(404);
    expect(app.get(AccessLog).counts().refused).toBe(refusedBefore + 1);
    // The earlier entries are the office's reads while waiting for the triage to open.
    const log = (await store.readStream(`access-routing-${leadId}`)).slice(-3);
    expect(log.map((e) => [e.type, e.actor.agency, (e.data as { granted: boolean }).granted])).toEqual([
      [RECORD_ACCESSED, 'lc-office', true],
      [RECORD_ACCESSED, 'lc-market', false],
      [RECORD_ACCESSED, 'lc-finance', false],
    ]);
  });
});
