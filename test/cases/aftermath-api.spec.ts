/**
 * The aftermath register over HTTP (embedded mode, SQLite store and bus, cases'
 * own key vault): who may register, claim, refund, handle petitions and shred
 * (each role and agency: 200, 403 or 404), identities opened or masked, bad
 * input 422 with nothing stored, and a shredded identity gone for good while
 * its amounts stay.
 */
import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { toAftermathStreamId } from '@jm/contracts';
import { EventStore, ManualClock } from '@jm/event-sourcing';
import { KeyVault, READ_MODEL_TOKEN } from '@jm/platform';
import { Role } from '@jm/reference';
import { bearer, TEST_SECURITY_ENV } from '@jm/platform/testing';
import { pollUntil } from '@jm/testing';
import { leadSummary } from '../../services/cases/src/testing/fixtures';
import { CasesTestApp, startCasesApp } from './support/cases-app';

const clock = new ManualClock(new Date('2026-03-02T01:00:00.000Z'));
let cases: CasesTestApp;
let app: INestApplication;
let store: EventStore;
const http = () => request(app.getHttpServer());
const as = (agency: string, roles: Role[]) => bearer(agency, roles, `${agency}-user`);
const office = as('lc-office', ['office_officer']);
const leadUnit = as('lc-social-affairs', ['unit_officer']);
const street = as('lc-st-haibin', ['street_officer']);
const letters = as('lc-letters', ['unit_officer']);
const cityOffice = as('qz-office', ['office_officer']);
const outsiders = [as('lc-police', ['unit_officer']), as('fz-office', ['office_officer']), as('lc-market', ['unit_officer'])];
const analyst = as('lc-office', ['analyst']);

const zhang = { role: 'victim', name: '张三丰', idNumber: '11010519491231002X', phone: '13800000000' };
const li = { role: 'participant', name: '李四', idNumber: '350502198001011235' };

/** A lead routed to lc-social-affairs (street lc-st-haibin) and founded by it: the case id. */
async function foundedCase(): Promise<string> {
  const leadId = await cases.reportLead(leadSummary(randomUUID()), office);
  await http().post(`/triage/${leadId}/route`).set(office).send({}).expect(200);
  const res = await http().post(`/triage/${leadId}/feedback`).set(leadUnit).send({ outcome: 'founded' }).expect(200);
  const caseId = res.body.caseId as string;
  await pollUntil(async () => (await http().get(`/cases/${caseId}`).set(office)).status === 200, { timeoutMs: 20000, what: `case ${caseId}` });
  return caseId;
}

const streamVersion = async (caseId: string) => (await store.readStream(toAftermathStreamId(caseId))).length;

beforeAll(async () => {
  cases = await startCasesApp('aftermath-api', clock);
  ({ app, store } = cases);
});

afterAll(async () => {
  await cases?.close();
});

