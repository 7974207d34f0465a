import { decodeChannelChoiceEvent } from '@jm/contracts';
import { CHANNEL_CHOICE_SCHEMA_VERSIONS, NotificationChannelsChosen } from './channel-choice.decider';
import { publishChannelChoiceEvent } from './channel-choice.publication';

describe('channel choice stream: the published choice is the stored one with each webhook by its id', () => {
  const stored: NotificationChannelsChosen = {
    type: 'NotificationChannelsChosen',
    data: {
      agency: 'lc-police',
      emails: ['duty@police.example'],
      webhooks: [{ id: 'oa', url: 'https://oa.example/hook?token=t0ken', secretEnv: 'JM_WEBHOOK_SECRET_OA' }],
      locale: 'en',
      by: { agency: 'lc-police', user: 'admin' },
      at: '2026-03-02T01:00:00.000Z',
    },
  };
  const version = CHANNEL_CHOICE_SCHEMA_VERSIONS.NotificationChannelsChosen;
  const published = publishChannelChoiceEvent(stored);

  it('publishes the choice at its contract version without the webhook address or secret name', () => {
    expect(published).toEqual({ type: 'NotificationChannelsChosen', version, data: { ...stored.data, webhooks: [{ id: 'oa' }] } });
    expect(JSON.stringify(published)).not.toMatch(/t0ken|JM_WEBHOOK_SECRET/);
  });

  it('agrees with the decoded stored event on everything else, and decodes itself', () => {
    const decoded = decodeChannelChoiceEvent({ ...stored, schemaVersion: version });
    expect({ ...published.data, webhooks: stored.data.webhooks }).toEqual(decoded.data);
    expect(decodeChannelChoiceEvent({ type: published.type, data: published.data, schemaVersion: published.version }).data).toBe(published.data);
  });
});
