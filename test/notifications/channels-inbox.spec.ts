/**
 * The in-app inbox and the channel choice over REST, with messages made
 * through the real bus: per-user unread counts and read marks, paging, the
 * unread filter, zh-CN by default and English on request, role-narrowed
 * messages, and one agency never reading another's. The choice endpoint:
 * invalid choices are 422 naming each field and change nothing; an agency
 * cannot see or set another's (404); a valid choice applies to the next messages.
 */
import request from 'supertest';
import { toNotificationChannelsStreamId, toNotificationStreamId } from '@jm/contracts';
import { pollUntil } from '@jm/testing';
import {
  appendNotice,
  auth,
  ChannelsApp,
  channelsInfra,
  ChannelsInfra,
  messageIdOf,
  missed,
  startChannelsApp,
  subjectOfCase,
} from './channels-support/channels-app';

jest.setTimeout(120_000);

let infra: ChannelsInfra;
let service: ChannelsApp;
let http: ReturnType<typeof request>;

beforeAll(async () => {
  infra = await channelsInfra('chinbox', { agencies: { 'lc-police': { emails: ['duty@lc-police.example.cn'] } } });
  service = await startChannelsApp(infra.env);
  http = request(service.app.getHttpServer());
});

afterAll(async () => {
  await service?.close();
  await infra?.drop();
});

const police = (user = 'officer-a') => auth('lc-police', ['unit_officer'], user);
type Item = { messageId: string; subject: string; read: boolean; readAt?: string; createdAt: string; locale: string };

