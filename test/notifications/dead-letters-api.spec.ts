/**
 * Notifications' dead letters for the operator, through the admin API and the CLI, over the real bus and a real
 * webhook receiver: a webhook answering 500 is dead-lettered (DELIVERY_MAX_ATTEMPTS=1); the top office's admin lists
 * it, inspects it, retries it (delivered once the receiver is back) and discards another with a reason; each is on
 * operations-notifications. Its auditor only reads; any other role or agency gets 403; bad input 422.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import request from 'supertest';
import { pollUntil } from '@jm/testing';
import { Role } from '@jm/reference';
import { TEST_JWT_SECRET } from '@jm/platform/testing';
import { OutboxEntity } from '../../services/notifications/src/channels/channels.entities';
import { ROOT } from '../support/service-process';
import { appendNotice, auth, ChannelsApp, channelsInfra, ChannelsInfra, messageEvents, messageIdOf } from './channels-support/channels-app';
import { startChannelsApp } from './channels-support/channels-app';
import { startWebhookReceiver, WebhookReceiver } from './channels-support/webhook-receiver';

jest.setTimeout(120_000);

const SECRET_VAR = `JM_WEBHOOK_SECRET_TEST_${randomBytes(4).toString('hex').toUpperCase()}`;
const ADMIN = auth('fj-office', ['admin'], 'ops-admin');
const AUDITOR = auth('fj-office', ['auditor']);
let infra: ChannelsInfra;
let service: ChannelsApp;
let hook: WebhookReceiver;

beforeAll(async () => {
  process.env[SECRET_VAR] = randomBytes(24).toString('hex');
  hook = await startWebhookReceiver();
  hook.answer(() => 500);
  infra = await channelsInfra(
    'chdead',
    { agencies: { 'lc-st-haibin': { webhooks: [{ id: 'grid', url: hook.url, secretEnv: SECRET_VAR }] } } },
    { DELIVERY_MAX_ATTEMPTS: '1', DELIVERY_RETRY_BASE_MS: '100', WEBHOOK_ALLOWED_HOSTS: '127.0.0.1' },
  );
  service = await startChannelsApp(infra.env);
});

afterAll(async () => {
  await service?.close();
  await hook?.close();
  await infra?.drop();
});

/** A missed obligation of the street: its webhook goes dead at the first failure. */
async function deadLetter(period: string): Promise<string> {
  const notice = await appendNotice(service.store, `obligation-o-${period}-haibin`, 'ObligationMissed', {
    obligationId: `o-${period}-haibin`,
    kind: 'monthly_risk_ledger',
    unit: 'lc-st-haibin',
    period,
    dueAt: '2026-04-05T15:59:59.000Z',
    missedAt: '2026-04-05T16:00:00.000Z',
  });
  const messageId = messageIdOf(notice.id, { agency: 'lc-st-haibin' });
  await messageEvents(service.store, messageId, { type: 'NotificationDeadLettered' });
  // The row follows the stream in the dispatcher's own transaction.
  await pollUntil(
    async () =>
      (await service.db.getRepository(OutboxEntity).findOneBy({ messageId, target: 'webhook:grid' }))?.status === 'dead' ? true : undefined,
    {
      timeoutMs: 30_000,
      what: `outbox row of ${messageId} dead`,
    },
  );
  return messageId;
}

const operations = async () => service.store.readStream('operations-notifications');
const http = () => request(service.app.getHttpServer());

const REFUSED: [string, Role[]][] = [
  ['fj-office', ['office_officer']],
  ['lc-office', ['admin']],
  ['qz-office', ['auditor']],
  ['lc-st-haibin', ['street_officer']],
  ['lc-police', ['unit_officer']],
];

