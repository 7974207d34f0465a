/**
 * Issuing a public receipt. Only the public endpoint issues receipts, acting as
 * the public at the receiving office; a number is issued once (409 otherwise,
 * and the caller draws another number).
 */
import { DomainActor } from '@jm/contracts';
import { assertNever, Decider, ForbiddenError, InvalidTransitionError } from '@jm/event-sourcing';
import { PUBLIC_USER } from '../lead/lead.decider';
import type { SubmissionEvent } from './submission.events';
import { evolveSubmission, initialSubmissionState, SubmissionState } from './submission';

export interface IssueReceipt {
  kind: 'IssueReceipt';
  at: string;
  actor: DomainActor;
  receiptNo: string;
  leadId: string;
  receiptSecretHash: string;
}

export type SubmissionCommand = IssueReceipt;

export const submissionDecider: Decider<SubmissionCommand, SubmissionState, SubmissionEvent> = {
  initialState: initialSubmissionState,
  evolve: evolveSubmission,
  decide(command, state) {
    switch (command.kind) {
      case 'IssueReceipt': {
        if (state.status !== 'none') throw new InvalidTransitionError('receipt', command.kind, state.status, []);
        if (command.actor.user !== PUBLIC_USER || command.actor.agencyKind !== 'office')
          throw new ForbiddenError('receipts are issued for public submissions only');
        const { receiptNo, leadId, receiptSecretHash } = command;
        return [{ type: 'ReceiptIssued', data: { receiptNo, leadId, receiptSecretHash, office: command.actor.agency } }];
      }
      default:
        return assertNever(command.kind, 'submission command');
    }
  },
};
