/**
 * A crash between sending and recording: the service runs as a child process;
 * the webhook receiver holds every request open (the message has reached it,
 * the service has not heard back), and the service is killed with SIGKILL.
 * Restarted, it sends again what was not recorded as delivered. Every message
 * arrives, by email and webhook, and every repeat carries the same message id
 * and the same body, so deduplicating by X-JM-Message-Id leaves exactly one
 * per message.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { toNotificationStreamId } from '@jm/contracts';
import { SqliteEventStore } from '@jm/event-sourcing';
import type { StoredEvent } from '@jm/event-sourcing';
import { pollUntil } from '@jm/testing';
import { killAll, listeningUrl, RunningService, startServiceProcess } from '../support/service-process';
import { appendNotice, channelsInfra, ChannelsInfra, messageIdOf, missed } from './channels-support/channels-app';
import { SmtpSink, startSmtpSink } from './channels-support/smtp-sink';
import { startWebhookReceiver, WebhookReceiver } from './channels-support/webhook-receiver';

jest.setTimeout(180_000);

const MESSAGES = 5;
const SECRET_VAR = `JM_WEBHOOK_SECRET_TEST_${randomBytes(4).toString('hex').toUpperCase()}`;
const ENTRY = join('test', 'notifications', 'channels-support', 'channels-main.ts');
const started: RunningService[] = [];
let infra: ChannelsInfra;
let hook: WebhookReceiver;
let smtp: SmtpSink;
let store: SqliteEventStore;

beforeAll(async () => {
  hook = await startWebhookReceiver();
  smtp = await startSmtpSink();
  infra = await channelsInfra(
    'chcrash',
    { agencies: { 'lc-police': { emails: ['duty@lc-police.example.cn'], webhooks: [{ id: 'oa', url: hook.url, secretEnv: SECRET_VAR }] } } },
    {
      SMTP_URL: smtp.url,
      // the receiver is on loopback, which webhooks may reach only when allowed
      WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
      [SECRET_VAR]: randomBytes(24).toString('hex'),
      PORT: '0',
      DELIVERY_RETRY_BASE_MS: '200',
      DELIVERY_MAX_ATTEMPTS: '6',
      // The same instance after the restart: it takes its own leases (relay, dispatcher) back at once.
      INSTANCE_ID: `notifications-${randomUUID().slice(0, 8)}`,
    },
  );
  store = SqliteEventStore.open({ path: infra.env.SQLITE_PATH });
});

afterAll(async () => {
  await killAll(started);
  await store?.close();
  await hook?.close();
  await smtp?.close();
  await infra?.drop();
});

const types = (events: StoredEvent[], target: string) => events.filter((e) => (e.data as { target?: string }).target === target).map((e) => e.type);

describe('service killed mid-send, then restarted', () => {
  it('every message arrives on every channel, and every repeat carries the same message id', async () => {
    if (process.env.CHANNELS_TEST_STORE === 'postgres')
      throw new Error('this spec opens the SQLite store file itself; run it without CHANNELS_TEST_STORE=postgres');
    hook.answer(() => 'hold');
    const first = startServiceProcess('notifications', infra.env, ENTRY);
    started.push(first);
    await listeningUrl(first, 'notifications', 60_000);

    const ids: string[] = [];
    for (let i = 1; i <= MESSAGES; i++) {
      const notice = await appendNotice(store, `deadline-kill-${i}`, 'DeadlineMissed', missed(`kill-${i}`, 'lc-police', `C-${i}`));
      ids.push(messageIdOf(notice.id, { agency: 'lc-police' }));
    }
    // when every webhook request has reached the receiver and waits for its answer
    await pollUntil(() => (hook.held() === MESSAGES ? true : undefined), {
      timeoutMs: 90_000,
      intervalMs: 20,
      what: `${MESSAGES} webhook requests held open`,
    });
    first.child.kill('SIGKILL');
    expect((await first.exited).signal).toBe('SIGKILL');

    // then nothing recorded a webhook delivery: the receiver got them, the service never heard back
    for (const id of ids) {
      const events = await store.readStream(toNotificationStreamId(id));
      expect(types(events, 'webhook:oa')).toEqual(['NotificationDeliveryAttempted']);
    }

    // when it starts again and the receiver answers
    hook.answer(() => 200);
    const second = startServiceProcess('notifications', infra.env, ENTRY);
    started.push(second);
    await listeningUrl(second, 'notifications', 60_000);
    for (const id of ids) {
      await pollUntil(
        async () => {
          const events = await store.readStream(toNotificationStreamId(id));
          return types(events, 'webhook:oa').includes('NotificationDelivered') && types(events, 'email').includes('NotificationDelivered')
            ? true
            : undefined;
        },
        { timeoutMs: 90_000, intervalMs: 50, what: `message ${id} delivered on both channels` },
      );
    }
    second.child.kill('SIGTERM');
    expect((await second.exited).code).toBe(0);

    // every message arrived; the receiver saw some twice, always with the same id and the same body
    const byId = new Map<string, Buffer[]>();
    for (const call of hook.calls) {
      const id = String(call.headers['x-jm-message-id']);
      expect(JSON.parse(call.body.toString('utf8')).messageId).toBe(id);
      byId.set(id, [...(byId.get(id) ?? []), call.body]);
    }
    expect([...byId.keys()].sort()).toEqual([...ids].sort());
    for (const [id, bodies] of byId) {
      expect(bodies.length).toBeGreaterThanOrEqual(2);
      for (const body of bodies) expect(body.equals(bodies[0])).toBe(true);
      const events = await store.readStream(toNotificationStreamId(id));
      expect(types(events, 'webhook:oa').filter((t) => t === 'NotificationDelivered')).toHaveLength(1);
    }
    const mailIds = smtp.mails.map((m) => m.jmMessageId);
    expect([...new Set(mailIds)].sort()).toEqual([...ids].sort());
    for (const mail of smtp.mails) expect(mail.messageId).toBe(`${mail.jmMessageId}@jm.local`);
    process.stderr.write(`channels-crash: ${hook.calls.length} webhook calls and ${smtp.mails.length} emails for ${MESSAGES} messages\n`);
  });
});
