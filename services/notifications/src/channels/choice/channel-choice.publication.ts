/**
 * What notifications publishes of an agency's channel choice (`notification-channels-<agency>`): the choice as
 * stored, with its contract version, each webhook by its id only (its address and the name of its secret's variable
 * stay in notifications).
 */
import type { ChannelChoiceContractEvent } from '@jm/contracts';
import type { ChannelChoiceEvent } from './channel-choice.decider';

export function publishChannelChoiceEvent(event: ChannelChoiceEvent): ChannelChoiceContractEvent {
  return { type: event.type, version: 1, data: { ...event.data, webhooks: event.data.webhooks.map(({ id }) => ({ id })) } };
}
