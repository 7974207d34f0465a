/**
 * Issue 18: escalation and lead referral across deployments. The lc (鲤城区) deployment's intake and cases and the
 * qz (泉州市) deployment's cases run as processes, each on its own PostgreSQL schemas, on one Kafka under one topic
 * prefix. lc's district meeting escalates a case; qz's cases opens its own record of it (no informant), its city
 * meeting decides, and lc's case moves to determined in the city convener's name. A redelivered message changes
 * nothing; a token of lc's agency at qz's cases is refused naming lc; a lead referred up opens a triage at qz.
 */
import { randomUUID } from 'node:crypto';
import { createIdempotentProducer, createKafka, encodePublished, federationTopic, PRODUCE_ACKS } from '@jm/bus';
import type { CityMeetingDecidedData, ContractEvent } from '@jm/contracts';
import type { StoredEvent } from '@jm/event-sourcing';
import { testToken } from '@jm/platform/testing';
import type { Role } from '@jm/reference';
import { pollUntil, testKafkaBrokers } from '@jm/testing';
import type { Admin, IHeaders, Kafka } from 'kafkajs';
import { ApiClient, ApiError } from '../../scripts/scenario/http-client';
import { FleetMember, ServiceFleet } from '../e2e/support/service-fleet';

jest.setTimeout(300_000);

const token = (agency: string, roles: Role[]) => testToken(agency, roles, `${agency}-fed`);
const lcOffice = token('lc-office', ['office_officer']);
const lcConvener = token('lc-office', ['convener']);
const lcUnit = token('lc-social-affairs', ['unit_officer']);
const qzOffice = token('qz-office', ['office_officer']);
const qzConvener = token('qz-office', ['convener']);

const INFORMANT = { name: '王某某', phone: '13712345678', idNumber: '350502198001011234' };
const DESCRIPTION = '该合作社以入股分红、保本付息为名向村民吸收资金，举报人系其员工。';

interface CaseRow {
  caseId: string;
  caseNo: string;
  title: string;
  status: string;
  origin: { deployment: string; caseId: string; caseNo: string; office: string } | null;
}
interface CaseView {
  caseId: string;
  version: number;
  status: string;
  state: { facts: Record<string, unknown> };
  origin?: Record<string, unknown>;
  timeline: Array<{ type: string; by: { agency: string; user: string }; text: string }>;
}
interface TriageRow {
  leadId: string;
  title: string | null;
  status: string;
  office: string | null;
}

/** The problem a request answered with (the client throws it as an ApiError). */
async function refusal(request: Promise<unknown>): Promise<{ status: number; detail: string }> {
  const error = await request.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof ApiError)) throw new Error(`expected a refusal, got ${String(error)}`);
  return { status: error.status, detail: (error.body as { detail: string }).detail };
}

/**
 * A service of a deployment, started again once if it stopped at start: on a loaded shared broker, kafkajs's
 * createTopics (waitForLeaders) can throw a retriable "does not host this topic-partition" for a topic it has just
 * created, which ends the process before it listens (libs/bus ensureTopics; not what this spec is about).
 */
async function started(fleet: ServiceFleet, service: 'intake' | 'cases', deployment: string): Promise<FleetMember> {
  try {
    return await fleet.start(service, { DEPLOYMENT: deployment });
  } catch (error) {
    if (!/exited with/.test(String(error))) throw error;
    return fleet.start(service, { DEPLOYMENT: deployment });
  }
}

