/**
 * The aftermath register's part of the risk ledger (docs/reporting-ledgers.md):
 * the register's contract events (`aftermath-<caseId>`) folded into what the
 * ledger needs of it (per person the fen claimed and refunded, per petition
 * whether it is closed and whom it names; never an identity), and the ledger
 * columns that come from it. Where the register holds a kind of entry (claims,
 * refunds, petitions) its totals replace the case's legacy aggregate counts of
 * that kind, so nothing counts twice; where it holds none the legacy counts stay.
 */
import { AFTERMATH_STREAM_PREFIX, decodeAftermathEvent } from '@jm/contracts';
import { assertNever, ProjectionEvent } from '@jm/event-sourcing';
import type { RiskLedgerRow } from '../read-model/read-model.tables';
import { fenOf } from './lead-ledger.projection';

// Read once (see lead-ledger.projection.ts): the library barrels' re-export getters cost in a large fold.
const AFTERMATH_PREFIX = AFTERMATH_STREAM_PREFIX;
const decodeAftermath = decodeAftermathEvent;

export interface RegisterFold {
  /** personId → [claimed fen, refunded fen]. */
  persons: Record<string, [number, number]>;
  /** petitionId → closed or not, and the registered persons it names. */
  petitions: Record<string, { closed: boolean; persons: string[] }>;
}

export const isRegisterStream = (streamId: string): boolean => streamId.startsWith(AFTERMATH_PREFIX);

export const emptyRegister = (): RegisterFold => ({ persons: {}, petitions: {} });

/** A copy the caller may change (entries are replaced, never changed in place). */
export const copyRegister = (r: RegisterFold): RegisterFold => ({ persons: { ...r.persons }, petitions: { ...r.petitions } });

/** Folds one event of the register stream into `register` (changed in place). */
export function foldRegister(register: RegisterFold, event: ProjectionEvent): void {
  const e = decodeAftermath(event);
  const { persons, petitions } = register;
  switch (e.type) {
    case 'AftermathPersonRegistered':
      persons[e.data.personId] ??= [0, 0];
      return;
    case 'AftermathClaimRegistered': {
      const [claimed, refunded] = persons[e.data.personId] ?? [0, 0];
      persons[e.data.personId] = [claimed + (fenOf(e.data.amountYuan) ?? 0), refunded];
      return;
    }
    case 'AftermathRefundRecorded': {
      const [claimed, refunded] = persons[e.data.personId] ?? [0, 0];
      persons[e.data.personId] = [claimed, refunded + (fenOf(e.data.amountYuan) ?? 0)];
      return;
    }
    case 'AftermathPetitionReferred':
      petitions[e.data.petitionId] ??= { closed: false, persons: e.data.personIds ?? [] };
      return;
    case 'AftermathPetitionClosed': {
      const petition = petitions[e.data.petitionId];
      if (petition) petitions[e.data.petitionId] = { ...petition, closed: true };
      return;
    }
    // Supervision keeps a petition open; a shredded identity keeps its amounts; identities are not the ledger's.
    case 'AftermathIdentitySealed':
    case 'AftermathPetitionSupervised':
    case 'AftermathIdentityShredded':
      return;
    default:
      assertNever(e, 'aftermath event');
  }
}

/** Writes the register's columns into `row`, and its totals over the legacy counts of each kind it holds. */
export function applyRegister(row: RiskLedgerRow, register: RegisterFold): void {
  const persons = Object.values(register.persons);
  const petitions = Object.values(register.petitions);
  const claimants = persons.filter(([claimed]) => claimed > 0);
  const refunded = persons.filter(([, amount]) => amount > 0);
  row.registerPersons = persons.length;
  row.personsRefunded = refunded.length;
  row.petitionsOpen = petitions.filter((p) => !p.closed).length;
  row.petitionsClosed = petitions.length - row.petitionsOpen;
  if (claimants.length > 0) {
    row.claimants = claimants.length;
    row.amountClaimedFen = claimants.reduce((sum, [claimed]) => sum + claimed, 0);
  }
  if (refunded.length > 0) row.amountRefundedFen = refunded.reduce((sum, [, amount]) => sum + amount, 0);
  if (petitions.length > 0) {
    row.petitions = petitions.length;
    row.petitioners = new Set(petitions.flatMap((p) => p.persons)).size;
  }
}
