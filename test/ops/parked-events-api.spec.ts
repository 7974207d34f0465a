/**
 * The parked-events admin API of a service, on SQLite and on PostgreSQL: who may (the top office's admin acts, its
 * auditor reads, anyone else 403), bad input (422, nothing changes), replay that works and replay that fails again
 * (409, still parked), discard with a reason, and each replay and discard on the service's operations stream.
 */
import request from 'supertest';
import { ParkedEventEntity } from '@jm/bus';
import { describeEvent } from '@jm/contracts';
import { verifyChain } from '@jm/event-sourcing';
import { bearer } from '@jm/platform/testing';
import { Role } from '@jm/reference';
import { OperationsHarness, park, startService, unhandledEvent } from './support/parked';

const ADMIN = bearer('fj-office', ['admin'], 'ops-admin');
const AUDITOR = bearer('fj-office', ['auditor'], 'ops-auditor');

/** Every role of every kind of agency that is not the top office's admin or auditor. */
const REFUSED: [string, Role[]][] = [
  ['fj-office', ['office_officer']],
  ['fj-office', ['convener']],
  ['fj-office', ['analyst']],
  ['qz-office', ['admin']],
  ['qz-office', ['auditor']],
  ['lc-office', ['admin']],
  ['lc-office', ['auditor', 'office_officer']],
  ['lc-police', ['unit_officer']],
  ['lc-police', ['auditor']],
  ['lc-st-haibin', ['street_officer']],
  ['lc-st-haibin', ['analyst']],
];

const path = (group: string, eventId: string, action = ''): string =>
  `/admin/parked-events/${encodeURIComponent(group)}/${encodeURIComponent(eventId)}${action ? `/${action}` : ''}`;

