/** The message stream, given/when/then: idempotent request and recording, replay only of dead letters and only by those allowed, read marks per user. */
import { ForbiddenError, InvalidTransitionError, NotFoundError } from '@jm/event-sourcing';
import type { DomainActor, NotificationRequestedData } from '@jm/contracts';
import { deciderSpec } from '@jm/event-sourcing/testing';
import { isAddressedTo, mayReplay, notificationDecider } from './notification.decider';
import type { NotificationEvent } from './notification.events';

const spec = deciderSpec(notificationDecider);
const at = '2026-03-02T01:00:00.000Z';
const request: NotificationRequestedData = {
  messageId: 'm-1',
  recipient: { agency: 'lc-police' },
  template: 'deadline_missed',
  params: {
    policyId: 'police-response',
    subjectKind: 'case',
    subjectId: 'C1',
    unit: 'lc-police',
    unitName: { 'zh-CN': '泉州市公安局鲤城分局', en: 'Licheng police' },
    dueAt: at,
  },
  locale: 'zh-CN',
  targets: [
    { channel: 'inbox', key: 'inbox' },
    { channel: 'webhook', key: 'webhook:oa', webhookId: 'oa', url: 'http://127.0.0.1:1/hook', secretEnv: 'JM_WEBHOOK_SECRET_OA' },
  ],
  source: { eventId: 'e-1', eventType: 'DeadlineMissed', streamId: 'deadline-k1' },
  requestedAt: at,
};
const requested: NotificationEvent = { type: 'NotificationRequested', data: request };
const ref = { messageId: 'm-1', target: 'webhook:oa', channel: 'webhook' as const, at };
const attempted = (attempt: number): NotificationEvent => ({ type: 'NotificationDeliveryAttempted', data: { ...ref, attempt } });
const failed = (attempt: number): NotificationEvent => ({
  type: 'NotificationDeliveryFailed',
  data: { ...ref, attempt, error: 'HTTP 500', nextAttemptAt: at },
});
const dead: NotificationEvent = { type: 'NotificationDeadLettered', data: { ...ref, attempt: 2, error: 'HTTP 500' } };

const actor = (agency: string, agencyKind: DomainActor['agencyKind'], roles: DomainActor['roles'], jurisdiction = '350502'): DomainActor => ({
  user: `${agency}-u`,
  agency,
  agencyKind,
  level: 'district',
  jurisdiction,
  roles,
});
const police = actor('lc-police', 'member', ['unit_officer']);
const office = actor('lc-office', 'office', ['office_officer']);
const otherOffice = actor('fz-office', 'office', ['office_officer'], '350503');