describe('escalation and lead referral across deployments (lc district, qz city)', () => {
  const lcFleet = new ServiceFleet();
  const qzFleet = new ServiceFleet({ topicPrefix: lcFleet.topicPrefix });
  const env = lcFleet.topicPrefix;
  const marker = env.slice(0, -1);
  let kafka: Kafka;
  let admin: Admin;
  let lcIntake: ApiClient;
  let lcCases: ApiClient;
  let qzCases: ApiClient;
  let lcStore: FleetMember['store'];
  let qzStore: FleetMember['store'];
  let caseId: string;
  let record: CaseRow;

  beforeAll(async () => {
    // intake first: lc's cases reads the topic intake creates (two processes creating one topic race at start).
    const intake = await started(lcFleet, 'intake', 'lc');
    const [lc, qz] = await Promise.all([started(lcFleet, 'cases', 'lc'), started(qzFleet, 'cases', 'qz')]);
    [lcIntake, lcCases, qzCases] = [new ApiClient(intake.url), new ApiClient(lc.url), new ApiClient(qz.url)];
    [lcStore, qzStore] = [lc.store, qz.store];
    kafka = createKafka({ brokers: testKafkaBrokers(), clientId: `${marker}-spec` });
    admin = kafka.admin();
    await admin.connect();
  }, 290_000);

  afterAll(async () => {
    await admin?.disconnect();
    await Promise.all([lcFleet.stop(), qzFleet.stop()]);
  }, 90_000);

  /** A public lead with an informant, reported to lc-office, as lc's triage lists it. */
  async function leadAtLc(title: string): Promise<string> {
    await lcIntake.post('/public/leads', undefined, {
      title,
      description: DESCRIPTION,
      category: 'illegal_fundraising',
      field: 'pension',
      street: 'lc-st-haibin',
      amountYuan: '8000000',
      participants: 60,
      channel: 'hotline',
      subjects: [{ kind: 'company', name: '泉州市鲤城区某某农业专业合作社' }],
      informant: INFORMANT,
    });
    return (await awaitingTriage(lcCases, lcOffice, title)).leadId;
  }

  /** The triage row of a lead an office has yet to triage, once its cases lists it. */
  async function awaitingTriage(api: ApiClient, office: string, title: string): Promise<TriageRow> {
    const page = await api.waitFor<{ items: TriageRow[] }>(
      '/triage?status=awaiting_triage&pageSize=200',
      office,
      (p) => p.items.some((t) => t.title === title),
      `the lead “${title}” in the office’s triage list`,
      60_000,
    );
    return page.items.find((t) => t.title === title)!;
  }

  const lcCase = (status: string) =>
    lcCases.waitFor<CaseView>(`/cases/${caseId}`, lcOffice, (c) => c.status === status, `lc’s case ${status}`, 60_000);

  it('given a district meeting’s decision to escalate, when lc escalates, then qz opens its record, its city meeting decides and lc’s case is determined', async () => {
    const title = `鲤城区某合作社以入股分红为名吸收资金（${marker}）`;
    const leadId = await leadAtLc(title);
    await lcCases.post(`/triage/${leadId}/route`, lcOffice, { unit: 'lc-social-affairs' });
    await lcCases.post(`/triage/${leadId}/verification`, lcUnit);
    caseId = (await lcCases.post<{ caseId: string }>(`/triage/${leadId}/feedback`, lcUnit, { outcome: 'founded' })).caseId;
    await lcCase('investigating');
    await lcCases.post(`/cases/${caseId}/findings`, lcUnit, { text: '合作社向村民吸收资金约八百万元', amountYuan: '8000000' });
    const { meetingId: districtMeeting } = await lcCases.post<{ meetingId: string }>('/meetings', lcOffice, {
      level: 'district',
      kind: 'partial',
      scheduledFor: '2026-03-12T02:00:00.000Z',
      title: '鲤城区联席会议（跨平台提请）',
    });
    await lcCases.post(`/cases/${caseId}/refer-to-district-meeting`, lcOffice, { meetingId: districtMeeting, question: '请审议该案性质认定' });
    await lcCases.waitFor<{ agenda: Array<{ caseId: string }> }>(
      `/meetings/${districtMeeting}`,
      lcConvener,
      (m) => m.agenda.some((a) => a.caseId === caseId),
      'the case on the district agenda',
      60_000,
    );
    await lcCases.post(`/meetings/${districtMeeting}/decisions`, lcConvener, { caseId, decision: 'escalate', text: '争议较大，提请市联席会议' });
    await lcCase('awaiting_city_escalation');

    // The district cannot know the city's meetings: naming one is refused (422), and changes nothing.
    const named = await refusal(
      lcCases.post(`/cases/${caseId}/escalate-to-city-meeting`, lcOffice, { meetingId: 'm-1', question: '提请市联席会议认定' }),
    );
    expect(named).toEqual({ status: 422, detail: expect.stringContaining('served by the deployment qz') });
    await lcCases.post(`/cases/${caseId}/escalate-to-city-meeting`, lcOffice, { question: '提请市联席会议认定' });
    const escalated = await lcCase('at_city_meeting');
    expect(escalated.state).toMatchObject({ cityDeployment: 'qz', districtMeetingId: districtMeeting });
    expect(escalated.timeline.map((l) => l.type).filter((t) => t === 'EscalatedToCityMeeting')).toHaveLength(1);

    // qz's cases opens its own record of it, linked to lc's case; qz's office lists it with its origin.
    const list = await qzCases.waitFor<{ items: CaseRow[] }>(
      '/cases?pageSize=200',
      qzOffice,
      (p) => p.items.some((c) => c.origin?.caseId === caseId),
      'qz’s record of the escalation',
      60_000,
    );
    record = list.items.find((c) => c.origin?.caseId === caseId)!;
    expect(record).toMatchObject({
      title,
      status: 'awaiting_city_escalation',
      caseNo: escalated.state.facts.caseNo,
      origin: { deployment: 'lc', caseId, caseNo: escalated.state.facts.caseNo, office: 'lc-office' },
    });
    expect(record.caseId).not.toBe(caseId);
    const view = await qzCases.get<CaseView>(`/cases/${record.caseId}`, qzOffice);
    expect(view.origin).toMatchObject({
      deployment: 'lc',
      question: '提请市联席会议认定',
      districtMeeting: { meetingId: districtMeeting, question: '请审议该案性质认定', text: '争议较大，提请市联席会议' },
      findings: [expect.objectContaining({ by: 'lc-social-affairs', text: '合作社向村民吸收资金约八百万元' })],
    });

    // A decision from another deployment than the one the case was escalated to is ignored (the topic names the sender).
    const [lcBefore, cause] = [await lcStore.readStream(`case-${caseId}`), (await lcStore.readStream(`case-${caseId}`)).at(-1)!];
    const forged: CityMeetingDecidedData = {
      caseId,
      cityCaseId: record.caseId,
      meetingId: 'forged',
      decision: 'not_illegal',
      text: '不构成非法集资',
      decidedBy: { user: 'x', agency: 'qz-office', agencyKind: 'office', level: 'city', jurisdiction: '350500', roles: ['convener'] },
    };
    await sendAs('fz', 'lc', cause, { type: 'CityMeetingDecided', version: 1, data: forged });
    await consumedAll('fz', 'lc');
    expect((await lcStore.readStream(`case-${caseId}`)).length).toBe(lcBefore.length);
    expect((await lcCases.get<CaseView>(`/cases/${caseId}`, lcOffice)).status).toBe('at_city_meeting');

    // The city office puts it on a city meeting; the city convener decides as for any case.
    const { meetingId: cityMeeting } = await qzCases.post<{ meetingId: string }>('/meetings', qzOffice, {
      level: 'city',
      kind: 'full',
      scheduledFor: '2026-03-20T02:00:00.000Z',
      title: '泉州市联席会议（跨平台）',
    });
    await qzCases.post(`/meetings/${cityMeeting}/agenda`, qzOffice, { caseId: record.caseId, question: 'escalation' });
    await qzCases.waitFor<CaseView>(
      `/cases/${record.caseId}`,
      qzOffice,
      (c) => c.status === 'at_city_meeting',
      'qz’s record on the city meeting',
      60_000,
    );
    await qzCases.post(`/meetings/${cityMeeting}/decisions`, qzConvener, {
      caseId: record.caseId,
      decision: 'determined',
      conclusion: 'illegal_fundraising',
      text: '认定为非法集资',
    });
    await qzCases.waitFor<CaseView>(`/cases/${record.caseId}`, qzOffice, (c) => c.status === 'determined', 'qz’s record determined', 60_000);

    // The decision goes back: lc's case is determined by the city meeting, in the city convener's name.
    const decided = await lcCase('determined');
    expect(decided.state.facts.nature).toEqual({ conclusion: 'illegal_fundraising', by: 'city_meeting' });
    const tail = decided.timeline.slice(-3);
    expect(tail.map((l) => l.type)).toEqual(['MeetingDecisionApplied', 'DecisionReceivedFromCity', 'NatureDetermined']);
    expect(tail.every((l) => l.by.agency === 'qz-office' && l.by.user === 'qz-office-fed')).toBe(true);
    const stored = await lcStore.readStream(`case-${caseId}`);
    expect(stored.at(-3)?.data).toMatchObject({ meetingId: cityMeeting, level: 'city', decision: 'determined', by: 'qz-office' });
  });

  /** Re-sends every message of a federation topic as it was, and waits until the addressee's cases has consumed them all. */
  async function redeliver(from: string, to: string): Promise<number> {
    const topic = federationTopic(from, to, env);
    const consumer = kafka.consumer({ groupId: `${marker}-replay-${from}-${to}` });
    const seen: Array<{ key: Buffer | null; value: Buffer | null; headers?: IHeaders; partition: number }> = [];
    const ends = await admin.fetchTopicOffsets(topic);
    const total = ends.reduce((n, p) => n + Number(p.high) - Number(p.low), 0);
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message, partition }) => void seen.push({ key: message.key, value: message.value, headers: message.headers, partition }),
    });
    await pollUntil(() => seen.length >= total, { what: `the ${total} messages of ${topic}`, timeoutMs: 30_000 });
    await consumer.disconnect();
    const producer = createIdempotentProducer(kafka);
    await producer.connect();
    await producer.send({
      topic,
      acks: PRODUCE_ACKS,
      messages: seen.map((m) => ({ key: m.key, value: m.value, partition: m.partition, headers: m.headers })),
    });
    await producer.disconnect();
    await consumedAll(from, to);
    return seen.length;
  }

  /** Waits until the addressee's cases has consumed (committed) every message of a federation topic. */
  async function consumedAll(from: string, to: string): Promise<void> {
    const topic = federationTopic(from, to, env);
    const group = `${env}${to}.cases`;
    await pollUntil(
      async () => {
        const high = await admin.fetchTopicOffsets(topic);
        const [committed] = await admin.fetchOffsets({ groupId: group, topics: [topic] });
        return high.every((p) => p.high === '0' || committed.partitions.find((c) => c.partition === p.partition)?.offset === p.high);
      },
      { what: `${group} past the messages of ${topic}`, timeoutMs: 60_000, intervalMs: 200 },
    );
  }

  /** Sends a message on a federation topic as if `from` had sent it (the shared test broker has no ACLs). */
  async function sendAs(from: string, to: string, cause: StoredEvent, event: ContractEvent): Promise<void> {
    const producer = createIdempotentProducer(kafka);
    await producer.connect();
    await producer.send({
      topic: federationTopic(from, to, env),
      acks: PRODUCE_ACKS,
      messages: [encodePublished({ ...cause, id: randomUUID() }, event)],
    });
    await producer.disconnect();
  }

  it('given both messages delivered again, then neither deployment appends anything', async () => {
    const before = { lc: await lcStore.readStream(`case-${caseId}`), qz: await qzStore.readStream(`case-${record.caseId}`) };
    expect(await redeliver('lc', 'qz')).toBeGreaterThanOrEqual(1);
    expect(await redeliver('qz', 'lc')).toBeGreaterThanOrEqual(1);
    expect((await lcStore.readStream(`case-${caseId}`)).length).toBe(before.lc.length);
    expect((await qzStore.readStream(`case-${record.caseId}`)).length).toBe(before.qz.length);
    const opened = (await qzStore.readAll({ limit: 100_000 })).filter(
      (e: StoredEvent) => e.type === 'CaseOpened' && (e.data as { origin?: { caseId: string } }).origin?.caseId === caseId,
    );
    expect(opened).toHaveLength(1);
  });

  it('given qz’s store and the messages lc sent, then no informant data is there', async () => {
    const qzEvents = JSON.stringify(await qzStore.readAll({ limit: 100_000 }));
    for (const secret of [INFORMANT.name, INFORMANT.phone, INFORMANT.idNumber, DESCRIPTION]) expect(qzEvents).not.toContain(secret);
    expect(qzEvents).not.toMatch(/"informant"|"receiptSecretHash"|"evidence"/);
    const view = await qzCases.get<CaseView>(`/cases/${record.caseId}`, qzOffice);
    expect(JSON.stringify(view)).not.toContain(INFORMANT.name);
    expect(view.state.facts.leadIds).toEqual([]);
  });

  it('given a token of lc’s agency, when it calls qz’s cases, then 403 names the deployment lc', async () => {
    const refused = await refusal(qzCases.get('/cases', lcOffice));
    expect(refused.status).toBe(403);
    expect(refused.detail).toContain('send it to the deployment lc');
    const theirs = await refusal(lcCases.get(`/cases/${caseId}`, qzOffice));
    expect(theirs).toEqual({ status: 403, detail: expect.stringContaining('the deployment qz') });
  });

  it('given a lead at lc, when lc-office refers it up, then qz’s office triages it, linked to lc’s lead, and lc shows it referred up', async () => {
    const title = `鲤城区某平台超出区级处置权限的线索（${marker}）`;
    const leadId = await leadAtLc(title);
    await lcCases.post(`/triage/${leadId}/refer-up`, lcOffice, { reason: '涉及全市多个区，需由市级统筹' });
    const atLc = await lcCases.get<{ status: string; office: string }>(`/triage/${leadId}`, lcOffice);
    expect(atLc).toMatchObject({ status: 'referred_up', office: 'qz-office' });
    const row = await awaitingTriage(qzCases, qzOffice, title);
    expect(row).toMatchObject({ office: 'qz-office', status: 'awaiting_triage' });
    expect(row.leadId).not.toBe(leadId);
    const triage = await qzCases.get<{ summary: Record<string, unknown>; origin: unknown }>(`/triage/${row.leadId}`, qzOffice);
    expect(triage.origin).toEqual({ deployment: 'lc', leadId, office: 'lc-office' });
    expect(triage.summary).toMatchObject({ leadId: row.leadId, title, jurisdiction: '350502' });
    expect(JSON.stringify(triage)).not.toContain(INFORMANT.phone);
  });
  it('given the city meeting asks for further investigation, when lc escalates the case again, then qz opens a second record, whose decision lc applies', async () => {
    const title = `鲤城区某公司以私募基金为名吸收资金（${marker}）`;
    const leadId = await leadAtLc(title);
    await lcCases.post(`/triage/${leadId}/route`, lcOffice, { unit: 'lc-social-affairs' });
    await lcCases.post(`/triage/${leadId}/verification`, lcUnit);
    const again = (await lcCases.post<{ caseId: string }>(`/triage/${leadId}/feedback`, lcUnit, { outcome: 'founded' })).caseId;
    const lcAgain = (status: string) =>
      lcCases.waitFor<CaseView>(`/cases/${again}`, lcOffice, (c) => c.status === status, `lc’s second case ${status}`, 60_000);
    await lcAgain('investigating');
    const records = (n: number) =>
      qzCases
        .waitFor<{ items: CaseRow[] }>(
          '/cases?pageSize=200',
          qzOffice,
          (p) => p.items.filter((c) => c.origin?.caseId === again).length === n,
          `${n} record(s) at qz`,
          60_000,
        )
        .then((p) => p.items.filter((c) => c.origin?.caseId === again));

    /** The district meeting escalates and lc's office escalates to the city. */
    async function escalate(round: number): Promise<void> {
      const { meetingId } = await lcCases.post<{ meetingId: string }>('/meetings', lcOffice, {
        level: 'district',
        kind: 'partial',
        scheduledFor: `2026-04-0${round}T02:00:00.000Z`,
        title: `鲤城区联席会议（第${round}次审议）`,
      });
      await lcCases.post(`/cases/${again}/refer-to-district-meeting`, lcOffice, { meetingId, question: '请审议该案性质认定' });
      await lcCases.waitFor<{ agenda: Array<{ caseId: string }> }>(
        `/meetings/${meetingId}`,
        lcConvener,
        (m) => m.agenda.some((a) => a.caseId === again),
        'on the district agenda',
        60_000,
      );
      await lcCases.post(`/meetings/${meetingId}/decisions`, lcConvener, { caseId: again, decision: 'escalate', text: '提请市联席会议' });
      await lcAgain('awaiting_city_escalation');
      await lcCases.post(`/cases/${again}/escalate-to-city-meeting`, lcOffice, { question: `提请市联席会议认定（第${round}次）` });
      await lcAgain('at_city_meeting');
    }

    /** A city meeting decides on a record. */
    async function cityDecides(recordId: string, decision: Record<string, string>): Promise<void> {
      const { meetingId } = await qzCases.post<{ meetingId: string }>('/meetings', qzOffice, {
        level: 'city',
        kind: 'partial',
        scheduledFor: '2026-04-10T02:00:00.000Z',
        title: '泉州市联席会议（再次提请）',
      });
      await qzCases.post(`/meetings/${meetingId}/agenda`, qzOffice, { caseId: recordId, question: 'escalation' });
      await qzCases.waitFor<CaseView>(
        `/cases/${recordId}`,
        qzOffice,
        (c) => c.status === 'at_city_meeting',
        'the record on the city meeting',
        60_000,
      );
      await qzCases.post(`/meetings/${meetingId}/decisions`, qzConvener, { caseId: recordId, ...decision });
    }

    await escalate(1);
    const [first] = await records(1);
    await cityDecides(first.caseId, { decision: 'further_investigation', text: '事实不清，退回补充调查' });
    await lcAgain('investigating');
    const firstBefore = await qzStore.readStream(`case-${first.caseId}`);

    await escalate(2);
    const second = (await records(2)).find((c) => c.caseId !== first.caseId)!;
    expect(second).toMatchObject({ status: 'awaiting_city_escalation', origin: { deployment: 'lc', caseId: again } });
    expect((await qzCases.get<CaseView>(`/cases/${second.caseId}`, qzOffice)).origin).toMatchObject({ question: '提请市联席会议认定（第2次）' });
    await cityDecides(second.caseId, { decision: 'determined', conclusion: 'illegal_fundraising', text: '补充调查后认定为非法集资' });
    const decided = await lcAgain('determined');
    expect(decided.timeline.filter((l) => l.type === 'DecisionReceivedFromCity')).toHaveLength(2);
    // The first record stays as its meeting left it.
    expect((await qzStore.readStream(`case-${first.caseId}`)).length).toBe(firstBefore.length);
  });
});
