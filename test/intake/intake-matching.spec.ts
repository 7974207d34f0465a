/**
 * Matching off the request path: a new lead sharing keys with an earlier lead
 * or case gets LeadLinked with the reasons and a score; the office confirms
 * or undoes links, nobody else does.
 */
import request from 'supertest';
import { transactionScope } from '@jm/bus';
import { LeadLinkedData, toCaseStreamId, toLeadStreamId } from '@jm/contracts';
import { bearer } from '@jm/platform/testing';
import { pollUntil } from '@jm/testing';
import { MatchIndexEntity } from '../../services/intake/src/lead-read-model/match-index.entity';
import { MatchingProcessManager } from '../../services/intake/src/matching/matching.process-manager';
import { appendCasesEvent, handled, IntakeHarness, startIntake, streamEvents, submitAgencyLead } from './support';

describe('intake: matching', () => {
  let h: IntakeHarness;
  beforeAll(async () => {
    h = await startIntake();
  });
  afterAll(async () => {
    await h.close();
  });

  const linksOf = async (leadId: string) => (await streamEvents(h, toLeadStreamId(leadId))).filter((e) => e.type === 'LeadLinked');

  it('given two leads about the same company spelt differently, then the second is linked to the first with reasons and score', async () => {
    const first = await submitAgencyLead(h, 'lc-market', ['unit_officer'], {
      subjects: [
        { kind: 'company', name: '深圳市鑫瑞投资管理有限公司' },
        { kind: 'website', url: 'https://www.xinrui-invest.cn/' },
      ],
    });
    const second = await submitAgencyLead(h, 'lc-police', ['unit_officer'], {
      subjects: [
        { kind: 'company', name: '深圳市鑫瑞投资管理 有限责任公司' },
        { kind: 'website', url: 'http://XINRUI-INVEST.cn:8080/app' },
        { kind: 'phone', phone: '13800138000' },
      ],
    });
    const [link] = await pollUntil(
      async () => {
        const links = await linksOf(second.leadId);
        return links.length ? links : undefined;
      },
      { what: 'LeadLinked on the second lead' },
    );
    expect(link.data as LeadLinkedData).toEqual({
      leadId: second.leadId,
      target: { kind: 'lead', id: first.leadId },
      reasons: [
        { kind: 'company_name', value: '深圳市鑫瑞投资管理' },
        { kind: 'website', value: 'xinrui-invest.cn' },
      ],
      score: 0.94,
    });
    expect(link.actor).toEqual({ agency: 'lc-office', user: 'system:matching' });
    expect(await linksOf(first.leadId)).toEqual([]);

    // Redelivered (e.g. after a crash before the consumer committed): the command ids derive from the event id, nothing is linked twice.
    const received = (await streamEvents(h, toLeadStreamId(second.leadId)))[0];
    const { scope, flush } = transactionScope([received]);
    await h.app.get(MatchingProcessManager).onLeadReceived(received, h.db.manager, scope);
    await flush();
    expect(await linksOf(second.leadId)).toHaveLength(1);
  });

  it('given a later lead indexed before the earlier one (another partition ran ahead), then the earlier one links the later to itself', async () => {
    const subjects = [{ kind: 'company', name: '泉州市晟达财富管理有限公司' }];
    const first = await submitAgencyLead(h, 'lc-market', ['unit_officer'], { subjects });
    const firstReceived = (await streamEvents(h, toLeadStreamId(first.leadId)))[0];
    await handled(h, firstReceived.id);
    // As if the first lead's receipt had not been applied yet: its keys are not in the index.
    await h.db.getRepository(MatchIndexEntity).delete({ targetId: first.leadId });
    h.clock.advance(60_000);
    const second = await submitAgencyLead(h, 'lc-police', ['unit_officer'], { subjects });
    await handled(h, (await streamEvents(h, toLeadStreamId(second.leadId)))[0].id);
    expect(await linksOf(second.leadId)).toEqual([]);

    // The first lead's receipt applied late: it finds the second, later, lead and links it to the first.
    const { scope, flush } = transactionScope([firstReceived]);
    await h.app.get(MatchingProcessManager).onLeadReceived(firstReceived, h.db.manager, scope);
    await flush();
    const links = await linksOf(second.leadId);
    expect(links.map((l) => l.data as LeadLinkedData)).toEqual([
      {
        leadId: second.leadId,
        target: { kind: 'lead', id: first.leadId },
        reasons: [{ kind: 'company_name', value: '泉州市晟达财富管理' }],
        score: expect.any(Number),
      },
    ]);
    expect(await linksOf(first.leadId)).toEqual([]);
  });

  it('a full-width credit code identifies the company: score 1; a case opened with the same key is linked too', async () => {
    const caseId = 'c0000000-0000-4000-8000-0000000000aa';
    const opened = await appendCasesEvent(h, toCaseStreamId(caseId), 'CaseOpened', {
      caseId,
      caseNo: 'CASE-350502-2026-00AA',
      title: '某某金服',
      leadIds: [],
      category: 'illegal_fundraising',
      field: 'fake_private_fund',
      jurisdiction: '350502',
      office: 'lc-office',
      leadUnit: 'lc-market',
      cooperatingUnits: [],
      subjects: [],
      matchKeys: ['credit:91440300708461136T', 'app:金服宝'],
    });
    await handled(h, opened.id);
    const earlier = await submitAgencyLead(h, 'lc-market', ['unit_officer'], { subjects: [{ kind: 'company', creditCode: '91440300708461136T' }] });
    const lead = await submitAgencyLead(h, 'lc-st-haibin', ['street_officer'], {
      subjects: [
        { kind: 'company', creditCode: '９１４４０３００７０８４６１１３６ｔ' },
        { kind: 'app', name: '金服宝 APP' },
      ],
    });
    const links = await pollUntil(
      async () => {
        const found = await linksOf(lead.leadId);
        return found.length === 2 ? found : undefined;
      },
      { what: 'two links' },
    );
    expect(links.map((l) => l.data as LeadLinkedData)).toEqual(
      expect.arrayContaining([
        {
          leadId: lead.leadId,
          target: { kind: 'case', id: caseId },
          reasons: [
            { kind: 'credit_code', value: '91440300708461136T' },
            { kind: 'app', value: '金服宝' },
          ],
          score: 1,
        },
        {
          leadId: lead.leadId,
          target: { kind: 'lead', id: earlier.leadId },
          reasons: [{ kind: 'credit_code', value: '91440300708461136T' }],
          score: 1,
        },
      ]),
    );
  });

  it('the office confirms or undoes a link (with a reason); units and analysts cannot; twice is 409', async () => {
    const first = await submitAgencyLead(h, 'lc-market', ['unit_officer'], { subjects: [{ kind: 'phone', phone: '0595-22880000' }] });
    const second = await submitAgencyLead(h, 'lc-market', ['unit_officer'], { subjects: [{ kind: 'phone', phone: '059522880000' }] });
    await pollUntil(async () => (await linksOf(second.leadId)).length === 1, { what: 'the phone link' });
    const target = { kind: 'lead', id: first.leadId };
    const url = (action: string) => `/leads/${second.leadId}/links/${action}`;

    const unit = await request(h.http)
      .post(url('confirm'))
      .set(bearer('lc-market', ['unit_officer']))
      .send({ target });
    expect(unit.status).toBe(403);
    const analyst = await request(h.http)
      .post(url('confirm'))
      .set(bearer('lc-office', ['analyst']))
      .send({ target });
    expect(analyst.status).toBe(403);
    const otherDistrict = await request(h.http)
      .post(url('confirm'))
      .set(bearer('fz-office', ['office_officer']))
      .send({ target });
    expect(otherDistrict.status).toBe(404);

    const version = (await streamEvents(h, toLeadStreamId(second.leadId))).length - 1;
    const confirmed = await request(h.http)
      .post(url('confirm'))
      .set(bearer('lc-office', ['office_officer']))
      .set('If-Match', `"${version}"`)
      .send({ target });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body).toEqual({ streamId: toLeadStreamId(second.leadId), version: version + 1, events: ['LeadLinkConfirmed'] });
    expect(confirmed.headers.etag).toBe(`"${version + 1}"`);
    const twice = await request(h.http)
      .post(url('confirm'))
      .set(bearer('lc-office', ['office_officer']))
      .send({ target });
    expect(twice.status).toBe(409);
    expect(twice.body.detail).toMatch(/is confirmed; allowed from confirmed: UndoLink/);

    const noReason = await request(h.http)
      .post(url('undo'))
      .set(bearer('lc-office', ['office_officer']))
      .send({ target });
    expect(noReason.status).toBe(422);
    expect(noReason.body.errors.map((e: { field: string }) => e.field)).toEqual(['reason']);
    const stale = await request(h.http)
      .post(url('undo'))
      .set(bearer('lc-office', ['office_officer']))
      .set('If-Match', `"${version}"`)
      .send({ target, reason: '号码为公共客服电话' });
    expect(stale.status).toBe(409);
    const undone = await request(h.http)
      .post(url('undo'))
      .set(bearer('lc-office', ['office_officer']))
      .send({ target, reason: '号码为公共客服电话' });
    expect(undone.status).toBe(200);
    expect((await streamEvents(h, toLeadStreamId(second.leadId))).at(-1)).toMatchObject({
      type: 'LeadLinkUndone',
      data: { leadId: second.leadId, target, reason: '号码为公共客服电话' },
      actor: { agency: 'lc-office' },
    });
    const unknownTarget = await request(h.http)
      .post(url('confirm'))
      .set(bearer('lc-office', ['office_officer']))
      .send({ target: { kind: 'case', id: 'nope' } });
    expect(unknownTarget.status).toBe(409);
    expect(unknownTarget.body.detail).toMatch(/is absent/);
    const lead = await request(h.http)
      .get(`/leads/${second.leadId}`)
      .set(bearer('lc-office', ['office_officer']));
    expect(lead.body.links).toEqual([expect.objectContaining({ target, status: 'undone', undoReason: '号码为公共客服电话', score: 0.5 })]);
  });

  it('a lead sharing nothing is linked to nothing', async () => {
    const lone = await submitAgencyLead(h, 'lc-market', ['unit_officer'], { subjects: [{ kind: 'person', name: '张三' }] });
    const received = (await streamEvents(h, toLeadStreamId(lone.leadId)))[0];
    await handled(h, received.id);
    expect(await linksOf(lone.leadId)).toEqual([]);
  });
});
