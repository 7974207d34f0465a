/**
 * The notifications service's metrics on the real bus (Kafka) and read model
 * (PostgreSQL), scraped over GET /metrics: a webhook receiver answering 500
 * makes delivery failures by channel and a dead letter, and a replay that
 * succeeds takes the dead letter away; the consumer's lag (Kafka high
 * watermark minus committed offset) and the relay's lag come back to 0 once
 * the notice is handled.
 */
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { pollUntil } from '@jm/testing';
import {
  appendNotice,
  auth,
  ChannelsApp,
  channelsInfra,
  ChannelsInfra,
  messageEvents,
  messageIdOf,
  startChannelsApp,
} from './channels-support/channels-app';
import { startWebhookReceiver, WebhookReceiver } from './channels-support/webhook-receiver';

jest.setTimeout(120_000);

const SECRET_VAR = `JM_WEBHOOK_SECRET_TEST_${randomBytes(4).toString('hex').toUpperCase()}`;
const METRICS_TOKEN = randomBytes(24).toString('hex');
let infra: ChannelsInfra;
let service: ChannelsApp;
let hook: WebhookReceiver;

beforeAll(async () => {
  process.env[SECRET_VAR] = randomBytes(24).toString('hex');
  hook = await startWebhookReceiver();
  infra = await channelsInfra(
    'chmetrics',
    { agencies: { 'lc-st-haibin': { webhooks: [{ id: 'grid', url: hook.url, secretEnv: SECRET_VAR }] } } },
    { DELIVERY_MAX_ATTEMPTS: '2', DELIVERY_RETRY_BASE_MS: '100', WEBHOOK_ALLOWED_HOSTS: '127.0.0.1', METRICS_TOKEN },
  );
  service = await startChannelsApp(infra.env);
});

afterAll(async () => {
  await service?.close();
  await hook?.close();
  await infra?.drop();
});

/** The value of one series in the exposition text (labels in the order prom-client writes them), or undefined. */
async function scrape(): Promise<(series: string) => number | undefined> {
  const res = await request(service.app.getHttpServer()).get('/metrics').set('Authorization', `Bearer ${METRICS_TOKEN}`).expect(200);
  const values = new Map(
    res.text
      .split('\n')
      .filter((line) => line && !line.startsWith('#'))
      .map((line) => [line.slice(0, line.lastIndexOf(' ')), Number(line.slice(line.lastIndexOf(' ') + 1))] as const),
  );
  return (series) => values.get(series);
}

const SERVICE = 'service="notifications"';

describe('notifications metrics', () => {
  it('given a webhook that fails, then failures by channel and a dead letter; a successful replay clears the dead letter; lags return to 0', async () => {
    hook.answer(() => 500);
    const notice = await appendNotice(service.store, 'obligation-o-2026-05-haibin', 'ObligationMissed', {
      obligationId: 'o-2026-05-haibin',
      kind: 'monthly_risk_ledger',
      unit: 'lc-st-haibin',
      period: '2026-05',
      dueAt: '2026-06-05T15:59:59.000Z',
      missedAt: '2026-06-05T16:00:00.000Z',
    });
    const messageId = messageIdOf(notice.id, { agency: 'lc-st-haibin' });
    await messageEvents(service.store, messageId, { type: 'NotificationDeadLettered' });

    let value = await scrape();
    expect(value(`jm_notification_delivery_failures_total{channel="webhook",${SERVICE}}`)).toBe(2);
    expect(value(`jm_notification_dead_letter_messages{channel="webhook",${SERVICE}}`)).toBe(1);
    expect(value(`jm_notification_outbox_depth{channel="webhook",${SERVICE}}`)).toBeUndefined();
    expect(value(`jm_consumer_events_total{group="${infra.env.KAFKA_TOPIC_PREFIX}notifications",outcome="applied",${SERVICE}}`)).toBeGreaterThan(0);

    // the relay has published the notice and the consumer has handled it: both lags read 0, on every partition
    await pollUntil(
      async () => {
        const text = (await request(service.app.getHttpServer()).get('/metrics').set('Authorization', `Bearer ${METRICS_TOKEN}`)).text;
        const lags = text.split('\n').filter((line) => line.startsWith('jm_consumer_lag_messages{'));
        const relay = text.split('\n').find((line) => line.startsWith('jm_relay_lag_events{'));
        return lags.length > 0 && lags.every((line) => line.endsWith(' 0')) && relay?.endsWith(' 0') ? true : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 200, what: 'consumer and relay lag back to 0' },
    );

    hook.answer(() => 200);
    await request(service.app.getHttpServer())
      .post(`/notifications/${messageId}/deliveries/webhook:grid/replay`)
      .set(auth('lc-st-haibin', ['street_officer']))
      .expect(200);
    await messageEvents(service.store, messageId, { type: 'NotificationDelivered' });
    value = await pollUntil(
      async () => {
        const read = await scrape();
        return read(`jm_notification_dead_letter_messages{channel="webhook",${SERVICE}}`) === undefined ? read : undefined;
      },
      { timeoutMs: 10_000, intervalMs: 100, what: 'the dead letter gone from the gauge' },
    );
    expect(value(`jm_notification_delivery_failures_total{channel="webhook",${SERVICE}}`)).toBe(2);
  });
});
