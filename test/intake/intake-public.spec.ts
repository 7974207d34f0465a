/**
 * The public's way in: a submission answers only a receipt number and a
 * secret; with both the informant reads a coarse status and adds information;
 * a wrong secret is 404. Rate-limited per client.
 */
import request from 'supertest';
import { LeadReceivedData, LeadSupplementedData, toLeadStreamId, toRoutingStreamId } from '@jm/contracts';
import { bearer } from '@jm/platform/testing';
import { pollUntil } from '@jm/testing';
import { appendCasesEvent, handled, IntakeHarness, publicLead, startIntake, streamEvents } from './support';
import { hashReceiptSecret } from '../../services/intake/src/submission/receipt';
import { toSubmissionStreamId } from '../../services/intake/src/submission/submission.events';

describe('intake: public submissions', () => {
  let h: IntakeHarness;
  beforeAll(async () => {
    h = await startIntake({ PUBLIC_RATE_LIMIT_PER_MINUTE: '50' });
  });
  afterAll(async () => {
    await h.close();
  });

  async function submit(body: Record<string, unknown> = publicLead()): Promise<{ receiptNo: string; secret: string; leadId: string }> {
    const res = await request(h.http).post('/public/leads').send(body);
    expect(res.status).toBe(201);
    const [issued] = await streamEvents(h, toSubmissionStreamId(res.body.receiptNo));
    return { ...res.body, leadId: (issued.data as { leadId: string }).leadId };
  }
  const status = (receiptNo: string, secret: string) =>
    request(h.http).get('/public/leads/status').set('X-Receipt-No', receiptNo).set('X-Receipt-Secret', secret);

  it('given an anonymous report, then the answer is only a receipt number and a 128-bit secret; the event holds only the secret’s hash', async () => {
    const res = await request(h.http).post('/public/leads').send(publicLead());
    expect(res.status).toBe(201);
    expect(Object.keys(res.body).sort()).toEqual(['receiptNo', 'secret']);
    expect(res.body.receiptNo).toMatch(/^JB-\d{8}-[2-9A-HJ-NP-Z]{6}$/);
    expect(Buffer.from(res.body.secret, 'base64url')).toHaveLength(16);
    const [issued] = await streamEvents(h, toSubmissionStreamId(res.body.receiptNo));
    const leadId = (issued.data as { leadId: string }).leadId;
    const events = await streamEvents(h, toLeadStreamId(leadId));
    expect(events.map((e) => e.type)).toEqual(['LeadReceived', 'LeadReportedToOffice']);
    const data = events[0].data as LeadReceivedData;
    expect(data).toMatchObject({
      receiptNo: res.body.receiptNo,
      receiptSecretHash: hashReceiptSecret(res.body.secret),
      anonymous: true,
      source: 'public_report',
      channel: 'website',
      receivedBy: 'lc-office',
      office: 'lc-office',
      jurisdiction: '350502',
      street: 'lc-st-haibin',
    });
    expect(events[0].actor).toEqual({ agency: 'lc-office', user: 'public' });
    expect(JSON.stringify(events)).not.toContain(res.body.secret);
  });

  it('with an identity, it is sealed; the jurisdiction may be given instead of a street, if a district office serves it', async () => {
    const { leadId } = await submit(publicLead({ street: undefined, jurisdiction: '350503', informant: { phone: '13700000000' } }));
    const [received] = await streamEvents(h, toLeadStreamId(leadId));
    expect(received.data).toMatchObject({
      jurisdiction: '350503',
      office: 'fz-office',
      anonymous: false,
      informant: { keyId: `informant-${leadId}` },
    });
    expect(JSON.stringify(received)).not.toContain('13700000000');
  });

  it('no street and no jurisdiction, or one without a district office: 422 and nothing stored', async () => {
    const before = (await h.store.readAll({ limit: 100000 })).length;
    const none = await request(h.http)
      .post('/public/leads')
      .send(publicLead({ street: undefined }));
    expect(none.status).toBe(422);
    expect(none.body.errors[0].field).toBe('street');
    const city = await request(h.http)
      .post('/public/leads')
      .send(publicLead({ street: undefined, jurisdiction: '350500' }));
    expect(city.status).toBe(422);
    expect(city.body.errors[0]).toMatchObject({ field: 'jurisdiction' });
    const nowhere = await request(h.http)
      .post('/public/leads')
      .send(publicLead({ street: undefined, jurisdiction: '110101' }));
    expect(nowhere.status).toBe(422);
    const agencyOnly = await request(h.http)
      .post('/public/leads')
      .send(publicLead({ source: 'media', reportToOffice: false }));
    expect(agencyOnly.status).toBe(422);
    expect(agencyOnly.body.errors.map((e: { field: string }) => e.field)).toEqual(['source', 'reportToOffice']);
    expect((await h.store.readAll({ limit: 100000 })).length).toBe(before);
  });

  it('status with the right secret: coarse status with a zh-CN label (English on request) and nothing else', async () => {
    const { receiptNo, secret } = await submit();
    const zh = await status(receiptNo, secret);
    expect(zh.status).toBe(200);
    expect(zh.body).toEqual({ receiptNo, status: 'received', label: '已受理' });
    const en = await status(receiptNo, secret).set('Accept-Language', 'en');
    expect(en.body).toEqual({ receiptNo, status: 'received', label: 'Received' });
  });

  it('a wrong secret or an unknown receipt is 404 alike; missing headers are 422', async () => {
    const { receiptNo, secret } = await submit();
    const wrong = await status(receiptNo, `${secret.slice(0, -1)}${secret.endsWith('A') ? 'B' : 'A'}`);
    const unknown = await status('JB-20200101-AAAAAA', secret);
    const malformed = await status('nonsense', secret);
    for (const res of [wrong, unknown, malformed]) {
      expect(res.status).toBe(404);
      expect(res.body.detail).toBe('a report with this receipt number and secret was not found');
    }
    const missing = await request(h.http).get('/public/leads/status').set('X-Receipt-No', receiptNo);
    expect(missing.status).toBe(422);
    const supplement = await request(h.http)
      .post('/public/leads/supplements')
      .set('X-Receipt-No', receiptNo)
      .set('X-Receipt-Secret', 'guess')
      .send({ text: 'x' });
    expect(supplement.status).toBe(404);
  });

  it('the informant adds information with the receipt (LeadSupplemented by informant)', async () => {
    const { receiptNo, secret, leadId } = await submit();
    const res = await request(h.http)
      .post('/public/leads/supplements')
      .set('X-Receipt-No', receiptNo)
      .set('X-Receipt-Secret', secret)
      .send({ text: '业务员又来了，留下了宣传单。' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ receiptNo, accepted: true });
    const events = await streamEvents(h, toLeadStreamId(leadId));
    expect(events.at(-1)).toMatchObject({ type: 'LeadSupplemented', actor: { agency: 'lc-office', user: 'public' } });
    expect(events.at(-1)?.data as LeadSupplementedData).toEqual({ leadId, by: 'informant', text: '业务员又来了，留下了宣传单。', evidence: [] });
    const empty = await request(h.http).post('/public/leads/supplements').set('X-Receipt-No', receiptNo).set('X-Receipt-Secret', secret).send({});
    expect(empty.status).toBe(422);
  });

  it('the status follows cases: routed → processing, unfounded', async () => {
    const { receiptNo, secret, leadId } = await submit();
    const routed = await appendCasesEvent(h, toRoutingStreamId(leadId), 'LeadRouted', {
      leadId,
      unit: 'lc-market',
      rule: 'manual',
      deadline: '2026-12-31T00:00:00.000Z',
    });
    await handled(h, routed.id);
    expect((await status(receiptNo, secret)).body).toEqual({ receiptNo, status: 'processing', label: '核查处理中' });
    const closed = await appendCasesEvent(h, toRoutingStreamId(leadId), 'LeadClosedUnfounded', {
      leadId,
      unit: 'lc-market',
      reason: '经核查为合法经营',
    });
    await handled(h, closed.id);
    const after = await status(receiptNo, secret);
    expect(after.body).toMatchObject({ status: 'unfounded' });
    expect(JSON.stringify(after.body)).not.toMatch(/lc-market|合法经营/);
  });

  it('the office sees public leads of its district in its list', async () => {
    const { leadId } = await submit();
    await pollUntil(
      async () => {
        const res = await request(h.http)
          .get('/leads?pageSize=100')
          .set(bearer('lc-office', ['office_officer']));
        return res.body.items.some((i: { leadId: string; source: string }) => i.leadId === leadId && i.source === 'public_report');
      },
      { what: 'the public lead in the office list' },
    );
  });
});

