/**
 * Issue 18 end to end: 鲤城区 (lc), 丰泽区 (fz) and 泉州市 (qz) as separate deployments (processes, each with a
 * database and keys of its own) on one Kafka, each connecting as its own SCRAM principal with only the ACLs
 * provisioning gives it (docs/federation.md). The scenario (scripts/scenario/federation.ts, also the demo's):
 * lc escalates a case to the city, whose cases is killed while it takes the escalation in and started again;
 * the city meeting decides and lc's case moves; a cross-region dispute between lc and fz goes to qz, whose
 * decision binds both; the city's statistics count both districts. Then what each deployment holds is checked:
 * one record and one decision (nothing lost or doubled), nothing of lc's case at fz, no informant anywhere
 * but lc, and fz's principal refused lc's topics.
 */
import { logLevel } from 'kafkajs';
import { createKafka, federationTopic, topicFor } from '@jm/bus';
import { EventStore, StoredEvent } from '@jm/event-sourcing';
import { pollUntil, testKafkaBrokers, testKafkaSaslBrokers } from '@jm/testing';
import { runFederationScenario, FederationScenarioResult } from '../../scripts/scenario/federation';
import { FederationStack } from './support/federation-stack';

jest.setTimeout(600_000);

/** What the public gave in the lead of runToCityEscalation: it must stay in lc's intake. */
const INFORMANT = ['王某某', '13905951234'];

async function allEvents(store: EventStore): Promise<StoredEvent[]> {
  const events: StoredEvent[] = [];
  for (let from = 0; ;) {
    const page = await store.readAll({ from, limit: 1000 });
    if (page.length === 0) return events;
    events.push(...page);
    from = page[page.length - 1].position;
  }
}

