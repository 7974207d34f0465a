/**
 * The stream `agency-security-<agency>`: an agency's sign-in policy (whether its accounts must use TOTP).
 * Who may set it (an admin over the agency) is checked before; setting what is already set appends nothing.
 */
import type { AccountActorRef, AgencySecurityPolicySetData } from '@jm/contracts';
import type { Decider, DomainEvent } from '@jm/event-sourcing';

export type AgencySecurityPolicySet = DomainEvent<'AgencySecurityPolicySet', AgencySecurityPolicySetData>;
export type AgencySecurityEvent = AgencySecurityPolicySet;
export const AGENCY_SECURITY_SCHEMA_VERSIONS = { AgencySecurityPolicySet: 1 } as const;

export interface SetAgencySecurity {
  kind: 'SetAgencySecurity';
  agency: string;
  jurisdiction: string;
  totpRequired: boolean;
  by: AccountActorRef;
  at: string;
}

export interface AgencySecurityState {
  totpRequired: boolean;
}

export const agencySecurityDecider: Decider<SetAgencySecurity, AgencySecurityState, AgencySecurityEvent> = {
  initialState: () => ({ totpRequired: false }),
  evolve: (_state, event) => ({ totpRequired: event.data.totpRequired }),
  decide: (command, state) => {
    if (command.totpRequired === state.totpRequired) return [];
    const { agency, jurisdiction, totpRequired, by, at } = command;
    return [{ type: 'AgencySecurityPolicySet', data: { agency, jurisdiction, totpRequired, by, at } }];
  },
};
