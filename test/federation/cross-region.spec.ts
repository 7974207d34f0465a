/**
 * Issue 18, cross-region cases (跨区域; seed 001: 协商无法达成共识的，报共同上级) across deployments: cases of lc
 * (鲤城区), fz (丰泽区) and qz (泉州市) as separate processes with separate databases on one Kafka, one topic prefix.
 *  - A case opened in lc with a subject in fz's region: fz gets the negotiation, disagrees; qz gets the dispute
 *    and decides; lc and fz both show the binding decision, and fz can no longer answer.
 *  - A case opened in fz with a subject in lc's region: lc (CROSS_REGION_AGREEMENT_DAYS=0) lets the due time
 *    pass; the due check refers it to qz, whose decision reaches both.
 *  - The notice sent again (the same message, and the same notice under a new message id) opens nothing twice.
 * The cases are opened as the case decider opens them, appended to the owning deployment's store.
 */
import { randomUUID } from 'node:crypto';
import { createKafka, KafkaBus, KafkaBusDeps } from '@jm/bus';
import { CrossRegionMessage, NegotiationOpenedData, toCaseStreamId, toNegotiationStreamId } from '@jm/contracts';
import type { LeadSubject } from '@jm/contracts';
import { EventStore, fold, StoredEvent } from '@jm/event-sourcing';
import { Federation } from '@jm/platform';
import { testToken } from '@jm/platform/testing';
import { AgencyRegistry, DeploymentRegistry } from '@jm/reference';
import { testKafkaBrokers } from '@jm/testing';
import { ApiClient, ApiError } from '../../scripts/scenario/http-client';
import { caseDecider } from '../../services/cases/src/case/case.decider';
import { negotiationIdOf } from '../../services/cases/src/negotiation/negotiation.process';
import { fzOffice, openCase } from '../../services/cases/src/testing/case.fixtures';
import { FleetMember, ServiceFleet } from '../e2e/support/service-fleet';

jest.setTimeout(300_000);

const token = (agency: string) => testToken(agency, ['office_officer'], `${agency}-xregion`);
const [lcToken, fzToken, qzToken] = [token('lc-office'), token('fz-office'), token('qz-office')];
const registry = DeploymentRegistry.fromFile('config/deployments.json', AgencyRegistry.fromFile('config/agencies.json'));

interface View {
  negotiationId: string;
  kind: string;
  status: string;
  statusLabel: string;
  case: { caseNo: string; subjects: LeadSubject[] };
  answer?: { agree: boolean; reason?: string };
  referral?: string;
  disagreement?: string;
  decision?: { leadRegion: string; reason: string; by: string };
  from: { deployment: string };
  to: { deployment: string };
  superior: string;
  dueAt?: string;
}

/** Opens a case in a deployment's store as the case decider would: its CaseOpened reaches cases over Kafka. */
async function openCaseIn(store: EventStore, command: Parameters<typeof openCase>[0]): Promise<{ caseId: string; caseNo: string }> {
  const open = openCase(command);
  const events = caseDecider.decide(open, fold(caseDecider, []));
  const correlationId = randomUUID();
  await store.append(
    toCaseStreamId(open.caseId),
    events.map((e) => ({
      id: randomUUID(),
      type: e.type,
      schemaVersion: 1,
      data: e.data,
      time: new Date().toISOString(),
      correlationId,
      causationId: correlationId,
      actor: { agency: open.actor.agency, user: open.actor.user },
    })),
    'no_stream',
  );
  return { caseId: open.caseId, caseNo: open.caseNo };
}

const view = (api: ApiClient, who: string, id: string, ready: (v: View) => boolean, what: string) =>
  api.waitFor<View>(`/negotiations/${id}`, who, ready, what, 90_000);

