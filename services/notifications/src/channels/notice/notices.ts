/**
 * From a deadline engine notice (DeadlineReminderDue, DeadlineMissed,
 * DeadlineEscalated, ObligationDue, ObligationMissed) to the messages it
 * becomes: one per recipient (an agency, narrowed to a role when the notice
 * names one), each with a message id derived from the notice's event id and
 * the recipient, so a redelivered notice names the same messages. Pure: the
 * registry names and each agency's channel choice are passed in.
 */
import { assertNever, deriveEventId } from '@jm/event-sourcing';
import { publishedDecoder } from '@jm/contracts';
import type {
  DeadlineRecipient,
  DeliveryTarget,
  HandoffTemplate,
  NoticeTemplate,
  NotificationParams,
  NotificationRequestedData,
} from '@jm/contracts';
import type { StoredEvent } from '@jm/event-sourcing';
import type { Lang } from '@jm/reference';
import type { ChannelChoice } from '../channel-settings';

export const NOTICE_EVENT_TYPES = ['DeadlineReminderDue', 'DeadlineMissed', 'DeadlineEscalated', 'ObligationDue', 'ObligationMissed'] as const;
export type NoticeEventType = (typeof NOTICE_EVENT_TYPES)[number];
const decodeNotice = publishedDecoder('notices', NOTICE_EVENT_TYPES);
const isNotice = (type: string): boolean => (NOTICE_EVENT_TYPES as readonly string[]).includes(type);

export interface NoticeContext {
  nameOf: (agency: string, lang: Lang) => string;
  /** A deadline policy's configured name (undefined: named by its id). */
  policyName?: (policyId: string) => { 'zh-CN': string; en: string } | undefined;
  choiceOf: (agency: string) => ChannelChoice;
  /** Email goes out only when SMTP_URL is set. */
  emailEnabled: boolean;
  now: string;
}

interface Notice {
  template: NoticeTemplate;
  recipients: DeadlineRecipient[];
  params: NotificationParams;
}

/** The stable id of the message a notice sends one recipient (the source: the notice's event id, or an event's hand-off). */
export function messageIdOf(sourceEventId: string, recipient: DeadlineRecipient): string {
  return deriveEventId(`notification:${sourceEventId}:${recipient.agency}:${recipient.role ?? ''}`, 0);
}

export function targetsOf(choice: ChannelChoice, emailEnabled: boolean): DeliveryTarget[] {
  const targets: DeliveryTarget[] = [{ channel: 'inbox', key: 'inbox' }];
  if (emailEnabled && choice.emails.length > 0) targets.push({ channel: 'email', key: 'email', to: [...choice.emails] });
  for (const hook of choice.webhooks)
    targets.push({ channel: 'webhook', key: `webhook:${hook.id}`, webhookId: hook.id, url: hook.url, secretEnv: hook.secretEnv });
  return targets;
}

function noticeOf(event: StoredEvent, nameOf: NoticeContext['nameOf']): Notice | undefined {
  const unitName = (unit: string) => ({ 'zh-CN': nameOf(unit, 'zh-CN'), en: nameOf(unit, 'en') });
  /** What every clock notice names: the policy, the subject, the unit and the due time. */
  const clockParams = (d: { policyId: string; subject: { kind: string; id: string }; unit: string; dueAt: string }): NotificationParams => ({
    policyId: d.policyId,
    subjectKind: d.subject.kind,
    subjectId: d.subject.id,
    unit: d.unit,
    unitName: unitName(d.unit),
    dueAt: d.dueAt,
  });
  if (!isNotice(event.type)) return undefined;
  const notice = decodeNotice(event);
  switch (notice.type) {
    case 'DeadlineReminderDue': {
      const d = notice.data;
      return {
        template: 'deadline_reminder',
        recipients: d.recipients.length ? d.recipients : [{ agency: d.unit }],
        params: { ...clockParams(d), step: d.reminder },
      };
    }
    case 'DeadlineMissed': {
      const d = notice.data;
      return { template: 'deadline_missed', recipients: [{ agency: d.unit }], params: clockParams(d) };
    }
    case 'DeadlineEscalated': {
      const d = notice.data;
      return { template: `deadline_escalated_${d.level}`, recipients: d.recipients, params: { ...clockParams(d), step: d.step } };
    }
    case 'ObligationDue':
    case 'ObligationMissed': {
      const d = notice.data;
      return {
        template: notice.type === 'ObligationDue' ? 'obligation_due' : 'obligation_missed',
        recipients: [{ agency: d.unit }],
        params: {
          ...(d.policyId ? { policyId: d.policyId } : {}),
          subjectKind: 'obligation',
          subjectId: d.obligationId,
          unit: d.unit,
          unitName: unitName(d.unit),
          dueAt: d.dueAt,
          obligationKind: d.kind,
          period: d.period,
        },
      };
    }
    default:
      return assertNever(notice, 'notice event');
  }
}