describe('intake: public rate limit', () => {
  let h: IntakeHarness;
  beforeAll(async () => {
    h = await startIntake({ PUBLIC_RATE_LIMIT_PER_MINUTE: '3' });
  });
  afterAll(async () => {
    await h.close();
  });

  it('given 3 submissions in a minute from one client, the 4th is 429 with Retry-After; a minute later it is accepted', async () => {
    for (let i = 0; i < 3; i++) expect((await request(h.http).post('/public/leads').send(publicLead())).status).toBe(201);
    h.clock.advance(15_000);
    const refused = await request(h.http).post('/public/leads').send(publicLead());
    expect(refused.status).toBe(429);
    expect(refused.headers['retry-after']).toBe('45');
    expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(refused.body).toMatchObject({ status: 429, code: 'RATE_LIMITED', title: '请求过于频繁' });
    // Evidence uploads share the submission window; following up has its own.
    expect(
      (await request(h.http).post('/public/evidence').attach('file', Buffer.from('hello'), { filename: 'a.txt', contentType: 'text/plain' })).status,
    ).toBe(429);
    expect((await request(h.http).get('/public/leads/status').set('X-Receipt-No', 'JB-20200101-AAAAAA').set('X-Receipt-Secret', 'x')).status).toBe(
      404,
    );
    // Agencies are not limited by it.
    expect(
      (
        await request(h.http)
          .get('/leads')
          .set(bearer('lc-office', ['office_officer']))
      ).status,
    ).toBe(200);
    h.clock.advance(46_000);
    expect((await request(h.http).post('/public/leads').send(publicLead())).status).toBe(201);
  });
});