describe('aftermath register API', () => {
  let caseId: string;
  let zhangId: string;
  beforeAll(async () => {
    caseId = await foundedCase();
  });

  it('the office, the lead unit and the street register persons; the identity is stored sealed, never in clear', async () => {
    const first = await http().post(`/cases/${caseId}/aftermath/persons`).set(office).send(zhang).expect(200);
    expect(first.body.events).toEqual(['AftermathPersonRegistered', 'AftermathIdentitySealed']);
    zhangId = first.body.id;
    await http().post(`/cases/${caseId}/aftermath/persons`).set(leadUnit).send(li).expect(200);
    await http()
      .post(`/cases/${caseId}/aftermath/persons`)
      .set(street)
      .send({ role: 'victim', name: '王五', idNumber: '350502199002024569' })
      .expect(200);
    const stored = JSON.stringify(await store.readStream(toAftermathStreamId(caseId)));
    expect(stored).not.toMatch(/张三丰|11010519491231002X|13800000000|李四/);
  });

  it('a retried registration with the same Idempotency-Key names the same person and appends nothing', async () => {
    const key = randomUUID();
    const a = await http().post(`/cases/${caseId}/aftermath/persons`).set(office).set('Idempotency-Key', key).send(li).expect(200);
    const before = await streamVersion(caseId);
    const b = await http().post(`/cases/${caseId}/aftermath/persons`).set(office).set('Idempotency-Key', key).send(li).expect(200);
    expect(b.body.id).toBe(a.body.id);
    expect(await streamVersion(caseId)).toBe(before);
  });

  it('the letters bureau, the city office and units outside the case may not register (403 / 404); analysts 403', async () => {
    for (const who of [letters, cityOffice, analyst]) await http().post(`/cases/${caseId}/aftermath/persons`).set(who).send(zhang).expect(403);
    for (const who of outsiders) await http().post(`/cases/${caseId}/aftermath/persons`).set(who).send(zhang).expect(404);
    await http().post(`/cases/${randomUUID()}/aftermath/persons`).set(office).send(zhang).expect(404);
  });

  it('claims and refunds per person; a refund beyond the claims needs a reason', async () => {
    await http()
      .post(`/cases/${caseId}/aftermath/persons/${zhangId}/claims`)
      .set(leadUnit)
      .send({ amountYuan: '100000.00', date: '2026-03-01' })
      .expect(200);
    await http()
      .post(`/cases/${caseId}/aftermath/persons/${zhangId}/refunds`)
      .set(office)
      .send({ amountYuan: '60000', date: '2026-03-02' })
      .expect(200);
    const over = await http()
      .post(`/cases/${caseId}/aftermath/persons/${zhangId}/refunds`)
      .set(office)
      .send({ amountYuan: '40000.01', date: '2026-03-02' })
      .expect(422);
    expect(over.body.detail).toMatch(/more than the registered claims/);
    await http()
      .post(`/cases/${caseId}/aftermath/persons/${zhangId}/refunds`)
      .set(office)
      .send({ amountYuan: '40000.01', date: '2026-03-02', overClaimReason: '判决含利息' })
      .expect(200);
    for (const who of [letters, cityOffice]) {
      await http().post(`/cases/${caseId}/aftermath/persons/${zhangId}/claims`).set(who).send({ amountYuan: '1', date: '2026-03-01' }).expect(403);
    }
    for (const who of outsiders) {
      await http().post(`/cases/${caseId}/aftermath/persons/${zhangId}/refunds`).set(who).send({ amountYuan: '1', date: '2026-03-01' }).expect(404);
    }
  });

  it('bad input is 422 (or 404 for an unknown person) and stores nothing', async () => {
    const before = await streamVersion(caseId);
    const bad: Array<[string, object]> = [
      ['persons', { ...zhang, idNumber: '110105194912310021' }],
      ['persons', { ...zhang, idNumber: '1101051949' }],
      ['persons', { ...zhang, role: 'witness' }],
      ['persons', { ...zhang, phone: '12345' }],
      ['persons', { role: 'victim', idNumber: zhang.idNumber }],
      [`persons/${zhangId}/claims`, { amountYuan: '12.345', date: '2026-03-01' }],
      [`persons/${zhangId}/claims`, { amountYuan: 1000, date: '2026-03-01' }],
      [`persons/${zhangId}/claims`, { amountYuan: '0', date: '2026-03-01' }],
      [`persons/${zhangId}/claims`, { amountYuan: '10', date: '2026-02-30' }],
      [`persons/${zhangId}/claims`, { amountYuan: '10', date: '2026-03-03' }],
      [`persons/${zhangId}/refunds`, { amountYuan: '-5', date: '2026-03-01' }],
      ['petitions', { referredTo: 'no-such-agency', personIds: [], text: '上访' }],
      ['petitions', { referredTo: 'lc-finance', personIds: ['not-a-uuid'], text: '上访' }],
    ];
    for (const [path, body] of bad) {
      const res = await http().post(`/cases/${caseId}/aftermath/${path}`).set(office).send(body);
      expect([path, res.status, res.headers['content-type']]).toEqual([path, 422, expect.stringContaining('application/problem+json')]);
    }
    await http()
      .post(`/cases/${caseId}/aftermath/persons/${randomUUID()}/claims`)
      .set(office)
      .send({ amountYuan: '10', date: '2026-03-01' })
      .expect(404);
    await http()
      .post(`/cases/${caseId}/aftermath/petitions`)
      .set(office)
      .send({ referredTo: 'lc-finance', personIds: [randomUUID()], text: '上访' })
      .expect(404);
    expect(await streamVersion(caseId)).toBe(before);
  });

  it('petitions: the letters bureau refers (转办), the office supervises (督办), the lead unit closes (闭环); then nothing more', async () => {
    const referred = await http()
      .post(`/cases/${caseId}/aftermath/petitions`)
      .set(letters)
      .send({ referredTo: 'lc-social-affairs', personIds: [zhangId], text: '要求尽快清退' })
      .expect(200);
    const petitionId = referred.body.id as string;
    await http().post(`/cases/${caseId}/aftermath/petitions/${petitionId}/supervise`).set(office).send({ note: '请于十日内答复' }).expect(200);
    for (const who of [cityOffice, analyst]) {
      await http().post(`/cases/${caseId}/aftermath/petitions/${petitionId}/supervise`).set(who).send({ note: '督办' }).expect(403);
    }
    for (const who of outsiders) {
      await http().post(`/cases/${caseId}/aftermath/petitions/${petitionId}/close`).set(who).send({ outcome: '办结' }).expect(404);
    }
    await http().post(`/cases/${caseId}/aftermath/petitions/${petitionId}/close`).set(leadUnit).send({ outcome: '已答复，按比例清退' }).expect(200);
    await http().post(`/cases/${caseId}/aftermath/petitions/${petitionId}/supervise`).set(office).send({ note: '再督办' }).expect(409);
    await http().post(`/cases/${caseId}/aftermath/petitions/${randomUUID()}/close`).set(office).send({ outcome: '办结' }).expect(404);
    await http()
      .post(`/cases/${caseId}/aftermath/petitions`)
      .set(letters)
      .send({ referredTo: 'lc-finance', personIds: [], text: '集体来访' })
      .expect(200);
  });

  it('the register’s third petition reaches PETITION_PRESSURE_THRESHOLD (3): the case is flagged petition_pressure from the bus', async () => {
    const flags = async () => (await http().get(`/cases/${caseId}`).set(office).expect(200)).body.state.facts.keyFlags as string[];
    expect(await flags()).not.toContain('petition_pressure');
    await http()
      .post(`/cases/${caseId}/aftermath/petitions`)
      .set(letters)
      .send({ referredTo: 'lc-finance', personIds: [], text: '第三次来访' })
      .expect(200);
    await pollUntil(async () => (await flags()).includes('petition_pressure') || undefined, { timeoutMs: 20000, what: 'the petition_pressure flag' });
    const view = await http().get(`/cases/${caseId}`).set(office).expect(200);
    expect(view.body.timeline.at(-1)).toMatchObject({ type: 'KeyCaseFlagSet', by: { agency: 'lc-letters' } });
  });

  it('a stale If-Match is 409 and stores nothing', async () => {
    const before = await streamVersion(caseId);
    await http()
      .post(`/cases/${caseId}/aftermath/persons/${zhangId}/claims`)
      .set(office)
      .set('If-Match', '"0"')
      .send({ amountYuan: '10', date: '2026-03-01' })
      .expect(409);
    expect(await streamVersion(caseId)).toBe(before);
  });

  it('GET: the office and the case’s units open identities; the letters bureau and the city office see them masked; outsiders 404', async () => {
    const opened = await http().get(`/cases/${caseId}/aftermath`).set(leadUnit).expect(200);
    const person = opened.body.persons.find((p: { personId: string }) => p.personId === zhangId);
    expect(person).toMatchObject({ identityStatus: 'open', identity: { name: '张三丰', idNumber: zhang.idNumber, phone: zhang.phone } });
    // Four: 李四 twice under two Idempotency-Keys (identities are sealed, so the register cannot tell a repeat).
    expect(opened.body.totals).toEqual({
      persons: 4,
      claimants: 1,
      claimedYuan: '100000.00',
      refundedYuan: '100000.01',
      personsRefunded: 1,
      petitionsOpen: 2,
      petitionsClosed: 1,
    });
    for (const who of [letters, cityOffice]) {
      const masked = await http().get(`/cases/${caseId}/aftermath`).set(who).expect(200);
      const view = masked.body.persons.find((p: { personId: string }) => p.personId === zhangId);
      expect(view).toMatchObject({ identityStatus: 'masked', identity: { name: '张**', idNumber: '110105********002X', phone: '138****0000' } });
      expect(JSON.stringify(masked.body)).not.toMatch(/张三丰|19491231|13800000000/);
    }
    for (const who of outsiders) await http().get(`/cases/${caseId}/aftermath`).set(who).expect(404);
    await http().get(`/cases/${caseId}/aftermath`).set(analyst).expect(403);
  });

  it('shredding (the office only) destroys the person’s key: the identity cannot be opened anywhere, the amounts stay', async () => {
    for (const who of [leadUnit, street, letters]) {
      await http().post(`/cases/${caseId}/aftermath/persons/${zhangId}/shred`).set(who).send({ reason: '本人申请' }).expect(403);
    }
    for (const who of outsiders)
      await http().post(`/cases/${caseId}/aftermath/persons/${zhangId}/shred`).set(who).send({ reason: '本人申请' }).expect(404);
    const res = await http()
      .post(`/cases/${caseId}/aftermath/persons/${zhangId}/shred`)
      .set(office)
      .send({ reason: '本人申请删除个人信息' })
      .expect(200);
    expect(res.body.events).toEqual(['AftermathIdentityShredded']);
    const view = await http().get(`/cases/${caseId}/aftermath`).set(office).expect(200);
    const person = view.body.persons.find((p: { personId: string }) => p.personId === zhangId);
    expect(person).toMatchObject({ identityStatus: 'shredded', claimedYuan: '100000.00', refundedYuan: '100000.01' });
    expect(person.identity).toBeUndefined();
    expect(view.body.totals).toMatchObject({ persons: 4, claimedYuan: '100000.00', refundedYuan: '100000.01' });
    // The sealed value is still in the event; the key that opens it is gone.
    const sealed = (await store.readStream(toAftermathStreamId(caseId))).find(
      (e) => e.type === 'AftermathIdentitySealed' && (e.data as { personId: string }).personId === zhangId,
    );
    const vault = new KeyVault(app.get<DataSource>(READ_MODEL_TOKEN), Buffer.from(TEST_SECURITY_ENV.KEY_ENCRYPTION_KEY, 'hex'));
    await expect(vault.open((sealed?.data as { identity: never }).identity)).rejects.toThrow(/shredded/);
    await http().post(`/cases/${caseId}/aftermath/persons/${zhangId}/shred`).set(office).send({ reason: '重复' }).expect(200);
    await http().post(`/cases/${caseId}/aftermath/persons/${zhangId}/claims`).set(office).send({ amountYuan: '5', date: '2026-03-02' }).expect(200);
  });
});
