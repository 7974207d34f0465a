/**
 * Agency submissions: first receiver and deadline, validation (each bad field
 * named, nothing stored), authentication and authorisation.
 */
import request from 'supertest';
import { LeadReceivedData, LeadReportedToOfficeData, toLeadStreamId } from '@jm/contracts';
import { bearer } from '@jm/platform/testing';
import { agencyLead, allEvents, IntakeHarness, startIntake, streamEvents } from './support';

describe('intake: agency submissions', () => {
  let h: IntakeHarness;
  beforeAll(async () => {
    h = await startIntake({ LEAD_REPORT_DEADLINE_HOURS: '24' });
  });
  afterAll(async () => {
    await h.close();
  });

  it('given a unit officer, when they submit a lead, then it is received by their unit and reported to the office with the deadline', async () => {
    const subjects = [{ kind: 'company', name: '泉州某某财富管理有限公司', creditCode: '91350502MA2XN0QX11' }];
    const res = await request(h.http)
      .post('/leads')
      .set(bearer('lc-market', ['unit_officer']))
      .send(agencyLead({ subjects }));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ streamId: `lead-${res.body.leadId}`, version: 1, events: ['LeadReceived', 'LeadReportedToOffice'] });
    expect(res.headers.etag).toBe('"1"');
    const events = await streamEvents(h, toLeadStreamId(res.body.leadId));
    const received = events[0].data as LeadReceivedData;
    const now = h.clock.now().toISOString();
    expect(received).toMatchObject({
      receivedBy: 'lc-market',
      receivedAt: now,
      office: 'lc-office',
      jurisdiction: '350502',
      street: 'lc-st-haibin',
      amountYuan: '1500000.00',
      anonymous: true,
      matchKeys: ['credit:91350502MA2XN0QX11', 'name:泉州某某财富管理'],
    });
    expect(received.reportDeadline).toBe(new Date(h.clock.now().getTime() + 24 * 3600_000).toISOString());
    expect(events[1].data as LeadReportedToOfficeData).toMatchObject({
      office: 'lc-office',
      reportedBy: 'lc-market',
      deadline: received.reportDeadline,
    });
    expect(events[0].actor).toEqual({ agency: 'lc-market', user: 'lc-market-user' });
  });

  it('reportToOffice false leaves the report for later; then POST report-to-office appends it', async () => {
    const res = await request(h.http)
      .post('/leads')
      .set(bearer('lc-st-haibin', ['street_officer']))
      .send(agencyLead({ reportToOffice: false }));
    expect(res.body.events).toEqual(['LeadReceived']);
    const report = await request(h.http)
      .post(`/leads/${res.body.leadId}/report-to-office`)
      .set(bearer('lc-st-haibin', ['street_officer']))
      .set('If-Match', '"0"');
    expect(report.status).toBe(200);
    expect(report.body).toEqual({ streamId: `lead-${res.body.leadId}`, version: 1, events: ['LeadReportedToOffice'] });
    const again = await request(h.http)
      .post(`/leads/${res.body.leadId}/report-to-office`)
      .set(bearer('lc-st-haibin', ['street_officer']));
    expect(again.status).toBe(409);
    expect(again.body.detail).toMatch(/the lead is reported/);
  });

  it('If-Match with a stale version is 409 and appends nothing', async () => {
    const res = await request(h.http)
      .post('/leads')
      .set(bearer('lc-market', ['unit_officer']))
      .send(agencyLead({ reportToOffice: false }));
    const stale = await request(h.http)
      .post(`/leads/${res.body.leadId}/report-to-office`)
      .set(bearer('lc-market', ['unit_officer']))
      .set('If-Match', '"5"');
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('WRONG_EXPECTED_VERSION');
    expect(await streamEvents(h, toLeadStreamId(res.body.leadId))).toHaveLength(1);
  });

  it('an Idempotency-Key makes a retried submission land once', async () => {
    const key = '0b6f7c3e-8a55-4f0e-9d43-2f6a1c9e1a11';
    const first = await request(h.http)
      .post('/leads')
      .set(bearer('lc-market', ['unit_officer']))
      .set('Idempotency-Key', key)
      .send(agencyLead());
    const second = await request(h.http)
      .post('/leads')
      .set(bearer('lc-market', ['unit_officer']))
      .set('Idempotency-Key', key)
      .send(agencyLead());
    expect(second.body).toEqual(first.body);
    expect(await streamEvents(h, toLeadStreamId(first.body.leadId))).toHaveLength(2);
  });

  it('without a token: 401', async () => {
    const res = await request(h.http).post('/leads').send(agencyLead());
    expect(res.status).toBe(401);
    expect((await request(h.http).get('/leads')).status).toBe(401);
  });

  it('analysts and auditors cannot submit (403 with the reason), and nothing is stored', async () => {
    const before = (await allEvents(h)).length;
    const analyst = await request(h.http)
      .post('/leads')
      .set(bearer('lc-office', ['analyst']))
      .send(agencyLead());
    expect(analyst.status).toBe(403);
    expect(analyst.body.detail).toMatch(/analysts and auditors read only/);
    const auditor = await request(h.http)
      .post('/leads')
      .set(bearer('lc-office', ['auditor']))
      .send(agencyLead({ informant: { name: '张三' } }));
    expect(auditor.status).toBe(403);
    expect((await allEvents(h)).length).toBe(before);
  });

  it('a bad submission is 422 naming every bad field, and nothing is stored', async () => {
    const before = (await allEvents(h)).length;
    const res = await request(h.http)
      .post('/leads')
      .set(bearer('lc-market', ['unit_officer']))
      .send({
        title: 'x'.repeat(101),
        description: '',
        category: 'ponzi',
        field: 'crypto',
        source: 'rumour',
        channel: 'pigeon',
        location: 'y'.repeat(201),
        amountYuan: 1500000.5,
        participants: -1,
        major: 'yes',
        occurredOn: '2026-02-30',
        subjects: [
          { kind: 'company', name: '某某公司', creditCode: '91110108551385083Q' },
          { kind: 'website', url: 'ftp://example.com' },
          { kind: 'phone', phone: '12345' },
          { kind: 'company', region: '35' },
          { kind: 'robot' },
        ],
        evidence: ['not-a-hash'],
        informant: { phone: '110', idNumber: '123' },
        extra: true,
      });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    const fields = (res.body.errors as Array<{ field: string; messages: string[] }>).map((e) => e.field);
    expect(fields).toEqual(
      expect.arrayContaining([
        'title',
        'description',
        'category',
        'field',
        'source',
        'channel',
        'location',
        'amountYuan',
        'participants',
        'major',
        'occurredOn',
        'subjects[0].creditCode',
        'subjects[1].url',
        'subjects[2].phone',
        'subjects[3].name',
        'subjects[3].region',
        'subjects[4].kind',
        'evidence',
        'informant.phone',
        'informant.idNumber',
        'extra',
      ]),
    );
    const message = (field: string) =>
      (res.body.errors as Array<{ field: string; messages: string[] }>).find((e) => e.field === field)?.messages.join(' ');
    expect(message('category')).toMatch(/illegal_fundraising \(非法集资\)/);
    expect(message('field')).toMatch(/fake_private_fund \(伪私募\)/);
    expect(message('amountYuan')).toMatch(/JSON number is not accepted/);
    expect(message('subjects[0].creditCode')).toMatch(/check character/);
    expect((await allEvents(h)).length).toBe(before);
  });

  it('credit codes with a right check digit pass, normalised (lower case, full-width, spaces)', async () => {
    const ok = await request(h.http)
      .post('/leads')
      .set(bearer('lc-market', ['unit_officer']))
      .send(
        agencyLead({
          subjects: [
            { kind: 'company', creditCode: '91110108551385082q' },
            { kind: 'company', creditCode: '９１４４０３００７０８４６１１３６Ｔ' },
          ],
        }),
      );
    expect(ok.status).toBe(201);
    const [received] = await streamEvents(h, toLeadStreamId(ok.body.leadId));
    expect((received.data as LeadReceivedData).subjects).toEqual([
      { kind: 'company', creditCode: '91110108551385082Q' },
      { kind: 'company', creditCode: '91440300708461136T' },
    ]);
  });

  it('registry and clock checks: unknown street, a future date, unknown evidence → 422 together, nothing stored', async () => {
    const before = (await allEvents(h)).length;
    const tomorrow = new Date(h.clock.now().getTime() + 2 * 86400_000).toISOString().slice(0, 10);
    const res = await request(h.http)
      .post('/leads')
      .set(bearer('lc-market', ['unit_officer']))
      .send(agencyLead({ street: 'lc-st-nowhere', occurredOn: tomorrow, evidence: ['a'.repeat(64)] }));
    expect(res.status).toBe(422);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(['occurredOn', 'evidence[0]', 'street']);
    expect((await allEvents(h)).length).toBe(before);
  });

  it('the API is described at /docs-json with the enums and their labels', async () => {
    const res = await request(h.http).get('/docs-json');
    expect(res.status).toBe(200);
    expect(Object.keys(res.body.paths)).toEqual(
      expect.arrayContaining([
        '/leads',
        '/leads/{id}',
        '/leads/{id}/report-to-office',
        '/leads/{id}/supplements',
        '/leads/{id}/links/confirm',
        '/leads/{id}/links/undo',
        '/leads/{id}/informant',
        '/leads/{id}/informant/shred',
        '/leads/evidence',
        '/public/leads',
        '/public/leads/status',
        '/public/leads/supplements',
        '/public/evidence',
      ]),
    );
    expect(res.body.components.schemas.AgencyLeadDto.properties.category.enum).toContain('illegal_fundraising');
  });
});
