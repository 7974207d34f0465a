/** given/when/then for one periodic obligation: opened once, submitted once by its own unit (late after the due time or the miss), missed once. */
import { deciderSpec } from '@jm/shared/testing';
import { DomainActor, ForbiddenError, InvalidTransitionError } from '@jm/shared';
import { obligationDecider, OpenObligation } from './obligation.decider';
import type { ObligationEvent } from './obligation.events';

const spec = deciderSpec(obligationDecider);
const open: OpenObligation = {
  kind: 'OpenObligation', at: '2026-02-28T16:00:00.000Z', obligationId: 'monthly_risk_ledger.lc-st-haibin.2026-03', policyId: 'street-monthly-risk-ledger',
  obligationKind: 'monthly_risk_ledger', unit: 'lc-st-haibin', period: '2026-03', dueAt: '2026-04-05T16:00:00.000Z',
};
const due: ObligationEvent = { type: 'ObligationDue', data: { obligationId: open.obligationId, kind: 'monthly_risk_ledger', unit: 'lc-st-haibin', period: '2026-03', dueAt: open.dueAt, policyId: open.policyId } };
const street: DomainActor = { user: 'wang', agency: 'lc-st-haibin', agencyKind: 'street', level: 'district', jurisdiction: '350502', roles: ['street_officer'] };
const ids = { obligationId: open.obligationId, kind: 'monthly_risk_ledger' as const, unit: 'lc-st-haibin', period: '2026-03' };
const missed: ObligationEvent = { type: 'ObligationMissed', data: { ...ids, policyId: open.policyId, dueAt: open.dueAt, missedAt: '2026-04-05T16:00:30.000Z' } };

describe('obligation decider', () => {
  it('opens once', () => {
    spec.given([]).when(open).then([due]);
    spec.given([due]).when(open).thenNothing();
  });

  it('takes a submission from its own unit: on time before the due time, late after it or after the miss, and only once', () => {
    spec.given([due]).when({ kind: 'SubmitObligation', at: '2026-04-03T02:00:00.000Z', actor: street, reference: ' 台账-2026-03 ' }).then([
      { type: 'ObligationSubmitted', data: { ...ids, submittedAt: '2026-04-03T02:00:00.000Z', by: { agency: 'lc-st-haibin', user: 'wang' }, late: false, reference: '台账-2026-03' } },
    ]);
    spec.given([due]).when({ kind: 'SubmitObligation', at: '2026-04-05T16:00:01.000Z', actor: street }).then([
      { type: 'ObligationSubmitted', data: { ...ids, submittedAt: '2026-04-05T16:00:01.000Z', by: { agency: 'lc-st-haibin', user: 'wang' }, late: true } },
    ]);
    spec.given([due, missed]).when({ kind: 'SubmitObligation', at: '2026-04-07T02:00:00.000Z', actor: street }).then([
      { type: 'ObligationSubmitted', data: { ...ids, submittedAt: '2026-04-07T02:00:00.000Z', by: { agency: 'lc-st-haibin', user: 'wang' }, late: true } },
    ]);
    const submitted: ObligationEvent = { type: 'ObligationSubmitted', data: { ...ids, submittedAt: '2026-04-03T02:00:00.000Z', by: { agency: 'lc-st-haibin', user: 'wang' }, late: false } };
    spec.given([due, submitted]).when({ kind: 'SubmitObligation', at: '2026-04-04T02:00:00.000Z', actor: street }).thenThrows(InvalidTransitionError);
  });

  it('refuses another unit, an analyst, and an obligation that was never opened', () => {
    spec.given([due]).when({ kind: 'SubmitObligation', at: '2026-04-03T02:00:00.000Z', actor: { ...street, agency: 'lc-st-linjiang' } }).thenThrows(ForbiddenError);
    spec.given([due]).when({ kind: 'SubmitObligation', at: '2026-04-03T02:00:00.000Z', actor: { ...street, roles: ['analyst'] } }).thenThrows(ForbiddenError);
    spec.given([]).when({ kind: 'SubmitObligation', at: '2026-04-03T02:00:00.000Z', actor: street }).thenThrows(InvalidTransitionError);
  });

  it('is missed once, and only at or after the due time while nothing was submitted', () => {
    spec.given([due]).when({ kind: 'RecordObligationMissed', at: '2026-04-05T15:00:00.000Z' }).thenNothing();
    spec.given([due]).when({ kind: 'RecordObligationMissed', at: '2026-04-05T16:00:30.000Z' }).then([missed]);
    spec.given([due, missed]).when({ kind: 'RecordObligationMissed', at: '2026-04-06T16:00:30.000Z' }).thenNothing();
  });
});