describe.each(['sqlite', 'postgres'] as const)('parked events over the admin API, on %s', (dialect) => {
  let h: OperationsHarness;
  beforeAll(async () => {
    h = await startService(dialect);
  });
  afterAll(async () => {
    await h?.close();
  });

  const operations = async () => h.store.readStream('operations-intake');
  const statusOf = async (eventId: string) => (await h.db.getRepository(ParkedEventEntity).findOneByOrFail({ group: 'intake', eventId })).status;

  it('lists them newest first without payloads, filtered by group, status and type, paged; the auditor reads too', async () => {
    const first = await park(h, { event: unhandledEvent() }, { parkedAt: '2026-01-01T00:00:00.000Z' });
    const second = await park(h, { raw: '{"contract":"jm.event.v2"' }, { parkedAt: '2026-01-02T00:00:00.000Z' });
    const all = await request(h.http).get('/admin/parked-events').query({ group: 'intake', pageSize: 200 }).set(AUDITOR);
    expect(all.status).toBe(200);
    const ids = all.body.items.map((i: { eventId: string }) => i.eventId);
    expect(ids.indexOf(second.eventId)).toBeLessThan(ids.indexOf(first.eventId));
    expect(all.body.items[0]).not.toHaveProperty('payload');
    expect(all.body.items[0]).not.toHaveProperty('error');
    const raw = await request(h.http).get('/admin/parked-events').query({ eventType: '(invalid message)', status: 'parked' }).set(ADMIN);
    expect(raw.body.items.map((i: { eventId: string }) => i.eventId)).toEqual([second.eventId]);
    const paged = await request(h.http).get('/admin/parked-events').query({ pageSize: 1, page: 2 }).set(ADMIN);
    expect(paged.body).toMatchObject({ page: 2, pageSize: 1, total: all.body.total });
    expect(paged.body.items).toHaveLength(1);
    expect((await request(h.http).get('/admin/parked-events').query({ group: 'cases' }).set(ADMIN)).body).toMatchObject({ items: [], total: 0 });
  });

  it('inspects one: the stored event decoded, or the raw value as received, with the error and where it was read', async () => {
    const event = unhandledEvent();
    const row = await park(h, { event });
    const res = await request(h.http).get(path('intake', row.eventId)).set(AUDITOR);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ payloadFormat: 'event', payload: { id: event.id, type: event.type, data: { note: '测试' } }, attempts: 5 });
    expect(res.body).toMatchObject({
      topic: 'cases.events.v1',
      source: 'embedded',
      position: row.position,
      error: expect.stringMatching(/handler failed/),
    });
    // The read of the payload is in the access log: who read which parked event.
    const reads = await h.store.readStream(`access-parked-intake.${row.eventId}`);
    expect(reads.map((e) => [e.type, (e.data as { fields: string[] }).fields, e.actor])).toEqual([
      ['RecordAccessed', ['payload'], { agency: 'fj-office', user: 'ops-auditor' }],
    ]);
    const raw = await park(h, { raw: 'not json at all' });
    expect((await request(h.http).get(path('intake', raw.eventId)).set(ADMIN)).body).toMatchObject({
      payloadFormat: 'raw',
      payload: 'not json at all',
    });
    expect((await request(h.http).get(path('intake', 'no-such-event')).set(ADMIN)).status).toBe(404);
    expect((await request(h.http).get(path('cases', row.eventId)).set(ADMIN)).status).toBe(404);
  });

  it('replays one through the handler: it is marked replayed and ParkedEventReplayed names who and which event', async () => {
    const row = await park(h, { event: unhandledEvent() });
    const res = await request(h.http)
      .post(path('intake', row.eventId, 'replay'))
      .set(ADMIN);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ eventId: row.eventId, status: 'replayed', replayedAt: expect.any(String) });
    const recorded = (await operations()).filter((e) => e.type === 'ParkedEventReplayed' && (e.data as { eventId: string }).eventId === row.eventId);
    expect(recorded).toHaveLength(1);
    expect(recorded[0].data).toMatchObject({
      service: 'intake',
      group: 'intake',
      eventType: row.eventType,
      streamId: row.streamId,
      by: { agency: 'fj-office', user: 'ops-admin' },
    });
    expect(recorded[0].actor).toMatchObject({ agency: 'fj-office', user: 'ops-admin' });
    expect(describeEvent(recorded[0], 'zh-CN', (c) => c)).toContain(`重放 intake 消费组 intake 停放的事件 ${row.eventType}`);
    // Replayed is final: a second replay or a discard is a state conflict.
    expect(
      (
        await request(h.http)
          .post(path('intake', row.eventId, 'replay'))
          .set(ADMIN)
      ).body,
    ).toMatchObject({ status: 409, code: 'INVALID_TRANSITION' });
    expect(
      (
        await request(h.http)
          .post(path('intake', row.eventId, 'discard'))
          .set(ADMIN)
          .send({ reason: '重复' })
      ).status,
    ).toBe(409);
  });

  it('a replay that fails again answers 409 REPLAY_FAILED with the error, and the event stays parked with nothing recorded', async () => {
    const row = await park(h, { raw: 'still not json' });
    const before = (await operations()).length;
    const res = await request(h.http)
      .post(path('intake', row.eventId, 'replay'))
      .set(ADMIN);
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'REPLAY_FAILED', detail: expect.stringMatching(/stays parked: .*(JSON|integration message)/i) });
    expect(res.body.detail).not.toMatch(/\n/);
    expect(await statusOf(row.eventId)).toBe('parked');
    expect(await operations()).toHaveLength(before);
  });

  it('discards one with a reason: who, when and why on the row and in ParkedEventDiscarded; the chain verifies', async () => {
    const row = await park(h, { event: unhandledEvent() });
    const res = await request(h.http)
      .post(path('intake', row.eventId, 'discard'))
      .set(ADMIN)
      .send({ reason: '测试数据，无需处理' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      status: 'discarded',
      discardedBy: 'fj-office/ops-admin',
      discardReason: '测试数据，无需处理',
      discardedAt: expect.any(String),
    });
    const events = await operations();
    const discarded = events.filter((e) => e.type === 'ParkedEventDiscarded' && (e.data as { eventId: string }).eventId === row.eventId);
    expect(discarded.map((e) => e.data)).toEqual([
      expect.objectContaining({ reason: '测试数据，无需处理', by: { agency: 'fj-office', user: 'ops-admin' } }),
    ]);
    expect(verifyChain(events)).toMatchObject({ ok: true });
    const listed = await request(h.http).get('/admin/parked-events').query({ status: 'discarded' }).set(ADMIN);
    expect(listed.body.items.map((i: { eventId: string }) => i.eventId)).toContain(row.eventId);
  });

  it.each<[string, (id: string) => request.Test]>([
    [
      'no reason',
      (id) =>
        request(h.http)
          .post(path('intake', id, 'discard'))
          .set(ADMIN)
          .send({}),
    ],
    [
      'an empty reason',
      (id) =>
        request(h.http)
          .post(path('intake', id, 'discard'))
          .set(ADMIN)
          .send({ reason: '' }),
    ],
    [
      'a reason over 500 characters',
      (id) =>
        request(h.http)
          .post(path('intake', id, 'discard'))
          .set(ADMIN)
          .send({ reason: '原'.repeat(501) }),
    ],
    [
      'a reason with control characters',
      (id) =>
        request(h.http)
          .post(path('intake', id, 'discard'))
          .set(ADMIN)
          .send({ reason: 'a\u0000b' }),
    ],
    [
      'a reason that is not text',
      (id) =>
        request(h.http)
          .post(path('intake', id, 'discard'))
          .set(ADMIN)
          .send({ reason: 42 }),
    ],
    [
      'an unknown property',
      (id) =>
        request(h.http)
          .post(path('intake', id, 'discard'))
          .set(ADMIN)
          .send({ reason: 'x', force: true }),
    ],
    ['an unknown status filter', () => request(h.http).get('/admin/parked-events').query({ status: 'lost' }).set(ADMIN)],
    ['a page size of 0', () => request(h.http).get('/admin/parked-events').query({ pageSize: 0 }).set(ADMIN)],
    ['a page size over 200', () => request(h.http).get('/admin/parked-events').query({ pageSize: 201 }).set(ADMIN)],
    ['a group with a slash or spaces', () => request(h.http).get('/admin/parked-events').query({ group: 'a b' }).set(ADMIN)],
    [
      'an event id with odd characters',
      () =>
        request(h.http)
          .post(path('intake', 'x\u202e1', 'replay'))
          .set(ADMIN),
    ],
  ])('given %s, then 422 naming the field, and nothing changes', async (_what, send) => {
    const row = await park(h, { event: unhandledEvent() });
    const before = (await operations()).length;
    const res = await send(row.eventId);
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(await statusOf(row.eventId)).toBe('parked');
    expect(await operations()).toHaveLength(before);
  });

  it.each(REFUSED)('given a %s %j token, then every route answers 403 naming the top office, and nothing changes', async (agency, roles) => {
    const row = await park(h, { event: unhandledEvent() });
    const token = bearer(agency, roles);
    const answers = [
      await request(h.http).get('/admin/parked-events').set(token),
      await request(h.http).get(path('intake', row.eventId)).set(token),
      await request(h.http)
        .post(path('intake', row.eventId, 'replay'))
        .set(token),
      await request(h.http)
        .post(path('intake', row.eventId, 'discard'))
        .set(token)
        .send({ reason: '越权' }),
    ];
    for (const res of answers) {
      expect(res.status).toBe(403);
      expect(res.body.detail).toMatch(/top office .*fj-office/);
      expect(JSON.stringify(res.body)).not.toMatch(/测试|handler failed|payload/);
    }
    expect(await statusOf(row.eventId)).toBe('parked');
  });

  it('the top office’s auditor reads but may not replay or discard; without a token every route is 401', async () => {
    const row = await park(h, { event: unhandledEvent() });
    expect(
      (
        await request(h.http)
          .post(path('intake', row.eventId, 'replay'))
          .set(AUDITOR)
      ).status,
    ).toBe(403);
    expect(
      (
        await request(h.http)
          .post(path('intake', row.eventId, 'discard'))
          .set(AUDITOR)
          .send({ reason: '审计' })
      ).status,
    ).toBe(403);
    expect((await request(h.http).get('/admin/parked-events')).status).toBe(401);
    expect((await request(h.http).post(path('intake', row.eventId, 'replay'))).status).toBe(401);
    expect(await statusOf(row.eventId)).toBe('parked');
  });

  it('a replay or discard of something not parked here is 404, and of a group whose consumer runs elsewhere 409', async () => {
    expect(
      (
        await request(h.http)
          .post(path('intake', 'no-such-event', 'replay'))
          .set(ADMIN)
      ).status,
    ).toBe(404);
    expect(
      (
        await request(h.http)
          .post(path('intake', 'no-such-event', 'discard'))
          .set(ADMIN)
          .send({ reason: 'x' })
      ).status,
    ).toBe(404);
    const other = await park(h, { event: unhandledEvent() }, { group: 'staging.intake' });
    expect(
      (
        await request(h.http)
          .post(path('staging.intake', other.eventId, 'replay'))
          .set(ADMIN)
      ).body,
    ).toMatchObject({ status: 409, code: 'REPLAY_FAILED' });
  });
});
