/**
 * Unified social credit code (统一社会信用代码, GB 32100-2015): 18 characters
 * from a 31-character alphabet (no I, O, S, V, Z); characters 3-8 are the
 * administrative division code; the last one is a check character computed
 * from the first 17 with fixed weights, modulo 31.
 */
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const SHAPE = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/;

export const CREDIT_CODE_FORMAT =
  '18 characters: digits and capital letters except I, O, S, V, Z; characters 3-8 digits; the last one the GB 32100-2015 check character';

/** The check character for the first 17 characters, or undefined if there are fewer or they are not in the alphabet. */
export function creditCodeCheckCharacter(first17: string): string | undefined {
  // A missing character is not "0" (indexOf('') would say it is).
  if (first17.length < 17) return undefined;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = ALPHABET.indexOf(first17.charAt(i));
    if (value < 0) return undefined;
    sum += value * WEIGHTS[i];
  }
  return ALPHABET[(31 - (sum % 31)) % 31];
}

export function isValidCreditCode(value: unknown): value is string {
  if (typeof value !== 'string' || !SHAPE.test(value)) return false;
  return creditCodeCheckCharacter(value.slice(0, 17)) === value[17];
}

/** Trims and upper-cases; half-width only (full-width letters are folded first). */
export function normalizeCreditCode(value: string): string {
  return value
    .replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/\s+/g, '')
    .toUpperCase();
}
