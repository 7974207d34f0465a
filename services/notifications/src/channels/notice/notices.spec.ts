/** Notices become one message per recipient with a stable id; the templates say policy, subject, unit and due time (China time) in both languages. */
import { describeEvent } from '@jm/contracts';
import type { StoredEvent } from '@jm/event-sourcing';
import type { ChannelChoice } from '../channel-settings';
import { renderMessage } from './notice.templates';
import { messageIdOf, messagesForNotice } from './notices';

const NAMES: Record<string, [string, string]> = {
  'lc-police': ['泉州市公安局鲤城分局', 'Licheng Branch, Quanzhou Public Security Bureau'],
  'lc-office': ['鲤城区打击非法金融活动联席会议办公室', 'Licheng joint-meeting office'],
  'lc-st-haibin': ['鲤城区海滨街道办事处', 'Haibin Subdistrict Office'],
};
const choices: Record<string, ChannelChoice> = {
  'lc-police': {
    emails: ['duty@lc-police.example.cn'],
    webhooks: [{ id: 'oa', url: 'https://oa.example.cn/hook', secretEnv: 'JM_WEBHOOK_SECRET_OA' }],
    locale: 'zh-CN',
  },
  'lc-office': { emails: [], webhooks: [], locale: 'en' },
};
const ctx = (emailEnabled = true) => ({
  nameOf: (code: string, lang: 'zh-CN' | 'en') => NAMES[code]?.[lang === 'zh-CN' ? 0 : 1] ?? code,
  choiceOf: (agency: string) => choices[agency] ?? { emails: [], webhooks: [], locale: 'zh-CN' as const },
  emailEnabled,
  now: '2026-03-02T01:00:00.000Z',
});
const stored = (type: string, data: unknown, streamId = 'deadline-k1'): StoredEvent => ({
  id: `0000000${type.length}-0000-4000-8000-000000000001`,
  type,
  schemaVersion: 1,
  streamId,
  streamVersion: 3,
  position: 10,
  data,
  time: '2026-03-02T01:00:00.000Z',
  correlationId: 'c',
  causationId: 'c',
  actor: { agency: 'system', user: 'notifications:deadlines' },
  prevHash: '',
  hash: 'h',
  hashAlg: 'SM3',
});
const subject = { kind: 'case' as const, id: 'C-2026-001', streamId: 'case-C-2026-001' };

