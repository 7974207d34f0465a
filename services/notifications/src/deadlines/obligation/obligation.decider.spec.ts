/** given/when/then for one periodic obligation: opened once, submitted once by its own unit (late after the due time or the miss), missed once. */
import { deciderSpec } from '@jm/event-sourcing/testing';
import { DomainActor } from '@jm/contracts';
import { ForbiddenError, InvalidTransitionError } from '@jm/event-sourcing';
import { evolveObligation, obligationDecider, OpenObligation } from './obligation.decider';
import type { ObligationEvent } from './obligation.events';

const spec = deciderSpec(obligationDecider);
const open: OpenObligation = {
  kind: 'OpenObligation',
  at: '2026-02-28T16:00:00.000Z',
  obligationId: 'monthly_risk_ledger.lc-st-haibin.2026-03',
  policyId: 'street-monthly-risk-ledger',
  obligationKind: 'monthly_risk_ledger',
  unit: 'lc-st-haibin',
  period: '2026-03',
  dueAt: '2026-04-05T16:00:00.000Z',
};
const due: ObligationEvent = {
  type: 'ObligationDue',
  data: {
    obligationId: open.obligationId,
    kind: 'monthly_risk_ledger',
    unit: 'lc-st-haibin',
    period: '2026-03',
    dueAt: open.dueAt,
    policyId: open.policyId,
  },
};
const street: DomainActor = {
  user: 'wang',
  agency: 'lc-st-haibin',
  agencyKind: 'street',
  level: 'district',
  jurisdiction: '350502',
  roles: ['street_officer'],
};
const ids = { obligationId: open.obligationId, kind: 'monthly_risk_ledger' as const, unit: 'lc-st-haibin', period: '2026-03' };
const missed: ObligationEvent = {
  type: 'ObligationMissed',
  data: { ...ids, policyId: open.policyId, dueAt: open.dueAt, missedAt: '2026-04-05T16:00:30.000Z' },
};

