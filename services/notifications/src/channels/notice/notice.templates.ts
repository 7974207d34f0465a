/**
 * What a message says, per notice kind, in zh-CN (default) and English: a
 * subject and a body that name the policy, the subject (lead, case or
 * obligation), the responsible unit by its registry name and the due time in
 * China Standard Time; the hand-off notices' texts are in handoff.templates.ts.
 * Rendering is pure: the same message renders the same text on every channel
 * and every retry.
 */
import { chinaDateTime, OBLIGATION_KIND_LABELS } from '@jm/contracts';
import { labelOf } from '@jm/reference';
import type { NoticeTemplate, NotificationParams } from '@jm/contracts';
import type { Lang, LabelTable } from '@jm/reference';
import { HANDOFF_TEMPLATE_TEXTS } from './handoff.templates';
import type { RenderedMessage, Template, Words } from './notice-words';

export type { RenderedMessage } from './notice-words';

const SUBJECT_KIND_LABELS: LabelTable<string> = {
  lead: { 'zh-CN': '线索', en: 'lead' },
  routing: { 'zh-CN': '线索核查', en: 'verification of lead' },
  case: { 'zh-CN': '案件', en: 'case' },
  obligation: { 'zh-CN': '报送任务', en: 'obligation' },
};

function words(params: NotificationParams, lang: Lang): Words {
  const zh = lang === 'zh-CN';
  const kind = params.obligationKind ? labelOf(OBLIGATION_KIND_LABELS, params.obligationKind, lang) : '';
  return {
    unit: params.unitName[lang],
    // A registry or case number is what people know a subject by; the id stands in when it is unknown.
    what: `${labelOf(SUBJECT_KIND_LABELS, params.subjectKind, lang)} ${params.subjectNo ?? params.subjectId}`,
    title: params.subjectTitle ? (zh ? `（${params.subjectTitle}）` : ` (${params.subjectTitle})`) : '',
    from: params.fromName?.[lang] ?? params.from ?? '',
    meeting: params.meetingTitle ?? '',
    note: params.note ?? '',
    due: params.dueAt ? (zh ? `${chinaDateTime(params.dueAt)}（北京时间）` : `${chinaDateTime(params.dueAt)} (China Standard Time)`) : '',
    // People know a policy by its configured name; the id stands in when the name is unknown.
    policy: params.policyName?.[lang] ?? params.policyId ?? (zh ? '未指明' : 'unnamed'),
    report: zh ? `${params.period ?? ''}${kind}` : `${kind.toLowerCase()} for ${params.period ?? ''}`,
  };
}

const TEMPLATES: Record<NoticeTemplate, Record<Lang, Template>> = {
  ...HANDOFF_TEMPLATE_TEXTS,
  deadline_reminder: {
    'zh-CN': (w) => ({
      subject: `【期限提醒】${w.what} 将于 ${w.due}到期`,
      body: `${w.unit}：\n${w.what} 的办理期限（期限规则：${w.policy}）将于 ${w.due}届满，请及时办理。`,
    }),
    en: (w) => ({
      subject: `[Deadline reminder] ${w.what} falls due at ${w.due}`,
      body: `${w.unit}:\nThe deadline of ${w.what} (policy: ${w.policy}) falls due at ${w.due}. Please act in time.`,
    }),
  },
  deadline_missed: {
    'zh-CN': (w) => ({
      subject: `【逾期通知】${w.what} 已逾期`,
      body: `${w.unit}：\n${w.what} 的办理期限（期限规则：${w.policy}）已于 ${w.due}届满，贵单位尚未办结，已计为逾期。请尽快办理并说明情况。`,
    }),
    en: (w) => ({
      subject: `[Deadline missed] ${w.what} is overdue`,
      body: `${w.unit}:\nThe deadline of ${w.what} (policy: ${w.policy}) passed at ${w.due} and the matter is not done; it counts as missed. Please act at once and explain the delay.`,
    }),
  },
  deadline_escalated_unit: {
    'zh-CN': (w) => ({
      subject: `【逾期督办】${w.what} 逾期未办结`,
      body: `${w.unit}：\n${w.what} 的办理期限（期限规则：${w.policy}）已于 ${w.due}届满。现予督办，请贵单位立即办理并反馈。`,
    }),
    en: (w) => ({
      subject: `[Escalation] ${w.what} is overdue`,
      body: `${w.unit}:\nThe deadline of ${w.what} (policy: ${w.policy}) passed at ${w.due}. You are now formally reminded to complete it and report back at once.`,
    }),
  },
  deadline_escalated_office: {
    'zh-CN': (w) => ({
      subject: `【逾期督办·联席办】${w.unit} ${w.what} 逾期`,
      body: `${w.unit} 负责的 ${w.what}（期限规则：${w.policy}）已于 ${w.due}逾期未办结，现提请联席会议办公室督办。`,
    }),
    en: (w) => ({
      subject: `[Escalation to the office] ${w.unit}: ${w.what} overdue`,
      body: `${w.what} (policy: ${w.policy}), the responsibility of ${w.unit}, passed its deadline at ${w.due}. It is escalated to the joint-meeting office for supervision.`,
    }),
  },
  deadline_escalated_convener: {
    'zh-CN': (w) => ({
      subject: `【逾期督办·召集人】${w.unit} ${w.what} 逾期`,
      body: `${w.unit} 负责的 ${w.what}（期限规则：${w.policy}）已于 ${w.due}逾期，经联席办督办仍未办结，现报请联席会议召集人督办。`,
    }),
    en: (w) => ({
      subject: `[Escalation to the convener] ${w.unit}: ${w.what} overdue`,
      body: `${w.what} (policy: ${w.policy}), the responsibility of ${w.unit}, passed its deadline at ${w.due} and is still not done after the office's supervision. It is escalated to the joint-meeting convener.`,
    }),
  },
  obligation_due: {
    'zh-CN': (w) => ({
      subject: `【报送提醒】${w.report}`,
      body: `${w.unit}：\n请于 ${w.due}前报送${w.report}（期限规则：${w.policy}）。`,
    }),
    en: (w) => ({
      subject: `[Report due] ${w.report}`,
      body: `${w.unit}:\nPlease submit the ${w.report} by ${w.due} (policy: ${w.policy}).`,
    }),
  },
  obligation_missed: {
    'zh-CN': (w) => ({
      subject: `【逾期未报送】${w.report}`,
      body: `${w.unit}：\n${w.report} 应于 ${w.due}前报送（期限规则：${w.policy}），至今未报送，已计为逾期未报。请尽快补报。`,
    }),
    en: (w) => ({
      subject: `[Report missing] ${w.report}`,
      body: `${w.unit}:\nThe ${w.report} was due by ${w.due} (policy: ${w.policy}) and has not been submitted; it counts as missing. Please submit it as soon as possible.`,
    }),
  },
};

/** The message in one language; the message id closes the body so a person can quote it. */
export function renderMessage(template: NoticeTemplate, params: NotificationParams, lang: Lang, messageId: string): RenderedMessage {
  const rendered = TEMPLATES[template][lang](words(params, lang));
  const footer =
    lang === 'zh-CN'
      ? `\n\n消息编号：${messageId}\n（本消息由联席会议平台自动发送）`
      : `\n\nMessage id: ${messageId}\n(Sent automatically by the joint-meeting platform.)`;
  return { subject: rendered.subject, body: `${rendered.body}${footer}` };
}
