/** Who acts for an agency (channel settings, replays), role × agency, on the shipped registry; and the channel-choice decider enforcing it. */
import { resolve } from 'node:path';
import { toDomainActor } from '@jm/contracts';
import { ForbiddenError } from '@jm/event-sourcing';
import { AgencyRegistry } from '@jm/reference';
import type { Role } from '@jm/reference';
import { deciderSpec } from '@jm/event-sourcing/testing';
import { actsFor } from './agency-scope';
import { channelChoiceDecider } from './choice/channel-choice.decider';

const registry = AgencyRegistry.fromFile(resolve(__dirname, '../../../../config/agencies.json'));
const actor = (code: string, role: Role) => toDomainActor(registry.get(code)!, `${code}-u`, [role]);
const agency = (code: string) => registry.get(code)!;

describe('actsFor', () => {
  it.each<[string, Role, string, boolean]>([
    ['lc-police', 'unit_officer', 'lc-police', true],
    ['lc-police', 'analyst', 'lc-police', false],
    ['lc-police', 'auditor', 'lc-police', false],
    ['lc-st-haibin', 'street_officer', 'lc-st-haibin', true],
    ['lc-office', 'office_officer', 'lc-police', true],
    ['lc-office', 'admin', 'lc-police', true],
    ['lc-office', 'convener', 'lc-police', false],
    ['lc-office', 'admin', 'lc-office', true],
    ['qz-office', 'office_officer', 'lc-police', true],
    ['fj-office', 'admin', 'fz-office', true],
    ['lc-office', 'admin', 'fz-office', false],
    ['lc-office', 'office_officer', 'fz-police', false],
    ['lc-office', 'admin', 'qz-police', false],
    ['lc-market', 'unit_officer', 'lc-police', false],
    ['fz-police', 'unit_officer', 'fz-office', false],
    ['qz-police', 'unit_officer', 'lc-police', false],
  ])('%s %s acts for %s: %s', (caller, role, target, expected) => {
    expect(actsFor(actor(caller, role), agency(target))).toBe(expected);
  });
});

describe('channel-choice decider', () => {
  const spec = deciderSpec(channelChoiceDecider);
  const at = '2026-03-02T01:00:00.000Z';
  const choice = { emails: ['duty@fz.example.gov.cn'], webhooks: [], locale: 'zh-CN' as const };
  const choose = (by: ReturnType<typeof actor>) => ({
    kind: 'ChooseChannels' as const,
    agency: 'fz-office',
    agencyJurisdiction: '350503',
    choice,
    actor: by,
    at,
  });

  it("refuses another district's admin, and records the choice of the agency's own or the city's", () => {
    spec
      .given([])
      .when(choose(actor('lc-office', 'admin')))
      .thenThrows(ForbiddenError);
    spec
      .given([])
      .when(choose(actor('fz-office', 'office_officer')))
      .then([{ type: 'NotificationChannelsChosen', data: { agency: 'fz-office', ...choice, by: { agency: 'fz-office', user: 'fz-office-u' }, at } }]);
    spec
      .given([])
      .when(choose(actor('qz-office', 'admin')))
      .then([{ type: 'NotificationChannelsChosen', data: { agency: 'fz-office', ...choice, by: { agency: 'qz-office', user: 'qz-office-u' }, at } }]);
  });
});