describe('three deployments on one Kafka with principals and ACLs', () => {
  let stack: FederationStack;
  let result: FederationScenarioResult;
  let killedAfter = '';

  beforeAll(async () => {
    stack = await FederationStack.provisioned({
      operatorBrokers: testKafkaBrokers(),
      saslBrokers: testKafkaSaslBrokers(),
      deployments: ['lc', 'fz', 'qz'],
      settings: { FEDERATION_STATISTICS_INTERVAL_SECONDS: '1', AUDIT_ANCHOR_INTERVAL_MINUTES: '0', LOG_LEVEL: 'warn' },
    });
    await Promise.all([
      stack.start('lc', ['intake', 'cases', 'reporting']),
      stack.start('fz', ['intake', 'cases', 'reporting']),
      stack.start('qz', ['cases', 'reporting']),
    ]);
  }, 300_000);

  afterAll(async () => stack?.stop(), 120_000);

  it('runs the escalation, the cross-region dispute and the statistics across deployments, the city cases killed mid-escalation', async () => {
    const qzCases = () => stack.get('qz').services.cases?.store as EventStore;
    result = await runFederationScenario(
      (deployment, service) => stack.url(deployment, service),
      (agency, roles, user) => stack.mint(agency, roles, user),
      undefined,
      {
        tag: stack.env,
        timeoutMs: 120_000,
        // The city's cases has appended its record of the escalation: killed before it can commit its offset,
        // it is given the message again after the restart.
        afterEscalation: async () => {
          await pollUntil(
            async () => (await allEvents(qzCases())).some((e) => e.type === 'CaseOpened' && JSON.stringify(e.data).includes('"origin"')),
            {
              timeoutMs: 120_000,
              intervalMs: 20,
              what: "the city's record of the escalation",
            },
          );
          killedAfter = 'CaseOpened';
          await stack.killAndRestart('qz', 'cases');
        },
      },
    );
    expect(killedAfter).toBe('CaseOpened');
    expect(result.district.status).toBe('determined');
    expect(result.crossRegion.leadRegion).toBe('350502');
    expect(result.statistics.includes.map((s) => s.deployment).sort()).toEqual(['fz', 'lc']);
  });

  it('lost and doubled nothing: one city record of the case, one decision back in lc', async () => {
    const city = await allEvents(stack.get('qz').services.cases?.store as EventStore);
    const records = city.filter(
      (e) => e.type === 'CaseOpened' && (e.data as { origin?: { caseId: string } }).origin?.caseId === result.district.caseId,
    );
    expect(records).toHaveLength(1);
    const decisions = city.filter((e) => e.type === 'MeetingDecisionApplied' && e.streamId === records[0].streamId);
    expect(decisions).toHaveLength(1);
    const lcCase = await (stack.get('lc').services.cases?.store as EventStore).readStream(`case-${result.district.caseId}`);
    expect(lcCase.filter((e) => e.type === 'DecisionReceivedFromCity')).toHaveLength(1);
    expect(lcCase.filter((e) => e.type === 'MeetingDecisionApplied').map((e) => (e.data as { level: string }).level)).toEqual(['district', 'city']);
  });

  it("keeps each level to what it must see: fz holds nothing of lc's escalated case, no informant leaves lc", async () => {
    const { caseId, caseNo } = result.district;
    for (const service of ['intake', 'cases', 'reporting'] as const) {
      const text = JSON.stringify(await allEvents(stack.get('fz').services[service]?.store as EventStore));
      expect({ service, mentionsLcCase: text.includes(caseId) || text.includes(caseNo) }).toEqual({ service, mentionsLcCase: false });
    }
    for (const [deployment, services] of [
      ['fz', ['intake', 'cases', 'reporting']],
      ['qz', ['cases', 'reporting']],
    ] as const) {
      for (const service of services) {
        const text = JSON.stringify(await allEvents(stack.get(deployment).services[service]?.store as EventStore));
        expect({ deployment, service, informant: INFORMANT.filter((s) => text.includes(s)) }).toEqual({ deployment, service, informant: [] });
      }
    }
    // The case is lc's: fz lists nothing of it, and a lc token means nothing at fz (fz has its own key).
    const listed = await fetch(`${stack.url('fz', 'cases')}/cases?pageSize=100`, {
      headers: { Authorization: `Bearer ${stack.token('fz', 'fz-office', ['office_officer'])}` },
    });
    expect(JSON.stringify(await listed.json())).not.toContain(caseId);
    const foreignKey = await fetch(`${stack.url('fz', 'cases')}/cases/${caseId}`, {
      headers: { Authorization: `Bearer ${stack.mint('lc-office', ['office_officer'])}` },
    });
    expect(foreignKey.status).toBe(401);
    // A token fz signed for an agency it does not serve: refused, naming the deployment that does.
    const notServed = await fetch(`${stack.url('fz', 'cases')}/cases?pageSize=1`, {
      headers: { Authorization: `Bearer ${stack.token('fz', 'lc-office', ['office_officer'])}` },
    });
    expect(notServed.status).toBe(403);
    expect(((await notServed.json()) as { detail: string }).detail).toContain('send it to the deployment lc');
  });

  it("refuses fz's principal lc's topics and lc's messages to the city", async () => {
    const fz = createKafka({
      brokers: testKafkaSaslBrokers(),
      clientId: 'jm-fz-probe',
      sasl: { mechanism: 'scram-sha-512', ...stack.principal('fz') },
      logLevel: logLevel.NOTHING,
    }).admin({ retry: { retries: 0 } });
    await fz.connect();
    try {
      for (const topic of [topicFor('cases', `${stack.env}lc.`), federationTopic('lc', 'qz', stack.env)]) {
        const refused = await fz.fetchTopicOffsets(topic).then(
          () => 'allowed',
          (error: { type?: string }) => error.type ?? String(error),
        );
        expect({ topic, refused }).toEqual({ topic, refused: 'TOPIC_AUTHORIZATION_FAILED' });
      }
      // Its own inbox from the city it may read.
      expect((await fz.fetchTopicOffsets(federationTopic('qz', 'fz', stack.env))).length).toBe(3);
    } finally {
      await fz.disconnect();
    }
  });
});
