/**
 * Who reads lead files in intake, role × agency: the casework roles, each
 * within need-to-know; analysts, auditors and administrators never (403, with
 * where to look instead), on every read route. Reads of leads that do not
 * exist, or of ids that are not well formed, are 404 and leave no access-…
 * stream (they are only counted in the service log).
 */
import request from 'supertest';
import { AccessLog } from '@jm/platform';
import { Role } from '@jm/reference';
import { bearer } from '@jm/platform/testing';
import { allEvents, IntakeHarness, startIntake, submitAgencyLead } from './support';

const READS = [
  { route: 'GET /leads', path: () => '/leads' },
  { route: 'GET /leads/:id', path: (id: string) => `/leads/${id}` },
  { route: 'GET /leads/:id/informant', path: (id: string) => `/leads/${id}/informant` },
];

/** Roles that never read lead files, at agencies of every kind and level that may hold them. */
const NON_CASEWORK: [string, Role][] = [
  ['lc-office', 'analyst'],
  ['lc-office', 'auditor'],
  ['lc-office', 'admin'],
  ['qz-office', 'analyst'],
  ['qz-office', 'auditor'],
  ['fj-office', 'auditor'],
  ['lc-police', 'analyst'],
  ['lc-police', 'auditor'],
  ['fz-police', 'auditor'],
  ['lc-st-haibin', 'analyst'],
];

describe('intake: lead files are for casework roles', () => {
  let h: IntakeHarness;
  let leadId: string;
  beforeAll(async () => {
    h = await startIntake();
    ({ leadId } = await submitAgencyLead(h, 'lc-st-haibin', ['street_officer'], { informant: { name: '李四', phone: '13900000000' } }));
  });
  afterAll(async () => {
    await h.close();
  });

  const read = (path: string, agency: string, roles: Role[]) =>
    request(h.http).get(path).set(bearer(agency, roles)).set('X-Access-Purpose', 'audit-check');

  it.each(NON_CASEWORK)('given a %s %s token, then every intake read route answers 403 without the lead’s content', async (agency, role) => {
    for (const { route, path } of READS) {
      const res = await read(path(leadId), agency, [role]);
      expect({ route, status: res.status }).toEqual({ route, status: 403 });
      expect(JSON.stringify(res.body)).not.toMatch(/海滨街道设点|李四|13900000000|subjects|location/);
      expect(res.body.detail).toMatch(role === 'analyst' ? /projections/ : role === 'auditor' ? /audit/ : /casework roles/);
    }
  });

  it('given casework roles, then need-to-know decides: the receiver and the offices over the district read the lead, others get 404', async () => {
    expect((await read(`/leads/${leadId}`, 'lc-st-haibin', ['street_officer'])).status).toBe(200);
    expect((await read(`/leads/${leadId}`, 'lc-office', ['office_officer'])).status).toBe(200);
    expect((await read(`/leads/${leadId}`, 'qz-office', ['office_officer'])).status).toBe(200);
    expect((await read(`/leads/${leadId}`, 'lc-office', ['convener'])).status).toBe(200);
    expect((await read(`/leads/${leadId}`, 'fz-office', ['office_officer'])).status).toBe(404);
    expect((await read(`/leads/${leadId}`, 'lc-market', ['unit_officer'])).status).toBe(404);
    const list = await read('/leads', 'lc-office', ['office_officer']);
    expect(list.body.items.map((l: { leadId: string }) => l.leadId)).toContain(leadId);
    // A caseworker who also holds a non-casework role is still a caseworker.
    expect((await read(`/leads/${leadId}`, 'lc-office', ['office_officer', 'analyst'])).status).toBe(200);
    const identity = await read(`/leads/${leadId}/informant`, 'lc-office', ['office_officer']);
    expect(identity.status).toBe(200);
    expect(identity.body.informant).toMatchObject({ name: '李四' });
  });

  it.each([
    ['a lead that does not exist', '00000000-0000-4000-8000-000000000000'],
    ['a very long id', 'x'.repeat(5000)],
    ['odd Unicode', encodeURIComponent('线索\u202e\u200b𝒞')],
    ['an encoded slash', 'a%2Fb'],
    ['control characters', '%00%01%1b'],
  ])('given %s, then the lead and informant reads answer 404, no access-… stream appears, and the reads are counted', async (_what, id) => {
    const streamsBefore = new Set((await allEvents(h)).map((e) => e.streamId));
    const counted = h.app.get(AccessLog).counts().notFound;
    for (const path of [`/leads/${id}`, `/leads/${id}/informant`]) {
      const res = await read(path, 'lc-office', ['office_officer']);
      expect({ path: path.slice(0, 60), status: res.status }).toEqual({ path: path.slice(0, 60), status: 404 });
      expect(JSON.stringify(res.body)).not.toMatch(/INVALID_APPEND|stream id|access-/);
    }
    const created = (await allEvents(h)).map((e) => e.streamId).filter((s) => !streamsBefore.has(s));
    expect(created).toEqual([]);
    expect(h.app.get(AccessLog).counts().notFound).toBe(counted + 2);
  });
});
