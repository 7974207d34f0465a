/** Every transition of the aftermath register and its refusals, given/when/then. */
import { DomainRuleError, fold, ForbiddenError, InvalidTransitionError, NotFoundError } from '@jm/event-sourcing';
import { deciderSpec } from '@jm/event-sourcing/testing';
import { lcAnalyst, lcFinance, lcHaibin, lcLetters, lcMarket, lcOffice, lcPolice } from '../testing/case.fixtures';
import type { AftermathAccess, AftermathCommand } from './aftermath.commands';
import { aftermathDecider } from './aftermath.decider';
import type { AftermathEvent } from './aftermath.events';
import { aftermathTotals } from './aftermath';

const spec = deciderSpec(aftermathDecider);
const at = '2026-06-01T02:00:00.000Z';
const access: AftermathAccess = { caseNo: 'CASE-1', jurisdiction: '350502', office: 'lc-office', units: ['lc-finance', 'lc-market', 'lc-st-haibin'] };
const base = { at, actor: lcFinance, caseId: 'C1', access };
const sealed = { alg: 'AES-256-GCM' as const, keyId: 'aftermath-P1', iv: 'i', tag: 't', ciphertext: 'c' };

const register: AftermathCommand = { ...base, kind: 'RegisterPerson', personId: 'P1', role: 'victim', identity: sealed };
const registered: AftermathEvent[] = [
  { type: 'AftermathPersonRegistered', data: { caseId: 'C1', by: 'lc-finance', personId: 'P1', role: 'victim' } },
  { type: 'AftermathIdentitySealed', data: { caseId: 'C1', personId: 'P1', identity: sealed } },
];
const claim: AftermathCommand = { ...base, kind: 'RegisterClaim', personId: 'P1', claimId: 'K1', amountYuan: '100000', date: '2026-05-01' };
const claimed: AftermathEvent = {
  type: 'AftermathClaimRegistered',
  data: { caseId: 'C1', by: 'lc-finance', personId: 'P1', claimId: 'K1', amountYuan: '100000.00', date: '2026-05-01' },
};
const refund: AftermathCommand = { ...base, kind: 'RecordRefund', personId: 'P1', refundId: 'R1', amountYuan: '30000', date: '2026-05-20' };
const refunded: AftermathEvent = {
  type: 'AftermathRefundRecorded',
  data: { caseId: 'C1', by: 'lc-finance', personId: 'P1', refundId: 'R1', amountYuan: '30000.00', date: '2026-05-20' },
};
const refer: AftermathCommand = {
  ...base,
  actor: lcLetters,
  kind: 'ReferPetition',
  petitionId: 'Q1',
  personIds: ['P1'],
  referredTo: 'lc-finance',
  text: '要求退款',
};
const referred: AftermathEvent = {
  type: 'AftermathPetitionReferred',
  data: { caseId: 'C1', by: 'lc-letters', petitionId: 'Q1', personIds: ['P1'], referredTo: 'lc-finance', text: '要求退款' },
};
const supervise: AftermathCommand = { ...base, actor: lcOffice, kind: 'SupervisePetition', petitionId: 'Q1', note: '限期答复' };
const supervised: AftermathEvent = {
  type: 'AftermathPetitionSupervised',
  data: { caseId: 'C1', by: 'lc-office', petitionId: 'Q1', note: '限期答复' },
};
const close: AftermathCommand = { ...base, kind: 'ClosePetition', petitionId: 'Q1', outcome: '已答复，群众满意' };
const closed: AftermathEvent = {
  type: 'AftermathPetitionClosed',
  data: { caseId: 'C1', by: 'lc-finance', petitionId: 'Q1', outcome: '已答复，群众满意' },
};
const shred: AftermathCommand = { ...base, actor: lcOffice, kind: 'ShredPersonIdentity', personId: 'P1', reason: '本人申请删除' };
const shredded: AftermathEvent = {
  type: 'AftermathIdentityShredded',
  data: { caseId: 'C1', by: 'lc-office', personId: 'P1', reason: '本人申请删除' },
};

