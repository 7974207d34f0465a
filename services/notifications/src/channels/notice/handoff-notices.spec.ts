/** A hand-off becomes one message to the receiving unit, with an id derived from the event and the template; every template names the units and the subject in both languages. */
import { HANDOFF_TEMPLATES } from '@jm/contracts';
import type { StoredEvent } from '@jm/event-sourcing';
import { renderMessage } from './notice.templates';
import { HandoffNotice, messagesForHandoffs } from './notices';

const NAMES: Record<string, [string, string]> = {
  'lc-police': ['泉州市公安局鲤城分局', 'Licheng Branch, Quanzhou Public Security Bureau'],
  'lc-office': ['鲤城区打击非法金融活动联席会议办公室', 'Licheng joint-meeting office'],
};
const ctx = {
  nameOf: (code: string, lang: 'zh-CN' | 'en') => NAMES[code]?.[lang === 'zh-CN' ? 0 : 1] ?? code,
  choiceOf: () => ({
    emails: [],
    webhooks: [{ id: 'oa', url: 'https://oa.example.cn/hook', secretEnv: 'JM_WEBHOOK_SECRET_OA' }],
    locale: 'zh-CN' as const,
  }),
  emailEnabled: false,
  now: '2026-03-02T01:00:00.000Z',
};
const event = (id: string): StoredEvent => ({
  id,
  type: 'TransferredToPolice',
  schemaVersion: 1,
  streamId: 'case-C1',
  streamVersion: 4,
  position: 10,
  data: {},
  time: '2026-03-02T01:00:00.000Z',
  correlationId: 'c',
  causationId: 'c',
  actor: { agency: 'lc-office', user: 'zhang' },
  prevHash: '',
  hash: 'h',
  hashAlg: 'SM3',
});
const handoff = (template: HandoffNotice['template']): HandoffNotice => ({
  template,
  to: 'lc-police',
  from: 'lc-office',
  subjectKind: 'case',
  subjectId: 'C1',
  subjectNo: 'CASE-350502-2026-0001',
  subjectTitle: '某理财公司非法集资',
  meetingTitle: '区联席会议第1次',
  note: template === 'handoff_decision_received' ? 'determined' : '证据不足',
});

describe('hand-off notices', () => {
  it('one message to the receiving unit on its channels, its id stable for the event and template and different across them', () => {
    const [a] = messagesForHandoffs(event('00000000-0000-4000-8000-000000000001'), [handoff('handoff_transferred_to_police')], ctx);
    expect(a).toMatchObject({
      recipient: { agency: 'lc-police' },
      template: 'handoff_transferred_to_police',
      params: {
        unit: 'lc-police',
        from: 'lc-office',
        fromName: { 'zh-CN': '鲤城区打击非法金融活动联席会议办公室' },
        subjectNo: 'CASE-350502-2026-0001',
      },
      targets: [{ key: 'inbox' }, { key: 'webhook:oa' }],
      source: { eventType: 'TransferredToPolice', streamId: 'case-C1' },
    });
    expect(a.params).not.toHaveProperty('dueAt');
    const [again] = messagesForHandoffs(event('00000000-0000-4000-8000-000000000001'), [handoff('handoff_transferred_to_police')], ctx);
    expect(again.messageId).toBe(a.messageId);
    const [other] = messagesForHandoffs(event('00000000-0000-4000-8000-000000000002'), [handoff('handoff_transferred_to_police')], ctx);
    const [otherTemplate] = messagesForHandoffs(event('00000000-0000-4000-8000-000000000001'), [handoff('handoff_police_declined')], ctx);
    expect(new Set([a.messageId, other.messageId, otherTemplate.messageId]).size).toBe(3);
  });

  it.each(HANDOFF_TEMPLATES)(
    '%s names the receiving unit, the unit that handed over and the case by its number, in zh-CN and English',
    (template) => {
      const [message] = messagesForHandoffs(event('00000000-0000-4000-8000-000000000003'), [handoff(template)], ctx);
      const zh = renderMessage(template, message.params, 'zh-CN', message.messageId);
      const en = renderMessage(template, message.params, 'en', message.messageId);
      expect(zh.subject).toContain('案件 CASE-350502-2026-0001');
      expect(zh.body.startsWith('泉州市公安局鲤城分局：')).toBe(true);
      expect(en.subject).toContain('case CASE-350502-2026-0001');
      expect(en.body.startsWith('Licheng Branch, Quanzhou Public Security Bureau:')).toBe(true);
      // The one handing over is named, except where the city meeting itself is the sender.
      if (template !== 'handoff_decision_received') {
        expect(zh.body).toContain('鲤城区打击非法金融活动联席会议办公室');
        expect(en.body).toContain('Licheng joint-meeting office');
      } else {
        expect(zh.body).toContain('作出性质认定');
        expect(en.body).toContain('Nature determined');
      }
      expect(zh.body).toContain(`消息编号：${message.messageId}`);
      expect(zh.subject + zh.body).not.toMatch(/undefined|null/);
      expect(en.subject + en.body).not.toMatch(/undefined|null/);
    },
  );
});
