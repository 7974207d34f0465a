/**
 * Notices through the real bus to every channel: the test appends the deadline
 * engine's notices to deadline- streams of the notifications store; the
 * service's relay publishes them to Kafka, its consumer turns them into
 * messages, the dispatcher sends them to a real SMTP server and a real HTTP
 * webhook receiver. Each message carries its stable id on every channel; the
 * police read zh-CN (the file's default), the office chose English over REST.
 * A redelivered notice (republished to Kafka, and handled again directly)
 * produces no second message.
 */
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { createIdempotentProducer, createKafka, encodeMessage, PRODUCE_ACKS, topicFor } from '@jm/bus';
import { toNotificationStreamId } from '@jm/contracts';
import type { StoredEvent } from '@jm/event-sourcing';
import { pollUntil } from '@jm/testing';
import { OutboxEntity } from '../../services/notifications/src/channels/channels.entities';
import { DeliveryDispatcher } from '../../services/notifications/src/channels/delivery/delivery-dispatcher';
import { verifyWebhook } from '../../services/notifications/src/channels/delivery/webhook-signature';
import { NotificationMessages } from '../../services/notifications/src/channels/notification/notification-messages';
import {
  appendNotice,
  auth,
  ChannelsApp,
  channelsInfra,
  ChannelsInfra,
  messageEvents,
  messageIdOf,
  missed,
  startChannelsApp,
  subjectOfCase,
} from './channels-support/channels-app';
import { SmtpSink, startSmtpSink } from './channels-support/smtp-sink';
import { startWebhookReceiver, WebhookReceiver } from './channels-support/webhook-receiver';

jest.setTimeout(120_000);

const SECRET_VAR = `JM_WEBHOOK_SECRET_TEST_${randomBytes(4).toString('hex').toUpperCase()}`;
const SECRET = randomBytes(24).toString('hex');
const POLICE_EN = 'Licheng Public Security Sub-bureau';
let infra: ChannelsInfra;
let service: ChannelsApp;
let smtp: SmtpSink;
let hook: WebhookReceiver;

beforeAll(async () => {
  process.env[SECRET_VAR] = SECRET;
  smtp = await startSmtpSink();
  hook = await startWebhookReceiver();
  infra = await channelsInfra(
    'chdel',
    {
      agencies: { 'lc-police': { emails: ['duty@lc-police.example.cn'], webhooks: [{ id: 'oa', url: hook.url, secretEnv: SECRET_VAR }] } },
    },
    { SMTP_URL: smtp.url, WEBHOOK_ALLOWED_HOSTS: '127.0.0.1' },
  ); // the receiver is on loopback, which webhooks may reach only when allowed
  service = await startChannelsApp(infra.env);
});

afterAll(async () => {
  await service?.close();
  await hook?.close();
  await smtp?.close();
  await infra?.drop();
});

const mailFor = (messageId: string) => smtp.mails.filter((m) => m.jmMessageId === messageId);
const callsFor = (messageId: string) => hook.calls.filter((c) => c.headers['x-jm-message-id'] === messageId);

