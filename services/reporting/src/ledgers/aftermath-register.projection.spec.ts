/**
 * The risk ledger with the aftermath register: the register's totals, over the
 * legacy counts of each kind it holds and beside them where it holds none; the
 * same row for any interleaving of the case and register streams (Kafka keeps
 * only each stream's order), a register read before its case's CaseOpened
 * included; redeliveries change nothing; the in-place fold gives the same row.
 */
import type { CaseOpenedData } from '@jm/contracts';
import type { ProjectionEvent } from '@jm/event-sourcing';
import { storedEvent } from '@jm/event-sourcing/testing';
import type { RiskLedgerRow } from '../read-model/read-model.tables';
import { evolveRiskLedger, foldRiskDraft, RiskLedgerDraft, riskLedgerRow } from './risk-ledger.projection';

const CASE = 'C-after';
const opened: CaseOpenedData & { by: string } = {
  caseId: CASE,
  caseNo: 'CASE-350502-2026-0009',
  title: '某公司涉嫌非法集资',
  leadIds: ['L1'],
  category: 'illegal_fundraising',
  field: 'pension',
  jurisdiction: '350502',
  street: 'lc-st-haibin',
  office: 'lc-office',
  leadUnit: 'lc-social-affairs',
  cooperatingUnits: [],
  subjects: [],
  matchKeys: [],
  amountYuan: '3500000',
  by: 'lc-office',
};

let minute = 0;
function streamOf(prefix: string) {
  let version = 0;
  return (type: string, data: object): ProjectionEvent =>
    storedEvent(`${prefix}-${CASE}`, {
      type,
      data: { caseId: CASE, by: 'lc-office', ...data },
      streamVersion: version++,
      time: new Date(Date.UTC(2026, 2, 2, 1, minute++)).toISOString(),
    });
}

const c = streamOf('case');
const a = streamOf('aftermath');
const caseEvents = [
  c('CaseOpened', opened),
  c('VictimClaimsRecorded', { claimants: 40, amountYuan: '900000' }),
  c('PetitionRecorded', { petitioners: 12, text: '集体上访' }),
  c('AdministrativeMeasureTaken', { measure: 'supervised_refund', amountYuan: '10000', text: '责令清退' }),
];
const register = [
  a('AftermathPersonRegistered', { personId: 'P1', role: 'victim' }),
  a('AftermathPersonRegistered', { personId: 'P2', role: 'participant' }),
  a('AftermathClaimRegistered', { personId: 'P1', claimId: 'K1', amountYuan: '100000.00', date: '2026-03-01' }),
  a('AftermathClaimRegistered', { personId: 'P2', claimId: 'K2', amountYuan: '50000.50', date: '2026-03-01' }),
  a('AftermathRefundRecorded', { personId: 'P1', refundId: 'R1', amountYuan: '30000.00', date: '2026-03-02' }),
  a('AftermathIdentityShredded', { personId: 'P1', reason: '本人申请' }),
];

const fold = (events: ProjectionEvent[]): RiskLedgerRow | undefined =>
  events.reduce<RiskLedgerRow | undefined>((row, e) => evolveRiskLedger(row, e), undefined);
const foldInPlace = (events: ProjectionEvent[]): RiskLedgerRow => {
  let draft: RiskLedgerDraft | undefined;
  for (const e of events) draft = foldRiskDraft(draft, e) ?? draft;
  return riskLedgerRow(draft!);
};

describe('risk ledger: the aftermath register', () => {
  it('without a register the legacy counts stand and the register columns are null', () => {
    expect(fold(caseEvents)).toMatchObject({
      claimants: 40,
      amountClaimedFen: 90_000_000,
      amountRefundedFen: 1_000_000,
      petitions: 1,
      petitioners: 12,
      registerPersons: null,
      registerVersion: null,
    });
  });

  it('the register’s claims and refunds replace the legacy ones; petitions it does not hold stay legacy; shredding keeps amounts', () => {
    expect(fold([...caseEvents, ...register])).toMatchObject({
      claimants: 2,
      amountClaimedFen: 15_000_050,
      amountRefundedFen: 3_000_000,
      registerPersons: 2,
      personsRefunded: 1,
      petitions: 1,
      petitioners: 12,
      petitionsOpen: 0,
      petitionsClosed: 0,
      registerVersion: 5,
    });
  });

  it('petitions referred through the register replace the legacy petition counts; closed ones are counted apart', () => {
    const petitions = [
      a('AftermathPetitionReferred', { petitionId: 'Q1', personIds: ['P1', 'P2'], referredTo: 'lc-finance', text: '要求退款' }),
      a('AftermathPetitionSupervised', { petitionId: 'Q1', note: '限期答复' }),
      a('AftermathPetitionReferred', { petitionId: 'Q2', personIds: ['P1'], referredTo: 'lc-finance', text: '再次来访' }),
      a('AftermathPetitionClosed', { petitionId: 'Q1', outcome: '已答复' }),
    ];
    expect(fold([...caseEvents, ...register, ...petitions])).toMatchObject({ petitions: 2, petitioners: 2, petitionsOpen: 1, petitionsClosed: 1 });
  });

  it('gives the same row for any interleaving of the two streams, a register before CaseOpened included, and in place', () => {
    const expected = fold([...caseEvents, ...register]);
    const orders = [
      [...register, ...caseEvents],
      [register[0], caseEvents[0], register[1], caseEvents[1], ...register.slice(2), ...caseEvents.slice(2)],
      [caseEvents[0], ...register.slice(0, 3), ...caseEvents.slice(1), ...register.slice(3)],
    ];
    for (const order of orders) {
      expect(fold(order)).toEqual(expected);
      expect(foldInPlace(order)).toEqual(expected);
    }
  });

  it('a register read before its CaseOpened is a row of the register alone (status none), completed by CaseOpened', () => {
    const early = fold(register.slice(0, 3));
    expect(early).toMatchObject({ caseId: CASE, status: 'none', title: '', registerPersons: 2, claimants: 1, version: -1, registerVersion: 2 });
    expect(evolveRiskLedger(early, caseEvents[0])).toMatchObject({ status: 'investigating', title: opened.title, registerPersons: 2, claimants: 1 });
  });

  it('a redelivered register event changes nothing', () => {
    const row = fold([...caseEvents, ...register]);
    expect(evolveRiskLedger(row, register[2])).toBe(row);
  });
});
