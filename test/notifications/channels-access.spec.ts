/**
 * Who reads and sets an agency's notification channels, over HTTP, role ×
 * agency: the agency's own officers and admins, and the officers and admins of
 * an office whose jurisdiction contains it. A role that never manages channels
 * is 403 (it learns nothing about the agency); anyone else in a managing role
 * is 404, as for an agency that does not exist, so one district does not learn
 * of another's settings. A refused PUT changes nothing. And a webhook's
 * `secretEnv` may only name a JM_WEBHOOK_SECRET_… variable.
 */
import request from 'supertest';
import { toNotificationChannelsStreamId } from '@jm/contracts';
import type { Role } from '@jm/reference';
import { auth, ChannelsApp, channelsInfra, ChannelsInfra, startChannelsApp } from './channels-support/channels-app';

jest.setTimeout(120_000);

let infra: ChannelsInfra;
let service: ChannelsApp;
let http: ReturnType<typeof request>;

beforeAll(async () => {
  infra = await channelsInfra('chaccess', { agencies: {} });
  service = await startChannelsApp(infra.env);
  http = request(service.app.getHttpServer());
});

afterAll(async () => {
  await service?.close();
  await infra?.drop();
});

type Expected = 200 | 403 | 404;
type Row = [caller: string, role: Role, target: string, expected: Expected, why: string];

// lc-* are Licheng (350502), fz-* Fengze (350503), both districts of Quanzhou (qz-*, 350500) in Fujian (fj-*, 350000).
const MATRIX: Row[] = [
  // a member unit's channels
  ['lc-court', 'unit_officer', 'lc-court', 200, 'own unit'],
  ['lc-court', 'analyst', 'lc-court', 403, 'own unit, a role that never manages channels'],
  ['lc-court', 'auditor', 'lc-court', 403, 'own unit, a role that never manages channels'],
  ['lc-office', 'office_officer', 'lc-court', 200, 'the district office containing it'],
  ['lc-office', 'admin', 'lc-court', 200, 'the district office containing it'],
  ['lc-office', 'convener', 'lc-court', 403, 'containing office, a role that never manages channels'],
  ['lc-office', 'analyst', 'lc-court', 403, 'containing office, a role that never manages channels'],
  ['lc-office', 'auditor', 'lc-court', 403, 'containing office, a role that never manages channels'],
  ['qz-office', 'office_officer', 'lc-court', 200, 'the city office containing the district'],
  ['qz-office', 'admin', 'lc-court', 200, 'the city office containing the district'],
  ['fj-office', 'admin', 'lc-court', 200, 'the province office'],
  ['fz-office', 'office_officer', 'lc-court', 404, 'a sibling district office'],
  ['fz-office', 'admin', 'lc-court', 404, 'a sibling district office'],
  ['fz-office', 'analyst', 'lc-court', 403, 'a sibling district office, a role that never manages channels'],
  ['lc-market', 'unit_officer', 'lc-court', 404, 'another unit of the same district'],
  ['lc-st-haibin', 'street_officer', 'lc-court', 404, 'a street of the same district'],
  ['qz-police', 'unit_officer', 'lc-court', 404, 'a city unit (units contain nothing)'],
  // a street's channels
  ['lc-st-haibin', 'street_officer', 'lc-st-haibin', 200, 'own street'],
  ['lc-st-haibin', 'analyst', 'lc-st-haibin', 403, 'own street, a role that never manages channels'],
  ['lc-office', 'admin', 'lc-st-haibin', 200, 'the district office containing it'],
  ['fz-office', 'admin', 'lc-st-haibin', 404, 'a sibling district office'],
  ['lc-police', 'unit_officer', 'lc-st-haibin', 404, 'a unit of the same district'],
  // an office's channels (issue 14: an lc-office admin rewrote fz-office's)
  ['lc-office', 'admin', 'fz-office', 404, 'a sibling district office'],
  ['lc-office', 'office_officer', 'fz-office', 404, 'a sibling district office'],
  ['fz-office', 'office_officer', 'fz-office', 200, 'own office'],
  ['fz-office', 'admin', 'fz-office', 200, 'own office'],
  ['fz-office', 'convener', 'fz-office', 403, 'own office, a role that never manages channels'],
  ['fz-office', 'auditor', 'fz-office', 403, 'own office, a role that never manages channels'],
  ['qz-office', 'admin', 'fz-office', 200, 'the city office containing the district'],
  ['fj-office', 'office_officer', 'fz-office', 200, 'the province office'],
  ['fz-police', 'unit_officer', 'fz-office', 404, 'a unit under the office'],
  ['fz-st-donghai', 'street_officer', 'fz-office', 404, 'a street under the office'],
  // a city unit's channels
  ['qz-police', 'unit_officer', 'qz-police', 200, 'own unit'],
  ['qz-office', 'office_officer', 'qz-police', 200, 'the city office'],
  ['lc-office', 'office_officer', 'qz-police', 404, 'a district office does not contain the city'],
  ['lc-office', 'admin', 'qz-police', 404, 'a district office does not contain the city'],
];