describe('channels: notices to messages on every channel', () => {
  let missedNotice: StoredEvent;
  let policeMessage: string;

  it('given the office chose English and an email address over REST, when a deadline is missed and escalated, then each recipient gets its message on each of its channels with the same id', async () => {
    const http = request(service.app.getHttpServer());
    await http
      .put('/notification-channels/lc-office')
      .set(auth('lc-office', ['office_officer']))
      .send({ emails: ['office@lc.example.gov.cn'], locale: 'en' })
      .expect(200);

    missedNotice = await appendNotice(service.store, 'deadline-k1', 'DeadlineMissed', missed('k1', 'lc-police', 'C-1'));
    const escalated = await appendNotice(service.store, 'deadline-k1', 'DeadlineEscalated', {
      clockId: 'k1',
      policyId: 'police-response',
      subject: subjectOfCase('C-1'),
      unit: 'lc-police',
      dueAt: '2026-03-31T16:00:00.000Z',
      step: 1,
      level: 'office',
      recipients: [{ agency: 'lc-office' }],
      at: '2026-04-01T01:00:00.000Z',
    });
    policeMessage = messageIdOf(missedNotice.id, { agency: 'lc-police' });
    const officeMessage = messageIdOf(escalated.id, { agency: 'lc-office' });

    const police = await messageEvents(service.store, policeMessage, { type: 'NotificationDelivered', count: 2 });
    expect(
      police
        .map((e) => e.type)
        .filter((t) => t !== 'NotificationDeliveryAttempted')
        .sort(),
    ).toEqual(['NotificationDelivered', 'NotificationDelivered', 'NotificationRequested']);
    expect(police[0].data).toMatchObject({
      messageId: policeMessage,
      recipient: { agency: 'lc-police' },
      template: 'deadline_missed',
      locale: 'zh-CN',
      source: { eventId: missedNotice.id, eventType: 'DeadlineMissed', streamId: 'deadline-k1' },
    });
    await messageEvents(service.store, officeMessage, { type: 'NotificationDelivered', count: 1 });

    // email, zh-CN: Message-ID and X-JM-Message-Id carry the message id
    const [policeMail] = mailFor(policeMessage);
    expect(policeMail.to).toEqual(['duty@lc-police.example.cn']);
    expect(policeMail.messageId).toBe(`${policeMessage}@jm.local`);
    expect(policeMail.subject).toBe('【逾期通知】案件 C-1 已逾期');
    expect(policeMail.text).toContain(
      '泉州市公安局鲤城分局：\n案件 C-1 的办理期限（期限规则：police-response）已于 2026-04-01 00:00:00（北京时间）届满',
    );
    expect(policeMail.text).toContain(`消息编号：${policeMessage}`);

    // email, English, as the office chose
    const [officeMail] = mailFor(officeMessage);
    expect(officeMail.to).toEqual(['office@lc.example.gov.cn']);
    expect(officeMail.subject).toBe(`[Escalation to the office] ${POLICE_EN}: case C-1 overdue`);
    expect(officeMail.text).toContain('is escalated to the joint-meeting office for supervision');

    // webhook: signed over timestamp and raw body, verifiable by the receiver with the shared secret
    const [call] = callsFor(policeMessage);
    const body = JSON.parse(call.body.toString('utf8')) as { messageId: string; subject: string; locale: string; recipient: { agency: string } };
    expect(body).toMatchObject({
      messageId: policeMessage,
      subject: '【逾期通知】案件 C-1 已逾期',
      locale: 'zh-CN',
      recipient: { agency: 'lc-police' },
    });
    const signed = { timestamp: String(call.headers['x-jm-timestamp']), signature: String(call.headers['x-jm-signature']) };
    expect(verifyWebhook(SECRET, signed, call.body, Math.floor(Date.now() / 1000))).toBe(true);
    expect(verifyWebhook('another-secret-of-enough-length-0000', signed, call.body, Math.floor(Date.now() / 1000))).toBe(false);

    // inbox: the row id is the message id
    const inbox = await http
      .get('/inbox')
      .set(auth('lc-police', ['unit_officer']))
      .expect(200);
    expect(inbox.body.items.map((i: { messageId: string }) => i.messageId)).toEqual([policeMessage]);
    const officeInbox = await http
      .get('/inbox')
      .set(auth('lc-office', ['office_officer']))
      .expect(200);
    expect(officeInbox.body.items[0]).toMatchObject({ messageId: officeMessage, locale: 'en', template: 'deadline_escalated_office' });
  });

  it('given that notice is delivered again (republished to Kafka, and handled again), then no second message is requested or sent', async () => {
    const env = infra.env;
    const kafka = createKafka({
      brokers: env.KAFKA_BROKERS.split(','),
      clientId: 'redeliver-test',
      logger: { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined } as never,
    });
    const producer = createIdempotentProducer(kafka);
    await producer.connect();
    try {
      await producer.send({ topic: topicFor('notifications', env.KAFKA_TOPIC_PREFIX), acks: PRODUCE_ACKS, messages: [encodeMessage(missedNotice)] });
    } finally {
      await producer.disconnect();
    }
    // A later notice on the same stream (same partition, after the redelivery) marks that the consumer got past it.
    const marker = await appendNotice(service.store, 'deadline-k1', 'DeadlineReminderDue', {
      clockId: 'k1',
      policyId: 'police-response',
      subject: subjectOfCase('C-1'),
      unit: 'lc-police',
      dueAt: '2026-03-31T16:00:00.000Z',
      at: '2026-03-31T08:00:00.000Z',
      reminder: 0,
      recipients: [],
    });
    await messageEvents(service.store, messageIdOf(marker.id, { agency: 'lc-police' }), { type: 'NotificationDelivered', count: 2 });

    // and handled once more past the consumer's dedup (as after a lost dedup row): the same message id, nothing new
    const messages = service.app.get(NotificationMessages);
    const again = await service.db.transaction((manager) => messages.onNotice(missedNotice, manager));
    expect(again.map((m) => m.messageId)).toEqual([policeMessage]);

    const events = await service.store.readStream(toNotificationStreamId(policeMessage));
    expect(events.filter((e) => e.type === 'NotificationRequested')).toHaveLength(1);
    expect(events.filter((e) => e.type === 'NotificationDelivered')).toHaveLength(2);
    const rows = await service.db.getRepository(OutboxEntity).find({ where: { messageId: policeMessage } });
    expect(rows.map((r) => [r.target, r.status, r.attempts]).sort()).toEqual([
      ['email', 'sent', 1],
      ['webhook:oa', 'sent', 1],
    ]);
    // a dispatcher pass finds nothing due for it
    await pollUntil(async () => (await service.db.getRepository(OutboxEntity).count({ where: { status: 'pending' } })) === 0 || undefined, {
      what: 'no pending rows',
    });
    expect(mailFor(policeMessage)).toHaveLength(1);
    expect(callsFor(policeMessage)).toHaveLength(1);
  });

  it('given a crash after the outcome was recorded but before the row moved (the row is due again), then the dispatcher brings the row up to date from the stream and sends nothing', async () => {
    const repo = service.db.getRepository(OutboxEntity);
    const where = { messageId: policeMessage, target: 'webhook:oa' };
    const before = await service.store.readStream(toNotificationStreamId(policeMessage));
    await repo.update(where, { status: 'pending', attempts: 0, nextAttemptAt: new Date(0).toISOString() });
    service.app.get(DeliveryDispatcher).nudge();
    const row = await pollUntil(
      async () => {
        const found = await repo.findOne({ where });
        return found?.status === 'sent' ? found : undefined;
      },
      { what: 'the row back to sent' },
    );
    expect(row.attempts).toBe(1);
    expect(callsFor(policeMessage)).toHaveLength(1);
    expect(await service.store.readStream(toNotificationStreamId(policeMessage))).toHaveLength(before.length);
  });
});
