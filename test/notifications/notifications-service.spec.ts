/**
 * The whole notifications service (deadline engine and channels in one app,
 * PostgreSQL store, Kafka): a police transfer starts the response clock; as
 * the clock is moved and the scheduler ticks, the police unit's inbox gets
 * the reminder and the miss, and the escalation reaches the unit, then the
 * office's officers, then the convener, each only for the people it names.
 */
import request from 'supertest';
import { createKafka, topicFor } from '@jm/bus';
import { pollUntil, testKafkaBrokers, uniqueName } from '@jm/testing';
import { DeadlinesHarness, startDeadlinesHarness } from './deadlines-support/deadlines-app';

jest.setTimeout(180_000);

const T0 = '2026-03-02T02:00:00.000Z'; // Monday 10:00 China time

interface InboxItem {
  messageId: string;
  template: string;
  subject: string;
  body: string;
  role?: string;
  sourceEventType: string;
}

describe('notifications service: deadlines into the inbox', () => {
  let h: DeadlinesHarness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  async function inbox(agency: string, roles: Parameters<DeadlinesHarness['auth']>[1], expected: number): Promise<InboxItem[]> {
    return pollUntil(
      async () => {
        const res = await request(h!.notifications().getHttpServer()).get('/inbox').query({ pageSize: 50 }).set(h!.auth(agency, roles)).expect(200);
        const items = (res.body as { items: InboxItem[] }).items;
        return items.length >= expected ? items : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 200, what: `${expected} messages in the inbox of ${agency} (${roles.join(',')})` },
    );
  }

  it('given a transfer to the police, when its response clock runs out, then reminder, miss and escalations arrive in order in the right inboxes', async () => {
    h = await startDeadlinesHarness('ntf_service', T0, { fullService: true });
    await h.append(
      'case-np',
      'TransferredToPolice',
      { caseId: 'np', by: 'lc-office', police: 'lc-police', deadline: '2026-04-01T02:00:00.000Z', reason: '涉嫌非法吸收公众存款罪' },
      T0,
    );
    const clockId = 'police-transfer-response.np';
    await h.clockRow(clockId, (row) => row.nextFireAt !== null);

    // Move to each next fire time and tick until the clock has nothing left to fire.
    for (let moves = 0; ; moves++) {
      expect(moves).toBeLessThan(10);
      const length = (await h.store.readStream(`deadline-${clockId}`)).length;
      const row = await h.clockRow(clockId, (r) => r.version === length - 1);
      if (row.nextFireAt === null) break;
      h.clock.set(row.nextFireAt);
      await h.tick();
    }
    const types = await h.types(clockId);
    expect(types).toEqual(['ClockStarted', 'DeadlineReminderDue', 'DeadlineMissed', 'DeadlineEscalated', 'DeadlineEscalated', 'DeadlineEscalated']);

    // (The ticks also opened the periodic obligations of the moved-over months; those messages are left aside here.)
    const aboutCase = (items: InboxItem[]) => items.filter((i) => i.subject.includes('案件 np'));
    // The police unit: the transfer's hand-off notice, then reminder, miss and the unit-level escalation, in Chinese.
    const police = aboutCase(await inbox('lc-police', ['unit_officer'], 4));
    expect(police.map((i) => i.template).sort()).toEqual([
      'deadline_escalated_unit',
      'deadline_missed',
      'deadline_reminder',
      'handoff_transferred_to_police',
    ]);
    expect(police.find((i) => i.template === 'deadline_missed')!.subject).toBe('【逾期通知】案件 np 已逾期');
    // Every deadline message names the rule it comes from, the obligations' ones included (a hand-off names none: it starts the clock).
    const all = (await inbox('lc-police', ['unit_officer'], 4)).filter((i) => !i.template.startsWith('handoff_'));
    expect(all.filter((i) => !i.body.includes('期限规则：') || i.body.includes('期限规则：未指明')).map((i) => i.template)).toEqual([]);
    // The office: its officers see the office-level escalation, the convener the convener-level one, an analyst none.
    const officers = aboutCase(await inbox('lc-office', ['office_officer'], 1));
    expect(officers.map((i) => [i.template, i.role])).toEqual([['deadline_escalated_office', 'office_officer']]);
    const convener = aboutCase(await inbox('lc-office', ['convener'], 1));
    expect(convener.map((i) => [i.template, i.role])).toEqual([['deadline_escalated_convener', 'convener']]);
    const analyst = await request(h.notifications().getHttpServer())
      .get('/inbox')
      .set(h.auth('lc-office', ['analyst']))
      .expect(200);
    expect(aboutCase((analyst.body as { items: InboxItem[] }).items)).toEqual([]);
    // Every message id is distinct and stable (derived from its source event and recipient).
    const ids = [...police, ...officers, ...convener].map((i) => i.messageId);
    expect(new Set(ids).size).toBe(6);
  });

  it("given an officer reads a clock, then the read is logged and relayed on the notifications topic (for reporting's access log)", async () => {
    h = await startDeadlinesHarness('ntf_access', T0, { fullService: true });
    await h.append(
      'case-na',
      'TransferredToPolice',
      { caseId: 'na', by: 'lc-office', police: 'lc-police', deadline: '2026-04-01T02:00:00.000Z', reason: '涉嫌非法吸收公众存款罪' },
      T0,
    );
    const clockId = 'police-transfer-response.na';
    await h.clockRow(clockId);
    await request(h.notifications().getHttpServer())
      .get(`/deadlines/clocks/${clockId}`)
      .set(h.auth('lc-office', ['office_officer']))
      .expect(200);
    const quiet = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
    const consumer = createKafka({ brokers: testKafkaBrokers(), clientId: 'access-relay-check', logger: quiet as never }).consumer({
      groupId: uniqueName('access-check'),
    });
    const keys: string[] = [];
    await consumer.connect();
    try {
      await consumer.subscribe({ topic: topicFor('notifications', h.topicPrefix), fromBeginning: true });
      await consumer.run({ eachMessage: async ({ message }) => void keys.push(message.key?.toString() ?? '') });
      // Both streams, which may sit on different partitions: neither arrives first for sure.
      await pollUntil(() => keys.some((k) => k.startsWith('access-deadline-')) && keys.includes(`deadline-${clockId}`), {
        timeoutMs: 60_000,
        what: 'the access-deadline and the deadline streams on the notifications topic',
      });
    } finally {
      await consumer.disconnect();
    }
    expect(keys).toContain(`deadline-${clockId}`);
  });
});
