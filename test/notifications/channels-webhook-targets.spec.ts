/**
 * Webhooks to internal addresses (SSRF), through the real service, bus and
 * HTTP: the operator allows 127.0.0.1 (WEBHOOK_ALLOWED_HOSTS) and nothing
 * else. Saving a webhook to any other internal address or scheme is 422
 * naming the field. A name that resolves to loopback (`localhost`) is saved
 * (a name is judged when sending) but refused when sending, after resolution:
 * a real receiver behind it gets nothing, and the record says only "target
 * address not allowed". The allowed host is delivered to. A connection
 * failure records only "delivery failed", never which of refused, reset or
 * timeout happened. And a choice recorded before the secretEnv rule cannot
 * make the dispatcher sign with another variable.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { toNotificationChannelsStreamId } from '@jm/contracts';
import type { NotificationDeliveryFailedData } from '@jm/contracts';
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
let infra: ChannelsInfra;
let service: ChannelsApp;
let viaName: WebhookReceiver;
let allowed: WebhookReceiver;
let closedPort: number;

/** A loopback port nothing listens on (taken, then released). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

beforeAll(async () => {
  process.env[SECRET_VAR] = randomBytes(24).toString('hex');
  viaName = await startWebhookReceiver();
  allowed = await startWebhookReceiver();
  closedPort = await freePort();
  infra = await channelsInfra(
    'chssrf',
    {
      agencies: {
        // the receiver listens on 127.0.0.1; the URL names it as localhost, which is not allow-listed
        'lc-police': { webhooks: [{ id: 'oa', url: viaName.url.replace('127.0.0.1', 'localhost'), secretEnv: SECRET_VAR }] },
        'lc-st-haibin': { webhooks: [{ id: 'grid', url: allowed.url, secretEnv: SECRET_VAR }] },
        'lc-court': { webhooks: [{ id: 'oa', url: `http://127.0.0.1:${closedPort}/jm-hook`, secretEnv: SECRET_VAR }] },
      },
    },
    { WEBHOOK_ALLOWED_HOSTS: '127.0.0.1', DELIVERY_MAX_ATTEMPTS: '3', DELIVERY_RETRY_BASE_MS: '100' },
  );
  service = await startChannelsApp(infra.env);
});

afterAll(async () => {
  await service?.close();
  await viaName?.close();
  await allowed?.close();
  await infra?.drop();
});

const failuresOf = (events: Awaited<ReturnType<typeof messageEvents>>) =>
  events
    .filter((e) => e.type === 'NotificationDeliveryFailed' || e.type === 'NotificationDeadLettered')
    .map((e) => (e.data as NotificationDeliveryFailedData).error);

describe('webhook targets when saved', () => {
  it.each([
    'http://127.0.0.2:8080/hook',
    'http://[::1]/hook',
    'http://2852039166/hook', // 169.254.169.254 written as one number
    'http://169.254.169.254/latest/meta-data/',
    'http://[fe80::1]/hook',
    'http://10.0.0.5/hook',
    'http://172.16.0.1/hook',
    'http://192.168.1.1/hook',
    'http://[fc00::1]/hook',
    'http://[fd12:3456::1]/hook',
    'http://100.64.0.1/hook',
    'http://0.0.0.0/hook',
    'http://[::]/hook',
    'http://[::ffff:127.0.0.1]/hook',
    'http://[::ffff:10.0.0.1]/hook',
    'http://224.0.0.1/hook',
    'http://255.255.255.255/hook',
    'http://[ff02::1]/hook',
    'ftp://oa.example.gov.cn/hook',
    'file:///etc/passwd',
    'gopher://oa.example.gov.cn:70/_hook',
  ])('%s is 422 naming webhooks[0].url, and nothing is recorded', async (url) => {
    const stream = toNotificationChannelsStreamId('lc-market');
    const before = (await service.store.readStream(stream)).length;
    const refused = await request(service.app.getHttpServer())
      .put('/notification-channels/lc-market')
      .set(auth('lc-market', ['unit_officer']))
      .send({ webhooks: [{ id: 'oa', url, secretEnv: SECRET_VAR }] })
      .expect(422);
    expect(refused.body).toMatchObject({
      code: 'VALIDATION_FAILED',
      errors: [{ field: 'webhooks[0].url', messages: [expect.stringMatching(/public addresses only|is not allowed; use https:\/\//)] }],
    });
    expect(await service.store.readStream(stream)).toHaveLength(before);
  });

  it('the allow-listed host is accepted', async () => {
    await request(service.app.getHttpServer())
      .put('/notification-channels/lc-market')
      .set(auth('lc-market', ['unit_officer']))
      .send({ webhooks: [{ id: 'oa', url: 'http://127.0.0.1:9/jm-hook', secretEnv: SECRET_VAR }] })
      .expect(200);
  });
});

describe('webhook targets when sending', () => {
  it('a name that resolves to loopback is refused after resolution: the receiver behind it gets nothing, the record gives a fixed reason', async () => {
    const notice = await appendNotice(service.store, 'deadline-k-ssrf', 'DeadlineMissed', missed('k-ssrf', 'lc-police', 'C-31'));
    const messageId = messageIdOf(notice.id, { agency: 'lc-police' });
    const events = await messageEvents(service.store, messageId, { type: 'NotificationDeadLettered' });
    expect(failuresOf(events)).toEqual(['target address not allowed', 'target address not allowed', 'target address not allowed']);
    expect(viaName.calls).toHaveLength(0);
    const seen = await request(service.app.getHttpServer())
      .get(`/notifications/${messageId}`)
      .set(auth('lc-police', ['unit_officer']))
      .expect(200);
    expect(seen.body.targets.find((t: { target: string }) => t.target === 'webhook:oa')).toMatchObject({
      status: 'dead',
      lastError: 'target address not allowed',
    });
  });

  it('the allow-listed loopback address is delivered to', async () => {
    const notice = await appendNotice(service.store, 'obligation-o-ssrf-haibin', 'ObligationMissed', {
      obligationId: 'o-ssrf-haibin',
      kind: 'monthly_risk_ledger',
      unit: 'lc-st-haibin',
      period: '2026-03',
      dueAt: '2026-04-05T15:59:59.000Z',
      missedAt: '2026-04-05T16:00:00.000Z',
    });
    const messageId = messageIdOf(notice.id, { agency: 'lc-st-haibin' });
    await messageEvents(service.store, messageId, { type: 'NotificationDelivered', count: 1 });
    expect(allowed.calls.filter((c) => c.headers['x-jm-message-id'] === messageId)).toHaveLength(1);
  });

  it('a connection failure records only "delivery failed" (not refused, reset or timeout)', async () => {
    const notice = await appendNotice(service.store, 'deadline-k-closed', 'DeadlineMissed', missed('k-closed', 'lc-court', 'C-32'));
    const messageId = messageIdOf(notice.id, { agency: 'lc-court' });
    const events = await messageEvents(service.store, messageId, { type: 'NotificationDeadLettered' });
    expect(failuresOf(events)).toEqual(['delivery failed', 'delivery failed', 'delivery failed']);
  });

  it('a choice recorded before the secretEnv rule (naming PATH) is not signed with PATH: nothing is sent', async () => {
    await service.store.append(
      toNotificationChannelsStreamId('lc-finance'),
      [
        {
          id: randomUUID(),
          type: 'NotificationChannelsChosen',
          schemaVersion: 1,
          time: new Date().toISOString(),
          correlationId: randomUUID(),
          causationId: randomUUID(),
          actor: { agency: 'lc-finance', user: 'old' },
          data: {
            agency: 'lc-finance',
            emails: [],
            webhooks: [{ id: 'oa', url: allowed.url, secretEnv: 'PATH' }],
            locale: 'zh-CN',
            by: { agency: 'lc-finance', user: 'old' },
            at: new Date().toISOString(),
          },
        },
      ],
      'any',
    );
    const notice = await appendNotice(service.store, 'deadline-k-path', 'DeadlineMissed', missed('k-path', 'lc-finance', 'C-33'));
    const messageId = messageIdOf(notice.id, { agency: 'lc-finance' });
    const events = await messageEvents(service.store, messageId, { type: 'NotificationDeadLettered' });
    expect(failuresOf(events)[0]).toContain('only JM_WEBHOOK_SECRET_… variables are read');
    expect(allowed.calls.filter((c) => c.headers['x-jm-message-id'] === messageId)).toHaveLength(0);
  });
});
