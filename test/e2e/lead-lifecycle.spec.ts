/**
 * Issue #3 end to end: intake and cases as separate processes, each with its
 * own PostgreSQL event store (separate schemas, so cases can only learn of a
 * lead through Kafka) and its own PostgreSQL read model, on a real Kafka
 * broker. The scenario is the one `npm run demo` drives: public lead →
 * reported to the office → routed → verified → case → investigation →
 * determination referred to the district meeting → escalated to the city
 * meeting → decision → transfer to the police → accepted → closure and
 * write-off. Then the stores and the topics are checked.
 */
import { PostgresEventStore, verifyChain } from '@jm/event-sourcing';
import type { StoredEvent } from '@jm/event-sourcing';
import type { Role } from '@jm/reference';
import { testToken } from '@jm/platform/testing';
import { pollUntil, testKafkaBrokers } from '@jm/testing';
import { runLeadLifecycle, ScenarioResult } from '../../scripts/scenario/lead-lifecycle';
import { TopicReader } from '../bus/relay/support';
import { ServiceFleet } from './support/service-fleet';

describe('a public lead through to risk write-off, intake and cases as processes on PostgreSQL and Kafka', () => {
  const fleet = new ServiceFleet();
  const readers: TopicReader[] = [];
  const topicPrefix = fleet.topicPrefix;
  let result: ScenarioResult;
  let intakeUrl: string;
  let intakeStore: PostgresEventStore;
  let casesStore: PostgresEventStore;

  beforeAll(async () => {
    const [intake, cases] = await Promise.all([fleet.start('intake'), fleet.start('cases')]);
    [intakeUrl, intakeStore, casesStore] = [intake.url, intake.store, cases.store];
    result = await runLeadLifecycle(
      { intake: intake.url, cases: cases.url },
      (agency, roles, user) => testToken(agency, roles, user),
      () => undefined,
      { timeoutMs: 60000 },
    );
  }, 240000);

  afterAll(async () => {
    await Promise.all(readers.map((r) => r.stop()));
    await fleet.stop();
  }, 60000);

  const types = (events: StoredEvent[]): string[] => events.map((e) => e.type);

  it('records the lead in intake’s store: received, reported to the office, and the duplicate linked to it', async () => {
    const lead = await intakeStore.readStream(`lead-${result.leadId}`);
    expect(types(lead).slice(0, 2)).toEqual(['LeadReceived', 'LeadReportedToOffice']);
    expect(lead[0].data).toMatchObject({ category: 'illegal_fundraising', field: 'pension', anonymous: false, receivedBy: 'lc-office' });
    const duplicate = await intakeStore.readStream(`lead-${result.duplicateLeadId}`);
    expect(types(duplicate)).toEqual(['LeadReceived', 'LeadReportedToOffice', 'LeadLinked', 'LeadLinkConfirmed']);
    expect(duplicate[2].data).toMatchObject({ target: { kind: 'lead', id: result.leadId } });
    for (const stream of [lead, duplicate]) expect(verifyChain(stream)).toMatchObject({ ok: true });
  });

  it('never stores the informant’s identity in clear', async () => {
    const all = await intakeStore.readAll({ limit: 10000 });
    const text = JSON.stringify(all);
    expect(text).not.toContain('王某某');
    expect(text).not.toContain('13905951234');
    expect(all.find((e) => e.type === 'LeadReceived' && (e.data as { leadId: string }).leadId === result.leadId)?.data).toMatchObject({
      informant: { alg: 'AES-256-GCM', keyId: `informant-${result.leadId}` },
    });
  });

  it('records triage, the case lifecycle and both meetings in cases’ own store, hash-chained', async () => {
    const triage = await casesStore.readStream(`routing-${result.leadId}`);
    expect(types(triage)).toEqual(expect.arrayContaining(['TriageOpened', 'LeadRouted', 'LeadFounded']));
    expect(triage.find((e) => e.type === 'LeadRouted')?.data).toMatchObject({ unit: 'lc-social-affairs', street: 'lc-st-haibin' });

    const kase = await casesStore.readStream(`case-${result.caseId}`);
    const expectedOrder = [
      'CaseOpened',
      'FindingRecorded',
      'DeterminationRequested',
      'DeterminationOpinionIssued',
      'ReferredToDistrictMeeting',
      'MeetingDecisionApplied',
      'EscalatedToCityMeeting',
      'MeetingDecisionApplied',
      'DecisionReceivedFromCity',
      'NatureDetermined',
      'TransferredToPolice',
      'TransferAcceptedByPolice',
      'ClosureRequested',
      'CaseClosed',
      'RiskWrittenOff',
    ];
    expect(types(kase).filter((t) => expectedOrder.includes(t))).toEqual(expectedOrder);
    expect(kase[0].data).toMatchObject({ leadIds: expect.arrayContaining([result.leadId, result.duplicateLeadId]), leadUnit: 'lc-social-affairs' });
    expect(kase.find((e) => e.type === 'TransferAcceptedByPolice')?.actor.agency).toBe('lc-police');
    expect(verifyChain(kase)).toMatchObject({ ok: true });

    const district = await casesStore.readStream(`meeting-${result.districtMeetingId}`);
    const city = await casesStore.readStream(`meeting-${result.cityMeetingId}`);
    expect(types(district)).toEqual(['MeetingScheduled', 'CasePutOnAgenda', 'MeetingDecisionRecorded']);
    expect(types(city)).toEqual(['MeetingScheduled', 'CasePutOnAgenda', 'MeetingDecisionRecorded']);
    expect(city[2].actor.agency).toBe('qz-office');
  });

  it('publishes every event of those streams on the Kafka topics, in stream order, keyed by stream', async () => {
    const intakeTopic = await TopicReader.start(testKafkaBrokers(), `${topicPrefix}intake.events.v1`);
    const casesTopic = await TopicReader.start(testKafkaBrokers(), `${topicPrefix}cases.events.v1`);
    readers.push(intakeTopic, casesTopic);
    const checks: Array<[TopicReader, PostgresEventStore, string]> = [
      [intakeTopic, intakeStore, `lead-${result.leadId}`],
      [intakeTopic, intakeStore, `lead-${result.duplicateLeadId}`],
      [casesTopic, casesStore, `routing-${result.leadId}`],
      [casesTopic, casesStore, `case-${result.caseId}`],
      [casesTopic, casesStore, `meeting-${result.districtMeetingId}`],
      [casesTopic, casesStore, `meeting-${result.cityMeetingId}`],
    ];
    for (const [reader, store, streamId] of checks) {
      const stored = (await store.readStream(streamId)).map((e) => e.id);
      const onTopic = await pollUntil(
        () => {
          const seen = reader.received.filter((m) => m.key === streamId).map((m) => m.event.id);
          return seen.length >= stored.length ? seen : undefined;
        },
        { timeoutMs: 30000, what: `${streamId} on ${reader.topic}` },
      );
      expect(onTopic).toEqual(stored);
    }
  }, 90000);

  it('lets intake widen need-to-know from cases’ events over Kafka: the routed unit sees the lead, another unit does not', async () => {
    const read = (agency: string, roles: Role[], path = '') =>
      fetch(`${intakeUrl}/leads/${result.leadId}${path}`, {
        headers: { Authorization: `Bearer ${testToken(agency, roles)}`, 'X-Access-Purpose': 'e2e' },
      });
    await pollUntil(async () => (await read('lc-social-affairs', ['unit_officer'])).status === 200, {
      timeoutMs: 30000,
      what: 'the routed unit to see the lead',
    });
    expect((await read('lc-market', ['unit_officer'])).status).toBe(404);
    expect((await read('lc-office', ['analyst'], '/informant')).status).toBe(403);
    const identity = await read('lc-office', ['office_officer'], '/informant');
    expect(identity.status).toBe(200);
    expect(JSON.stringify(await identity.json())).toContain('王某某');
  });

  it('keeps identities and secrets out of every log line of both processes', () => {
    const logs = fleet.processes.map((r) => r.stdout() + r.stderr()).join('\n');
    expect(logs).toContain('request completed');
    for (const secret of ['王某某', '13905951234', result.receiptSecret, 'Bearer ey']) expect(logs).not.toContain(secret);
  });

  it('answers the office with a readable Chinese timeline, and the informant with the closed status only', () => {
    expect(result.timeline.map((line) => line.type)).toContain('RiskWrittenOff');
    expect(result.timeline.every((line) => /[\u4e00-\u9fff]/.test(line.text))).toBe(true);
    expect(result.publicStatus).toMatchObject({ status: 'closed', label: '已办结' });
    expect(Object.keys(result.publicStatus).sort()).toEqual(['label', 'receiptNo', 'status']);
  });
});
