/**
 * The cross-region negotiation API over HTTP (embedded mode, one cases process): who sees which record and who
 * may answer or decide (each role and agency: 200, 403 or 404), bad input 422 with nothing stored, 409 once a
 * record is referred or decided, and the due check referring an unanswered negotiation once the (manual)
 * clock passes its due time. The records are appended as the bus handlers would open them; the flow between
 * deployments is test/federation/cross-region.spec.ts.
 */
import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { NegotiationOpenedData, toNegotiationStreamId } from '@jm/contracts';
import { EventStore, ManualClock } from '@jm/event-sourcing';
import { Role } from '@jm/reference';
import { bearer } from '@jm/platform/testing';
import { negotiationRecord } from '@jm/contracts/testing';
import { pollUntil } from '@jm/testing';
import { NegotiationDueCheck } from '../../services/cases/src/negotiation/negotiation-due-check';
import { CasesTestApp, startCasesApp } from './support/cases-app';

const clock = new ManualClock(new Date('2026-06-01T02:00:00.000Z'));
let cases: CasesTestApp;
let app: INestApplication;
let store: EventStore;
const http = () => request(app.getHttpServer());
const as = (agency: string, roles: Role[]) => bearer(agency, roles, `${agency}-user`);
const fzOfficer = as('fz-office', ['office_officer']);
const fzConvener = as('fz-office', ['convener']);
const fzAnalyst = as('fz-office', ['analyst']);
const fzPolice = as('fz-police', ['unit_officer']);
const lcOfficer = as('lc-office', ['office_officer']);
const qzOfficer = as('qz-office', ['office_officer']);
const qzConvener = as('qz-office', ['convener']);
const qzAuditor = as('qz-office', ['auditor']);

const subject = { kind: 'company' as const, name: '泉州丰泽某财富管理有限公司', region: '350503' };
const base = (kind: NegotiationOpenedData['kind'], office: string, negotiationId: string): NegotiationOpenedData => {
  const record = negotiationRecord(kind, office, { negotiationId });
  const caseNo = `CASE-350502-2026-${negotiationId.slice(0, 8).toUpperCase()}`;
  return { ...record, case: { ...record.case, caseId: `case-${negotiationId}`, caseNo, subjects: [subject], amountYuan: '3000000.00' } };
};

/** Appends a record as the bus handlers open it; answers once its office lists it. */
async function opened(record: NegotiationOpenedData, reader: Record<string, string>): Promise<string> {
  const id = randomUUID();
  const actor = { agency: 'system', user: 'cross-region' };
  const event = {
    id,
    type: 'NegotiationOpened',
    schemaVersion: 1,
    data: record,
    time: clock.now().toISOString(),
    correlationId: id,
    causationId: id,
    actor,
  };
  await store.append(toNegotiationStreamId(record.negotiationId), [event], 'no_stream');
  await pollUntil(
    async () =>
      ((await http().get('/negotiations').set(reader)).body.items ?? []).some(
        (n: { negotiationId: string }) => n.negotiationId === record.negotiationId,
      ),
    {
      timeoutMs: 20000,
      what: `negotiation ${record.negotiationId} listed`,
    },
  );
  return record.negotiationId;
}
const versionOf = async (id: string) => (await store.readStream(toNegotiationStreamId(id))).length;

beforeAll(async () => {
  cases = await startCasesApp('negotiation-api', clock);
  ({ app, store } = cases);
});

afterAll(async () => {
  await cases?.close();
});