describe('inbox', () => {
  const policeMessages: string[] = [];
  let officeMessage = '';
  let convenerMessage = '';

  beforeAll(async () => {
    for (const caseId of ['C-1', 'C-2', 'C-3']) {
      const notice = await appendNotice(service.store, `deadline-k-${caseId}`, 'DeadlineMissed', missed(`k-${caseId}`, 'lc-police', caseId));
      policeMessages.push(messageIdOf(notice.id, { agency: 'lc-police' }));
    }
    const escalated = await appendNotice(service.store, 'deadline-k-C-1', 'DeadlineEscalated', {
      clockId: 'k-C-1',
      policyId: 'police-response',
      subject: subjectOfCase('C-1'),
      unit: 'lc-police',
      dueAt: '2026-03-31T16:00:00.000Z',
      step: 2,
      level: 'convener',
      recipients: [{ agency: 'lc-office' }, { agency: 'lc-office', role: 'convener' }],
      at: '2026-04-02T01:00:00.000Z',
    });
    officeMessage = messageIdOf(escalated.id, { agency: 'lc-office' });
    convenerMessage = messageIdOf(escalated.id, { agency: 'lc-office', role: 'convener' });
    await pollUntil(async () => ((await http.get('/inbox/unread-count').set(auth('lc-office', ['convener']))).body.unread === 2 ? true : undefined), {
      timeoutMs: 60_000,
      what: 'the messages in the inboxes',
    });
    await pollUntil(async () => ((await http.get('/inbox/unread-count').set(police())).body.unread === 3 ? true : undefined), {
      timeoutMs: 60_000,
      what: "the police's messages",
    });
  });

  it("lists the agency's messages newest first, in pages, in zh-CN by default and English on request", async () => {
    const all = await http.get('/inbox').set(police()).expect(200);
    expect(all.body.total).toBe(3);
    const items = all.body.items as Item[];
    expect(items.map((i) => i.messageId).sort()).toEqual([...policeMessages].sort());
    expect(items.map((i) => i.createdAt)).toEqual([...items.map((i) => i.createdAt)].sort().reverse());
    expect(items.map((i) => i.subject).sort()).toEqual(['【逾期通知】案件 C-1 已逾期', '【逾期通知】案件 C-2 已逾期', '【逾期通知】案件 C-3 已逾期']);

    const first = await http.get('/inbox?pageSize=2&page=1').set(police()).expect(200);
    const second = await http.get('/inbox?pageSize=2&page=2').set(police()).expect(200);
    expect([...first.body.items, ...second.body.items].map((i: Item) => i.messageId)).toEqual(items.map((i) => i.messageId));
    expect(second.body).toMatchObject({ total: 3, page: 2, pageSize: 2 });

    const en = await http.get('/inbox?lang=en').set(police()).expect(200);
    expect((en.body.items as Item[]).map((i) => i.subject).sort()).toEqual([
      '[Deadline missed] case C-1 is overdue',
      '[Deadline missed] case C-2 is overdue',
      '[Deadline missed] case C-3 is overdue',
    ]);
    const viaHeader = await http.get('/inbox').set(police()).set('Accept-Language', 'en-US,en;q=0.9').expect(200);
    expect(viaHeader.body.items[0].locale).toBe('en');
  });

  it('counts unread per user; marking read is idempotent and recorded once', async () => {
    const [target] = policeMessages;
    const marked = await http.post(`/inbox/${target}/read`).set(police('officer-a')).expect(200);
    expect(marked.body).toMatchObject({ messageId: target, read: true });
    await http.post(`/inbox/${target}/read`).set(police('officer-a')).expect(200);
    expect((await http.get('/inbox/unread-count').set(police('officer-a'))).body).toEqual({ unread: 2 });
    expect((await http.get('/inbox/unread-count').set(police('officer-b'))).body).toEqual({ unread: 3 });

    const unread = await http.get('/inbox?unread=true').set(police('officer-a')).expect(200);
    expect((unread.body.items as Item[]).map((i) => i.messageId).sort()).toEqual(policeMessages.slice(1).sort());
    const all = await http.get('/inbox').set(police('officer-a')).expect(200);
    const readItem = (all.body.items as Item[]).find((i) => i.messageId === target)!;
    expect(readItem.read).toBe(true);
    expect(typeof readItem.readAt).toBe('string');

    const reads = (await service.store.readStream(toNotificationStreamId(target))).filter((e) => e.type === 'NotificationRead');
    expect(reads.map((e) => e.data)).toEqual([expect.objectContaining({ agency: 'lc-police', user: 'officer-a' })]);
  });

  it('a message naming a role reaches only holders of that role', async () => {
    const officer = await http
      .get('/inbox')
      .set(auth('lc-office', ['office_officer']))
      .expect(200);
    expect((officer.body.items as Item[]).map((i) => i.messageId)).toEqual([officeMessage]);
    const convener = await http
      .get('/inbox')
      .set(auth('lc-office', ['convener']))
      .expect(200);
    expect((convener.body.items as Item[]).map((i) => i.messageId).sort()).toEqual([officeMessage, convenerMessage].sort());
    await http
      .post(`/inbox/${convenerMessage}/read`)
      .set(auth('lc-office', ['office_officer']))
      .expect(404);
  });

  it("one agency cannot read, count or mark another agency's messages", async () => {
    const market = auth('lc-market', ['unit_officer']);
    expect((await http.get('/inbox').set(market).expect(200)).body).toMatchObject({ items: [], total: 0 });
    expect((await http.get('/inbox/unread-count').set(market)).body).toEqual({ unread: 0 });
    const refused = await http.post(`/inbox/${policeMessages[1]}/read`).set(market).expect(404);
    expect(refused.body.code).toBe('NOT_FOUND');
    await http.get(`/notifications/${policeMessages[1]}`).set(market).expect(404);
    expect((await service.store.readStream(toNotificationStreamId(policeMessages[1]))).filter((e) => e.type === 'NotificationRead')).toEqual([]);
    await http.get('/inbox').expect(401);
  });

  it('refuses a bad query, naming the field', async () => {
    const bad = await http.get('/inbox?unread=maybe&pageSize=500').set(police()).expect(422);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['pageSize', 'unread']);
  });
});

