/**
 * The cases service over HTTP on the embedded mode (one SQLite event store,
 * the embedded bus, its own read-model database): intake is simulated by
 * appending its contract events to lead-<id>; everything else goes through
 * the API and the process managers running from the bus.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { LeadLinkedData, LeadReceivedData, LeadReportedToOfficeData, LeadSummary, toLeadStreamId } from '@jm/contracts';
import { EventStore, ManualClock } from '@jm/event-sourcing';
import { connectServiceConsumer, createServiceApp, EVENT_STORE_TOKEN, READ_MODEL_TOKEN } from '@jm/platform';
import { Role } from '@jm/reference';
import { bearer, TEST_SECURITY_ENV } from '@jm/platform/testing';
import { pollUntil } from '@jm/testing';
import { CasesModule } from '../../services/cases/src/cases.module';
import { CASES_READ_MODEL } from '../../services/cases/src/cases.read-model';
import { leadSummary } from '../../services/cases/src/testing/fixtures';

const dir = mkdtempSync(join(tmpdir(), 'jm-cases-api-'));
const clock = new ManualClock(new Date('2026-03-02T01:00:00.000Z'));
const env = (extra: Record<string, string> = {}) => ({
  ...TEST_SECURITY_ENV,
  LOG_LEVEL: process.env.CASES_TEST_LOG ?? 'silent',
  SQLITE_PATH: join(dir, 'events.sqlite'),
  READ_MODEL_SQLITE_PATH: join(dir, 'cases-read.sqlite'),
  INSTANCE_ID: `cases-api-${randomUUID().slice(0, 8)}`,
  ...extra,
});

let app: INestApplication;
let store: EventStore;
const as = (agency: string, roles: Role[]) => bearer(agency, roles, `${agency}-user`);
const office = as('lc-office', ['office_officer']);
const convener = as('lc-office', ['convener']);
const cityOffice = as('qz-office', ['office_officer']);
const cityConvener = as('qz-office', ['convener']);
const social = as('lc-social-affairs', ['unit_officer']);
const market = as('lc-market', ['unit_officer']);
const police = as('lc-police', ['unit_officer']);
const analyst = as('lc-office', ['analyst']);
const http = () => request(app.getHttpServer());

function summaryOf(leadId: string, overrides: Partial<LeadSummary>): LeadSummary {
  return leadSummary(leadId, {
    receiptNo: `R-${leadId.slice(0, 8)}`,
    subjects: [{ kind: 'company', name: '泉州某某养老服务有限公司' }],
    ...overrides,
  });
}

const intakeEvent = (type: string, data: unknown) => {
  const id = randomUUID();
  return {
    id,
    type,
    schemaVersion: 1,
    data,
    time: clock.now().toISOString(),
    correlationId: id,
    causationId: id,
    actor: { agency: 'lc-st-haibin', user: 'grid-7' },
  };
};

/** What intake would append: the lead received and reported to the office. */
async function reportLead(overrides: Partial<LeadSummary> = {}): Promise<string> {
  const leadId = randomUUID();
  const summary = summaryOf(leadId, overrides);
  const received: LeadReceivedData = {
    ...summary,
    anonymous: true,
    description: '以高额回报吸收老年人资金',
    evidence: [],
    office: 'lc-office',
    reportDeadline: '2026-03-02T01:00:00.000Z',
  };
  const reported: LeadReportedToOfficeData = {
    leadId,
    office: 'lc-office',
    reportedBy: 'lc-st-haibin',
    reportedAt: clock.now().toISOString(),
    deadline: '2026-03-02T01:00:00.000Z',
    summary,
  };
  await store.append(toLeadStreamId(leadId), [intakeEvent('LeadReceived', received), intakeEvent('LeadReportedToOffice', reported)], 'no_stream');
  return leadId;
}

async function awaitTriage(leadId: string, status = 'awaiting_triage', who = office) {
  return pollUntil(
    async () => {
      const res = await http().get(`/triage/${leadId}`).set(who);
      return res.status === 200 && res.body.status === status ? res : undefined;
    },
    { timeoutMs: 20000, what: `triage of ${leadId} ${status}` },
  );
}

async function awaitCase(caseId: string, status: string, who = office) {
  return pollUntil(
    async () => {
      const res = await http().get(`/cases/${caseId}`).set(who);
      return res.status === 200 && res.body.status === status ? res : undefined;
    },
    { timeoutMs: 20000, what: `case ${caseId} ${status}` },
  );
}

/** A lead routed by the rules to lc-social-affairs and founded by it: the case id. */
async function foundedCase(): Promise<string> {
  const leadId = await reportLead();
  await awaitTriage(leadId);
  await http().post(`/triage/${leadId}/route`).set(office).send({}).expect(200);
  const res = await http().post(`/triage/${leadId}/feedback`).set(social).send({ outcome: 'founded' }).expect(200);
  await awaitCase(res.body.caseId, 'investigating');
  return res.body.caseId as string;
}

beforeAll(async () => {
  const created = await createServiceApp('cases', CasesModule, { env: env(), readModel: CASES_READ_MODEL, clock });
  app = created.app;
  connectServiceConsumer(app, created.config);
  await app.startAllMicroservices();
  await app.listen(0, '127.0.0.1');
  store = app.get<EventStore>(EVENT_STORE_TOKEN);
});