describe('dead letters over the admin API', () => {
  let first: string;
  let second: string;
  beforeAll(async () => {
    first = await deadLetter('2026-03');
    second = await deadLetter('2026-04');
  });

  it('lists the dead letters and inspects one: the request, the target, its attempts and last error; the auditor reads too', async () => {
    const list = await http().get('/admin/dead-letters').set(AUDITOR).expect(200);
    expect(list.body.items.map((i: { messageId: string; target: string }) => `${i.messageId} ${i.target}`).sort()).toEqual(
      [`${first} webhook:grid`, `${second} webhook:grid`].sort(),
    );
    expect(list.body.items[0]).toMatchObject({
      status: 'dead',
      channel: 'webhook',
      recipientAgency: 'lc-st-haibin',
      attempts: 1,
      lastError: expect.stringMatching(/HTTP 500/),
    });
    const one = await http().get(`/admin/dead-letters/${first}`).set(ADMIN).expect(200);
    expect(one.body).toMatchObject({
      messageId: first,
      request: { template: 'obligation_missed' },
      targets: [{ target: 'webhook:grid', status: 'dead' }],
      discards: [],
    });
    // The read of the request is in the access log.
    const reads = await service.store.readStream(`access-deadletter-${first}`);
    expect(reads.map((e) => [e.type, (e.data as { fields: string[] }).fields])).toEqual([['RecordAccessed', ['request']]]);
    await http().get('/admin/dead-letters/no-such-message').set(ADMIN).expect(404);
  });

  it.each(REFUSED)('given a %s %j token, then every dead-letter route answers 403 and nothing changes', async (agency, roles) => {
    const token = auth(agency, roles);
    await http().get('/admin/dead-letters').set(token).expect(403);
    await http().get(`/admin/dead-letters/${first}`).set(token).expect(403);
    await http().post(`/admin/dead-letters/${first}/webhook:grid/retry`).set(token).expect(403);
    await http().post(`/admin/dead-letters/${first}/webhook:grid/discard`).set(token).send({ reason: '越权' }).expect(403);
    expect((await service.db.getRepository(OutboxEntity).findOneByOrFail({ messageId: first, target: 'webhook:grid' })).status).toBe('dead');
  });

  it('refuses bad input with 422 and the auditor’s retry or discard with 403, changing nothing', async () => {
    await http().post(`/admin/dead-letters/${first}/webhook:grid/discard`).set(ADMIN).send({}).expect(422);
    await http()
      .post(`/admin/dead-letters/${first}/webhook:grid/discard`)
      .set(ADMIN)
      .send({ reason: 'x'.repeat(501) })
      .expect(422);
    await http()
      .post(`/admin/dead-letters/${first}/${encodeURIComponent('webhook grid')}/retry`)
      .set(ADMIN)
      .expect(422);
    await http().get('/admin/dead-letters').query({ status: 'sent' }).set(ADMIN).expect(422);
    await http().post(`/admin/dead-letters/${first}/webhook:grid/retry`).set(AUDITOR).expect(403);
    await http().post(`/admin/dead-letters/${first}/webhook:other/retry`).set(ADMIN).expect(404);
    expect(await operations()).toHaveLength(0);
  });

  it('retries one: the same message id is sent again and delivered, and DeadLetterRetried names the operator', async () => {
    hook.answer(() => 200);
    const res = await http().post(`/admin/dead-letters/${first}/webhook:grid/retry`).set(ADMIN).expect(200);
    expect(res.body.events).toEqual(['NotificationReplayRequested']);
    await messageEvents(service.store, first, { type: 'NotificationDelivered' });
    expect(hook.calls.filter((c) => c.headers['x-jm-message-id'] === first)).toHaveLength(2);
    expect((await operations()).map((e) => [e.type, e.data])).toEqual([
      ['DeadLetterRetried', expect.objectContaining({ messageId: first, target: 'webhook:grid', by: { agency: 'fj-office', user: 'ops-admin' } })],
    ]);
    await http().post(`/admin/dead-letters/${first}/webhook:grid/retry`).set(ADMIN).expect(409);
  });

  it('discards another with a reason through the CLI: set aside, never sent, listed as discarded, DeadLetterDiscarded with who and why', async () => {
    const sentBefore = hook.calls.length;
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [
        '-r',
        '@swc-node/register',
        join('scripts', 'parked.ts'),
        'dead-letters',
        'discard',
        second,
        'webhook:grid',
        '--reason',
        '接收方已停用',
        '--service',
        'notifications',
        '--url',
        `http://127.0.0.1:${(service.app.getHttpServer().address() as { port: number }).port}`,
      ],
      { cwd: ROOT, env: { PATH: process.env.PATH ?? '', JWT_SECRET: TEST_JWT_SECRET }, encoding: 'utf8' },
    );
    expect(JSON.parse(stdout)).toMatchObject({ messageId: second, status: 'discarded' });
    expect((await http().get('/admin/dead-letters').set(ADMIN).expect(200)).body.items.map((i: { messageId: string }) => i.messageId)).not.toContain(
      second,
    );
    expect((await http().get('/admin/dead-letters').query({ status: 'discarded' }).set(ADMIN)).body.items).toEqual([
      expect.objectContaining({ messageId: second }),
    ]);
    const shown = await http().get(`/admin/dead-letters/${second}`).set(AUDITOR).expect(200);
    expect(shown.body.discards).toEqual([{ target: 'webhook:grid', by: 'fj-office/parked-cli', at: expect.any(String), reason: '接收方已停用' }]);
    expect((await operations()).map((e) => e.type)).toEqual(['DeadLetterRetried', 'DeadLetterDiscarded']);
    await http().post(`/admin/dead-letters/${second}/webhook:grid/discard`).set(ADMIN).send({ reason: '再次' }).expect(409);
    expect(hook.calls.length).toBe(sentBefore);
  });
});
