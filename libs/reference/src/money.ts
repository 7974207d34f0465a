/**
 * Amounts in yuan as exact decimals (never floats): a canonical string with at
 * most two fraction digits ("1234.5" → "1234.50"), arithmetic in integer fen.
 */
/** Published as the OpenAPI pattern of every amount, hence [0-9] (a Python \d takes other scripts' digits). */
export const YUAN_PATTERN = /^(0|[1-9][0-9]{0,15})(\.[0-9]{1,2})?$/;

export type Yuan = string;

export const YUAN_FORMAT =
  'a non-negative amount in yuan with at most 2 decimal places, e.g. 1500000 or 1500000.50 (no separators, at most 16 integer digits)';

export function isYuan(value: unknown): value is Yuan {
  return typeof value === 'string' && YUAN_PATTERN.test(value);
}

export class InvalidAmountError extends Error {
  readonly code = 'INVALID_AMOUNT';
  constructor(value: unknown) {
    super(`invalid amount ${JSON.stringify(value)}: expected ${YUAN_FORMAT}`);
    this.name = 'InvalidAmountError';
  }
}

export function toFen(value: Yuan): bigint {
  if (!isYuan(value)) throw new InvalidAmountError(value);
  const [whole, fraction = ''] = value.split('.');
  return BigInt(whole) * 100n + BigInt(fraction.padEnd(2, '0'));
}

export function fromFen(fen: bigint): Yuan {
  const sign = fen < 0n ? '-' : '';
  const abs = fen < 0n ? -fen : fen;
  return `${sign}${abs / 100n}.${(abs % 100n).toString().padStart(2, '0')}`;
}

/** Canonical form: always two fraction digits. */
export function normalizeYuan(value: Yuan): Yuan {
  return fromFen(toFen(value));
}

export function addYuan(...values: Yuan[]): Yuan {
  return fromFen(values.reduce((sum, v) => sum + toFen(v), 0n));
}

export function compareYuan(a: Yuan, b: Yuan): number {
  const d = toFen(a) - toFen(b);
  return d < 0n ? -1 : d > 0n ? 1 : 0;
}
