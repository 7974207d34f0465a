import { NOTIFICATION_CONTRACT, NotificationRequestedData, decodeNotificationEvent } from '@jm/contracts';
import { storedAndPublished } from '@jm/contracts/testing';
import { publishNotificationEvent } from './notification.publication';
import { NOTIFICATION_EVENT_SCHEMA_VERSIONS, NotificationEvent } from './notification.events';

// The channels append every message event at its schema version of NOTIFICATION_EVENT_SCHEMA_VERSIONS.
const { NotificationRequested: requestedVersion, ...asStoredVersions } = NOTIFICATION_EVENT_SCHEMA_VERSIONS;

describe('notification stream: the decoded stored event is the published one', () => {
  it.each(
    storedAndPublished({
      schemaVersions: asStoredVersions,
      spec: NOTIFICATION_CONTRACT,
      decode: decodeNotificationEvent,
      publish: publishNotificationEvent,
    }),
  )('$type', ({ decoded, published }) => {
    expect(published).toBeDefined();
    expect(decoded).toEqual(published);
  });
});

describe('notification stream: a requested message leaves without its webhooks’ addresses and secret names', () => {
  const at = '2026-03-02T01:00:00.000Z';
  const request: NotificationRequestedData = {
    messageId: 'm-1',
    recipient: { agency: 'lc-police', role: 'unit_officer' },
    template: 'deadline_missed',
    params: { subjectKind: 'case', subjectId: 'C1', unit: 'lc-police', unitName: { 'zh-CN': '鲤城公安', en: 'Licheng police' }, dueAt: at },
    locale: 'zh-CN',
    targets: [
      { channel: 'inbox', key: 'inbox' },
      { channel: 'email', key: 'email', to: ['duty@police.example'] },
      { channel: 'webhook', key: 'webhook:oa', webhookId: 'oa', url: 'https://oa.example/hook?token=t0ken', secretEnv: 'JM_WEBHOOK_SECRET_OA' },
    ],
    source: { eventId: 'e-1', eventType: 'DeadlineMissed', streamId: 'deadline-k1' },
    requestedAt: at,
  };
  const stored: NotificationEvent = { type: 'NotificationRequested', data: request };
  const published = publishNotificationEvent(stored);

  it('publishes the request with each target by channel and key (a webhook by its id too)', () => {
    expect(published).toEqual({
      type: 'NotificationRequested',
      version: requestedVersion,
      data: {
        ...request,
        targets: [
          { channel: 'inbox', key: 'inbox' },
          { channel: 'email', key: 'email', to: ['duty@police.example'] },
          { channel: 'webhook', key: 'webhook:oa', webhookId: 'oa' },
        ],
      },
    });
    expect(JSON.stringify(published)).not.toMatch(/t0ken|JM_WEBHOOK_SECRET/);
  });

  it('agrees with the decoded stored event on everything else, and decodes itself', () => {
    const decoded = decodeNotificationEvent({ ...stored, schemaVersion: requestedVersion });
    expect({ ...published?.data, targets: request.targets }).toEqual(decoded.data);
    expect(decodeNotificationEvent({ type: 'NotificationRequested', data: published?.data, schemaVersion: published?.version }).data).toBe(
      published?.data,
    );
  });
});
