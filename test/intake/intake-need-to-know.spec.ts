/**
 * Need-to-know: a unit sees the leads it received, was routed or assigned;
 * the office sees its jurisdiction; anything else is 404. Every read is
 * recorded in the lead's access stream.
 */
import request from 'supertest';
import { RecordAccessedData, toAccessStreamId, toCaseStreamId, toRoutingStreamId } from '@jm/contracts';
import { bearer } from '@jm/platform/testing';
import { pollUntil } from '@jm/testing';
import { appendCasesEvent, handled, IntakeHarness, startIntake, streamEvents, submitAgencyLead } from './support';

describe('intake: need-to-know reads', () => {
  let h: IntakeHarness;
  beforeAll(async () => {
    h = await startIntake();
  });
  afterAll(async () => {
    await h.close();
  });

  const get = (leadId: string, agency: string, roles: Parameters<typeof bearer>[1]) =>
    request(h.http).get(`/leads/${leadId}`).set(bearer(agency, roles));

  it('given a lead received by lc-police, then lc-market gets 404, lc-office and the city office see it, fz-office gets 404', async () => {
    const { leadId } = await submitAgencyLead(h, 'lc-police', ['unit_officer'], { informant: { name: '李四', phone: '13900000000' } });
    const own = await get(leadId, 'lc-police', ['unit_officer']);
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({
      leadId,
      receivedBy: 'lc-police',
      office: 'lc-office',
      categoryLabel: '非法集资',
      informant: 'sealed',
      anonymous: false,
      publicStatus: 'received',
    });
    expect(own.headers.etag).toBe('"1"');
    // The identity is never part of the lead, not even sealed.
    expect(JSON.stringify(own.body)).not.toMatch(/李四|13900000000|ciphertext|receiptSecretHash/);
    expect((await get(leadId, 'lc-market', ['unit_officer'])).status).toBe(404);
    expect((await get(leadId, 'lc-st-haibin', ['street_officer'])).status).toBe(404);
    expect((await get(leadId, 'lc-office', ['office_officer'])).status).toBe(200);
    expect((await get(leadId, 'lc-office', ['analyst'])).status).toBe(403); // analysts use reporting (intake-access.spec.ts)
    expect((await get(leadId, 'qz-office', ['office_officer'])).status).toBe(200);
    const other = await get(leadId, 'fz-office', ['office_officer']);
    expect(other.status).toBe(404);
    expect(other.body.detail).toMatch(/was not found/);
    expect((await get('00000000-0000-4000-8000-000000000000', 'lc-office', ['office_officer'])).status).toBe(404);
    expect((await get('not-a-lead', 'lc-office', ['office_officer'])).status).toBe(404);
    // Commands on an invisible lead are 404 too, not 403: existence does not leak.
    expect(
      (
        await request(h.http)
          .post(`/leads/${leadId}/report-to-office`)
          .set(bearer('lc-market', ['unit_officer']))
      ).status,
    ).toBe(404);
  });

  it('every read is recorded (RecordAccessed), granted or not', async () => {
    const { leadId } = await submitAgencyLead(h, 'lc-police', ['unit_officer']);
    await get(leadId, 'lc-office', ['office_officer']).set('X-Access-Purpose', encodeURIComponent('分办前审阅'));
    await get(leadId, 'lc-market', ['unit_officer']);
    const log = await streamEvents(h, toAccessStreamId('lead', leadId));
    expect(log.map((e) => e.type)).toEqual(['RecordAccessed', 'RecordAccessed']);
    expect(log.map((e) => e.data as RecordAccessedData)).toEqual([
      expect.objectContaining({
        resourceType: 'lead',
        resourceId: leadId,
        agency: 'lc-office',
        fields: ['summary'],
        purpose: '分办前审阅',
        granted: true,
      }),
      expect.objectContaining({ agency: 'lc-market', fields: ['summary'], granted: false }),
    ]);
    expect(log[0].actor).toEqual({ agency: 'lc-office', user: 'lc-office-user' });
  });

  it('routing (cases’ LeadRouted) lets the unit and the street see it; a case lets its units see it', async () => {
    const { leadId } = await submitAgencyLead(h, 'lc-police', ['unit_officer']);
    const routed = await appendCasesEvent(h, toRoutingStreamId(leadId), 'LeadRouted', {
      leadId,
      unit: 'lc-market',
      street: 'lc-st-linjiang',
      rule: 'field:third_party_wealth_management',
      deadline: '2026-12-01T00:00:00.000Z',
    });
    await handled(h, routed.id);
    expect((await get(leadId, 'lc-market', ['unit_officer'])).status).toBe(200);
    expect((await get(leadId, 'lc-st-linjiang', ['street_officer'])).status).toBe(200);
    expect((await get(leadId, 'lc-court', ['unit_officer'])).status).toBe(404);

    const caseId = 'c0000000-0000-4000-8000-000000000001';
    const opened = await appendCasesEvent(h, toCaseStreamId(caseId), 'CaseOpened', {
      caseId,
      caseNo: 'CASE-350502-2026-0001',
      title: '某某财富',
      leadIds: [leadId],
      category: 'illegal_fundraising',
      field: 'third_party_wealth_management',
      jurisdiction: '350502',
      office: 'lc-office',
      leadUnit: 'lc-market',
      cooperatingUnits: ['lc-finance'],
      subjects: [],
      matchKeys: [],
    });
    await handled(h, opened.id);
    expect((await get(leadId, 'lc-finance', ['unit_officer'])).status).toBe(200);
    const assigned = await appendCasesEvent(h, toCaseStreamId(caseId), 'CaseUnitsAssigned', {
      caseId,
      leadUnit: 'lc-market',
      cooperatingUnits: ['lc-finance', 'lc-court'],
    });
    await handled(h, assigned.id);
    expect((await get(leadId, 'lc-court', ['unit_officer'])).status).toBe(200);

    const later = await submitAgencyLead(h, 'lc-st-haibin', ['street_officer']);
    expect((await get(later.leadId, 'lc-court', ['unit_officer'])).status).toBe(404);
    const attached = await appendCasesEvent(h, toCaseStreamId(caseId), 'LeadAttachedToCase', { caseId, leadId: later.leadId });
    await handled(h, attached.id);
    expect((await get(later.leadId, 'lc-court', ['unit_officer'])).status).toBe(200);
    expect((await get(later.leadId, 'lc-court', ['unit_officer'])).body).toMatchObject({ publicStatus: 'case_opened', caseId });
  });

  it('a lead referred up is visible to the office it went to', async () => {
    const { leadId } = await submitAgencyLead(h, 'fz-police', ['unit_officer'], { street: 'fz-st-donghai' });
    expect((await get(leadId, 'fj-office', ['office_officer'])).status).toBe(200);
    expect((await get(leadId, 'fj-csrc', ['unit_officer'])).status).toBe(404);
    const referred = await appendCasesEvent(h, toRoutingStreamId(leadId), 'LeadReferredUp', {
      leadId,
      from: 'fz-office',
      to: 'qz-office',
      reason: '超出区级权限',
    });
    await handled(h, referred.id);
    expect((await get(leadId, 'qz-office', ['office_officer'])).status).toBe(200);
  });

  it('lists show only visible leads, with status filter and paging', async () => {
    const mine = await submitAgencyLead(h, 'lc-propaganda', ['unit_officer']);
    await submitAgencyLead(h, 'lc-letters', ['unit_officer']);
    const list = (agency: string, roles: Parameters<typeof bearer>[1], query = '') =>
      pollUntil(
        async () => {
          const res = await request(h.http).get(`/leads${query}`).set(bearer(agency, roles));
          return res.body.items?.some((i: { leadId: string }) => i.leadId === mine.leadId) ? res : undefined;
        },
        { what: 'the lead in the list' },
      );
    const own = await list('lc-propaganda', ['unit_officer']);
    expect(own.body.items.map((i: { receivedBy: string }) => i.receivedBy)).toEqual(['lc-propaganda']);
    expect(own.body).toMatchObject({ page: 1, pageSize: 20, total: 1 });
    const office = await list('lc-office', ['office_officer'], '?status=received&pageSize=100');
    expect(office.body.items.every((i: { jurisdiction: string }) => i.jurisdiction === '350502')).toBe(true);
    expect(office.body.items.length).toBeGreaterThan(2);
    const fz = await request(h.http)
      .get('/leads')
      .set(bearer('fz-office', ['office_officer']));
    expect(fz.body.items.some((i: { leadId: string }) => i.leadId === mine.leadId)).toBe(false);
    const bad = await request(h.http)
      .get('/leads?status=lost&pageSize=1000')
      .set(bearer('lc-office', ['office_officer']));
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(['status', 'pageSize']);
  });
});
