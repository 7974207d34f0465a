/**
 * Webhook retries through the real bus and a real HTTP receiver: a receiver
 * answering 500 gets the message again after base·2^(k-1) each time
 * (DELIVERY_RETRY_BASE_MS=200), until the last of DELIVERY_MAX_ATTEMPTS=4,
 * when it is dead-lettered. A replay (by the agency itself) sends it again
 * with the same message id; a replay of a live delivery is 409, and another
 * agency cannot even see the message.
 */
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import type { NotificationDeliveryFailedData } from '@jm/contracts';
import { verifyWebhook } from '../../services/notifications/src/channels/delivery/webhook-signature';
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
} from './channels-support/channels-app';
import { startWebhookReceiver, WebhookReceiver } from './channels-support/webhook-receiver';

jest.setTimeout(120_000);

const SECRET_VAR = `JM_WEBHOOK_SECRET_TEST_${randomBytes(4).toString('hex').toUpperCase()}`;
const SECRET = randomBytes(24).toString('hex');
const BASE_MS = 200;
let infra: ChannelsInfra;
let service: ChannelsApp;
let hook: WebhookReceiver;

beforeAll(async () => {
  process.env[SECRET_VAR] = SECRET;
  hook = await startWebhookReceiver();
  infra = await channelsInfra(
    'chretry',
    { agencies: { 'lc-st-haibin': { webhooks: [{ id: 'grid', url: hook.url, secretEnv: SECRET_VAR }] } } },
    { DELIVERY_MAX_ATTEMPTS: '4', DELIVERY_RETRY_BASE_MS: String(BASE_MS), WEBHOOK_ALLOWED_HOSTS: '127.0.0.1' },
  );
  service = await startChannelsApp(infra.env);
});

afterAll(async () => {
  await service?.close();
  await hook?.close();
  await infra?.drop();
});

