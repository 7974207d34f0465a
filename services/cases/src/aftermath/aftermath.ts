/**
 * State of a case's aftermath register and its evolve: the persons (role, sealed
 * identity, claims and refunds with their totals) and the petitions
 * (referred → supervised → closed). The totals are what the risk ledger shows.
 */
import type { SealedValue } from '@jm/contracts';
import { assertNever } from '@jm/event-sourcing';
import { addYuan, Yuan } from '@jm/reference';
import type { AftermathEvent, AftermathRole } from './aftermath.events';

export interface AftermathEntry {
  id: string;
  amountYuan: Yuan;
  date: string;
  by: string;
  note?: string;
}

export interface AftermathPerson {
  personId: string;
  role: AftermathRole;
  /** Absent until sealed; kept after shredding (unreadable then). */
  identity?: SealedValue;
  shredded: boolean;
  claims: AftermathEntry[];
  refunds: AftermathEntry[];
  claimedYuan: Yuan;
  refundedYuan: Yuan;
}

export const PETITION_STATUSES = ['referred', 'supervised', 'closed'] as const;
export type PetitionStatus = (typeof PETITION_STATUSES)[number];

export interface AftermathPetition {
  petitionId: string;
  personIds: string[];
  referredTo: string;
  referredBy: string;
  text: string;
  status: PetitionStatus;
  supervision: { by: string; note: string }[];
  outcome?: string;
}

export interface AftermathState {
  caseId?: string;
  persons: Record<string, AftermathPerson>;
  petitions: Record<string, AftermathPetition>;
}

export const initialAftermathState = (): AftermathState => ({ persons: {}, petitions: {} });

function withPerson(state: AftermathState, personId: string, change: (p: AftermathPerson) => AftermathPerson): AftermathState {
  const person = state.persons[personId];
  return person ? { ...state, persons: { ...state.persons, [personId]: change(person) } } : state;
}

function withPetition(state: AftermathState, petitionId: string, change: (p: AftermathPetition) => AftermathPetition): AftermathState {
  const petition = state.petitions[petitionId];
  return petition ? { ...state, petitions: { ...state.petitions, [petitionId]: change(petition) } } : state;
}

export function evolveAftermath(state: AftermathState, event: AftermathEvent): AftermathState {
  switch (event.type) {
    case 'AftermathPersonRegistered': {
      const d = event.data;
      if (state.persons[d.personId]) return state;
      const person: AftermathPerson = {
        personId: d.personId,
        role: d.role,
        shredded: false,
        claims: [],
        refunds: [],
        claimedYuan: '0.00',
        refundedYuan: '0.00',
      };
      return { ...state, caseId: d.caseId, persons: { ...state.persons, [d.personId]: person } };
    }
    case 'AftermathIdentitySealed':
      return withPerson(state, event.data.personId, (p) => ({ ...p, identity: event.data.identity }));
    case 'AftermathClaimRegistered': {
      const d = event.data;
      const claim: AftermathEntry = { id: d.claimId, amountYuan: d.amountYuan, date: d.date, by: d.by, ...(d.text ? { note: d.text } : {}) };
      return withPerson(state, d.personId, (p) => ({ ...p, claims: [...p.claims, claim], claimedYuan: addYuan(p.claimedYuan, d.amountYuan) }));
    }
    case 'AftermathRefundRecorded': {
      const d = event.data;
      const refund: AftermathEntry = {
        id: d.refundId,
        amountYuan: d.amountYuan,
        date: d.date,
        by: d.by,
        ...(d.overClaimReason ? { note: d.overClaimReason } : {}),
      };
      return withPerson(state, d.personId, (p) => ({ ...p, refunds: [...p.refunds, refund], refundedYuan: addYuan(p.refundedYuan, d.amountYuan) }));
    }
    case 'AftermathIdentityShredded':
      return withPerson(state, event.data.personId, (p) => ({ ...p, shredded: true }));
    case 'AftermathPetitionReferred': {
      const d = event.data;
      if (state.petitions[d.petitionId]) return state;
      const petition: AftermathPetition = {
        petitionId: d.petitionId,
        personIds: d.personIds,
        referredTo: d.referredTo,
        referredBy: d.by,
        text: d.text,
        status: 'referred',
        supervision: [],
      };
      return { ...state, caseId: d.caseId, petitions: { ...state.petitions, [d.petitionId]: petition } };
    }
    case 'AftermathPetitionSupervised': {
      const d = event.data;
      return withPetition(state, d.petitionId, (p) => ({ ...p, status: 'supervised', supervision: [...p.supervision, { by: d.by, note: d.note }] }));
    }
    case 'AftermathPetitionClosed':
      return withPetition(state, event.data.petitionId, (p) => ({ ...p, status: 'closed', outcome: event.data.outcome }));
    default:
      return assertNever(event, 'aftermath event');
  }
}

/** The register's totals: what the risk ledger and the register view show. */
export interface AftermathTotals {
  persons: number;
  claimants: number;
  claimedYuan: Yuan;
  refundedYuan: Yuan;
  personsRefunded: number;
  petitionsOpen: number;
  petitionsClosed: number;
}

export function aftermathTotals(state: AftermathState): AftermathTotals {
  const persons = Object.values(state.persons);
  const petitions = Object.values(state.petitions);
  return {
    persons: persons.length,
    claimants: persons.filter((p) => p.claims.length > 0).length,
    claimedYuan: addYuan('0', ...persons.map((p) => p.claimedYuan)),
    refundedYuan: addYuan('0', ...persons.map((p) => p.refundedYuan)),
    personsRefunded: persons.filter((p) => p.refunds.length > 0).length,
    petitionsOpen: petitions.filter((p) => p.status !== 'closed').length,
    petitionsClosed: petitions.filter((p) => p.status === 'closed').length,
  };
}
