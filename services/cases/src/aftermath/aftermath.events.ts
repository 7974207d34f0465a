/**
 * Events of the aftermath register `aftermath-<caseId>` (集资参与人/受害人登记):
 * the contract's (libs/contracts aftermath-contract-events.ts, person ids and
 * amounts only), except that the stored AftermathIdentitySealed carries the
 * person's sealed identity, which its publication leaves out.
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

export type AftermathIdentitySealedData = AftermathEventDataByType['AftermathIdentitySealed'] & { identity: SealedValue };

type Published = Exclude<keyof AftermathEventDataByType, 'AftermathIdentitySealed'>;
export type AftermathIdentitySealed = DomainEvent<'AftermathIdentitySealed', AftermathIdentitySealedData>;

export type AftermathEvent = { [K in Published]: DomainEvent<K, AftermathEventDataByType[K]> }[Published] | AftermathIdentitySealed;
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
