/**
 * Events of the receipt stream `submission-<receiptNo>` (owned by intake). A
 * receipt maps what the informant holds (receipt number + secret) to the lead,
 * readable at once after the submission; appending with "no stream" makes
 * receipt numbers unique. Only the secret's SHA-256 is kept.
 */
import type { ReceiptIssuedData } from '@jm/contracts';
import type { DomainEvent } from '@jm/event-sourcing';

/** The stored receipt: the published one and the hash intake checks follow-ups against (never published). */
export interface ReceiptIssuedEventData extends ReceiptIssuedData {
  /** SHA-256 hex of the receipt secret; the secret itself was shown once and never stored. */
  receiptSecretHash: string;
}

export type ReceiptIssued = DomainEvent<'ReceiptIssued', ReceiptIssuedEventData>;
export type SubmissionEvent = ReceiptIssued;

export const SUBMISSION_STREAM_PREFIX = 'submission-';
export const toSubmissionStreamId = (receiptNo: string): string => `${SUBMISSION_STREAM_PREFIX}${receiptNo}`;
