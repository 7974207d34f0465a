/**
 * The stream `notification-channels-<agency>`: the channels an agency chose.
 * Only the agency's own officer, or an admin, sets it; the content was
 * validated before (checkChoice), and choosing what is already chosen appends
 * nothing.
 */
import { Decider, DomainActor, ForbiddenError, hasRole } from '@jm/shared';
import type { DomainEvent, NotificationChannelsChosenData } from '@jm/shared';
import type { ChannelChoice } from '../channel-settings';

export type NotificationChannelsChosen = DomainEvent<'NotificationChannelsChosen', NotificationChannelsChosenData>;
export type ChannelChoiceEvent = NotificationChannelsChosen;
export const CHANNEL_CHOICE_SCHEMA_VERSIONS = { NotificationChannelsChosen: 1 } as const;

export interface ChooseChannels {
  kind: 'ChooseChannels';
  agency: string;
  choice: ChannelChoice;
  actor: DomainActor;
  at: string;
}

/** undefined until the agency first chooses (the file's defaults apply). */
export type ChannelChoiceState = { chosen?: NotificationChannelsChosenData };

/** The agency's own officers and admins read and set its channels. */
export function mayManageChannels(actor: DomainActor, agency: string): boolean {
  return hasRole(actor, 'admin') || (actor.agency === agency && hasRole(actor, 'office_officer', 'unit_officer', 'street_officer'));
}

const same = (a: ChannelChoice, b: ChannelChoice): boolean => JSON.stringify([a.emails, a.webhooks, a.locale]) === JSON.stringify([b.emails, b.webhooks, b.locale]);

export const channelChoiceDecider: Decider<ChooseChannels, ChannelChoiceState, ChannelChoiceEvent> = {
  initialState: () => ({}),
  evolve: (_state, event) => ({ chosen: event.data }),
  decide: (command, state) => {
    const { actor, agency, choice } = command;
    if (!mayManageChannels(actor, agency)) throw new ForbiddenError(`only an officer of ${agency} (or an admin) sets its notification channels; you act for ${actor.agency}`);
    if (state.chosen && same(state.chosen, choice)) return [];
    return [{ type: 'NotificationChannelsChosen', data: { agency, ...choice, by: { agency: actor.agency, user: actor.user }, at: command.at } }];
  },
};
