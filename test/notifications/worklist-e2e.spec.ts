/**
 * The to-do list and hand-off notices end to end: cases' contract events
 * appended to a PostgreSQL store, published by the cases relay to Kafka,
 * consumed by the whole notifications service (read model on PostgreSQL).
 * A case's path (routed lead, determination, transfer, refusal, district and
 * city meetings, city decision, closure refused then approved, cross-region
 * notice) and an obligation: each hand-off's item opens and closes at the
 * receiving unit with the clock's due time, and its notice reaches that unit's
 * inbox once, even when the event is delivered again.
 */
import request from 'supertest';
import { createIdempotentProducer, createKafka, encodeMessage, PRODUCE_ACKS, topicFor } from '@jm/bus';
import { toNotificationStreamId } from '@jm/contracts';
import type { StoredEvent } from '@jm/event-sourcing';
import type { Role } from '@jm/reference';
import { pollUntil, testKafkaBrokers } from '@jm/testing';
import { caseOpenedData } from '../../services/notifications/src/testing/worklist.fixtures';
import { NotificationMessages } from '../../services/notifications/src/channels/notification/notification-messages';
import { messageIdOf } from '../../services/notifications/src/channels/notice/notices';
import { WORKLIST_EVENT_TYPES } from '../../services/notifications/src/worklist/worklist.evolve';
import { WorklistProjection } from '../../services/notifications/src/worklist/worklist.projection';
import { FactEntity, TodoEntity } from '../../services/notifications/src/worklist/worklist.read-model';
import { DeadlinesHarness, startDeadlinesHarness } from './deadlines-support/deadlines-app';

jest.setTimeout(240_000);

const T0 = '2026-03-02T02:00:00.000Z'; // Monday 10:00 China time
const at = (minutes: number) => new Date(Date.parse(T0) + minutes * 60_000).toISOString();
const OFFICE = { agency: 'lc-office', user: 'zhang' };
const MARKET = { agency: 'lc-market', user: 'li' };
const POLICE = { agency: 'lc-police', user: 'wang' };
const CITY = { agency: 'qz-office', user: 'chen' };

interface Item {
  kind: string;
  unit: string;
  state: string;
  subject: { kind: string; id: string; no: string | null };
  handedOver: { by: string; byName: string; at: string };
  due: { clockId: string; dueAt: string; status: string } | null;
  closed: { byEvent: string } | null;
}
interface InboxItem {
  messageId: string;
  template: string;
  subject: string;
}

let h: DeadlinesHarness;
const http = () => request(h.notifications().getHttpServer());

/** A unit's list as the city office sees it (its region holds every unit here). */
async function items(unit: string): Promise<Item[]> {
  const res = await http()
    .get(`/worklist?unit=${unit}&pageSize=200`)
    .set(h.auth('qz-office', ['office_officer']))
    .expect(200);
  return (res.body as { items: Item[] }).items;
}

/** Polls until the unit has an item of this kind in this state for the subject. */
function item(unit: string, kind: string, subjectId: string, state: 'open' | 'closed'): Promise<Item> {
  return pollUntil(async () => (await items(unit)).find((i) => i.kind === kind && i.subject.id === subjectId && i.state === state), {
    timeoutMs: 60_000,
    intervalMs: 100,
    what: `${kind} ${state} for ${unit} on ${subjectId}`,
  });
}

async function inbox(agency: string, roles: Role[]): Promise<InboxItem[]> {
  const res = await http().get('/inbox?pageSize=200').set(h.auth(agency, roles)).expect(200);
  return (res.body as { items: InboxItem[] }).items;
}

/** Polls until the unit's inbox has the notice the event handed it, and answers it. */
function notice(agency: string, roles: Role[], template: string, source: StoredEvent): Promise<InboxItem> {
  const messageId = messageIdOf(`${source.id}:${template}`, { agency });
  return pollUntil(async () => (await inbox(agency, roles)).find((m) => m.messageId === messageId), {
    timeoutMs: 60_000,
    intervalMs: 100,
    what: `${template} in the inbox of ${agency}`,
  });
}

beforeAll(async () => {
  h = await startDeadlinesHarness('worklist_e2e', T0, { fullService: true });
});

