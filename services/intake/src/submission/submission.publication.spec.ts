import { decodeSubmissionEvent } from '@jm/contracts';
import { publishSubmissionEvent } from './submission.publication';
import type { ReceiptIssued } from './submission.events';

// Intake appends the receipt at schema version 1 (the command handler's default).
const issued: ReceiptIssued = {
  type: 'ReceiptIssued',
  data: { receiptNo: 'JM-20260301-ABCD', leadId: 'lead-1', office: 'fz-office', receiptSecretHash: 'ab'.repeat(32) },
};

describe('submission stream: the published receipt is the stored one without its secret hash', () => {
  it('publishes the receipt number, the lead and the office at contract version 1', () => {
    expect(publishSubmissionEvent(issued)).toEqual({
      type: 'ReceiptIssued',
      version: 1,
      data: { receiptNo: 'JM-20260301-ABCD', leadId: 'lead-1', office: 'fz-office' },
    });
  });

  it('agrees with the decoded stored event on every field it publishes, and decodes itself', () => {
    const published = publishSubmissionEvent(issued);
    const decoded = decodeSubmissionEvent({ ...issued, schemaVersion: 1 });
    expect(decoded.type).toBe(published.type);
    expect(decoded.data).toEqual({ ...published.data, receiptSecretHash: issued.data.receiptSecretHash });
    expect(decodeSubmissionEvent({ type: published.type, data: published.data, schemaVersion: published.version }).data).toBe(published.data);
  });

  it('refuses a stored receipt without its number', () => {
    expect(() => decodeSubmissionEvent({ type: 'ReceiptIssued', data: { leadId: 'lead-1' }, schemaVersion: 1 })).toThrow(
      expect.objectContaining({ code: 'CONTRACT_EVENT_REFUSED' }),
    );
  });
});
