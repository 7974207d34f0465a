/** What intake publishes of the receipt stream (`submission-<receiptNo>`): the receipt without the hash of its secret. */
import type { SubmissionContractEvent } from '@jm/contracts';
import { assertNever } from '@jm/event-sourcing';
import type { SubmissionEvent } from './submission.events';

export function publishSubmissionEvent(event: SubmissionEvent): SubmissionContractEvent {
  switch (event.type) {
    case 'ReceiptIssued': {
      // Named fields only: whatever the stored receipt gains stays in intake until the contract names it.
      const { receiptNo, leadId, office } = event.data;
      return { type: event.type, version: 1, data: { receiptNo, leadId, office } };
    }
    default:
      return assertNever(event.type, 'submission event');
  }
}