describe('webhook retries, dead letters and replay', () => {
  it('given a receiver answering 500, then it is retried with doubling delays and dead-lettered after the last attempt; a replay delivers it with the same message id', async () => {
    hook.answer(() => 500);
    const notice = await appendNotice(service.store, 'obligation-o-2026-03-haibin', 'ObligationMissed', {
      obligationId: 'o-2026-03-haibin',
      kind: 'monthly_risk_ledger',
      unit: 'lc-st-haibin',
      period: '2026-03',
      dueAt: '2026-04-05T15:59:59.000Z',
      missedAt: '2026-04-05T16:00:00.000Z',
    });
    const messageId = messageIdOf(notice.id, { agency: 'lc-st-haibin' });
    const events = await messageEvents(service.store, messageId, { type: 'NotificationDeadLettered' });

    // four attempts, three failures each naming the next attempt at base·2^(k-1), then the dead letter
    expect(events.map((e) => e.type)).toEqual([
      'NotificationRequested',
      'NotificationDeliveryAttempted',
      'NotificationDeliveryFailed',
      'NotificationDeliveryAttempted',
      'NotificationDeliveryFailed',
      'NotificationDeliveryAttempted',
      'NotificationDeliveryFailed',
      'NotificationDeliveryAttempted',
      'NotificationDeadLettered',
    ]);
    const failures = events.filter((e) => e.type === 'NotificationDeliveryFailed').map((e) => e.data as NotificationDeliveryFailedData);
    expect(failures.map((f) => Date.parse(f.nextAttemptAt) - Date.parse(f.at))).toEqual([BASE_MS, 2 * BASE_MS, 4 * BASE_MS]);
    expect(failures.map((f) => f.error)).toEqual([
      'HTTP 500 from 127.0.0.1:' + new URL(hook.url).port,
      'HTTP 500 from 127.0.0.1:' + new URL(hook.url).port,
      'HTTP 500 from 127.0.0.1:' + new URL(hook.url).port,
    ]);

    // the receiver saw four calls, each at least the announced delay after the one before, all with the same id, all verifiable
    const calls = hook.calls.filter((c) => c.headers['x-jm-message-id'] === messageId);
    expect(calls.map((c) => c.headers['x-jm-attempt'])).toEqual(['1', '2', '3', '4']);
    const gaps = calls.slice(1).map((c, i) => c.at - calls[i].at);
    gaps.forEach((gap, i) => expect(gap).toBeGreaterThanOrEqual(BASE_MS * 2 ** i - 20));
    for (const call of calls) {
      expect(
        verifyWebhook(
          SECRET,
          { timestamp: String(call.headers['x-jm-timestamp']), signature: String(call.headers['x-jm-signature']) },
          call.body,
          Math.floor(Date.now() / 1000),
        ),
      ).toBe(true);
      expect(JSON.parse(call.body.toString('utf8'))).toMatchObject({
        messageId,
        template: 'obligation_missed',
        subject: '【逾期未报送】2026-03月度风险动态管理台账',
      });
    }

    const http = request(service.app.getHttpServer());
    const seen = await http
      .get(`/notifications/${messageId}`)
      .set(auth('lc-st-haibin', ['street_officer']))
      .expect(200);
    expect(seen.body.targets).toEqual([
      { target: 'inbox', channel: 'inbox', status: 'sent', attempts: 0 },
      { target: 'webhook:grid', channel: 'webhook', status: 'dead', attempts: 4, lastError: failures[0].error },
    ]);

    // another agency cannot see it or replay it; the office over it may see it
    await http
      .get(`/notifications/${messageId}`)
      .set(auth('lc-police', ['unit_officer']))
      .expect(404);
    await http
      .post(`/notifications/${messageId}/deliveries/webhook:grid/replay`)
      .set(auth('fz-office', ['office_officer']))
      .expect(404);
    await http
      .get(`/notifications/${messageId}`)
      .set(auth('lc-office', ['office_officer']))
      .expect(200);

    // when the receiver is back and the street replays the dead letter
    hook.answer(() => 200);
    const replay = await http
      .post(`/notifications/${messageId}/deliveries/webhook:grid/replay`)
      .set(auth('lc-st-haibin', ['street_officer']))
      .expect(200);
    expect(replay.body.events).toEqual(['NotificationReplayRequested']);
    const after = await messageEvents(service.store, messageId, { type: 'NotificationDelivered' });
    expect(after.slice(events.length).map((e) => e.type)).toEqual([
      'NotificationReplayRequested',
      'NotificationDeliveryAttempted',
      'NotificationDelivered',
    ]);
    const fifth = hook.calls.filter((c) => c.headers['x-jm-message-id'] === messageId);
    expect(fifth).toHaveLength(5);
    expect(JSON.parse(fifth[4].body.toString('utf8')).messageId).toBe(messageId);
    expect(fifth[4].headers['x-jm-attempt']).toBe('5');

    // a delivered target is not dead: a second replay is a conflict that changes nothing
    const again = await http
      .post(`/notifications/${messageId}/deliveries/webhook:grid/replay`)
      .set(auth('lc-office', ['office_officer']))
      .expect(409);
    expect(again.body.code).toBe('INVALID_TRANSITION');
    expect(await service.store.readStream(`notification-${messageId}`)).toHaveLength(after.length);
  });

  it('a failure that recovers before the last attempt is delivered without a dead letter', async () => {
    let count = 0;
    hook.answer(() => (++count <= 1 ? 503 : 200));
    const notice = await appendNotice(service.store, 'deadline-k-retry', 'DeadlineMissed', missed('k-retry', 'lc-st-haibin', 'C-9'));
    const messageId = messageIdOf(notice.id, { agency: 'lc-st-haibin' });
    const events = await messageEvents(service.store, messageId, { type: 'NotificationDelivered' });
    expect(events.map((e) => e.type)).toEqual([
      'NotificationRequested',
      'NotificationDeliveryAttempted',
      'NotificationDeliveryFailed',
      'NotificationDeliveryAttempted',
      'NotificationDelivered',
    ]);
  });
});
