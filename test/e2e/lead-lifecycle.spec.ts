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
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PostgresEventStore, verifyChain } from '@jm/event-sourcing';
import type { StoredEvent } from '@jm/event-sourcing';
import type { Role } from '@jm/reference';
import { testToken } from '@jm/platform/testing';
import { createTestSchema, pollUntil, testKafkaBrokers, uniqueName } from '@jm/testing';
import { runLeadLifecycle, ScenarioResult } from '../../scripts/scenario/lead-lifecycle';
import { TopicReader } from '../bus/relay/support';
import { killAll, listeningUrl, RunningService, startServiceProcess } from '../support/service-process';

type Schema = Awaited<ReturnType<typeof createTestSchema>>;

describe('a public lead through to risk write-off, intake and cases as processes on PostgreSQL and Kafka', () => {
  const started: RunningService[] = [];
  const schemas: Schema[] = [];
  const readers: TopicReader[] = [];
  const stores: PostgresEventStore[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'jm-e2e-'));
  const topicPrefix = `${uniqueName('e2e').toLowerCase()}.`;
  let result: ScenarioResult;
  let intakeUrl: string;
  let intakeStore: PostgresEventStore;
  let casesStore: PostgresEventStore;

  async function start(service: 'intake' | 'cases'): Promise<string> {
    const [store, readModel] = [await createTestSchema(`${service}_store`), await createTestSchema(`${service}_read`)];
    schemas.push(store, readModel);
    const running = startServiceProcess(service, {
      PORT: '0',
      // info, so the request logs are there to be checked for identities and secrets below.
      LOG_LEVEL: 'info',
      INSTANCE_ID: uniqueName(service),
      EVENT_STORE: 'postgres',
      PG_URL: store.url,
      PG_SCHEMA: store.schema,
      BUS: 'kafka',
      KAFKA_BROKERS: testKafkaBrokers().join(','),
      KAFKA_TOPIC_PREFIX: topicPrefix,
      READ_MODEL_DB: 'postgres',
      READ_MODEL_PG_URL: readModel.url,
      READ_MODEL_PG_SCHEMA: readModel.schema,
      EVIDENCE_DIR: join(dir, 'evidence'),
    });
    started.push(running);
    const url = await listeningUrl(running, service, 60000);
    const opened = await PostgresEventStore.connect({ url: store.url, schema: store.schema });
    stores.push(opened);
    if (service === 'intake') intakeStore = opened;
    else casesStore = opened;
    return url;
  }

  beforeAll(async () => {
    const [intake, cases] = await Promise.all([start('intake'), start('cases')]);
    intakeUrl = intake;
    result = await runLeadLifecycle(
      { intake, cases },
      (agency, roles, user) => testToken(agency, roles, user),
      () => undefined,
      { timeoutMs: 60000 },
    );
  }, 240000);

  afterAll(async () => {
    for (const running of started) running.child.kill('SIGTERM');
    await Promise.race([Promise.all(started.map((r) => r.exited)), new Promise((resolve) => setTimeout(resolve, 15000).unref())]);
    await killAll(started);
    await Promise.all(readers.map((r) => r.stop()));
    await Promise.all(stores.map((s) => s.close()));
    for (const schema of schemas) await schema.drop();
    rmSync(dir, { recursive: true, force: true });
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
    const logs = started.map((r) => r.stdout() + r.stderr()).join('\n');
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