afterAll(async () => {
  await h?.close();
});

describe('to-do list and hand-off notices through PostgreSQL and Kafka', () => {
  it('given a lead routed to a unit, then the unit has it to verify with the deadline engine clock due time and a notice, until it is founded; a redelivery sends nothing twice', async () => {
    await h.append(
      'routing-L1',
      'TriageOpened',
      { leadId: 'L1', office: 'lc-office', summary: { leadId: 'L1', receiptNo: 'JM-2026-0001', title: '高息理财' } },
      at(0),
      OFFICE,
    );
    const routed = await h.append(
      'routing-L1',
      'LeadRouted',
      { leadId: 'L1', unit: 'lc-market', rule: 'manual', deadline: at(99_999) },
      at(1),
      OFFICE,
    );
    const open = await item('lc-market', 'lead_verification', 'L1', 'open');
    expect(open).toMatchObject({ subject: { kind: 'lead', no: 'JM-2026-0001' }, handedOver: { by: 'lc-office', at: routed.time } });
    const clock = await h.clockRow('routed-lead-feedback.L1');
    const withDue = await pollUntil(async () => (await items('lc-market')).find((i) => i.kind === 'lead_verification' && i.due), {
      what: 'the due time',
    });
    expect(withDue.due).toMatchObject({ clockId: 'routed-lead-feedback.L1', dueAt: clock.dueAt, status: 'running' });
    const message = await notice('lc-market', ['unit_officer'], 'handoff_lead_routed', routed);
    expect(message.subject).toBe('【待办】线索 JM-2026-0001 已分派贵单位核查');

    // Delivered again: republished to Kafka, then handled once more past the consumer's dedup.
    const kafka = createKafka({
      brokers: testKafkaBrokers(),
      clientId: 'worklist-redeliver',
      logger: { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined } as never,
    });
    const producer = createIdempotentProducer(kafka);
    await producer.connect();
    try {
      await producer.send({ topic: topicFor('cases', h.topicPrefix), acks: PRODUCE_ACKS, messages: [encodeMessage(routed)] });
    } finally {
      await producer.disconnect();
    }
    // A later event of the same stream (same partition) marks that the consumer got past the redelivery.
    await h.append('routing-L1', 'LeadFounded', { leadId: 'L1', unit: 'lc-market', caseId: 'C1' }, at(2), MARKET);
    await item('lc-market', 'lead_verification', 'L1', 'closed');
    const app = h.notifications();
    const handoffs = await h.dataSource().transaction((m) => app.get(WorklistProjection).apply(m, routed));
    await h.dataSource().transaction((m) => app.get(NotificationMessages).onHandoffs(routed, handoffs, m));

    const all = (await items('lc-market')).filter((i) => i.subject.id === 'L1');
    expect(all.map((i) => `${i.kind} ${i.state} ${i.closed?.byEvent}`)).toEqual(['lead_verification closed LeadFounded']);
    expect((await inbox('lc-market', ['unit_officer'])).filter((m) => m.template === 'handoff_lead_routed')).toHaveLength(1);
    const stream = await h.store.readStream(toNotificationStreamId(message.messageId));
    expect(stream.filter((e) => e.type === 'NotificationRequested')).toHaveLength(1);
  });

  it('given a case through determination, transfer, refusal, two meetings, the city decision and closure, then each receiving unit gets its item and notice in turn and each item closes by the work', async () => {
    const C = 'C1';
    await h.append('case-C1', 'CaseOpened', caseOpenedData(C, 'CASE-350502-2026-0001'), at(3), OFFICE);
    const asked = await h.append('case-C1', 'DeterminationRequested', { caseId: C, by: 'lc-office', authority: 'lc-market' }, at(4), OFFICE);
    const determination = await item('lc-market', 'determination', C, 'open');
    expect(determination.subject.no).toBe('CASE-350502-2026-0001');
    expect((await notice('lc-market', ['unit_officer'], 'handoff_determination_requested', asked)).subject).toBe(
      '【待办】案件 CASE-350502-2026-0001 请求出具性质认定意见',
    );
    await h.append(
      'case-C1',
      'DeterminationOpinionIssued',
      { caseId: C, authority: 'lc-market', conclusion: 'illegal_fundraising', disputed: false, text: '' },
      at(5),
      MARKET,
    );
    await item('lc-market', 'determination', C, 'closed');

    const transferred = await h.append(
      'case-C1',
      'TransferredToPolice',
      { caseId: C, by: 'lc-office', police: 'lc-police', deadline: at(30 * 24 * 60), reason: '涉嫌非吸' },
      at(6),
      OFFICE,
    );
    const police = await pollUntil(async () => (await items('lc-police')).find((i) => i.kind === 'police_answer' && i.state === 'open' && i.due), {
      timeoutMs: 60_000,
      what: "the police's item with its clock",
    });
    const policeClock = await h.clockRow('police-transfer-response.C1');
    expect(police.due).toMatchObject({ dueAt: policeClock.dueAt, status: 'running' });
    await notice('lc-police', ['unit_officer'], 'handoff_transferred_to_police', transferred);
    const declined = await h.append('case-C1', 'TransferDeclinedByPolice', { caseId: C, police: 'lc-police', reasons: ['证据不足'] }, at(7), POLICE);
    await item('lc-police', 'police_answer', C, 'closed');
    expect(await item('lc-office', 'declined_transfer', C, 'open')).toMatchObject({ handedOver: { by: 'lc-police' } });
    await notice('lc-office', ['office_officer'], 'handoff_police_declined', declined);

    await h.append(
      'meeting-MD',
      'MeetingScheduled',
      {
        meetingId: 'MD',
        level: 'district',
        kind: 'full',
        scheduledFor: at(600),
        title: '区联席会议第1次',
        office: 'lc-office',
        jurisdiction: '350502',
      },
      at(8),
      OFFICE,
    );
    await h.append(
      'meeting-MC',
      'MeetingScheduled',
      { meetingId: 'MC', level: 'city', kind: 'full', scheduledFor: at(900), title: '市联席会议第1次', office: 'qz-office', jurisdiction: '350500' },
      at(8),
      CITY,
    );
    await h.append('case-C1', 'ReferredToDistrictMeeting', { caseId: C, by: 'lc-office', meetingId: 'MD', question: 'disposal' }, at(9), OFFICE);
    await item('lc-office', 'declined_transfer', C, 'closed');
    const agenda = await h.append(
      'meeting-MD',
      'CasePutOnAgenda',
      { meetingId: 'MD', office: 'lc-office', caseId: C, question: 'disposal', source: 'referral' },
      at(10),
      MARKET,
    );
    await item('lc-office', 'meeting_decision', C, 'open');
    await notice('lc-office', ['convener'], 'handoff_put_on_agenda', agenda);
    await h.append(
      'meeting-MD',
      'MeetingDecisionRecorded',
      { meetingId: 'MD', level: 'district', office: 'lc-office', caseId: C, question: 'disposal', decision: 'escalate', text: '', decidedBy: OFFICE },
      at(11),
      OFFICE,
    );
    await item('lc-office', 'meeting_decision', C, 'closed');
    const escalated = await h.append(
      'case-C1',
      'EscalatedToCityMeeting',
      { caseId: C, by: 'lc-office', meetingId: 'MC', districtMeetingId: 'MD', question: 'escalation' },
      at(12),
      OFFICE,
    );
    expect((await notice('qz-office', ['office_officer'], 'handoff_escalated_to_city', escalated)).subject).toBe(
      '【待办】案件 CASE-350502-2026-0001 提请市联席会议',
    );
    const cityAgenda = await h.append(
      'meeting-MC',
      'CasePutOnAgenda',
      { meetingId: 'MC', office: 'qz-office', caseId: C, question: 'escalation', source: 'referral' },
      at(13),
      OFFICE,
    );
    await item('qz-office', 'meeting_decision', C, 'open');
    await notice('qz-office', ['convener'], 'handoff_put_on_agenda', cityAgenda);
    await h.append(
      'meeting-MC',
      'MeetingDecisionRecorded',
      { meetingId: 'MC', level: 'city', office: 'qz-office', caseId: C, question: 'escalation', decision: 'determined', text: '', decidedBy: CITY },
      at(14),
      CITY,
    );
    await item('qz-office', 'meeting_decision', C, 'closed');
    const received = await h.append(
      'case-C1',
      'DecisionReceivedFromCity',
      { caseId: C, meetingId: 'MC', office: 'lc-office', decision: 'determined' },
      at(15),
      CITY,
    );
    await item('lc-office', 'city_decision_action', C, 'open');
    await notice('lc-office', ['office_officer'], 'handoff_decision_received', received);

    await h.append('case-C1', 'ClosureRequested', { caseId: C, by: 'lc-market', summary: '已办结' }, at(16), MARKET);
    await item('lc-office', 'city_decision_action', C, 'closed');
    await item('lc-office', 'closure_approval', C, 'open');
    const refused = await h.append('case-C1', 'ClosureRejected', { caseId: C, by: 'lc-office', reason: '资金清退未完成' }, at(17), OFFICE);
    await item('lc-office', 'closure_approval', C, 'closed');
    await notice('lc-market', ['unit_officer'], 'handoff_closure_refused', refused);
    await h.append('case-C1', 'ClosureRequested', { caseId: C, by: 'lc-market', summary: '已办结' }, at(18), MARKET);
    const closed = await h.append(
      'case-C1',
      'CaseClosed',
      { caseId: C, reason: '已办结', approvedBy: 'lc-office', requestedBy: 'lc-market', note: '' },
      at(19),
      OFFICE,
    );
    await notice('lc-market', ['unit_officer'], 'handoff_closure_approved', closed);
    const cross = await h.append(
      'case-C1',
      'CrossRegionPartyNotified',
      {
        caseId: C,
        caseNo: 'CASE-350502-2026-0001',
        region: '350500',
        party: { kind: 'company', name: '某公司' },
        office: 'qz-office',
        message: '当事人在市本级登记',
      },
      at(20),
      OFFICE,
    );
    await notice('qz-office', ['office_officer'], 'handoff_cross_region', cross);

    const all = await pollUntil(
      async () => {
        const rows = [...(await items('lc-office')), ...(await items('lc-market')), ...(await items('lc-police')), ...(await items('qz-office'))];
        const ofCase = rows.filter((i) => i.subject.id === C);
        return ofCase.length === 8 && ofCase.every((i) => i.state === 'closed') ? ofCase : undefined;
      },
      { timeoutMs: 60_000, what: 'every item of the case closed' },
    );
    expect(all.map((i) => `${i.unit} ${i.kind} ${i.closed?.byEvent}`).sort()).toEqual([
      'lc-market determination DeterminationOpinionIssued',
      'lc-office city_decision_action ClosureRequested',
      'lc-office closure_approval CaseClosed',
      'lc-office closure_approval ClosureRejected',
      'lc-office declined_transfer ReferredToDistrictMeeting',
      'lc-office meeting_decision MeetingDecisionRecorded',
      'lc-police police_answer TransferDeclinedByPolice',
      'qz-office meeting_decision MeetingDecisionRecorded',
    ]);
  });

  it('given the obligations of the month opened by a tick, then the owing street has its report on the list with the clock due time, until submitted', async () => {
    await h.tick();
    const due = await pollUntil(
      async () =>
        (await items('lc-st-haibin')).find((i) => i.subject.id === 'monthly_risk_ledger.lc-st-haibin.2026-03' && i.state === 'open' && i.due),
      {
        timeoutMs: 60_000,
        what: "the street's obligation with its clock",
      },
    );
    expect(due.subject).toMatchObject({ kind: 'obligation', no: '2026-03', id: 'monthly_risk_ledger.lc-st-haibin.2026-03' });
    // The deadline engine opened it: named as the platform, not by its code.
    expect(due.handedOver).toMatchObject({ by: 'system', byName: '系统' });
    const obligation = await pollUntil(
      async () =>
        (
          (
            await http()
              .get('/obligations?unit=lc-st-haibin&kind=monthly_risk_ledger')
              .set(h.auth('lc-st-haibin', ['street_officer']))
              .expect(200)
          ).body as { items: Array<{ dueAt: string }> }
        ).items[0],
      { what: 'the obligation row' },
    );
    expect(due.due!.dueAt).toBe(obligation.dueAt);
    // Due soon within 3 days of its due time, overdue after it (read on PostgreSQL, no tick needed); the street counts it.
    const street = async () => {
      const res = await http()
        .get('/worklist/counts')
        .set(h.auth('lc-office', ['office_officer']))
        .expect(200);
      return (res.body as { units: Array<{ unit: string; open: number; dueSoon: number; overdue: number }> }).units.find(
        (u) => u.unit === 'lc-st-haibin',
      );
    };
    const dueMs = Date.parse(obligation.dueAt);
    const now = h.clock.now();
    // The street owes more than this report (its annual summary, due at the year's end): wait until all it owes is listed.
    const owed = (await h.store.readAll({ streamPrefixes: ['obligation-'] })).filter(
      (e) => e.type === 'ObligationDue' && (e.data as { unit: string }).unit === 'lc-st-haibin',
    ).length;
    await pollUntil(
      async () => (await items('lc-st-haibin')).filter((i) => i.kind === 'obligation_due' && i.state === 'open').length === owed || undefined,
      {
        what: `the street's ${owed} obligations`,
      },
    );
    expect(await street()).toMatchObject({ open: owed, dueSoon: 0, overdue: 0 });
    h.clock.set(new Date(dueMs - 86_400_000));
    expect(await street()).toMatchObject({ open: owed, dueSoon: 1, overdue: 0 });
    const soon = await http()
      .get('/worklist/mine?due=soon')
      .set(h.auth('lc-st-haibin', ['street_officer']))
      .expect(200);
    expect((soon.body as { total: number }).total).toBe(1);
    h.clock.set(new Date(dueMs + 1));
    expect(await street()).toMatchObject({ open: owed, dueSoon: 0, overdue: 1 });
    const overdue = await http()
      .get('/worklist?due=overdue')
      .set(h.auth('lc-st-haibin', ['street_officer']))
      .expect(200);
    expect((overdue.body as { total: number }).total).toBe(1);
    h.clock.set(now);
    await http()
      .post(`/obligations/${due.subject.id}/submissions`)
      .set(h.auth('lc-st-haibin', ['street_officer']))
      .send({})
      .expect(200);
    await item('lc-st-haibin', 'obligation_due', due.subject.id, 'closed');
  });

  it('given the tables emptied, when the log is replayed through the writer, then they come out identical (rebuildable)', async () => {
    const db = h.dataSource();
    const snapshot = async () => ({
      items: await db.getRepository(TodoEntity).find({ order: { itemId: 'ASC' } }),
      facts: await db.getRepository(FactEntity).find({ order: { key: 'ASC' } }),
    });
    // Every event that opens an item opened one here: wait until the live consumer has projected them all.
    const opening = new Set([
      'LeadRouted',
      'DeterminationRequested',
      'TransferredToPolice',
      'TransferDeclinedByPolice',
      'CasePutOnAgenda',
      'DecisionReceivedFromCity',
      'ClosureRequested',
      'ObligationDue',
    ]);
    const opened = (await h.store.readAll({ streamPrefixes: ['routing-', 'case-', 'meeting-', 'obligation-'] })).filter((e) =>
      opening.has(e.type),
    ).length;
    await pollUntil(async () => (await db.getRepository(TodoEntity).count()) === opened || undefined, {
      timeoutMs: 60_000,
      what: `${opened} items projected`,
    });
    const before = await snapshot();
    expect(before.items.length).toBe(opened);
    await db.transaction(async (m) => {
      await m.getRepository(TodoEntity).clear();
      await m.getRepository(FactEntity).clear();
    });
    const projection = h.notifications().get(WorklistProjection);
    const types = new Set<string>(WORKLIST_EVENT_TYPES);
    for (let from = 0; ;) {
      const page = await h.store.readAll({ from, limit: 200, streamPrefixes: ['routing-', 'case-', 'meeting-', 'obligation-'] });
      if (!page.length) break;
      for (const event of page.filter((e) => types.has(e.type))) await db.transaction((m) => projection.apply(m, event));
      from = page.at(-1)!.position;
    }
    expect(await snapshot()).toEqual(before);
  });
});
