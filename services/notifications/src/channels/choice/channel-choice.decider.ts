/**
 * The stream `notification-channels-<agency>`: the channels an agency chose.
 * Only someone who acts for the agency (agency-scope.ts: its own officers and
 * admins, or an office over it) sets it; the content was validated before
 * (checkChoice), and choosing what is already chosen appends nothing.
 */
import { DomainActor } from '@jm/contracts';
import { Decider, ForbiddenError } from '@jm/event-sourcing';
import type { NotificationChannelsChosenData } from '@jm/contracts';
import type { DomainEvent } from '@jm/event-sourcing';
import { actsFor } from '../agency-scope';
import type { ChannelChoice } from '../channel-settings';

export type NotificationChannelsChosen = DomainEvent<'NotificationChannelsChosen', NotificationChannelsChosenData>;
export type ChannelChoiceEvent = NotificationChannelsChosen;
export const CHANNEL_CHOICE_SCHEMA_VERSIONS = { NotificationChannelsChosen: 1 } as const;

export interface ChooseChannels {
  kind: 'ChooseChannels';
  agency: string;
  /** The agency's jurisdiction (from the registry): an office over it may set its channels. */
  agencyJurisdiction: string;
  choice: ChannelChoice;
  actor: DomainActor;
  at: string;
}

/** undefined until the agency first chooses (the file's defaults apply). */
export type ChannelChoiceState = { chosen?: NotificationChannelsChosenData };

const same = (a: ChannelChoice, b: ChannelChoice): boolean =>
  JSON.stringify([a.emails, a.webhooks, a.locale]) === JSON.stringify([b.emails, b.webhooks, b.locale]);

export const channelChoiceDecider: Decider<ChooseChannels, ChannelChoiceState, ChannelChoiceEvent> = {
  initialState: () => ({}),
  evolve: (_state, event) => ({ chosen: event.data }),
  decide: (command, state) => {
    const { actor, agency, choice } = command;
    if (!actsFor(actor, { code: agency, jurisdiction: command.agencyJurisdiction })) {
      throw new ForbiddenError(
        `only the officers and admins of ${agency}, or of an office over it, set its notification channels; you act for ${actor.agency}`,
      );
    }
    if (state.chosen && same(state.chosen, choice)) return [];
    return [{ type: 'NotificationChannelsChosen', data: { agency, ...choice, by: { agency: actor.agency, user: actor.user }, at: command.at } }];
  },
};
