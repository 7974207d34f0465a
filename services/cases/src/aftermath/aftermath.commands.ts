/**
 * Commands of the aftermath register; each carries the time, the actor and the
 * case facts that decide who may act (the service reads them from the case).
 */
import type { DomainActor, SealedValue } from '@jm/contracts';
import type { Yuan } from '@jm/reference';
import type { AftermathRole } from './aftermath.events';

/** Who may act on a case's aftermath, from the case: its office, its lead and cooperating units and street, its region. */
export interface AftermathAccess {
  caseNo: string;
  jurisdiction: string;
  office: string;
  units: string[];
}

interface Base {
  at: string;
  actor: DomainActor;
  caseId: string;
  access: AftermathAccess;
}

export interface RegisterPerson extends Base {
  kind: 'RegisterPerson';
  personId: string;
  role: AftermathRole;
  /** The identity sealed with the person's own data key (the service seals it). */
  identity: SealedValue;
}

export interface RegisterClaim extends Base {
  kind: 'RegisterClaim';
  personId: string;
  claimId: string;
  amountYuan: Yuan;
  date: string;
  text?: string;
}

export interface RecordRefund extends Base {
  kind: 'RecordRefund';
  personId: string;
  refundId: string;
  amountYuan: Yuan;
  date: string;
  overClaimReason?: string;
}

export interface ReferPetition extends Base {
  kind: 'ReferPetition';
  petitionId: string;
  personIds: string[];
  referredTo: string;
  text: string;
}

export interface SupervisePetition extends Base {
  kind: 'SupervisePetition';
  petitionId: string;
  note: string;
}

export interface ClosePetition extends Base {
  kind: 'ClosePetition';
  petitionId: string;
  outcome: string;
}

export interface ShredPersonIdentity extends Base {
  kind: 'ShredPersonIdentity';
  personId: string;
  reason: string;
}

export type AftermathCommand =
  RegisterPerson | RegisterClaim | RecordRefund | ReferPetition | SupervisePetition | ClosePetition | ShredPersonIdentity;
export type AftermathCommandKind = AftermathCommand['kind'];