describe('cross-region negotiation across deployments (lc, fz, qz on one Kafka)', () => {
  const fleet = new ServiceFleet();
  let lc: FleetMember;
  let fz: FleetMember;
  let qz: FleetMember;
  let [lcApi, fzApi, qzApi] = [] as ApiClient[];
  afterAll(() => fleet.stop(), 90_000);

  beforeAll(async () => {
    // One after the other: a broker busy creating topics for three processes at once has refused a start.
    // lc answers nothing in time: its negotiations are due at once and checked every second.
    lc = await fleet.start('cases', { DEPLOYMENT: 'lc', CROSS_REGION_AGREEMENT_DAYS: '0', CROSS_REGION_CHECK_SECONDS: '1' });
    fz = await fleet.start('cases', { DEPLOYMENT: 'fz' });
    qz = await fleet.start('cases', { DEPLOYMENT: 'qz' });
    [lcApi, fzApi, qzApi] = [new ApiClient(lc.url), new ApiClient(fz.url), new ApiClient(qz.url)];
  });

  const caseId = randomUUID();
  const negotiationId = negotiationIdOf('lc', caseId, '350503');
  const fzSubject: LeadSubject = { kind: 'company', name: '泉州丰泽某财富管理有限公司', creditCode: '91350503MA2Y4X5B3X', region: '350503' };

  it('given a case in lc with a subject in fz, when fz disagrees, then qz decides and lc and fz are both bound by it', async () => {
    const opened = await openCaseIn(lc.store, {
      caseId,
      caseNo: `CASE-350502-2026-${caseId.slice(0, 8).toUpperCase()}`,
      subjects: [{ kind: 'company', name: '泉州某某养老服务有限公司', region: '350502' }, fzSubject],
    });

    const notice = await view(lcApi, lcToken, negotiationId, (v) => v.status === 'awaiting_answer', "lc's own notice");
    expect(notice).toMatchObject({ kind: 'notice', from: { deployment: 'lc' }, to: { deployment: 'fz' }, superior: 'qz', statusLabel: '待对方答复' });

    const asked = await view(fzApi, fzToken, negotiationId, (v) => v.status === 'awaiting_answer', "fz's negotiation");
    expect(asked).toMatchObject({ kind: 'negotiation', case: { caseNo: opened.caseNo }, from: { deployment: 'lc' }, superior: 'qz' });
    // Only the subject in fz's region travels, nothing of the lead or its informant.
    expect(asked.case.subjects).toEqual([fzSubject]);
    expect(Date.parse(asked.dueAt as string)).toBeGreaterThan(Date.now() + 10 * 24 * 3600 * 1000);
    // Each deployment serves its own office only (the auth guard names the one that does).
    await expect(fzApi.get(`/negotiations/${negotiationId}`, lcToken)).rejects.toMatchObject({ status: 403 });

    await fzApi.post(`/negotiations/${negotiationId}/answer`, fzToken, { agree: false, reason: '主要资金归集地、主要行为发生地均在鲤城区' });

    const referred = await view(lcApi, lcToken, negotiationId, (v) => v.status === 'referred', 'the disagreement back in lc');
    expect(referred.answer).toMatchObject({ agree: false, reason: '主要资金归集地、主要行为发生地均在鲤城区' });

    const dispute = await view(qzApi, qzToken, negotiationId, (v) => v.status === 'awaiting_decision', "qz's dispute");
    expect(dispute).toMatchObject({
      kind: 'dispute',
      referral: 'disagreed',
      disagreement: '主要资金归集地、主要行为发生地均在鲤城区',
      from: { deployment: 'lc' },
      to: { deployment: 'fz' },
    });
    expect(dispute.case.subjects).toEqual([fzSubject]);

    await qzApi.post(`/negotiations/${negotiationId}/decision`, qzToken, { leadRegion: '350503', reason: '涉案主体注册地在丰泽区，由丰泽区主办' });

    const binding = { leadRegion: '350503', reason: '涉案主体注册地在丰泽区，由丰泽区主办', by: 'qz-office' };
    for (const [api, who, where] of [
      [lcApi, lcToken, 'lc'],
      [fzApi, fzToken, 'fz'],
    ] as const) {
      const decided = await view(api, who, negotiationId, (v) => v.status === 'decided', `the decision in ${where}`);
      expect(decided.decision).toEqual(binding);
      expect(decided.statusLabel).toBe('已由共同上级裁决');
    }
    const late = await fzApi.post(`/negotiations/${negotiationId}/answer`, fzToken, { agree: true, leadRegion: '350502' }).catch((e: ApiError) => e);
    expect(late).toMatchObject({ status: 409 });
    expect(JSON.stringify((late as ApiError).body)).toContain('bound by the decision of qz-office');
  });

  it('given the notice sent to fz again, as the same message and under a new message id, then fz opens nothing twice', async () => {
    const before = await fz.store.readStream(toNegotiationStreamId(negotiationId));
    const cause = (await lc.store.readStream(toNegotiationStreamId(negotiationId)))[0] as StoredEvent<NegotiationOpenedData>;
    const { kind: _kind, office: _office, ...request } = cause.data;
    const notice: CrossRegionMessage = { type: 'CrossRegionNegotiationRequested', version: 1, data: request };
    const kafka = createKafka({ brokers: testKafkaBrokers(), clientId: 'xregion-redelivery' });
    const bus = new KafkaBus({ kafka } as unknown as KafkaBusDeps);
    const asLc = new Federation(registry, registry.get('lc'), bus, fleet.topicPrefix);
    try {
      // One key (the cause's stream), so one partition, read in order: the marker comes after both copies.
      await asLc.send('fz', cause, notice);
      await asLc.send('fz', { ...cause, id: randomUUID() }, notice);
      const markerCase = randomUUID();
      const marker = { ...request, case: { ...request.case, caseId: markerCase, caseNo: 'CASE-350502-2026-MARKER' } };
      await asLc.send('fz', { ...cause, id: randomUUID() }, { ...notice, data: marker });
      await view(fzApi, fzToken, negotiationIdOf('lc', markerCase, '350503'), (v) => v.status === 'awaiting_answer', 'the marker negotiation in fz');
    } finally {
      await bus.close();
    }
    expect(await fz.store.readStream(toNegotiationStreamId(negotiationId))).toEqual(before);
    const listed = await fzApi.get<{ items: Array<{ caseNo: string }> }>('/negotiations?pageSize=200', fzToken);
    expect(listed.items.filter((n) => n.caseNo === cause.data.case.caseNo)).toHaveLength(1);
  });

  it('given a case in fz with a subject in lc, when lc lets the due time pass, then qz gets the dispute and its decision binds both', async () => {
    const otherCase = randomUUID();
    const id = negotiationIdOf('fz', otherCase, '350502');
    await openCaseIn(fz.store, {
      caseId: otherCase,
      caseNo: `CASE-350503-2026-${otherCase.slice(0, 8).toUpperCase()}`,
      actor: fzOffice,
      jurisdiction: '350503',
      office: 'fz-office',
      street: 'fz-st-donghai',
      leadUnit: 'fz-police',
      cooperatingUnits: [],
      subjects: [{ kind: 'company', name: '泉州鲤城某投资咨询有限公司', region: '350502' }],
    });
    const overdue = await view(lcApi, lcToken, id, (v) => v.status === 'referred', 'the negotiation referred as overdue in lc');
    expect(overdue).toMatchObject({ kind: 'negotiation', referral: 'overdue' });
    const dispute = await view(qzApi, qzToken, id, (v) => v.status === 'awaiting_decision', "qz's dispute of the overdue negotiation");
    expect(dispute).toMatchObject({ referral: 'overdue', from: { deployment: 'fz' }, to: { deployment: 'lc' } });
    expect(dispute.disagreement).toBeUndefined();
    await view(fzApi, fzToken, id, (v) => v.status === 'referred' && v.referral === 'overdue', "the referral in fz's notice");

    await qzApi.post(`/negotiations/${id}/decision`, qzToken, { leadRegion: '350503', reason: '鲤城区逾期未答复，由立案地丰泽区主办' });
    for (const [api, who, where] of [
      [lcApi, lcToken, 'lc'],
      [fzApi, fzToken, 'fz'],
    ] as const) {
      const decided = await view(api, who, id, (v) => v.status === 'decided', `the decision in ${where}`);
      expect(decided.decision).toMatchObject({ leadRegion: '350503', by: 'qz-office' });
    }
    await expect(lcApi.post(`/negotiations/${id}/answer`, lcToken, { agree: true, leadRegion: '350502' })).rejects.toMatchObject({ status: 409 });
  });
});