describe('notification decider', () => {
  it('a request is appended once; asking again (a redelivered notice) appends nothing', () => {
    spec.given([]).when({ kind: 'RequestNotification', request }).then([requested]);
    spec
      .given([requested])
      .when({ kind: 'RequestNotification', request: { ...request, requestedAt: '2026-03-03T00:00:00.000Z' } })
      .thenNothing();
  });

  it('records each attempt and outcome once, by attempt number', () => {
    spec
      .given([requested])
      .when({ kind: 'RecordAttempt', target: 'webhook:oa', attempt: 1, at })
      .then([attempted(1)]);
    spec
      .given([requested, attempted(1)])
      .when({ kind: 'RecordAttempt', target: 'webhook:oa', attempt: 1, at })
      .thenNothing();
    spec
      .given([requested, attempted(1)])
      .when({ kind: 'RecordFailure', target: 'webhook:oa', attempt: 1, error: 'HTTP 500', nextAttemptAt: at, at })
      .then([failed(1)]);
    spec
      .given([requested, attempted(1), failed(1)])
      .when({ kind: 'RecordFailure', target: 'webhook:oa', attempt: 1, error: 'HTTP 500', nextAttemptAt: at, at })
      .thenNothing();
    spec
      .given([requested, attempted(1), failed(1), attempted(2)])
      .when({ kind: 'RecordFailure', target: 'webhook:oa', attempt: 2, error: 'HTTP 500', at })
      .then([dead]);
    spec
      .given([requested, attempted(1)])
      .when({ kind: 'RecordDelivered', target: 'webhook:oa', attempt: 1, response: 'HTTP 200', at })
      .then([{ type: 'NotificationDelivered', data: { ...ref, attempt: 1, response: 'HTTP 200' } }]);
  });

  it('a sent target takes no more attempts or outcomes', () => {
    const delivered: NotificationEvent = { type: 'NotificationDelivered', data: { ...ref, attempt: 1 } };
    spec
      .given([requested, attempted(1), delivered])
      .when({ kind: 'RecordAttempt', target: 'webhook:oa', attempt: 2, at })
      .thenNothing();
    spec
      .given([requested, attempted(1), delivered])
      .when({ kind: 'RecordFailure', target: 'webhook:oa', attempt: 2, error: 'x', at })
      .thenNothing();
  });

  it('replays a dead letter for the recipient or an office over it, and refuses a live one or anyone else', () => {
    const history = [requested, attempted(1), failed(1), attempted(2), dead];
    const replay = (by: DomainActor) => ({ kind: 'RequestReplay' as const, target: 'webhook:oa', actor: by, recipientJurisdiction: '350502', at });
    spec
      .given(history)
      .when(replay(police))
      .then([
        {
          type: 'NotificationReplayRequested',
          data: { messageId: 'm-1', target: 'webhook:oa', channel: 'webhook', by: { agency: 'lc-police', user: 'lc-police-u' }, at },
        },
      ]);
    spec
      .given(history)
      .when(replay(office))
      .then([
        {
          type: 'NotificationReplayRequested',
          data: { messageId: 'm-1', target: 'webhook:oa', channel: 'webhook', by: { agency: 'lc-office', user: 'lc-office-u' }, at },
        },
      ]);
    spec.given(history).when(replay(otherOffice)).thenThrows(ForbiddenError);
    // an admin acts only within its own office's reach, like the office's officers
    spec
      .given(history)
      .when(replay({ ...otherOffice, roles: ['admin'] }))
      .thenThrows(ForbiddenError);
    spec
      .given(history)
      .when(replay({ ...office, roles: ['admin'] }))
      .then([
        {
          type: 'NotificationReplayRequested',
          data: { messageId: 'm-1', target: 'webhook:oa', channel: 'webhook', by: { agency: 'lc-office', user: 'lc-office-u' }, at },
        },
      ]);
    spec
      .given(history)
      .when(replay({ ...office, roles: ['auditor'] }))
      .thenThrows(ForbiddenError);
    spec
      .given(history)
      .when(replay(actor('lc-market', 'member', ['unit_officer'])))
      .thenThrows(ForbiddenError);
    spec
      .given([requested, attempted(1), failed(1)])
      .when(replay(police))
      .thenThrows(InvalidTransitionError);
    spec
      .given(history)
      .when({ ...replay(police), target: 'webhook:nope' })
      .thenThrows(NotFoundError);
  });

  it('marks read once per user, only for the recipient agency (and role when named)', () => {
    spec
      .given([requested])
      .when({ kind: 'MarkRead', actor: police, at })
      .then([{ type: 'NotificationRead', data: { messageId: 'm-1', agency: 'lc-police', user: 'lc-police-u', at } }]);
    spec
      .given([requested, { type: 'NotificationRead', data: { messageId: 'm-1', agency: 'lc-police', user: 'lc-police-u', at } }])
      .when({ kind: 'MarkRead', actor: police, at })
      .thenNothing();
    spec.given([requested]).when({ kind: 'MarkRead', actor: office, at }).thenThrows(NotFoundError);
    const forConvener: NotificationEvent = {
      type: 'NotificationRequested',
      data: { ...request, recipient: { agency: 'lc-office', role: 'convener' } },
    };
    spec.given([forConvener]).when({ kind: 'MarkRead', actor: office, at }).thenThrows(NotFoundError);
    spec
      .given([forConvener])
      .when({ kind: 'MarkRead', actor: { ...office, roles: ['convener'] }, at })
      .then([{ type: 'NotificationRead', data: { messageId: 'm-1', agency: 'lc-office', user: 'lc-office-u', at } }]);
  });

  it('nothing is recorded for a message never requested, and an unknown target is named with the ones the message has', () => {
    spec.given([]).when({ kind: 'RecordAttempt', target: 'webhook:oa', attempt: 1, at }).thenThrows(NotFoundError);
    spec.given([]).when({ kind: 'MarkRead', actor: police, at }).thenThrows('message');
    spec
      .given([requested])
      .when({ kind: 'RecordDelivered', target: 'email:x', attempt: 1, at })
      .thenThrows('target email:x of message m-1 (it goes to: inbox, webhook:oa)');
  });

  it('an outcome is recorded once per attempt: a later attempt after a failure settles again; a dead target takes no more', () => {
    spec
      .given([requested, attempted(1), failed(1)])
      .when({ kind: 'RecordDelivered', target: 'webhook:oa', attempt: 1, at })
      .thenNothing();
    spec
      .given([requested, attempted(1), failed(1), attempted(2)])
      .when({ kind: 'RecordDelivered', target: 'webhook:oa', attempt: 2, at })
      .then([{ type: 'NotificationDelivered', data: { ...ref, attempt: 2 } }]);
    const history = [requested, attempted(1), failed(1), attempted(2), dead];
    spec.given(history).when({ kind: 'RecordAttempt', target: 'webhook:oa', attempt: 3, at }).thenNothing();
    spec.given(history).when({ kind: 'RecordFailure', target: 'webhook:oa', attempt: 3, error: 'x', at }).thenNothing();
    spec
      .given([requested, attempted(1), { type: 'NotificationDelivered', data: { ...ref, attempt: 1 } }])
      .when({ kind: 'RecordDelivered', target: 'webhook:oa', attempt: 2, at })
      .thenNothing();
  });

  it('a long response or error is kept to 500 or 1,000 characters', () => {
    spec
      .given([requested, attempted(1)])
      .when({ kind: 'RecordDelivered', target: 'webhook:oa', attempt: 1, response: 'r'.repeat(600), at })
      .then([{ type: 'NotificationDelivered', data: { ...ref, attempt: 1, response: 'r'.repeat(500) } }]);
    spec
      .given([requested, attempted(1)])
      .when({ kind: 'RecordFailure', target: 'webhook:oa', attempt: 1, error: 'e'.repeat(1200), at })
      .then([{ type: 'NotificationDeadLettered', data: { ...ref, attempt: 1, error: 'e'.repeat(1000) } }]);
  });

  it('a refused replay names who may replay; a replay of a target still retried says so', () => {
    const history = [requested, attempted(1), failed(1), attempted(2), dead];
    const replay = (by: DomainActor) => ({ kind: 'RequestReplay' as const, target: 'webhook:oa', actor: by, recipientJurisdiction: '350502', at });
    spec
      .given(history)
      .when(replay(otherOffice))
      .thenThrows('only the officers and admins of lc-police, or of an office over it, replay its dead letters; you act for fz-office');
    spec
      .given([requested, attempted(1), failed(1)])
      .when(replay(police))
      .thenThrows(/nothing: it is still being retried/);
    spec
      .given([requested])
      .when(replay(police))
      .thenThrows(/nothing: it is still being retried/);
  });

  it("who may replay: the recipient agency's own officers and admins, or those of an office over it; an admin elsewhere may not", () => {
    expect(mayReplay(actor('fz-office', 'office', ['admin'], '350503'), 'lc-police', '350502')).toBe(false);
    expect(mayReplay(actor('lc-office', 'office', ['admin'], '350502'), 'lc-police', '350502')).toBe(true);
    expect(mayReplay(actor('qz-office', 'office', ['office_officer'], '350500'), 'lc-police', '350502')).toBe(true);
    expect(mayReplay(actor('lc-office', 'office', ['analyst']), 'lc-police', '350502')).toBe(false);
    expect(mayReplay(actor('lc-office', 'member', ['office_officer']), 'lc-police', '350502')).toBe(false);
    expect(mayReplay(actor('lc-police', 'member', ['street_officer']), 'lc-police', '350502')).toBe(true);
    expect(mayReplay(actor('lc-police', 'member', ['auditor']), 'lc-police', '350502')).toBe(false);
    expect(isAddressedTo({ agency: 'lc-police' }, { agency: 'lc-police', roles: [] })).toBe(true);
    expect(isAddressedTo({ agency: 'lc-police', role: 'convener' }, { agency: 'lc-police', roles: ['unit_officer'] })).toBe(false);
    expect(isAddressedTo({ agency: 'lc-police', role: 'convener' }, { agency: 'lc-office', roles: ['convener'] })).toBe(false);
  });
});
