/** What the console publishes of an account (`account-<id>`): the events as stored (they hold no secret), with their contract version. */
import type { AccountContractEvent } from '@jm/contracts';
import { ACCOUNT_SCHEMA_VERSIONS, AccountEvent } from './account.events';

export function publishAccountEvent(event: AccountEvent): AccountContractEvent {
  return { type: event.type, version: ACCOUNT_SCHEMA_VERSIONS[event.type], data: event.data } as AccountContractEvent;
}
