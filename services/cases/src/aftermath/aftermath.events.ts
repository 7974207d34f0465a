/**
 * Events of the aftermath register `aftermath-<caseId>` (集资参与人/受害人登记):
 * the published ones are the contract's (libs/contracts aftermath-contract-events.ts,
 * person ids and amounts only); AftermathIdentitySealed carries the person's
 * sealed identity and is stored, never published.
 */
import type { AftermathEventDataByType, SealedValue } from '@jm/contracts';
import type { DomainEvent } from '@jm/event-sourcing';

export type { AftermathRole } from '@jm/contracts';
export { AFTERMATH_ROLES } from '@jm/contracts';

/** What a person's identity holds, sealed with the person's own data key. */
export interface AftermathIdentity {
  name: string;
  idNumber: string;
  phone?: string;
}

export type AftermathIdentitySealedData = { caseId: string; personId: string; identity: SealedValue };

type Published = { [K in keyof AftermathEventDataByType]: DomainEvent<K, AftermathEventDataByType[K]> }[keyof AftermathEventDataByType];
export type AftermathIdentitySealed = DomainEvent<'AftermathIdentitySealed', AftermathIdentitySealedData>;

export type AftermathEvent = Published | AftermathIdentitySealed;
export type AftermathEventType = AftermathEvent['type'];

export const AFTERMATH_EVENT_SCHEMA_VERSIONS: Readonly<Record<AftermathEventType, number>> = {
  AftermathPersonRegistered: 1,
  AftermathIdentitySealed: 1,
  AftermathClaimRegistered: 1,
  AftermathRefundRecorded: 1,
  AftermathPetitionReferred: 1,
  AftermathPetitionSupervised: 1,
  AftermathPetitionClosed: 1,
  AftermathIdentityShredded: 1,
};
