/**
 * The default mode (npm start): SQLite event store, SQLite read model and the
 * embedded bus, wired by the shared bootstrap's own connectServiceConsumer. A
 * notice appended to the store reaches the inbox and a webhook.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import request from 'supertest';
import { connectServiceConsumer, createServiceApp, EVENT_STORE_TOKEN } from '@jm/platform';
import type { EventStore } from '@jm/event-sourcing';
import type { INestApplication } from '@nestjs/common';
import { pollUntil } from '@jm/testing';
import { ChannelsModule } from '../../services/notifications/src/channels/channels.module';
import { CHANNELS_READ_MODEL } from '../../services/notifications/src/channels/channels.read-model';
import { appendNotice, auth, channelsInfra, ChannelsInfra, messageEvents, messageIdOf } from './channels-support/channels-app';
import { startWebhookReceiver, WebhookReceiver } from './channels-support/webhook-receiver';

jest.setTimeout(60_000);

const SECRET_VAR = `JM_WEBHOOK_SECRET_TEST_${randomBytes(4).toString('hex').toUpperCase()}`;
let infra: ChannelsInfra;
let hook: WebhookReceiver;
let app: INestApplication | undefined;

beforeAll(async () => {
  process.env[SECRET_VAR] = randomBytes(24).toString('hex');
  hook = await startWebhookReceiver();
  infra = await channelsInfra(
    'chemb',
    { agencies: { 'lc-st-haibin': { webhooks: [{ id: 'grid', url: hook.url, secretEnv: SECRET_VAR }], locale: 'en' } } },
    { WEBHOOK_ALLOWED_HOSTS: '127.0.0.1' },
  );
});

afterAll(async () => {
  await app?.close();
  await hook?.close();
  await infra?.drop();
});

it('embedded: an obligation notice reaches the inbox and the webhook, in the language the agency chose', async () => {
  const env = {
    ...infra.env,
    EVENT_STORE: 'sqlite',
    SQLITE_PATH: join(infra.dir, 'embedded-events.sqlite'),
    READ_MODEL_DB: 'sqlite',
    READ_MODEL_SQLITE_PATH: join(infra.dir, 'read.sqlite'),
    BUS: 'embedded',
    INSTANCE_ID: `notifications-${randomUUID().slice(0, 8)}`,
  };
  const created = await createServiceApp('notifications', ChannelsModule, { env, readModel: CHANNELS_READ_MODEL });
  app = created.app;
  connectServiceConsumer(app, created.config);
  await app.startAllMicroservices();
  await app.listen(0, '127.0.0.1');

  const notice = await appendNotice(app.get<EventStore>(EVENT_STORE_TOKEN), 'obligation-o-q1-haibin', 'ObligationDue', {
    obligationId: 'o-q1-haibin',
    kind: 'quarterly_report',
    unit: 'lc-st-haibin',
    period: '2026-Q1',
    dueAt: '2026-03-31T15:59:59.000Z',
    policyId: 'quarterly-report',
  });
  const messageId = messageIdOf(notice.id, { agency: 'lc-st-haibin' });
  await messageEvents(app.get<EventStore>(EVENT_STORE_TOKEN), messageId, { type: 'NotificationDelivered' });
  const [call] = hook.calls;
  expect(JSON.parse(call.body.toString('utf8'))).toMatchObject({ messageId, locale: 'en', subject: '[Report due] quarterly report for 2026-Q1' });

  const http = request(app.getHttpServer());
  const inbox = await pollUntil(
    async () => {
      const body = (await http.get('/inbox').set(auth('lc-st-haibin', ['street_officer']))).body as {
        items: Array<{ messageId: string; subject: string }>;
      };
      return body.items.length ? body.items : undefined;
    },
    { what: 'the inbox row' },
  );
  expect(inbox).toEqual([expect.objectContaining({ messageId, subject: '[Report due] quarterly report for 2026-Q1' })]);
  const zh = await http
    .get('/inbox?lang=zh-CN')
    .set(auth('lc-st-haibin', ['street_officer']))
    .expect(200);
  expect(zh.body.items[0].subject).toBe('【报送提醒】2026-Q1季度工作报告');
});