const versionOf = async (agency: string) => (await service.store.readStream(toNotificationChannelsStreamId(agency))).length;

describe('channel settings: role × agency', () => {
  it.each(MATRIX)('%s %s → GET /notification-channels/%s is %i (%s)', async (caller, role, target, expected) => {
    const answer = await http
      .get(`/notification-channels/${target}`)
      .set(auth(caller, [role]))
      .expect(expected);
    if (expected === 200) expect(answer.body).toMatchObject({ agency: target, inbox: true });
    if (expected === 404) expect(answer.body).toMatchObject({ code: 'NOT_FOUND', detail: `agency ${target} was not found` });
    if (expected === 403) expect(answer.body.code).toBe('FORBIDDEN');
  });

  it.each(MATRIX)('%s %s → PUT /notification-channels/%s is %i (%s); a refusal changes nothing', async (caller, role, target, expected) => {
    const before = await versionOf(target);
    // A choice that differs from the one before, so an allowed PUT always appends.
    const locale = before % 2 === 0 ? 'en' : 'zh-CN';
    const answer = await http
      .put(`/notification-channels/${target}`)
      .set(auth(caller, [role]))
      .send({ emails: [`duty@${target}.example.gov.cn`], locale })
      .expect(expected);
    if (expected === 200) {
      expect(answer.body.events).toEqual(['NotificationChannelsChosen']);
      expect(await versionOf(target)).toBe(before + 1);
    } else {
      expect(await versionOf(target)).toBe(before);
    }
    if (expected === 404) expect(answer.body).toMatchObject({ code: 'NOT_FOUND', detail: `agency ${target} was not found` });
  });

  it('an agency out of reach answers exactly as one that does not exist', async () => {
    const admin = auth('lc-office', ['admin']);
    const unknown = await http.get('/notification-channels/no-such-agency').set(admin).expect(404);
    const sibling = await http.get('/notification-channels/fz-office').set(admin).expect(404);
    expect(Object.keys(sibling.body).sort()).toEqual(Object.keys(unknown.body).sort());
    expect(sibling.body.detail.replace('fz-office', 'X')).toBe(unknown.body.detail.replace('no-such-agency', 'X'));
  });

  it('a role that never manages channels is told so, whatever the agency', async () => {
    const refused = await http
      .get('/notification-channels/no-such-agency')
      .set(auth('lc-office', ['analyst']))
      .expect(403);
    expect(refused.body.detail).toContain('office_officer, unit_officer, street_officer');
  });
});

describe('secretEnv names only JM_WEBHOOK_SECRET_… variables', () => {
  const hook = (secretEnv: string) => ({ webhooks: [{ id: 'oa', url: 'https://oa.lc-police.example.gov.cn/jm-hook', secretEnv }] });

  // PATH is set in every environment and longer than 32 characters, so only the name rule can refuse it.
  it.each(['PATH', 'JWT_SECRET', 'KEY_ENCRYPTION_KEY', 'JM_WEBHOOK_SECRET', 'jm_webhook_secret_x'])(
    '%s is refused with 422 naming the field and what is allowed; nothing is recorded',
    async (name) => {
      const before = await versionOf('lc-police');
      const refused = await http
        .put('/notification-channels/lc-police')
        .set(auth('lc-police', ['unit_officer']))
        .send(hook(name))
        .expect(422);
      expect(refused.body.code).toBe('VALIDATION_FAILED');
      expect(refused.body.errors).toEqual([{ field: 'webhooks[0].secretEnv', messages: [expect.stringContaining('JM_WEBHOOK_SECRET_')] }]);
      expect(await versionOf('lc-police')).toBe(before);
    },
  );
});
