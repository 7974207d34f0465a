/** Receipts: issued once, for public submissions only. */
import { ForbiddenError, InvalidTransitionError } from '@jm/event-sourcing';
import { deciderSpec } from '@jm/event-sourcing/testing';
import { publicActor } from '../lead/lead.decider';
import { IssueReceipt, submissionDecider } from './submission.decider';
import type { SubmissionEvent } from './submission.events';

const office = { code: 'lc-office', level: 'district' as const, jurisdiction: '350502' };
const issue: IssueReceipt = {
  kind: 'IssueReceipt',
  at: '2026-03-02T01:00:00.000Z',
  actor: publicActor(office),
  receiptNo: 'JB-20260302-7K3Q9X',
  leadId: 'L1',
  receiptSecretHash: 'ab'.repeat(32),
};
const issued: SubmissionEvent = {
  type: 'ReceiptIssued',
  data: { receiptNo: 'JB-20260302-7K3Q9X', leadId: 'L1', receiptSecretHash: 'ab'.repeat(32), office: 'lc-office' },
};
const spec = deciderSpec(submissionDecider);

describe('submission decider', () => {
  it('issues a receipt for a public submission', () => {
    spec.given([]).when(issue).then([issued]);
  });
  it('a receipt number is issued once (409)', () => {
    spec.given([issued]).when(issue).thenThrows(InvalidTransitionError);
    spec.given([issued]).when(issue).thenThrows('IssueReceipt is not allowed: the receipt is issued; allowed from issued: nothing (final state)');
  });
  it('not for an agency actor, nor for the public user outside an office (403)', () => {
    spec
      .given([])
      .when({ ...issue, actor: { ...issue.actor, user: 'clerk', roles: ['office_officer'] } })
      .thenThrows(ForbiddenError);
    spec
      .given([])
      .when({ ...issue, actor: { ...issue.actor, agencyKind: 'member' } })
      .thenThrows('receipts are issued for public submissions only');
  });
});

describe('submission commands the decider does not know', () => {
  it('given any state, when a command of an unknown kind comes, then it is refused naming it', () => {
    expect(() => submissionDecider.decide({ kind: 'Bogus' } as never, submissionDecider.initialState())).toThrow(
      /^Unhandled submission command: .*Bogus/,
    );
  });
});
