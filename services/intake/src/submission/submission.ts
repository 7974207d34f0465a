/** State of one receipt: not issued yet, or issued for a lead. */
import { assertNever } from '@jm/event-sourcing';
import type { ReceiptIssuedEventData, SubmissionEvent } from './submission.events';

export type SubmissionState = { status: 'none' } | ({ status: 'issued' } & ReceiptIssuedEventData);

export const initialSubmissionState = (): SubmissionState => ({ status: 'none' });

export function evolveSubmission(state: SubmissionState, event: SubmissionEvent): SubmissionState {
  switch (event.type) {
    case 'ReceiptIssued':
      return state.status === 'none' ? { status: 'issued', ...event.data } : state;
    default:
      return assertNever(event.type, 'submission event');
  }
}