/** The agencies a notice goes to (to load their channel choices first). */
export function recipientAgenciesOf(event: StoredEvent): string[] {
  return [...new Set(noticeOf(event, (code) => code)?.recipients.map((r) => r.agency) ?? [])];
}

/** The messages a notice becomes (none for other events); one per distinct recipient. */
export function messagesForNotice(event: StoredEvent, ctx: NoticeContext): NotificationRequestedData[] {
  const notice = noticeOf(event, ctx.nameOf);
  return notice ? messagesOf(event, notice, event.id, ctx) : [];
}

/** Work handed to a unit by an event (docs/worklist.md): the notice the unit receives. */
export interface HandoffNotice {
  template: HandoffTemplate;
  to: string;
  subjectKind: string;
  subjectId: string;
  subjectNo?: string;
  subjectTitle?: string;
  from: string;
  meetingTitle?: string;
  note?: string;
}

/**
 * The messages of an event's hand-offs: one per hand-off, its id derived from
 * the event id, the template and the recipient, so a redelivery names the same
 * messages (the idempotency of deadline notices).
 */
export function messagesForHandoffs(event: StoredEvent, handoffs: readonly HandoffNotice[], ctx: NoticeContext): NotificationRequestedData[] {
  const names = (code: string) => ({ 'zh-CN': ctx.nameOf(code, 'zh-CN'), en: ctx.nameOf(code, 'en') });
  return handoffs.flatMap((h) =>
    messagesOf(
      event,
      {
        template: h.template,
        recipients: [{ agency: h.to }],
        params: {
          subjectKind: h.subjectKind,
          subjectId: h.subjectId,
          ...(h.subjectNo ? { subjectNo: h.subjectNo } : {}),
          ...(h.subjectTitle ? { subjectTitle: h.subjectTitle } : {}),
          unit: h.to,
          unitName: names(h.to),
          from: h.from,
          fromName: names(h.from),
          ...(h.meetingTitle ? { meetingTitle: h.meetingTitle } : {}),
          ...(h.note ? { note: h.note } : {}),
        },
      },
      `${event.id}:${h.template}`,
      ctx,
    ),
  );
}

function messagesOf(event: StoredEvent, notice: Notice, sourceKey: string, ctx: NoticeContext): NotificationRequestedData[] {
  const seen = new Set<string>();
  const messages: NotificationRequestedData[] = [];
  for (const recipient of notice.recipients) {
    const key = `${recipient.agency}\u001f${recipient.role ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const choice = ctx.choiceOf(recipient.agency);
    const messageId = messageIdOf(sourceKey, recipient);
    const policyName = notice.params.policyId ? ctx.policyName?.(notice.params.policyId) : undefined;
    messages.push({
      messageId,
      recipient: { agency: recipient.agency, ...(recipient.role ? { role: recipient.role } : {}) },
      template: notice.template,
      params: policyName ? { ...notice.params, policyName } : notice.params,
      locale: choice.locale,
      targets: targetsOf(choice, ctx.emailEnabled),
      source: { eventId: event.id, eventType: event.type, streamId: event.streamId },
      requestedAt: ctx.now,
    });
  }
  return messages;
}
