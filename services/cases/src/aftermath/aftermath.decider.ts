/**
 * Decides the aftermath register of a case (stream `aftermath-<caseId>`).
 * Who: the case's office officers and the officers of its lead and cooperating
 * units and street (the units that record aftermath on the case); petitions
 * also the letters-and-visits bureau of the case's region; shredding an identity only the office.
 * Refunds to a person never pass the person's registered claims unless the
 * refund says why (overClaimReason: interest, a court's order…), see
 * docs/aftermath-register.md. Pure: ids, time and the sealed identity come in the command.
 */
import type { DomainActor } from '@jm/contracts';
import { assertNever, Decider, DomainRuleError, InvalidTransitionError, NotFoundError } from '@jm/event-sourcing';
import { addYuan, compareYuan, normalizeYuan } from '@jm/reference';
import { actsFor, authorise, isLettersBureauOver, isOfficeOfficer } from '../case/case.policy';
import type { AftermathAccess, AftermathCommand } from './aftermath.commands';
import type { AftermathEvent } from './aftermath.events';
import { AftermathPerson, AftermathState, evolveAftermath, initialAftermathState } from './aftermath';

/** The office's officers and the acting officers of the case's units and street: they register, and they may open identities. */
export function mayKeepRegister(actor: DomainActor, access: AftermathAccess): boolean {
  return isOfficeOfficer(actor, access.office) || actsFor(actor, ...access.units);
}

const registerWho = (access: AftermathAccess) =>
  `an office officer of ${access.office} or an officer of the case's units or street (${access.units.join(', ')})`;

function mayHandlePetitions(actor: DomainActor, access: AftermathAccess): boolean {
  return mayKeepRegister(actor, access) || isLettersBureauOver(actor, access.jurisdiction);
}

/** Today's date in China (UTC+8) at an instant. */
const chinaDate = (at: string): string => new Date(Date.parse(at) + 8 * 3600 * 1000).toISOString().slice(0, 10);

function positive(amountYuan: string, what: string, caseNo: string): string {
  const amount = normalizeYuan(amountYuan);
  if (compareYuan(amount, '0') <= 0) throw new DomainRuleError(`amountYuan: case ${caseNo}: ${what} is a positive amount`);
  return amount;
}

function notInFuture(date: string, at: string): void {
  if (date > chinaDate(at)) throw new DomainRuleError(`date: ${date} is later than today (${chinaDate(at)})`);
}

function person(state: AftermathState, personId: string, caseId: string): AftermathPerson {
  const found = state.persons[personId];
  if (!found) throw new NotFoundError(`person ${personId} in the aftermath register of case ${caseId}`);
  return found;
}

function petitionOf(state: AftermathState, petitionId: string, caseId: string) {
  const found = state.petitions[petitionId];
  if (!found) throw new NotFoundError(`petition ${petitionId} in the aftermath register of case ${caseId}`);
  return found;
}

export function decideAftermath(c: AftermathCommand, state: AftermathState): AftermathEvent[] {
  const { access, caseId } = c;
  const by = c.actor.agency;
  switch (c.kind) {
    case 'RegisterPerson': {
      authorise(mayKeepRegister(c.actor, access), 'Registering a participant or victim', access, registerWho(access), c.actor);
      if (state.persons[c.personId]) return [];
      return [
        { type: 'AftermathPersonRegistered', data: { caseId, by, personId: c.personId, role: c.role } },
        { type: 'AftermathIdentitySealed', data: { caseId, personId: c.personId, identity: c.identity } },
      ];
    }
    case 'RegisterClaim': {
      authorise(mayKeepRegister(c.actor, access), 'Registering a claim', access, registerWho(access), c.actor);
      const p = person(state, c.personId, caseId);
      if (p.claims.some((claim) => claim.id === c.claimId)) return [];
      const amountYuan = positive(c.amountYuan, 'a claim', access.caseNo);
      notInFuture(c.date, c.at);
      return [
        {
          type: 'AftermathClaimRegistered',
          data: { caseId, by, personId: c.personId, claimId: c.claimId, amountYuan, date: c.date, ...(c.text ? { text: c.text } : {}) },
        },
      ];
    }
    case 'RecordRefund': {
      authorise(mayKeepRegister(c.actor, access), 'Recording a refund', access, registerWho(access), c.actor);
      const p = person(state, c.personId, caseId);
      if (p.refunds.some((refund) => refund.id === c.refundId)) return [];
      const amountYuan = positive(c.amountYuan, 'a refund', access.caseNo);
      notInFuture(c.date, c.at);
      const reason = c.overClaimReason?.trim();
      if (compareYuan(addYuan(p.refundedYuan, amountYuan), p.claimedYuan) > 0 && !reason) {
        throw new DomainRuleError(
          `amountYuan: refunds to ${c.personId} would reach ${addYuan(p.refundedYuan, amountYuan)} yuan, more than the registered claims (${p.claimedYuan}); register the claim first, or say why in overClaimReason`,
        );
      }
      return [
        {
          type: 'AftermathRefundRecorded',
          data: { caseId, by, personId: c.personId, refundId: c.refundId, amountYuan, date: c.date, ...(reason ? { overClaimReason: reason } : {}) },
        },
      ];
    }
    case 'ReferPetition': {
      authorise(
        mayHandlePetitions(c.actor, access),
        'Referring a petition',
        access,
        `${registerWho(access)} or a letters-and-visits bureau`,
        c.actor,
      );
      if (state.petitions[c.petitionId]) return [];
      for (const personId of c.personIds) person(state, personId, caseId);
      return [
        {
          type: 'AftermathPetitionReferred',
          data: { caseId, by, petitionId: c.petitionId, personIds: [...new Set(c.personIds)], referredTo: c.referredTo, text: c.text },
        },
      ];
    }
    case 'SupervisePetition':
    case 'ClosePetition': {
      const action = c.kind === 'SupervisePetition' ? 'Supervising a petition' : 'Closing a petition';
      authorise(mayHandlePetitions(c.actor, access), action, access, `${registerWho(access)} or a letters-and-visits bureau`, c.actor);
      const petition = petitionOf(state, c.petitionId, caseId);
      if (petition.status === 'closed') {
        if (c.kind === 'ClosePetition' && petition.outcome === c.outcome) return [];
        throw new InvalidTransitionError('petition', c.kind, petition.status, []);
      }
      return c.kind === 'SupervisePetition'
        ? [{ type: 'AftermathPetitionSupervised', data: { caseId, by, petitionId: c.petitionId, note: c.note } }]
        : [{ type: 'AftermathPetitionClosed', data: { caseId, by, petitionId: c.petitionId, outcome: c.outcome } }];
    }
    case 'ShredPersonIdentity': {
      authorise(isOfficeOfficer(c.actor, access.office), "Shredding a person's identity", access, `an office officer of ${access.office}`, c.actor);
      const p = person(state, c.personId, caseId);
      if (p.shredded) return [];
      return [{ type: 'AftermathIdentityShredded', data: { caseId, by, personId: c.personId, reason: c.reason } }];
    }
    default:
      return assertNever(c, 'aftermath command');
  }
}

export const aftermathDecider: Decider<AftermathCommand, AftermathState, AftermathEvent> = {
  decide: decideAftermath,
  evolve: evolveAftermath,
  initialState: initialAftermathState,
};