describe('cross-region negotiation API', () => {
  let negotiation: string;
  let dispute: string;
  let notice: string;
  beforeAll(async () => {
    negotiation = await opened({ ...base('negotiation', 'fz-office', randomUUID()), dueAt: '2026-06-15T16:00:00.000Z' }, fzOfficer);
    dispute = await opened({ ...base('dispute', 'qz-office', randomUUID()), reason: 'disagreed', disagreement: '资金归集地在鲤城' }, qzOfficer);
    notice = await opened(base('notice', 'lc-office', randomUUID()), lcOfficer);
  });

  it('lists to each office only the records it holds, with Chinese status labels; a unit sees none, an analyst or auditor is refused', async () => {
    const ids = async (who: Record<string, string>) =>
      ((await http().get('/negotiations').set(who).expect(200)).body.items as Array<{ negotiationId: string }>).map((n) => n.negotiationId);
    expect(await ids(fzOfficer)).toEqual([negotiation]);
    expect(await ids(fzConvener)).toEqual([negotiation]);
    expect(await ids(qzOfficer)).toEqual([dispute]);
    expect(await ids(lcOfficer)).toEqual([notice]);
    expect(await ids(fzPolice)).toEqual([]);
    const row = (await http().get('/negotiations?kind=negotiation&status=awaiting_answer').set(fzOfficer).expect(200)).body.items[0];
    expect(row).toMatchObject({
      negotiationId: negotiation,
      statusLabel: '待对方答复',
      kindLabel: '外地来函协商',
      fromRegion: '350502',
      toRegion: '350503',
    });
    await http().get('/negotiations').set(fzAnalyst).expect(403);
    await http().get('/negotiations').set(qzAuditor).expect(403);
    await http().get('/negotiations?status=pending').set(fzOfficer).expect(422);
  });

  it('shows a record to its own office (in English on request) and 404 to any other; the read is logged', async () => {
    const view = (await http().get(`/negotiations/${negotiation}`).set(fzOfficer).expect(200)).body;
    expect(view).toMatchObject({ status: 'awaiting_answer', statusLabel: '待对方答复', dueAt: '2026-06-15T16:00:00.000Z', superior: 'qz' });
    expect(view.case.subjects).toEqual([{ kind: 'company', name: '泉州丰泽某财富管理有限公司', region: '350503' }]);
    expect((await http().get(`/negotiations/${negotiation}`).set(fzOfficer).set('Accept-Language', 'en').expect(200)).body.statusLabel).toBe(
      'Awaiting the answer',
    );
    for (const outsider of [lcOfficer, qzOfficer, fzPolice]) await http().get(`/negotiations/${negotiation}`).set(outsider).expect(404);
    await http().get(`/negotiations/${negotiation}`).set(fzAnalyst).expect(403);
    await http().get(`/negotiations/${randomUUID()}`).set(fzOfficer).expect(404);
    const logged = await store.readStream(`access-negotiation-${negotiation}`);
    // The analyst is refused before the record is read: nothing to log.
    expect(logged.map((e) => [e.actor.agency, (e.data as { granted: boolean }).granted])).toEqual([
      ['fz-office', true],
      ['fz-office', true],
      ['lc-office', false],
      ['qz-office', false],
      ['fz-police', false],
    ]);
  });

  it('lets only the notified office officer answer; bad answers are 422 and store nothing', async () => {
    const before = await versionOf(negotiation);
    await http().post(`/negotiations/${negotiation}/answer`).set(fzOfficer).send({}).expect(422);
    await http().post(`/negotiations/${negotiation}/answer`).set(fzOfficer).send({ agree: true }).expect(422);
    await http().post(`/negotiations/${negotiation}/answer`).set(fzOfficer).send({ agree: false }).expect(422);
    const third = await http().post(`/negotiations/${negotiation}/answer`).set(fzOfficer).send({ agree: true, leadRegion: '350203' }).expect(422);
    expect(third.body.detail).toContain('350502 or 350503');
    await http().post(`/negotiations/${negotiation}/answer`).set(lcOfficer).send({ agree: true, leadRegion: '350502' }).expect(404);
    await http().post(`/negotiations/${negotiation}/answer`).set(qzOfficer).send({ agree: true, leadRegion: '350502' }).expect(404);
    await http().post(`/negotiations/${negotiation}/answer`).set(fzConvener).send({ agree: true, leadRegion: '350502' }).expect(403);
    await http().post(`/negotiations/${negotiation}/answer`).set(fzAnalyst).send({ agree: true, leadRegion: '350502' }).expect(403);
    await http().post(`/negotiations/${notice}/answer`).set(lcOfficer).send({ agree: true, leadRegion: '350502' }).expect(409);
    expect(await versionOf(negotiation)).toBe(before);

    const answered = await http()
      .post(`/negotiations/${negotiation}/answer`)
      .set(fzOfficer)
      .send({ agree: false, reason: '主要资金归集地在鲤城' })
      .expect(200);
    expect(answered.body.events).toEqual(['NegotiationAnswered', 'NegotiationReferred']);
    const late = await http().post(`/negotiations/${negotiation}/answer`).set(fzOfficer).send({ agree: true, leadRegion: '350502' }).expect(409);
    expect(late.body.detail).toContain('referred to the common superior qz');
  });

  it("lets only the superior's office officer decide a dispute, once", async () => {
    const decision = { leadRegion: '350503', reason: '涉案主体注册地及主要经营地在丰泽' };
    await http().post(`/negotiations/${dispute}/decision`).set(qzOfficer).send({ leadRegion: '3505', reason: 'x' }).expect(422);
    await http().post(`/negotiations/${dispute}/decision`).set(qzOfficer).send({ leadRegion: '350000', reason: '省级主办' }).expect(422);
    await http().post(`/negotiations/${dispute}/decision`).set(qzOfficer).send({ leadRegion: '350503' }).expect(422);
    await http().post(`/negotiations/${dispute}/decision`).set(fzOfficer).send(decision).expect(404);
    await http().post(`/negotiations/${dispute}/decision`).set(qzConvener).send(decision).expect(403);
    await http().post(`/negotiations/${dispute}/decision`).set(qzAuditor).send(decision).expect(403);
    await http().post(`/negotiations/${negotiation}/decision`).set(fzOfficer).send(decision).expect(409);
    expect(await versionOf(dispute)).toBe(1);
    const decided = await http().post(`/negotiations/${dispute}/decision`).set(qzOfficer).send(decision).expect(200);
    expect(decided.body.events).toEqual(['NegotiationDecided']);
    await http().post(`/negotiations/${dispute}/decision`).set(qzOfficer).send(decision).expect(409);
    const view = (await http().get(`/negotiations/${dispute}`).set(qzOfficer).expect(200)).body;
    expect(view).toMatchObject({ status: 'decided', statusLabel: '已由共同上级裁决', decision: { leadRegion: '350503', by: 'qz-office' } });
  });

  it('refers an unanswered negotiation once the clock passes its due time, and refuses a late answer', async () => {
    const due = await opened({ ...base('negotiation', 'fz-office', randomUUID()), dueAt: '2026-06-15T16:00:00.000Z' }, fzOfficer);
    const check = app.get(NegotiationDueCheck);
    clock.set('2026-06-15T15:59:59.000Z');
    await check.check();
    expect(await versionOf(due)).toBe(1);
    clock.set('2026-06-15T16:00:00.000Z');
    await check.check();
    expect((await store.readStream(toNegotiationStreamId(due))).map((e) => [e.type, (e.data as { reason?: string }).reason])).toEqual([
      ['NegotiationOpened', undefined],
      ['NegotiationReferred', 'overdue'],
    ]);
    await check.check();
    expect(await versionOf(due)).toBe(2);
    const view = await pollUntil(
      async () => {
        const body = (await http().get(`/negotiations/${due}`).set(fzOfficer).expect(200)).body;
        return body.status === 'referred' ? body : undefined;
      },
      { timeoutMs: 20000, what: 'the overdue negotiation referred' },
    );
    expect(view.referralLabel).toBe('逾期未达成一致');
    await http().post(`/negotiations/${due}/answer`).set(fzOfficer).send({ agree: true, leadRegion: '350503' }).expect(409);
  });
});
