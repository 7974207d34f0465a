/** Receipt numbers and secrets. */
import { hashReceiptSecret, newReceiptNo, newReceiptSecret, RECEIPT_NO_FORMAT, receiptSecretMatches } from './receipt';

describe('receipts', () => {
  it('numbers carry the date in China and six unambiguous characters', () => {
    const no = newReceiptNo(new Date('2026-11-21T17:30:00.000Z'));
    expect(no).toMatch(RECEIPT_NO_FORMAT);
    expect(no.startsWith('JB-20261122-')).toBe(true);
  });
  it('secrets are 128-bit and only their hash matches', () => {
    const secret = newReceiptSecret();
    expect(Buffer.from(secret, 'base64url')).toHaveLength(16);
    expect(newReceiptSecret()).not.toBe(secret);
    const hash = hashReceiptSecret(secret);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(receiptSecretMatches(secret, hash)).toBe(true);
    expect(receiptSecretMatches(`${secret}x`, hash)).toBe(false);
    expect(receiptSecretMatches(secret, 'not-hex')).toBe(false);
  });
});
