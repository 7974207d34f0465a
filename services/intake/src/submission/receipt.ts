/**
 * What a public informant is given: a receipt number people can read out on
 * the phone (JB-<date in China>-<6 characters without 0/O/1/I>) and a 128-bit
 * random secret shown once. Only the secret's SHA-256 is stored; checks
 * compare hashes in constant time.
 */
import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';

const ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
export const RECEIPT_NO_FORMAT = /^JB-\d{8}-[2-9A-HJ-NP-Z]{6}$/;

/** Date part in China Standard Time (UTC+8, no daylight saving), so the number matches the informant's calendar. */
function chinaDate(now: Date): string {
  return new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10).replace(/-/g, '');
}

export function newReceiptNo(now: Date): string {
  let suffix = '';
  for (let i = 0; i < 6; i++) suffix += ALPHABET[randomInt(ALPHABET.length)];
  return `JB-${chinaDate(now)}-${suffix}`;
}

export function newReceiptSecret(): string {
  return randomBytes(16).toString('base64url');
}

export function hashReceiptSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** Constant-time: the time taken does not tell how much of a guessed secret was right. */
export function receiptSecretMatches(secret: string, expectedHash: string): boolean {
  const given = Buffer.from(hashReceiptSecret(secret), 'hex');
  const expected = Buffer.from(expectedHash, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