describe('channel choice', () => {
  const stream = toNotificationChannelsStreamId('lc-police');

  it("reads the file's defaults until the agency chooses", async () => {
    const got = await http.get('/notification-channels/lc-police').set(police()).expect(200);
    expect(got.body).toEqual({
      agency: 'lc-police',
      inbox: true,
      emails: ['duty@lc-police.example.cn'],
      webhooks: [],
      locale: 'zh-CN',
      source: 'file',
      version: null,
    });
  });

  it('an invalid choice is 422 naming every bad field, and changes nothing', async () => {
    const shape = await http
      .put('/notification-channels/lc-police')
      .set(police())
      .send({ emails: 'duty@x.cn', locale: 'fr', sms: ['110'] })
      .expect(422);
    expect(shape.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['emails', 'locale', 'sms']);
    const content = await http
      .put('/notification-channels/lc-police')
      .set(police())
      .send({
        emails: ['duty@lc-police', 'ok@lc-police.example.cn', 'OK@lc-police.example.cn'],
        webhooks: [{ id: 'OA!', url: 'ftp://oa.example.cn', secretEnv: 'JM_WEBHOOK_SECRET_NOT_SET_ANYWHERE' }],
      })
      .expect(422);
    expect(content.body.code).toBe('VALIDATION_FAILED');
    expect(content.body.errors).toEqual([
      { field: 'emails[0]', messages: ['"duty@lc-police" is not an email address; expected the form name@agency.example.gov.cn'] },
      { field: 'emails[2]', messages: ['OK@lc-police.example.cn is listed twice'] },
      { field: 'webhooks[0].id', messages: ['lowercase letters, digits and -, 1-32 characters'] },
      { field: 'webhooks[0].url', messages: ['ftp: is not allowed; use https:// (or http://)'] },
      { field: 'webhooks[0].secretEnv', messages: [expect.stringContaining('JM_WEBHOOK_SECRET_NOT_SET_ANYWHERE is not set')] },
    ]);
    expect(await service.store.readStream(stream)).toEqual([]);
    expect((await http.get('/notification-channels/lc-police').set(police()).expect(200)).body.source).toBe('file');
  });

  it("an agency cannot read or set another agency's channels (channels-access.spec.ts has the whole role × agency rule)", async () => {
    const market = auth('lc-market', ['unit_officer']);
    await http.get('/notification-channels/lc-police').set(market).expect(404);
    const refused = await http
      .put('/notification-channels/lc-police')
      .set(market)
      .send({ emails: ['x@lc-market.example.cn'] })
      .expect(404);
    expect(refused.body.detail).toBe('agency lc-police was not found');
    await http
      .put('/notification-channels/no-such-agency')
      .set(auth('lc-office', ['admin']))
      .send({})
      .expect(404);
    expect(await service.store.readStream(stream)).toEqual([]);
  });

  it('a valid choice is recorded and the next messages follow it; the admin of the office over it may set it too', async () => {
    const set = await http.put('/notification-channels/lc-police').set(police()).send({ emails: [], locale: 'en' }).expect(200);
    expect(set.body).toMatchObject({ streamId: stream, version: 0, events: ['NotificationChannelsChosen'] });
    expect((await http.put('/notification-channels/lc-police').set(police()).send({ emails: [], locale: 'en' }).expect(200)).body.events).toEqual([]);
    expect((await http.get('/notification-channels/lc-police').set(police()).expect(200)).body).toMatchObject({
      emails: [],
      locale: 'en',
      source: 'agency',
      version: 0,
    });

    const notice = await appendNotice(service.store, 'deadline-k-C-4', 'DeadlineMissed', missed('k-C-4', 'lc-police', 'C-4'));
    const messageId = messageIdOf(notice.id, { agency: 'lc-police' });
    const item = await pollUntil(
      async () => ((await http.get('/inbox').set(police('officer-c'))).body.items as Item[]).find((i) => i.messageId === messageId),
      { timeoutMs: 60_000, what: 'the new message' },
    );
    expect(item).toMatchObject({ locale: 'en', subject: '[Deadline missed] case C-4 is overdue' });
    const requested = (await service.store.readStream(toNotificationStreamId(messageId)))[0].data as { targets: Array<{ key: string }> };
    expect(requested.targets.map((t) => t.key)).toEqual(['inbox']);

    await http
      .put('/notification-channels/lc-police')
      .set(auth('lc-office', ['admin']))
      .send({ emails: ['night@lc-police.example.cn'] })
      .expect(200);
    expect((await http.get('/notification-channels/lc-police').set(police()).expect(200)).body).toMatchObject({
      emails: ['night@lc-police.example.cn'],
      locale: 'zh-CN',
      version: 1,
    });
  });
});
