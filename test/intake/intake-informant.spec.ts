/**
 * Informant identity: sealed in the event, readable only by the office with a
 * purpose, every attempt recorded; after crypto-shredding nobody can read it
 * (410) while the event and the hash chain stay as they were.
 */
import request from 'supertest';
import { LeadReceivedData, RecordAccessedData, toAccessStreamId, toLeadStreamId } from '@jm/contracts';
import { verifyChain } from '@jm/event-sourcing';
import { bearer } from '@jm/platform/testing';
import { IntakeHarness, startIntake, streamEvents, submitAgencyLead } from './support';

const IDENTITY = { name: '王五', phone: '13912345678', idNumber: '35050219800101123X', address: '鲤城区海滨街道某某小区3号楼' };
const PURPOSE = encodeURIComponent('核实举报内容，需联系举报人');

describe('intake: informant identity', () => {
  let h: IntakeHarness;
  let leadId: string;
  beforeAll(async () => {
    h = await startIntake();
    ({ leadId } = await submitAgencyLead(h, 'lc-market', ['unit_officer'], { informant: IDENTITY }));
  });
  afterAll(async () => {
    await h.close();
  });

  const read = (agency: string, roles: Parameters<typeof bearer>[1], purpose: string | null = PURPOSE) => {
    const req = request(h.http).get(`/leads/${leadId}/informant`).set(bearer(agency, roles));
    return purpose === null ? req : req.set('X-Access-Purpose', purpose);
  };
  const accessLog = async () => (await streamEvents(h, toAccessStreamId('lead', leadId))).map((e) => e.data as RecordAccessedData);

  it('the event carries only the sealed identity, under the informant’s own key', async () => {
    const [received] = await streamEvents(h, toLeadStreamId(leadId));
    const data = received.data as LeadReceivedData;
    expect(data.anonymous).toBe(false);
    expect(data.informant).toMatchObject({ alg: 'AES-256-GCM', keyId: `informant-${leadId}` });
    expect(JSON.stringify(received)).not.toMatch(/王五|13912345678|35050219800101123X|海滨街道某某小区/);
    const rows = await h.db.query('SELECT * FROM lead_summary WHERE lead_id = ?', [leadId]);
    expect(JSON.stringify(rows)).not.toMatch(/王五|13912345678/);
  });

  it('an office officer of the lead’s office reads it with a purpose; the read is recorded', async () => {
    const res = await read('lc-office', ['office_officer']);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ leadId, informant: IDENTITY });
    expect((await accessLog()).at(-1)).toMatchObject({
      agency: 'lc-office',
      fields: ['informant_identity'],
      purpose: '核实举报内容，需联系举报人',
      granted: true,
    });
  });

  it('without X-Access-Purpose: 422, recorded as refused', async () => {
    const res = await read('lc-office', ['office_officer'], null);
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([expect.objectContaining({ field: 'X-Access-Purpose' })]);
    expect((await accessLog()).at(-1)).toMatchObject({ agency: 'lc-office', fields: ['informant_identity'], granted: false });
  });

  it('an analyst gets 403 with the reason, and the attempt is in the access log', async () => {
    const res = await read('lc-office', ['analyst']);
    expect(res.status).toBe(403);
    expect(res.body.detail).toMatch(/analysts query reporting's projections .*, not lead or case files/);
    expect(JSON.stringify(res.body)).not.toMatch(/王五|13912345678/);
    expect((await accessLog()).at(-1)).toMatchObject({ agency: 'lc-office', roles: ['analyst'], fields: ['informant_identity'], granted: false });
  });

  it('the receiving unit sees the lead but not the identity (403); another district does not see the lead at all (404)', async () => {
    const unit = await read('lc-market', ['unit_officer']);
    expect(unit.status).toBe(403);
    expect(unit.body.detail).toMatch(/only an office_officer/);
    expect((await read('fz-office', ['office_officer'])).status).toBe(404);
    const log = await accessLog();
    expect(log.filter((l) => !l.granted).map((l) => l.agency)).toEqual(expect.arrayContaining(['lc-market', 'fz-office']));
  });

  it('an anonymous lead has no identity to read (404)', async () => {
    const anonymous = await submitAgencyLead(h, 'lc-market', ['unit_officer']);
    const res = await request(h.http)
      .get(`/leads/${anonymous.leadId}/informant`)
      .set(bearer('lc-office', ['office_officer']))
      .set('X-Access-Purpose', 'check');
    expect(res.status).toBe(404);
    expect(res.body.detail).toMatch(/anonymously/);
  });

  it('shredding: units and analysts may not (403), a reason is required (422)', async () => {
    const unit = await request(h.http)
      .post(`/leads/${leadId}/informant/shred`)
      .set(bearer('lc-market', ['unit_officer']))
      .send({ reason: '举报人要求' });
    expect(unit.status).toBe(403);
    const analyst = await request(h.http)
      .post(`/leads/${leadId}/informant/shred`)
      .set(bearer('lc-office', ['analyst']))
      .send({ reason: '举报人要求' });
    expect(analyst.status).toBe(403);
    const noReason = await request(h.http)
      .post(`/leads/${leadId}/informant/shred`)
      .set(bearer('lc-office', ['office_officer']))
      .send({});
    expect(noReason.status).toBe(422);
    expect((await read('lc-office', ['office_officer'])).status).toBe(200);
  });

  it('after shredding nobody can read it (410), the LeadReceived event still verifies and keeps the sealed value', async () => {
    const before = await streamEvents(h, toLeadStreamId(leadId));
    const sealed = (before[0].data as LeadReceivedData).informant;
    const res = await request(h.http)
      .post(`/leads/${leadId}/informant/shred`)
      .set(bearer('lc-office', ['admin']))
      .send({ reason: '举报人申请删除身份信息' });
    expect(res.status).toBe(200);
    expect(res.body.events).toEqual(['InformantIdentityShredded']);

    for (const [agency, roles] of [
      ['lc-office', ['office_officer']],
      ['lc-market', ['unit_officer']],
    ] as const) {
      const attempt = await read(agency, [...roles]);
      expect(attempt.status).toBe(410);
      expect(attempt.body.code).toBe('KEY_SHREDDED');
    }
    // Roles that never read lead files are refused for that reason first (intake-access.spec.ts).
    for (const roles of [['admin'], ['analyst']] as const) expect((await read('lc-office', [...roles])).status).toBe(403);
    const after = await streamEvents(h, toLeadStreamId(leadId));
    expect(after[0]).toEqual(before[0]);
    expect((after[0].data as LeadReceivedData).informant).toEqual(sealed);
    expect(after.at(-1)).toMatchObject({
      type: 'InformantIdentityShredded',
      data: { leadId, keyId: `informant-${leadId}`, reason: '举报人申请删除身份信息' },
    });
    expect(verifyChain(after)).toEqual({ ok: true, checked: after.length });
    const keys = await h.db.query('SELECT wrapped_key, shredded_at FROM crypto_keys WHERE key_id = ?', [`informant-${leadId}`]);
    expect(keys).toEqual([{ wrapped_key: null, shredded_at: expect.any(String) }]);
    const again = await request(h.http)
      .post(`/leads/${leadId}/informant/shred`)
      .set(bearer('lc-office', ['office_officer']))
      .send({ reason: 'again' });
    expect(again.status).toBe(409);
    const lead = await request(h.http)
      .get(`/leads/${leadId}`)
      .set(bearer('lc-office', ['office_officer']));
    expect(lead.body.informant).toBe('shredded');
  });
});
