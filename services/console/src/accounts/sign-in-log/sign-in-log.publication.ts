/** What the console publishes of failed sign-ins under unknown names (`sign-in-<day>`): as stored, with the contract version. */
import type { SignInLogContractEvent } from '@jm/contracts';
import { SIGN_IN_LOG_SCHEMA_VERSIONS, SignInLogEvent } from './sign-in-log.decider';

export function publishSignInLogEvent(event: SignInLogEvent): SignInLogContractEvent {
  return { type: event.type, version: SIGN_IN_LOG_SCHEMA_VERSIONS[event.type], data: event.data };
}
