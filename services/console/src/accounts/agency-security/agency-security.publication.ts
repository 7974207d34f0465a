/** What the console publishes of an agency's sign-in policy (`agency-security-<agency>`): as stored, with its contract version. */
import type { AgencySecurityContractEvent } from '@jm/contracts';
import { AGENCY_SECURITY_SCHEMA_VERSIONS, AgencySecurityEvent } from './agency-security.decider';

export function publishAgencySecurityEvent(event: AgencySecurityEvent): AgencySecurityContractEvent {
  return { type: event.type, version: AGENCY_SECURITY_SCHEMA_VERSIONS[event.type], data: event.data };
}