describe('intake: the public rate limit behind a trusted proxy (the console)', () => {
  let trusting: IntakeHarness;
  let untrusting: IntakeHarness;
  beforeAll(async () => {
    trusting = await startIntake({ PUBLIC_RATE_LIMIT_PER_MINUTE: '2', TRUSTED_PROXIES: 'loopback' });
    untrusting = await startIntake({ PUBLIC_RATE_LIMIT_PER_MINUTE: '2' });
  });
  afterAll(async () => {
    await trusting.close();
    await untrusting.close();
  });
  const followUp = (h: IntakeHarness, client: string) =>
    request(h.http).get('/public/leads/status').set('X-Receipt-No', 'JB-20200101-AAAAAA').set('X-Receipt-Secret', 'x').set('X-Forwarded-For', client);

  it('given TRUSTED_PROXIES naming the proxy, each client X-Forwarded-For names has a window of its own', async () => {
    for (let i = 0; i < 2; i++) expect((await followUp(trusting, '203.0.113.7')).status).toBe(404);
    expect((await followUp(trusting, '203.0.113.7')).status).toBe(429);
    expect((await followUp(trusting, '203.0.113.8')).status).toBe(404);
  });

  it('given no TRUSTED_PROXIES, X-Forwarded-For is not believed: one window for the connection, whatever it claims', async () => {
    for (let i = 0; i < 2; i++) expect((await followUp(untrusting, `198.51.100.${i}`)).status).toBe(404);
    expect((await followUp(untrusting, '198.51.100.9')).status).toBe(429);
  });
});