describe('notices to messages', () => {
  it('an escalation to the office and the convener role is one message each, with ids from the event and the recipient', () => {
    const event = stored('DeadlineEscalated', {
      clockId: 'k1',
      policyId: 'police-response',
      subject,
      unit: 'lc-police',
      dueAt: '2026-03-31T16:00:00.000Z',
      step: 1,
      level: 'office',
      recipients: [{ agency: 'lc-office' }, { agency: 'lc-office', role: 'convener' }, { agency: 'lc-office' }],
      at: '2026-04-01T01:00:00.000Z',
    });
    const messages = messagesForNotice(event, ctx());
    expect(messages.map((m) => [m.recipient, m.template, m.locale, m.messageId])).toEqual([
      [{ agency: 'lc-office' }, 'deadline_escalated_office', 'en', messageIdOf(event.id, { agency: 'lc-office' })],
      [
        { agency: 'lc-office', role: 'convener' },
        'deadline_escalated_office',
        'en',
        messageIdOf(event.id, { agency: 'lc-office', role: 'convener' }),
      ],
    ]);
    expect(new Set(messages.map((m) => m.messageId)).size).toBe(2);
    expect(messagesForNotice(event, ctx())).toEqual(messages);
  });

  it("targets follow the recipient's choice; email only when SMTP is on", () => {
    const event = stored('DeadlineMissed', {
      clockId: 'k1',
      policyId: 'police-response',
      subject,
      unit: 'lc-police',
      dueAt: '2026-03-31T16:00:00.000Z',
      missedAt: '2026-03-31T16:00:00.000Z',
    });
    expect(messagesForNotice(event, ctx())[0].targets.map((t) => t.key)).toEqual(['inbox', 'email', 'webhook:oa']);
    expect(messagesForNotice(event, ctx(false))[0].targets.map((t) => t.key)).toEqual(['inbox', 'webhook:oa']);
    expect(messagesForNotice(stored('ClockStarted', {}), ctx())).toEqual([]);
  });

  it('names the policy by its configured name when known', () => {
    const event = stored('DeadlineMissed', {
      clockId: 'k1',
      policyId: 'police-response',
      subject,
      unit: 'lc-police',
      dueAt: '2026-03-31T16:00:00.000Z',
      missedAt: '2026-03-31T16:00:00.000Z',
    });
    const [message] = messagesForNotice(event, {
      ...ctx(),
      policyName: (id) => (id === 'police-response' ? { 'zh-CN': '公安机关受理移送案件', en: 'Police response to a transfer' } : undefined),
    });
    expect(renderMessage(message.template, message.params, 'zh-CN', message.messageId).body).toContain('（期限规则：公安机关受理移送案件）');
    expect(renderMessage(message.template, message.params, 'en', message.messageId).body).toContain('(policy: Police response to a transfer)');
  });

  it('renders a missed deadline in zh-CN and English with policy, subject, unit name and China time', () => {
    const [message] = messagesForNotice(
      stored('DeadlineMissed', {
        clockId: 'k1',
        policyId: 'police-response',
        subject,
        unit: 'lc-police',
        dueAt: '2026-03-31T16:00:00.000Z',
        missedAt: '2026-03-31T16:00:00.000Z',
      }),
      ctx(),
    );
    const zh = renderMessage(message.template, message.params, 'zh-CN', message.messageId);
    expect(zh.subject).toBe('【逾期通知】案件 C-2026-001 已逾期');
    expect(zh.body).toContain(
      '泉州市公安局鲤城分局：\n案件 C-2026-001 的办理期限（期限规则：police-response）已于 2026-04-01 00:00:00（北京时间）届满',
    );
    expect(zh.body).toContain(`消息编号：${message.messageId}`);
    const en = renderMessage(message.template, message.params, 'en', message.messageId);
    expect(en.subject).toBe('[Deadline missed] case C-2026-001 is overdue');
    expect(en.body).toContain(
      'Licheng Branch, Quanzhou Public Security Bureau:\nThe deadline of case C-2026-001 (policy: police-response) passed at 2026-04-01 00:00:00 (China Standard Time)',
    );
  });

  it.each([
    [
      'DeadlineReminderDue',
      {
        clockId: 'k1',
        policyId: 'lead-report',
        subject: { kind: 'lead', id: 'L9', streamId: 'lead-L9' },
        unit: 'lc-st-haibin',
        dueAt: '2026-03-03T01:00:00.000Z',
        at: '2026-03-02T21:00:00.000Z',
        reminder: 0,
        recipients: [],
      },
      '【期限提醒】线索 L9 将于 2026-03-03 09:00:00（北京时间）到期',
      '[Deadline reminder] lead L9 falls due at 2026-03-03 09:00:00 (China Standard Time)',
    ],
    [
      'ObligationDue',
      {
        obligationId: 'o-1',
        kind: 'monthly_risk_ledger',
        unit: 'lc-st-haibin',
        period: '2026-03',
        dueAt: '2026-03-05T15:59:59.000Z',
        policyId: 'street-ledger',
      },
      '【报送提醒】2026-03月度风险动态管理台账',
      '[Report due] monthly risk ledger for 2026-03',
    ],
    [
      'ObligationMissed',
      {
        obligationId: 'o-1',
        kind: 'monthly_risk_ledger',
        unit: 'lc-st-haibin',
        period: '2026-03',
        dueAt: '2026-03-05T15:59:59.000Z',
        missedAt: '2026-03-05T16:00:00.000Z',
      },
      '【逾期未报送】2026-03月度风险动态管理台账',
      '[Report missing] monthly risk ledger for 2026-03',
    ],
  ])('%s reads in both languages', (type, data, zhSubject, enSubject) => {
    const [message] = messagesForNotice(stored(type, data, type.startsWith('Obligation') ? 'obligation-o-1' : 'deadline-k1'), ctx());
    expect(message.recipient).toEqual({ agency: 'lc-st-haibin' });
    expect(renderMessage(message.template, message.params, 'zh-CN', message.messageId).subject).toBe(zhSubject);
    expect(renderMessage(message.template, message.params, 'en', message.messageId).subject).toBe(enSubject);
    expect(renderMessage(message.template, message.params, 'zh-CN', message.messageId).body).toContain('鲤城区海滨街道办事处');
  });

  it.each(['unit', 'office', 'convener'])('escalation to the %s has its own template in both languages', (level) => {
    const [message] = messagesForNotice(
      stored('DeadlineEscalated', {
        clockId: 'k1',
        policyId: 'p',
        subject,
        unit: 'lc-police',
        dueAt: '2026-03-31T16:00:00.000Z',
        step: 0,
        level,
        recipients: [{ agency: 'lc-police' }],
        at: '2026-04-01T01:00:00.000Z',
      }),
      ctx(),
    );
    expect(message.template).toBe(`deadline_escalated_${level}`);
    const zh = renderMessage(message.template, message.params, 'zh-CN', message.messageId);
    expect(zh.subject).toMatch(/^【逾期督办/);
    expect(renderMessage(message.template, message.params, 'en', message.messageId).subject).toMatch(/^\[Escalation/);
  });

  it('timeline sentences of the notification events exist in both languages', () => {
    const [message] = messagesForNotice(
      stored('DeadlineMissed', {
        clockId: 'k1',
        policyId: 'p',
        subject,
        unit: 'lc-police',
        dueAt: '2026-03-31T16:00:00.000Z',
        missedAt: '2026-03-31T16:00:00.000Z',
      }),
      ctx(),
    );
    const nameOf = (code: string) => NAMES[code]?.[0] ?? code;
    expect(describeEvent({ type: 'NotificationRequested', data: message }, 'zh-CN', nameOf)).toContain(
      '发送给 泉州市公安局鲤城分局，渠道：站内信、电子邮件、Webhook',
    );
    expect(
      describeEvent(
        {
          type: 'NotificationDeadLettered',
          data: { messageId: 'm', target: 'webhook:oa', channel: 'webhook', attempt: 6, at: '2026-03-02T01:00:00.000Z', error: 'HTTP 500' },
        },
        'en',
        nameOf,
      ),
    ).toBe('Dead-lettered on webhook:oa after 6 attempt(s): HTTP 500');
  });
});