describe('aftermath register decider', () => {
  describe('RegisterPerson', () => {
    it('registers the person and stores the sealed identity apart', () => spec.given([]).when(register).then(registered));
    it('the office, each of the case’s units and its street may register', () => {
      for (const actor of [lcOffice, lcMarket, lcHaibin]) {
        spec
          .given([])
          .when({ ...register, actor })
          .then([{ ...registered[0], data: { ...registered[0].data, by: actor.agency } } as AftermathEvent, registered[1]]);
      }
    });
    it('a unit outside the case, an analyst or a letters bureau may not', () => {
      for (const actor of [lcPolice, lcAnalyst, lcLetters])
        spec
          .given([])
          .when({ ...register, actor })
          .thenThrows(ForbiddenError);
    });
    it('the same person id again changes nothing', () => spec.given(registered).when(register).thenNothing());
  });

  describe('RegisterClaim', () => {
    it('registers the claim with its normalised amount', () => spec.given(registered).when(claim).then([claimed]));
    it('a claim id seen before changes nothing', () =>
      spec
        .given([...registered, claimed])
        .when(claim)
        .thenNothing());
    it('refuses an unknown person (404), a non-positive amount, a future date and an outsider', () => {
      spec.given([]).when(claim).thenThrows(NotFoundError);
      spec
        .given(registered)
        .when({ ...claim, amountYuan: '0' } as AftermathCommand)
        .thenThrows(DomainRuleError);
      spec
        .given(registered)
        .when({ ...claim, date: '2026-06-02' } as AftermathCommand)
        .thenThrows(/later than today/);
      spec
        .given(registered)
        .when({ ...claim, actor: lcPolice })
        .thenThrows(ForbiddenError);
    });
  });

  describe('RecordRefund', () => {
    it('records a refund within the person’s claims', () =>
      spec
        .given([...registered, claimed])
        .when(refund)
        .then([refunded]));
    it('refuses refunds beyond the claims without a reason, records them with one', () => {
      const big = { ...refund, amountYuan: '100000.01' } as AftermathCommand;
      spec
        .given([...registered, claimed])
        .when(big)
        .thenThrows(/more than the registered claims/);
      spec.given(registered).when(refund).thenThrows(DomainRuleError);
      spec
        .given([...registered, claimed])
        .when({ ...big, overClaimReason: ' 法院判决含利息 ' } as AftermathCommand)
        .then([{ ...refunded, data: { ...refunded.data, amountYuan: '100000.01', overClaimReason: '法院判决含利息' } } as AftermathEvent]);
    });
    it('a refund id seen before changes nothing; an outsider is refused', () => {
      spec
        .given([...registered, claimed, refunded])
        .when(refund)
        .thenNothing();
      spec
        .given([...registered, claimed])
        .when({ ...refund, actor: lcPolice })
        .thenThrows(ForbiddenError);
    });
  });

  describe('petitions: referred → supervised → closed', () => {
    it('a letters-and-visits bureau refers (转办), the office supervises (督办), a unit closes (闭环)', () => {
      spec.given(registered).when(refer).then([referred]);
      spec
        .given([...registered, referred])
        .when(supervise)
        .then([supervised]);
      spec
        .given([...registered, referred, supervised])
        .when(supervise)
        .then([supervised]);
      spec
        .given([...registered, referred, supervised])
        .when(close)
        .then([closed]);
      spec
        .given([...registered, referred])
        .when(close)
        .then([closed]);
    });
    it('refuses a petition naming an unregistered person, an outsider, and the bureau of another region', () => {
      spec.given([]).when(refer).thenThrows(NotFoundError);
      spec
        .given(registered)
        .when({ ...refer, actor: { ...lcLetters, jurisdiction: '350503' } })
        .thenThrows(ForbiddenError);
      spec
        .given(registered)
        .when({ ...refer, actor: lcPolice })
        .thenThrows(ForbiddenError);
      spec
        .given([...registered, referred])
        .when({ ...supervise, actor: lcAnalyst })
        .thenThrows(ForbiddenError);
    });
    it('a closed petition is not supervised again (409); the same closure again changes nothing', () => {
      spec
        .given([...registered, referred, closed])
        .when(supervise)
        .thenThrows(InvalidTransitionError);
      spec
        .given([...registered, referred, closed])
        .when({ ...close, outcome: '另一结果' } as AftermathCommand)
        .thenThrows(InvalidTransitionError);
      spec
        .given([...registered, referred, closed])
        .when(close)
        .thenNothing();
      spec.given([]).when(supervise).thenThrows(NotFoundError);
    });
    it('a referral with the same id again changes nothing', () =>
      spec
        .given([...registered, referred])
        .when(refer)
        .thenNothing());
  });

  describe('ShredPersonIdentity', () => {
    it('only the case’s office shreds; a second time changes nothing', () => {
      spec.given(registered).when(shred).then([shredded]);
      spec
        .given([...registered, shredded])
        .when(shred)
        .thenNothing();
      spec
        .given(registered)
        .when({ ...shred, actor: lcFinance })
        .thenThrows(ForbiddenError);
      spec.given([]).when(shred).thenThrows(NotFoundError);
    });
  });

  it('the totals: persons, claims, refunds and persons refunded, petitions open and closed; shredding keeps the amounts', () => {
    const second: AftermathEvent[] = [
      { type: 'AftermathPersonRegistered', data: { caseId: 'C1', by: 'lc-finance', personId: 'P2', role: 'participant' } },
      { ...claimed, data: { ...claimed.data, personId: 'P2', claimId: 'K2', amountYuan: '50000.50' } } as AftermathEvent,
      { ...referred, data: { ...referred.data, petitionId: 'Q2' } } as AftermathEvent,
    ];
    const state = fold(aftermathDecider, [...registered, claimed, refunded, referred, closed, ...second, shredded]);
    expect(aftermathTotals(state)).toEqual({
      persons: 2,
      claimants: 2,
      claimedYuan: '150000.50',
      refundedYuan: '30000.00',
      personsRefunded: 1,
      petitionsOpen: 1,
      petitionsClosed: 1,
    });
    expect(state.persons.P1.shredded).toBe(true);
  });
});
