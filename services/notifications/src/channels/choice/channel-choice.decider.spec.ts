/**
 * given/when/then for an agency's channel choice: its own officer sets it, a
 * choice equal to the current one appends nothing, any change appends, and a
 * unit of another agency is refused. (Who else may, by office jurisdiction, is
 * the access rule's: agency-scope.spec.ts.)
 */
import { deciderSpec } from '@jm/event-sourcing/testing';
import { DomainActor } from '@jm/contracts';
import { ForbiddenError } from '@jm/event-sourcing';
import { Role } from '@jm/reference';
import type { ChannelChoice } from '../channel-settings';
import { actsFor } from '../agency-scope';
import { ChooseChannels, channelChoiceDecider, NotificationChannelsChosen } from './channel-choice.decider';

const spec = deciderSpec(channelChoiceDecider);
const officer = (agency: string, roles: Role[] = ['unit_officer']): DomainActor => ({
  user: `${agency}-user`,
  agency,
  agencyKind: 'member',
  level: 'district',
  jurisdiction: '350502',
  roles,
});
const choice: ChannelChoice = { emails: ['duty@lc-market.example.cn'], webhooks: [], locale: 'zh-CN' };
const choose = (over: Partial<ChooseChannels> = {}): ChooseChannels => ({
  kind: 'ChooseChannels',
  agency: 'lc-market',
  agencyJurisdiction: '350502',
  choice,
  actor: officer('lc-market'),
  at: '2026-03-02T02:00:00.000Z',
  ...over,
});
const chosen = (c: ChannelChoice = choice): NotificationChannelsChosen => ({
  type: 'NotificationChannelsChosen',
  data: { agency: 'lc-market', ...c, by: { agency: 'lc-market', user: 'lc-market-user' }, at: '2026-03-02T02:00:00.000Z' },
});

describe('channel choice decider', () => {
  it('given no choice yet, when its own officer chooses, then the choice is recorded with who and when', () => {
    spec.given([]).when(choose()).then([chosen()]);
  });

  it('given a choice, when the same is chosen again, then nothing is appended', () => {
    spec
      .given([chosen()])
      .when(choose({ at: '2026-03-03T02:00:00.000Z' }))
      .thenNothing();
  });

  it('given a choice, when the emails, the webhooks or the locale change, then the new choice is recorded', () => {
    const emails = { ...choice, emails: ['other@lc-market.example.cn'] };
    const webhooks = { ...choice, webhooks: [{ url: 'https://hooks.example.cn/jm', secretEnv: 'JM_WEBHOOK_SECRET_LC' }] } as ChannelChoice;
    const locale: ChannelChoice = { ...choice, locale: 'en' };
    for (const next of [emails, webhooks, locale])
      spec
        .given([chosen()])
        .when(choose({ choice: next }))
        .then([chosen(next)]);
    // The latest choice is what counts: going back to the first one records it again.
    spec
      .given([chosen(), chosen(locale)])
      .when(choose())
      .then([chosen()]);
  });

  it('given any state, when an officer of another unit chooses, then it is refused naming both agencies, and nothing is recorded', () => {
    spec
      .given([])
      .when(choose({ actor: officer('lc-police') }))
      .thenThrows(ForbiddenError);
    spec
      .given([chosen()])
      .when(choose({ actor: officer('lc-police') }))
      .thenThrows('only the officers and admins of lc-market, or of an office over it, set its notification channels; you act for lc-police');
  });

  it('its own officers manage it whatever their casework role; an analyst or auditor of the agency does not', () => {
    const market = { code: 'lc-market', jurisdiction: '350502' };
    for (const role of ['office_officer', 'unit_officer', 'street_officer'] as Role[])
      expect(actsFor(officer('lc-market', [role]), market)).toBe(true);
    for (const role of ['analyst', 'auditor', 'convener'] as Role[]) expect(actsFor(officer('lc-market', [role]), market)).toBe(false);
    expect(actsFor(officer('lc-market', ['admin']), market)).toBe(true);
    expect(actsFor(officer('lc-police'), market)).toBe(false);
  });
});