afterAll(async () => {
  await app?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('cases API (embedded)', () => {
  it('given a reported lead, the rules route it; the routed unit founds it and a case opens with the street and the linked lead', async () => {
    const earlier = await reportLead({ title: '同一公司此前线索' });
    const leadId = await reportLead();
    const link: LeadLinkedData = {
      leadId,
      target: { kind: 'lead', id: earlier },
      reasons: [{ kind: 'company_name', value: '泉州某某养老服务' }],
      score: 0.9,
    };
    await store.append(toLeadStreamId(leadId), [intakeEvent('LeadLinked', link)], 1);
    const triage = await awaitTriage(leadId);
    expect(triage.body).toMatchObject({ office: 'lc-office', summary: { title: '某养老公寓以预售床位名义吸收资金' } });

    const routed = await http().post(`/triage/${leadId}/route`).set(office).send({}).expect(200);
    expect(routed.body).toMatchObject({ streamId: `routing-${leadId}`, events: ['LeadRouted'] });
    expect(routed.headers.etag).toBe(`"${routed.body.version}"`);
    const seen = await http().get(`/triage/${leadId}`).set(social).expect(200);
    expect(seen.body.routing).toEqual({
      unit: 'lc-social-affairs',
      street: 'lc-st-haibin',
      rule: 'field:pension',
      // Cases alone (no deadline engine here): the routing's provisional date, said to be so.
      deadline: '2026-03-17T01:00:00.000Z',
      deadlineFrom: 'routing',
    });
    expect(seen.body.links).toEqual([{ leadId: earlier, confirmed: false }]);

    // Need-to-know: a unit the lead was not routed to does not know it exists.
    await http().get(`/triage/${leadId}`).set(market).expect(404);
    await http().post(`/triage/${leadId}/feedback`).set(market).send({ outcome: 'founded' }).expect(404);
    const listed = await http().get('/triage?status=routed').set(social).expect(200);
    expect(listed.body.items.map((r: { leadId: string }) => r.leadId)).toContain(leadId);
    // One lead's row by its id: for whom the lead is routed, and an empty page (not 404) for a unit it is not.
    const one = await http().get(`/triage?leadId=${leadId}`).set(social).expect(200);
    expect([one.body.total, one.body.items.map((r: { leadId: string }) => r.leadId)]).toEqual([1, [leadId]]);
    expect((await http().get(`/triage?leadId=${leadId}`).set(market).expect(200)).body.total).toBe(0);
    expect((await http().get('/triage?leadId=no-such-lead').set(office).expect(200)).body.items).toEqual([]);
    await http().get('/triage?leadId=a%20b').set(office).expect(422);

    const founded = await http().post(`/triage/${leadId}/feedback`).set(social).send({ outcome: 'founded' }).expect(200);
    expect(founded.body.events).toEqual(['LeadFounded']);
    const caseId = founded.body.caseId as string;
    const opened = await awaitCase(caseId, 'investigating', social);
    expect(opened.body.state.facts).toMatchObject({
      caseNo: expect.stringMatching(/^CASE-350502-2026-[0-9A-F]{8}$/),
      leadIds: [leadId, earlier],
      leadUnit: 'lc-social-affairs',
      cooperatingUnits: ['lc-st-haibin'],
      office: 'lc-office',
    });
    expect(opened.body.timeline[0]).toMatchObject({ type: 'CaseOpened', by: { agency: 'lc-social-affairs' } });
    const english = await http().get(`/cases/${caseId}`).set(social).set('Accept-Language', 'en').expect(200);
    expect(english.body.timeline[0].text).not.toEqual(opened.body.timeline[0].text);

    await http().get(`/cases/${caseId}`).set(market).expect(404);
    await pollUntil(
      async () => {
        const res = await http()
          .get('/cases?field=pension')
          .set(as('lc-st-haibin', ['street_officer']));
        return res.body.items?.some((c: { caseId: string }) => c.caseId === caseId);
      },
      { what: "the case in the street's list" },
    );
    const marketList = await http().get('/cases').set(market).expect(200);
    expect(marketList.body.items.map((c: { caseId: string }) => c.caseId)).not.toContain(caseId);
  });

  it('reports up by the rules what is beyond the district (逐级上报); the city office then sees it', async () => {
    const leadId = await reportLead({ field: 'securities_futures', category: 'illegal_securities' });
    await awaitTriage(leadId);
    const res = await http().post(`/triage/${leadId}/route`).set(office).send({}).expect(200);
    expect(res.body.events).toEqual(['LeadReferredUp']);
    const city = await http().get(`/triage/${leadId}`).set(cityOffice).expect(200);
    expect(city.body).toMatchObject({ status: 'referred_up', office: 'qz-office', referral: { from: 'lc-office' } });
    await http().post(`/triage/${leadId}/route`).set(office).send({ unit: 'lc-finance' }).expect(403);
  });

  it('answers 422 naming each bad field, and stores nothing', async () => {
    const leadId = await reportLead();
    await awaitTriage(leadId);
    const bad = await http().post(`/triage/${leadId}/feedback`).set(office).send({ outcome: 'maybe', reason: 7 }).expect(422);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(['outcome', 'reason']);
    const noReason = await http().post(`/triage/${leadId}/feedback`).set(office).send({ outcome: 'unfounded' }).expect(422);
    expect(noReason.body.errors).toEqual([
      { field: 'reason', messages: expect.arrayContaining([expect.stringContaining('required when outcome is unfounded')]) },
    ]);
    expect(await store.readStream(`routing-${leadId}`)).toHaveLength(1);
    const caseId = await foundedCase();
    const finding = await http().post(`/cases/${caseId}/findings`).set(social).send({ text: '', amountYuan: '1.234', extra: 1 }).expect(422);
    expect(finding.body.errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(['text', 'amountYuan', 'extra']));
    const manual = await http().post(`/triage/${leadId}/route`).set(office).send({ unit: 'fz-police' }).expect(422);
    expect(manual.body.detail).toContain('does not serve');
  });

  it('refuses an impossible transition with 409 naming the state and what is allowed, and a stale If-Match with 409', async () => {
    const caseId = await foundedCase();
    const res = await http().post(`/cases/${caseId}/closure/approve`).set(office).send({ note: '同意' }).expect(409);
    expect(res.body.detail).toMatch(/ApproveClosure is not allowed: the case is investigating; allowed from investigating: .*RequestClosure/);
    const first = await http().post(`/cases/${caseId}/findings`).set(social).send({ text: '已调取工商登记资料' }).expect(200);
    await http().post(`/cases/${caseId}/findings`).set(social).set('If-Match', `"${first.body.version}"`).send({ text: '走访参与人' }).expect(200);
    const stale = await http()
      .post(`/cases/${caseId}/findings`)
      .set(social)
      .set('If-Match', `"${first.body.version}"`)
      .send({ text: '重复' })
      .expect(409);
    expect(stale.body.code).toBe('WRONG_EXPECTED_VERSION');
  });

  it("reads the case stream once per command: need-to-know is checked on the command handler's own load", async () => {
    const caseId = await foundedCase();
    const reads = jest.spyOn(store, 'readStream');
    try {
      await http().post(`/cases/${caseId}/findings`).set(social).send({ text: '已调取银行流水' }).expect(200);
      expect(reads.mock.calls.filter(([streamId]) => streamId === `case-${caseId}`)).toHaveLength(1);
    } finally {
      reads.mockRestore();
    }
  });

  it('only the police accept a transfer: a cooperating market regulator gets 403 with the reason', async () => {
    const caseId = await foundedCase();
    await http()
      .post(`/cases/${caseId}/units`)
      .set(office)
      .send({ leadUnit: 'lc-social-affairs', cooperatingUnits: ['lc-st-haibin', 'lc-market'] })
      .expect(200);
    await pollUntil(async () => (await http().get(`/cases/${caseId}`).set(market)).status === 200, { what: 'the market regulator seeing the case' });
    await http().post(`/cases/${caseId}/transfer-to-police`).set(office).send({ police: 'lc-market', reason: '涉嫌犯罪' }).expect(422);
    const transferred = await http()
      .post(`/cases/${caseId}/transfer-to-police`)
      .set(office)
      .send({ police: 'lc-police', reason: '涉嫌非法吸收公众存款罪' })
      .expect(200);
    expect(transferred.body.events).toEqual(['TransferredToPolice']);
    const refused = await http().post(`/cases/${caseId}/transfer/accept`).set(market).send({ filedOn: '2026-03-05' }).expect(403);
    expect(refused.body.detail).toContain('the police agency it was transferred to, lc-police');
    await http()
      .post(`/cases/${caseId}/transfer/accept`)
      .set(police)
      .send({ filedOn: '2026-03-05', policeCaseNo: '鲤公立字〔2026〕15号' })
      .expect(200);
    const view = await http().get(`/cases/${caseId}`).set(police).expect(200);
    expect(view.body.status).toBe('in_criminal_proceedings');
    expect(view.body.state.facts.police).toBe('lc-police');
  });

  it('the 2-year limit over HTTP: who records the refund complete and the exemption (each role and agency), and the 5-year clock running out flags the case', async () => {
    const caseId = await foundedCase();
    await http().post(`/cases/${caseId}/transfer-to-police`).set(office).send({ police: 'lc-police', reason: '涉嫌非法吸收公众存款罪' }).expect(200);
    await http().post(`/cases/${caseId}/transfer/accept`).set(police).send({ filedOn: '2026-03-05' }).expect(200);
    await awaitCase(caseId, 'in_criminal_proceedings');
    // The exemption: the owning office only; a unit of the case 403, another region's office 404, an analyst 403.
    const exemption = { ground: 'major_complex', approvedBy: '泉州市中级人民法院', reason: '涉案人数众多' };
    await http().post(`/cases/${caseId}/two-year-exemption`).set(police).send(exemption).expect(403);
    await http().post(`/cases/${caseId}/two-year-exemption`).set(social).send(exemption).expect(403);
    await http().post(`/cases/${caseId}/two-year-exemption`).set(analyst).send(exemption).expect(403);
    await http()
      .post(`/cases/${caseId}/two-year-exemption`)
      .set(as('fz-office', ['office_officer']))
      .send(exemption)
      .expect(404);
    await http().post(`/cases/${caseId}/two-year-exemption`).set(market).send(exemption).expect(404);
    const bad = await http().post(`/cases/${caseId}/two-year-exemption`).set(office).send({ ground: 'old', reason: '' }).expect(422);
    expect(JSON.stringify(bad.body)).toContain('ground: one of led_by_other_province, major_complex');
    await http().post(`/cases/${caseId}/two-year-exemption`).set(office).send({ ground: 'major_complex', reason: '涉案人数众多' }).expect(422);
    const exempted = await http().post(`/cases/${caseId}/two-year-exemption`).set(office).send(exemption).expect(200);
    expect(exempted.body.events).toEqual(['TwoYearLimitExempted']);
    // The refund complete: the police that filed, the lead unit or the office; the street 403, another police 404.
    await http()
      .post(`/cases/${caseId}/refund-completed`)
      .set(as('lc-st-haibin', ['street_officer']))
      .send({ text: '清退完毕' })
      .expect(403);
    await http()
      .post(`/cases/${caseId}/refund-completed`)
      .set(as('fz-police', ['unit_officer']))
      .send({ text: '清退完毕' })
      .expect(404);
    await http().post(`/cases/${caseId}/refund-completed`).set(police).send({}).expect(422);
    const refunded = await http().post(`/cases/${caseId}/refund-completed`).set(social).send({ text: '清退完毕' }).expect(200);
    expect(refunded.body.events).toEqual(['FundsRefundCompleted']);
    // The deadline engine's miss of the case's 5-year clock, as notifications publishes it: cases sets the flag as the system.
    const clockId = `case-clearance-5y.${caseId}`;
    await store.append(
      `deadline-${clockId}`,
      [
        {
          id: randomUUID(),
          type: 'DeadlineMissed',
          schemaVersion: 1,
          data: {
            clockId,
            policyId: 'case-clearance-5y',
            subject: { kind: 'case', id: caseId, streamId: `case-${caseId}` },
            unit: 'lc-police',
            dueAt: '2031-03-05T16:00:00.000Z',
            missedAt: '2031-03-05T16:00:00.000Z',
          },
          time: '2031-03-05T16:00:00.000Z',
          correlationId: randomUUID(),
          causationId: randomUUID(),
          actor: { agency: 'system', user: 'deadline-engine' },
        },
      ],
      'any',
    );
    const flagged = await pollUntil(
      async () => {
        const res = await http().get(`/cases/${caseId}`).set(office);
        return res.body.state?.facts?.keyFlags?.includes('criminal_over_5y') ? res : undefined;
      },
      { timeoutMs: 20000, what: 'the 5-year flag set from the missed clock' },
    );
    expect(JSON.stringify(flagged.body.timeline)).toContain(`刑事侦查立案满5年未出清（计时 ${clockId} 已于 2031-03-05T16:00:00.000Z 到期）`);
    expect(flagged.body.state.facts).toMatchObject({ refundCompleted: true, twoYearExemption: exemption });
  });

  it('every member unit on the case, lead or cooperating, records its own administrative measures; others get 403 or 404', async () => {
    const caseId = await foundedCase();
    await http()
      .post(`/cases/${caseId}/units`)
      .set(office)
      .send({ leadUnit: 'lc-social-affairs', cooperatingUnits: ['lc-market', 'lc-court'] })
      .expect(200);
    await http().post(`/cases/${caseId}/determination/request`).set(office).send({ authority: 'lc-finance' }).expect(200);
    await http()
      .post(`/cases/${caseId}/determination/opinion`)
      .set(as('lc-finance', ['unit_officer']))
      .send({ conclusion: 'illegal_fundraising', disputed: false, text: '构成非法集资' })
      .expect(200);
    await http().post(`/cases/${caseId}/determination/accept`).set(office).send({}).expect(200);
    await awaitCase(caseId, 'determined');
    const penalty = { measure: 'penalty', amountYuan: '50000', text: '罚款五万元' };

    const lead = await http().post(`/cases/${caseId}/measures`).set(social).send(penalty).expect(200);
    expect(lead.body.events).toEqual(['AdministrativeMeasureTaken']);
    await http().post(`/cases/${caseId}/measures`).set(market).send({ measure: 'order_rectify', text: '责令限期整改' }).expect(200);
    const refusals: Array<[string, Record<string, string>, number, string]> = [
      ['the office', office, 403, 'member unit on the case, lead or cooperating (lc-social-affairs, lc-market, lc-court)'],
      ['the convener', convener, 403, 'lc-office (convener) is not'],
      ['an analyst of the office', analyst, 403, 'analysts query reporting'],
      ['an analyst of a member unit', as('lc-market', ['analyst']), 403, 'analysts query reporting'],
      ['a cooperating court', as('lc-court', ['unit_officer']), 403, 'not a court or procuratorate'],
      ['a unit not on the case', police, 404, `case ${caseId}`],
      ['an office of another region', as('fz-office', ['office_officer']), 404, `case ${caseId}`],
    ];
    for (const [who, token, status, detail] of refusals) {
      const res = await http().post(`/cases/${caseId}/measures`).set(token).send(penalty);
      expect({ who, status: res.status }).toEqual({ who, status });
      expect(res.body.detail).toContain(detail);
    }
    const view = await http().get(`/cases/${caseId}`).set(office).expect(200);
    const measures = (view.body.timeline as Array<{ type: string; text: string }>).filter((l) => l.type === 'AdministrativeMeasureTaken');
    expect(measures.map((l) => l.text)).toEqual([expect.stringContaining('行政处罚'), expect.stringContaining('责令整改')]);
    const stored = (await store.readStream(`case-${caseId}`)).filter((e) => e.type === 'AdministrativeMeasureTaken');
    expect(stored.map((e) => (e.data as { unit: string }).unit)).toEqual(['lc-social-affairs', 'lc-market']);
  });

  it('the petition that reaches PETITION_PRESSURE_THRESHOLD (3 by default) flags petition pressure automatically, with reason and actor', async () => {
    const caseId = await foundedCase();
    const petition = () => http().post(`/cases/${caseId}/petitions`).set(office).send({ petitioners: 8, text: '投资人来访要求退款' }).expect(200);
    expect((await petition()).body.events).toEqual(['PetitionRecorded']);
    expect((await petition()).body.events).toEqual(['PetitionRecorded']);
    expect((await petition()).body.events).toEqual(['PetitionRecorded', 'KeyCaseFlagSet']);
    const view = await http().get(`/cases/${caseId}`).set(office).expect(200);
    expect(view.body.state.facts).toMatchObject({ petitions: 3, keyFlags: ['petition_pressure'] });
    const flagged = (await store.readStream(`case-${caseId}`)).find((e) => e.type === 'KeyCaseFlagSet');
    expect(flagged?.data).toMatchObject({
      flag: 'petition_pressure',
      automatic: true,
      by: 'lc-office',
      reason: '信访3次，达到信访矛盾突出标准（3次）',
    });
    expect(flagged?.actor).toMatchObject({ agency: 'lc-office', user: 'lc-office-user' });
  });

  it("the letters-and-visits bureau of the case's region records petitions on the case without seeing the rest of it", async () => {
    const caseId = await foundedCase();
    const letters = as('lc-letters', ['unit_officer']);
    const petition = { petitioners: 12, text: '投资人集体来访要求退款' };
    const recorded = await http().post(`/cases/${caseId}/petitions`).set(letters).send(petition).expect(200);
    expect(recorded.body.events).toEqual(['PetitionRecorded']);
    await http().get(`/cases/${caseId}`).set(letters).expect(404);
    await http().post(`/cases/${caseId}/findings`).set(letters).send({ text: '走访了解情况' }).expect(404);
    await http().post(`/cases/${randomUUID()}/petitions`).set(letters).send(petition).expect(404);
    const stored = (await store.readStream(`case-${caseId}`)).filter((e) => e.type === 'PetitionRecorded');
    expect(stored.map((e) => e.actor.agency)).toEqual(['lc-letters']);
  });

  it("records a leader's instruction (领导批示): the owning office only; a provincial one flags the case with who and when", async () => {
    const caseId = await foundedCase();
    const body = { leader: '张某某（省委副书记）', level: 'provincial', date: '2026-03-01', summary: '要求依法稳妥处置' };
    const post = (token: Record<string, string>, b: object = body) => http().post(`/cases/${caseId}/leader-instructions`).set(token).send(b);
    const bad = await post(office, { ...body, level: 'village', date: '2026-3-1' }).expect(422);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['date', 'level']);
    const refusals: Array<[string, Record<string, string>, number]> = [
      ['the convener', convener, 403],
      ['the lead unit', social, 403],
      ['an analyst', analyst, 403],
      ['the city office', cityOffice, 403],
      ['a unit not on the case', police, 404],
      ['an office of another region', as('fz-office', ['office_officer']), 404],
    ];
    for (const [who, token, status] of refusals) expect({ who, status: (await post(token)).status }).toEqual({ who, status });
    expect((await store.readStream(`case-${caseId}`)).some((e) => e.type === 'LeaderInstructionRecorded')).toBe(false);
    const recorded = await post(office).expect(200);
    expect(recorded.body.events).toEqual(['LeaderInstructionRecorded', 'KeyCaseFlagSet']);
    const view = await http().get(`/cases/${caseId}`).set(office).expect(200);
    expect(view.body.state.facts.keyFlags).toEqual(['leader_instruction']);
    const lines = (view.body.timeline as Array<{ type: string; text: string }>).filter((l) => l.type !== 'CaseOpened');
    expect(lines.map((l) => l.text)).toEqual(
      expect.arrayContaining([
        expect.stringContaining('省领导同志张某某（省委副书记）（2026-03-01）批示：要求依法稳妥处置'),
        expect.stringContaining('依规则自动标记为重点案件'),
      ]),
    );
  });

  it('records 领导包案 and 一案一专班: the owning office only; the team’s units then see the case', async () => {
    const caseId = await foundedCase();
    const finance = as('lc-finance', ['unit_officer']);
    const routes: Array<[string, object, object]> = [
      ['leader-in-charge', { leader: '李某某', post: '区委常委、政法委书记', since: '2026-03-01' }, { leader: '', since: 'soon' }],
      [
        'dedicated-team',
        { head: '区政法委副书记王某', units: ['lc-finance', 'lc-police'], formedOn: '2026-03-01' },
        { head: '王某', units: ['Not A Code'] },
      ],
    ];
    const refusals: Array<[string, Record<string, string>, number]> = [
      ['the convener', convener, 403],
      ['the lead unit', social, 403],
      ['an analyst', analyst, 403],
      ['the city office', cityOffice, 403],
      ['a unit not on the case', finance, 404],
      ['an office of another region', as('fz-office', ['office_officer']), 404],
    ];
    await http().get(`/cases/${caseId}`).set(finance).expect(404);
    for (const [route, body, bad] of routes) {
      const post = (token: Record<string, string>, b: object = body) => http().post(`/cases/${caseId}/${route}`).set(token).send(b);
      const invalid = await post(office, bad).expect(422);
      expect(invalid.body.errors.length).toBeGreaterThanOrEqual(2);
      for (const [who, token, status] of refusals) expect({ route, who, status: (await post(token)).status }).toEqual({ route, who, status });
    }
    const stored = async () => (await store.readStream(`case-${caseId}`)).map((e) => e.type);
    expect(await stored()).not.toEqual(expect.arrayContaining(['LeaderTookCharge']));
    expect(await stored()).not.toEqual(expect.arrayContaining(['DedicatedTeamFormed']));
    for (const [route, body] of routes) await http().post(`/cases/${caseId}/${route}`).set(office).send(body).expect(200);
    const view = await http().get(`/cases/${caseId}`).set(office).expect(200);
    expect(view.body.state.facts).toMatchObject({
      leaderInCharge: { leader: '李某某', post: '区委常委、政法委书记', since: '2026-03-01' },
      dedicatedTeam: { head: '区政法委副书记王某', units: ['lc-finance', 'lc-police'], formedOn: '2026-03-01' },
    });
    const texts = (view.body.timeline as Array<{ text: string }>).map((l) => l.text);
    expect(texts).toEqual(
      expect.arrayContaining([
        expect.stringContaining('区委常委、政法委书记李某某自2026-03-01起包案'),
        expect.stringContaining('成立一案一专班（2026-03-01），由区政法委副书记王某牵头'),
      ]),
    );
    // A member unit of the team now sees the case (need-to-know follows the team).
    await pollUntil(async () => (await http().get(`/cases/${caseId}`).set(finance)).status === 200, { what: 'lc-finance seeing the case' });
  });

  it('a meeting decides only what is on its agenda, and its decisions move the case: district escalates, city determines', async () => {
    const caseId = await foundedCase();
    const other = await foundedCase();
    const district = await http()
      .post('/meetings')
      .set(office)
      .send({ level: 'district', kind: 'partial', scheduledFor: '2026-03-12T02:00:00.000Z', title: '区联席会议' })
      .expect(201);
    const city = await http()
      .post('/meetings')
      .set(cityOffice)
      .send({ level: 'city', kind: 'full', scheduledFor: '2026-03-20T02:00:00.000Z', title: '市联席会议' })
      .expect(201);
    const districtId = district.body.meetingId as string;
    const cityId = city.body.meetingId as string;

    await http().post(`/cases/${caseId}/refer-to-district-meeting`).set(office).send({ meetingId: cityId, question: '性质认定' }).expect(422);
    await http()
      .post(`/cases/${caseId}/refer-to-district-meeting`)
      .set(office)
      .send({ meetingId: districtId, question: '请审议该案性质认定' })
      .expect(200);
    await pollUntil(
      async () => {
        const res = await http().get(`/meetings/${districtId}`).set(convener);
        return res.body.agenda?.some((a: { caseId: string }) => a.caseId === caseId);
      },
      { what: 'the case on the district agenda' },
    );

    const notOnAgenda = await http()
      .post(`/meetings/${districtId}/decisions`)
      .set(convener)
      .send({ caseId: other, decision: 'not_illegal', text: '不构成' })
      .expect(422);
    expect(notOnAgenda.body.detail).toContain(`case ${other} is not on the agenda`);
    const notConvener = await http()
      .post(`/meetings/${districtId}/decisions`)
      .set(office)
      .send({ caseId, decision: 'escalate', text: '提请市联席会议' })
      .expect(403);
    expect(notConvener.body.detail).toContain('only the convener');
    await http()
      .post(`/meetings/${districtId}/decisions`)
      .set(convener)
      .send({ caseId, decision: 'escalate', text: '提请市联席会议认定' })
      .expect(200);
    await awaitCase(caseId, 'awaiting_city_escalation');

    await http()
      .post(`/cases/${caseId}/escalate-to-city-meeting`)
      .set(office)
      .send({ meetingId: cityId, question: '提请市联席会议认定' })
      .expect(200);
    await pollUntil(
      async () => {
        const res = await http().get(`/meetings/${cityId}`).set(cityConvener);
        return res.body.agenda?.some((a: { caseId: string; source: string }) => a.caseId === caseId && a.source === 'referral');
      },
      { what: 'the case on the city agenda' },
    );
    await http()
      .post(`/meetings/${cityId}/decisions`)
      .set(cityConvener)
      .send({ caseId, decision: 'determined', conclusion: 'illegal_fundraising', text: '认定为非法集资' })
      .expect(200);
    const determined = await awaitCase(caseId, 'determined');
    expect(determined.body.timeline.map((l: { type: string }) => l.type)).toEqual(
      expect.arrayContaining([
        'ReferredToDistrictMeeting',
        'MeetingDecisionApplied',
        'EscalatedToCityMeeting',
        'DecisionReceivedFromCity',
        'NatureDetermined',
      ]),
    );
    expect(determined.body.state.facts.nature).toEqual({ conclusion: 'illegal_fundraising', by: 'city_meeting' });
    // The timeline names the meetings by their titles (the referral from the request, the decisions from the meeting stream), not by id.
    const lines = determined.body.timeline as Array<{ type: string; text: string }>;
    const textOf = (type: string) => lines.filter((l) => l.type === type).map((l) => l.text);
    expect(textOf('ReferredToDistrictMeeting')).toEqual([expect.stringContaining('（《区联席会议》）')]);
    expect(textOf('EscalatedToCityMeeting')).toEqual([expect.stringContaining('（《市联席会议》）')]);
    expect(textOf('MeetingDecisionApplied')).toEqual([
      expect.stringContaining('区联席会议（《区联席会议》）决定'),
      expect.stringContaining('市联席会议（《市联席会议》）决定'),
    ]);
    expect(textOf('DecisionReceivedFromCity')).toEqual([expect.stringContaining('（《市联席会议》）')]);
    expect(lines.some((l) => l.text.includes(districtId) || l.text.includes(cityId))).toBe(false);

    await http().post(`/meetings/${districtId}/close`).set(office).expect(200);
    const closed = await http()
      .post(`/meetings/${districtId}/decisions`)
      .set(convener)
      .send({ caseId, decision: 'not_illegal', text: 'x' })
      .expect(409);
    expect(closed.body.detail).toContain('the joint meeting is closed');
  });

  it('lists the meetings each caller may see, as GET /meetings/:id would, with filters, newest first, paged', async () => {
    const lcMeeting = await http()
      .post('/meetings')
      .set(office)
      .send({ level: 'district', kind: 'full', scheduledFor: '2027-01-10T02:00:00.000Z', title: '鲤城区联席会议（列表）' })
      .expect(201);
    const fzMeeting = await http()
      .post('/meetings')
      .set(as('fz-office', ['office_officer']))
      .send({ level: 'district', kind: 'partial', scheduledFor: '2027-02-10T02:00:00.000Z', title: '丰泽区联席会议（列表）' })
      .expect(201);
    const lcId = lcMeeting.body.meetingId as string;
    const fzId = fzMeeting.body.meetingId as string;
    const ids = async (who: Record<string, string>, query = '') => {
      const res = await http().get(`/meetings${query}`).set(who).expect(200);
      return (res.body.items as Array<{ meetingId: string }>).map((m) => m.meetingId);
    };
    const fzOffice = as('fz-office', ['office_officer']);
    await pollUntil(async () => (await ids(office)).includes(lcId) && (await ids(fzOffice)).includes(fzId), {
      what: "both meetings in their offices' lists",
    });

    // Each office sees its own; the city office both; a member unit the meetings of its district; anyone else none.
    const seen = async (who: Record<string, string>) => {
      const listed = await ids(who);
      const detail = async (id: string) => (await http().get(`/meetings/${id}`).set(who)).status === 200;
      expect([listed.includes(lcId), listed.includes(fzId)]).toEqual([await detail(lcId), await detail(fzId)]);
      return [listed.includes(lcId), listed.includes(fzId)];
    };
    expect(await seen(office)).toEqual([true, false]);
    expect(await seen(fzOffice)).toEqual([false, true]);
    expect(await seen(cityOffice)).toEqual([true, true]);
    expect(await seen(market)).toEqual([true, false]);
    expect(await seen(as('fz-police', ['unit_officer']))).toEqual([false, true]);
    expect(await seen(as('qz-pbc', ['unit_officer']))).toEqual([false, false]);
    expect(await seen(as('lc-st-haibin', ['street_officer']))).toEqual([false, false]);
    await http().get('/meetings').set(analyst).expect(403);

    const listed = await http().get('/meetings').set(office).expect(200);
    expect(listed.body).toMatchObject({ page: 1, pageSize: 50 });
    expect(listed.body.items.find((m: { meetingId: string }) => m.meetingId === lcId)).toMatchObject({
      level: 'district',
      kind: 'full',
      title: '鲤城区联席会议（列表）',
      office: 'lc-office',
      scheduledFor: '2027-01-10T02:00:00.000Z',
      status: 'scheduled',
      agendaCount: 0,
      decidedCount: 0,
    });

    // A case referred, decided and the meeting closed: the row follows.
    const caseId = await foundedCase();
    await http().post(`/cases/${caseId}/refer-to-district-meeting`).set(office).send({ meetingId: lcId, question: '请审议该案性质认定' }).expect(200);
    const row = async () =>
      ((await http().get('/meetings?level=district&pageSize=200').set(office)).body.items as Array<Record<string, unknown>>).find(
        (m) => m.meetingId === lcId,
      );
    await pollUntil(async () => (await row())?.agendaCount === 1, { what: 'the referral counted on the agenda' });
    await http()
      .post(`/meetings/${lcId}/decisions`)
      .set(convener)
      .send({ caseId, decision: 'further_investigation', text: '补充调查后再议' })
      .expect(200);
    await http().post(`/meetings/${lcId}/close`).set(office).expect(200);
    await pollUntil(async () => (await row())?.status === 'closed', { what: 'the meeting closed in the list' });
    expect(await row()).toMatchObject({ agendaCount: 1, decidedCount: 1, status: 'closed' });

    expect(await ids(office, '?status=closed')).toContain(lcId);
    expect(await ids(office, '?status=scheduled')).not.toContain(lcId);
    const cityLevel = await ids(cityOffice, '?level=city');
    expect([cityLevel.includes(lcId), cityLevel.includes(fzId)]).toEqual([false, false]);
    expect(await ids(cityOffice, '?level=district&status=scheduled')).toContain(fzId);

    // Newest scheduledFor first, paged: the two 2027 meetings lead the city office's district list.
    const first = await http().get('/meetings?level=district&pageSize=1').set(cityOffice).expect(200);
    const second = await http().get('/meetings?level=district&pageSize=1&page=2').set(cityOffice).expect(200);
    expect(first.body).toMatchObject({ page: 1, pageSize: 1, items: [{ meetingId: fzId }] });
    expect(second.body).toMatchObject({ page: 2, pageSize: 1, items: [{ meetingId: lcId }] });
    expect(first.body.total).toBeGreaterThanOrEqual(2);
    expect(second.body.total).toBe(first.body.total);

    const bad = await http().get('/meetings?status=open&level=county&pageSize=500').set(office).expect(422);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['level', 'pageSize', 'status']);
  });

  it('records every read, refused ones too, in the access log; analysts get 403', async () => {
    const caseId = await foundedCase();
    await http().get(`/cases/${caseId}`).set(office).set('X-Access-Purpose', 'supervision').expect(200);
    await http().get(`/cases/${caseId}`).set(market).expect(404);
    const log = await store.readStream(`access-case-${caseId}`);
    expect(log.map((e) => e.data)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ resourceType: 'case', agency: 'lc-office', purpose: 'supervision', granted: true }),
        expect.objectContaining({ agency: 'lc-market', granted: false }),
      ]),
    );
    const refused = await http().get(`/cases/${caseId}`).set(analyst).expect(403);
    expect(refused.body.detail).toContain("analysts query reporting's projections");
    await http().get('/triage').set(analyst).expect(403);
  });

  it('opens a triage once however often the report arrives, and parks a malformed report with what is wrong', async () => {
    const leadId = await reportLead();
    await awaitTriage(leadId);
    const [, reported] = await store.readStream(toLeadStreamId(leadId));
    await store.append(toLeadStreamId(leadId), [intakeEvent('LeadReportedToOffice', reported.data)], 1);
    const bad = randomUUID();
    const malformed = intakeEvent('LeadReportedToOffice', {
      leadId: bad,
      office: 'lc-office',
      summary: { leadId: bad, title: 'x', category: 'astrology' },
    });
    await store.append(toLeadStreamId(bad), [malformed], 'no_stream');
    const db = app.get<DataSource>(READ_MODEL_TOKEN);
    const parked = await pollUntil(
      async () =>
        (await db.query('SELECT error FROM bus_parked_events WHERE consumer_group = ? AND event_id = ?', ['cases', malformed.id]))[0] as
          { error: string } | undefined,
      { timeoutMs: 30000, what: 'the malformed report parked' },
    );
    expect(parked.error).toContain('summary.category: "astrology" is not a known activity category');
    const triage = await store.readStream(`routing-${leadId}`);
    expect(triage.map((e) => e.type)).toEqual(['TriageOpened']);
    expect(await store.readStream(`routing-${bad}`)).toEqual([]);
  });

  it('refuses to start with a routing rules file naming an unknown agency', async () => {
    const path = join(dir, 'bad-rules.json');
    writeFileSync(
      path,
      JSON.stringify({ rules: [{ jurisdiction: '350502', office: 'lc-office', fields: { pension: 'lc-nowhere' }, default: 'lc-finance' }] }),
    );
    await expect(
      createServiceApp('cases', CasesModule, {
        env: env({ ROUTING_RULES_PATH: path, SQLITE_PATH: join(dir, 'bad-events.sqlite'), READ_MODEL_SQLITE_PATH: join(dir, 'bad-read.sqlite') }),
        readModel: CASES_READ_MODEL,
        clock,
      }),
    ).rejects.toThrow(/Routing rules .*bad-rules\.json are invalid:[\s\S]*fields\.pension: "lc-nowhere" is not an agency in the registry/);
  });
});