describe('obligation decider', () => {
  it('opens once', () => {
    spec.given([]).when(open).then([due]);
    spec.given([due]).when(open).thenNothing();
  });

  it('takes a submission from its own unit: on time before the due time, late after it or after the miss, and only once', () => {
    spec
      .given([due])
      .when({ kind: 'SubmitObligation', at: '2026-04-03T02:00:00.000Z', actor: street, reference: ' 台账-2026-03 ' })
      .then([
        {
          type: 'ObligationSubmitted',
          data: {
            ...ids,
            submittedAt: '2026-04-03T02:00:00.000Z',
            by: { agency: 'lc-st-haibin', user: 'wang' },
            late: false,
            reference: '台账-2026-03',
          },
        },
      ]);
    spec
      .given([due])
      .when({ kind: 'SubmitObligation', at: '2026-04-05T16:00:01.000Z', actor: street })
      .then([
        {
          type: 'ObligationSubmitted',
          data: { ...ids, submittedAt: '2026-04-05T16:00:01.000Z', by: { agency: 'lc-st-haibin', user: 'wang' }, late: true },
        },
      ]);
    spec
      .given([due, missed])
      .when({ kind: 'SubmitObligation', at: '2026-04-07T02:00:00.000Z', actor: street })
      .then([
        {
          type: 'ObligationSubmitted',
          data: { ...ids, submittedAt: '2026-04-07T02:00:00.000Z', by: { agency: 'lc-st-haibin', user: 'wang' }, late: true },
        },
      ]);
    const submitted: ObligationEvent = {
      type: 'ObligationSubmitted',
      data: { ...ids, submittedAt: '2026-04-03T02:00:00.000Z', by: { agency: 'lc-st-haibin', user: 'wang' }, late: false },
    };
    spec.given([due, submitted]).when({ kind: 'SubmitObligation', at: '2026-04-04T02:00:00.000Z', actor: street }).thenThrows(InvalidTransitionError);
  });

  it('refuses another unit, an analyst, and an obligation that was never opened', () => {
    spec
      .given([due])
      .when({ kind: 'SubmitObligation', at: '2026-04-03T02:00:00.000Z', actor: { ...street, agency: 'lc-st-linjiang' } })
      .thenThrows(ForbiddenError);
    spec
      .given([due])
      .when({ kind: 'SubmitObligation', at: '2026-04-03T02:00:00.000Z', actor: { ...street, roles: ['analyst'] } })
      .thenThrows(ForbiddenError);
    spec.given([]).when({ kind: 'SubmitObligation', at: '2026-04-03T02:00:00.000Z', actor: street }).thenThrows(InvalidTransitionError);
  });

  it('is missed once, and only at or after the due time while nothing was submitted', () => {
    spec.given([due]).when({ kind: 'RecordObligationMissed', at: '2026-04-05T15:00:00.000Z' }).thenNothing();
    spec.given([due]).when({ kind: 'RecordObligationMissed', at: '2026-04-05T16:00:30.000Z' }).then([missed]);
    spec.given([due, missed]).when({ kind: 'RecordObligationMissed', at: '2026-04-06T16:00:30.000Z' }).thenNothing();
  });

  it('at the due time exactly, a submission is on time and the miss is recorded', () => {
    spec
      .given([due])
      .when({ kind: 'SubmitObligation', at: open.dueAt, actor: street })
      .then([{ type: 'ObligationSubmitted', data: { ...ids, submittedAt: open.dueAt, by: { agency: 'lc-st-haibin', user: 'wang' }, late: false } }]);
    spec
      .given([due])
      .when({ kind: 'RecordObligationMissed', at: open.dueAt })
      .then([{ type: 'ObligationMissed', data: { ...missed.data, missedAt: open.dueAt } } as ObligationEvent]);
  });

  it('once submitted, on time or late, it is neither submitted again (naming when it was) nor missed', () => {
    const late: ObligationEvent = {
      type: 'ObligationSubmitted',
      data: { ...ids, submittedAt: '2026-04-06T02:00:00.000Z', by: { agency: 'lc-st-haibin', user: 'wang' }, late: true },
    };
    spec
      .given([due, late])
      .when({ kind: 'SubmitObligation', at: '2026-04-07T02:00:00.000Z', actor: street })
      .thenThrows(/obligation monthly_risk_ledger\.lc-st-haibin\.2026-03 \(submitted 2026-04-06T02:00:00\.000Z\)/);
    spec.given([due, late]).when({ kind: 'RecordObligationMissed', at: '2026-04-08T02:00:00.000Z' }).thenNothing();
    spec.given([due, missed, late]).when({ kind: 'RecordObligationMissed', at: '2026-04-08T02:00:00.000Z' }).thenNothing();
  });

  it('a refusal names who may submit, for which unit and period, and who asked', () => {
    spec
      .given([due])
      .when({ kind: 'SubmitObligation', at: '2026-04-03T02:00:00.000Z', actor: { ...street, agency: 'lc-st-linjiang' } })
      .thenThrows(
        'only an officer (office_officer, unit_officer, street_officer) of lc-st-haibin submits its monthly_risk_ledger for 2026-03; you act for lc-st-linjiang as street_officer',
      );
    spec
      .given([due])
      .when({ kind: 'SubmitObligation', at: '2026-04-03T02:00:00.000Z', actor: { ...street, roles: [] } })
      .thenThrows(/you act for lc-st-haibin as no role$/);
    spec
      .given([due])
      .when({ kind: 'SubmitObligation', at: '2026-04-03T02:00:00.000Z', actor: { ...street, roles: ['unit_officer'] } })
      .then([
        {
          type: 'ObligationSubmitted',
          data: { ...ids, submittedAt: '2026-04-03T02:00:00.000Z', by: { agency: 'lc-st-haibin', user: 'wang' }, late: false },
        },
      ]);
    spec
      .given([due])
      .when({ kind: 'SubmitObligation', at: '2026-04-03T02:00:00.000Z', actor: street, reference: '   ' })
      .then([
        {
          type: 'ObligationSubmitted',
          data: { ...ids, submittedAt: '2026-04-03T02:00:00.000Z', by: { agency: 'lc-st-haibin', user: 'wang' }, late: false },
        },
      ]);
  });

  it('evolves: the first opening counts, a submission before any opening or a miss after a submission changes nothing, the state keeps the reference', () => {
    const none = obligationDecider.initialState();
    const opened = evolveObligation(none, due);
    expect(opened).toEqual({
      status: 'due',
      obligationId: open.obligationId,
      policyId: open.policyId,
      kind: 'monthly_risk_ledger',
      unit: 'lc-st-haibin',
      period: '2026-03',
      dueAt: open.dueAt,
    });
    expect(evolveObligation(opened, { ...due, data: { ...due.data, dueAt: '2030-01-01T00:00:00.000Z' } } as ObligationEvent)).toBe(opened);
    const submitted: ObligationEvent = {
      type: 'ObligationSubmitted',
      data: { ...ids, submittedAt: '2026-04-03T02:00:00.000Z', by: { agency: 'lc-st-haibin', user: 'wang' }, late: false, reference: 'R-1' },
    };
    expect(evolveObligation(none, submitted)).toBe(none);
    const after = evolveObligation(opened, submitted);
    expect(after).toMatchObject({ status: 'submitted', submittedAt: '2026-04-03T02:00:00.000Z', reference: 'R-1' });
    expect(evolveObligation(after, missed)).toBe(after);
    expect(
      evolveObligation(evolveObligation(opened, missed), {
        ...submitted,
        data: { ...submitted.data, late: true, reference: undefined },
      } as ObligationEvent),
    ).toEqual({
      ...opened,
      status: 'late',
      missedAt: missed.data.missedAt,
      submittedAt: '2026-04-03T02:00:00.000Z',
    });
    expect(() => evolveObligation(opened, { type: 'Unknown', data: {} } as unknown as ObligationEvent)).toThrow();
    expect(() => obligationDecider.decide({ kind: 'Unknown' } as never, opened)).toThrow();
  });
});
