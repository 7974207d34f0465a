/**
 * Item 9 of issue 14: text people read never holds characters that change how a row shows
 * (bidi controls, zero-width characters). Each kind, in representative fields of three
 * services, answers 422 naming the field, and nothing is stored.
 */
import request from 'supertest';
import { bearer } from '@jm/platform/testing';
import { RunningService, withPlatform } from './support';

const lead = (overrides: Record<string, unknown>): Record<string, unknown> => ({
  title: '某某财富管理公司高息揽储',
  description: '以高额回报为诱饵向社会公众吸收资金',
  category: 'illegal_fundraising',
  field: 'third_party_wealth_management',
  source: 'routine_supervision',
  channel: 'agency_system',
  street: 'lc-st-haibin',
  ...overrides,
});

const CHARACTERS: [string, string][] = [
  ['RIGHT-TO-LEFT OVERRIDE U+202E', '\u202e'],
  ['LEFT-TO-RIGHT EMBEDDING U+202A', '\u202a'],
  ['FIRST STRONG ISOLATE U+2068', '\u2068'],
  ['RIGHT-TO-LEFT MARK U+200F', '\u200f'],
  ['ZERO WIDTH SPACE U+200B', '\u200b'],
  ['ZERO WIDTH JOINER U+200D', '\u200d'],
  ['WORD JOINER U+2060', '\u2060'],
  ['BYTE ORDER MARK U+FEFF', '\ufeff'],
];

describe('contract: readable text in the fields people read', () => {
  const platformOf = withPlatform();
  let intake: RunningService;
  let cases: RunningService;
  let notifications: RunningService;
  beforeAll(() => {
    [intake, cases, notifications] = platformOf().services;
  });

  const storedEvents = async (): Promise<number> => (await platformOf().store.readAll({ limit: 100_000 })).length;

  const cases_ = (spoof: string): [string, () => request.Test, string][] => [
    [
      'intake POST /leads title',
      () =>
        request(intake.http)
          .post('/leads')
          .set(bearer('lc-market', ['unit_officer']))
          .send(lead({ title: `泉州${spoof}公司` })),
      'title',
    ],
    [
      'intake POST /leads description',
      () =>
        request(intake.http)
          .post('/leads')
          .set(bearer('lc-market', ['unit_officer']))
          .send(lead({ description: `以高息${spoof}吸收资金` })),
      'description',
    ],
    [
      'intake POST /leads subjects[0].name',
      () =>
        request(intake.http)
          .post('/leads')
          .set(bearer('lc-market', ['unit_officer']))
          .send(lead({ subjects: [{ kind: 'person', name: `张${spoof}三` }] })),
      'subjects[0].name',
    ],
    [
      'intake POST /public/leads informant.address',
      () =>
        request(intake.http)
          .post('/public/leads')
          .send({ ...lead({ informant: { address: `鲤城区${spoof}1号` } }), source: undefined, channel: 'website', street: undefined }),
      'informant.address',
    ],
    [
      'cases POST /meetings title',
      () =>
        request(cases.http)
          .post('/meetings')
          .set(bearer('lc-office', ['convener', 'office_officer']))
          .send({ level: 'district', kind: 'full', scheduledFor: '2026-12-10T02:00:00Z', title: `联席会议${spoof}` }),
      'title',
    ],
    [
      'cases POST /cases/{id}/transfer/decline reasons[1]',
      () =>
        request(cases.http)
          .post('/cases/c-1/transfer/decline')
          .set(bearer('lc-police', ['unit_officer']))
          .send({ reasons: ['证据不足', `不${spoof}属于刑事`] }),
      'reasons',
    ],
    [
      'notifications POST /obligations/{id}/submissions reference',
      () =>
        request(notifications.http)
          .post('/obligations/o-1/submissions')
          .set(bearer('lc-finance', ['unit_officer']))
          .send({ reference: `文号${spoof}2026-1` }),
      'reference',
    ],
  ];

  it.each(CHARACTERS)('%s: 422 naming the field in each service, and nothing stored', async (_name, spoof) => {
    const before = await storedEvents();
    for (const [what, send, field] of cases_(spoof)) {
      const res = await send();
      expect({ what, status: res.status, code: res.body.code, fields: (res.body.errors ?? []).map((e: { field: string }) => e.field) }).toEqual({
        what,
        status: 422,
        code: 'VALIDATION_FAILED',
        fields: [field],
      });
      expect(res.body.detail).toMatch(/U\+[0-9A-F]{4}/);
    }
    expect(await storedEvents()).toBe(before);
  });

  it('the same fields without those characters are accepted (the refusal is about the characters)', async () => {
    const res = await request(intake.http)
      .post('/leads')
      .set(bearer('lc-market', ['unit_officer']))
      .send(lead({ title: '泉州公司', subjects: [{ kind: 'person', name: '张三' }] }));
    expect(res.status).toBe(201);
    const meeting = await request(cases.http)
      .post('/meetings')
      .set(bearer('lc-office', ['convener', 'office_officer']))
      .send({ level: 'district', kind: 'full', scheduledFor: '2026-12-10T02:00:00Z', title: '联席会议' });
    expect(meeting.status).toBe(201);
  });

  it('the OpenAPI schemas publish the rule as a pattern', () => {
    const schemas = intake.document.components!.schemas! as Record<string, { properties: Record<string, { pattern?: string }> }>;
    expect(schemas.LeadContentDto?.properties.title?.pattern ?? schemas.AgencyLeadDto.properties.title.pattern).toContain('\\u202E');
  });
});
