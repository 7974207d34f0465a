import { CREDIT_CODE_FORMAT, creditCodeCheckCharacter, isValidCreditCode, normalizeCreditCode } from './credit-code';
import { addYuan, compareYuan, isYuan, normalizeYuan, toFen } from './money';
import { describeCodes, labelOf } from './labels';
import { ACTIVITY_CATEGORIES } from './lead-classification';

describe('unified social credit code', () => {
  it('given real registered codes, then their check character verifies', () => {
    expect(isValidCreditCode('91110108551385082Q')).toBe(true);
    expect(isValidCreditCode('91440300708461136T')).toBe(true);
  });

  it('given one changed character, a letter outside the alphabet, or the wrong length, then it is refused', () => {
    expect(isValidCreditCode('91110108551385083Q')).toBe(false);
    expect(isValidCreditCode('91110108551385082A')).toBe(false);
    expect(isValidCreditCode('9111010855138508IQ')).toBe(false);
    expect(isValidCreditCode('91110108551385082')).toBe(false);
    expect(creditCodeCheckCharacter('9111010855138508O')).toBeUndefined();
    // Fewer than 17 characters: no check character (a missing one is not a "0").
    expect(creditCodeCheckCharacter('9111010855138508')).toBeUndefined();
    expect(creditCodeCheckCharacter('')).toBeUndefined();
  });

  it('given full-width or spaced input, then normalising makes it checkable', () => {
    expect(normalizeCreditCode(' ９１１１０１０８５５１３８５０８２ｑ ')).toBe('91110108551385082Q');
    expect(normalizeCreditCode('9111 0108\t5513 8508 2q')).toBe('91110108551385082Q');
  });

  it('given a code whose check character is 0 (the weighted sum is a multiple of 31), then it verifies', () => {
    expect(creditCodeCheckCharacter('91350502MA2XN0C11')).toBe('0');
    expect(isValidCreditCode('91350502MA2XN0C110')).toBe(true);
  });

  it('given a valid code with a character before or after it, or a non-string, then it is refused', () => {
    expect(isValidCreditCode('91110108551385082Q1')).toBe(false);
    // Its last 18 characters have the right shape and characters 1-17 carry a right check character at 18.
    expect(isValidCreditCode('913505020MA2XN0C1G0')).toBe(false);
    expect(isValidCreditCode(911101085513850)).toBe(false);
    // A String object is not a string, whatever it spells.
    expect(isValidCreditCode(new String('91110108551385082Q'))).toBe(false);
    expect(isValidCreditCode('9111A108551385082Q')).toBe(false); // a letter among characters 3-8
  });

  it('states the format it checks, for error messages', () => {
    expect(CREDIT_CODE_FORMAT).toMatch(/^18 characters: .*except I, O, S, V, Z.*GB 32100-2015/);
  });

  describe('against the GB 32100-2015 formula, written out independently', () => {
    // Values: digits 0-9, then the capital letters without I, O, S, V, Z as 10-30.
    const CHARS = [...'0123456789', ...[...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'].filter((c) => !'IOSVZ'.includes(c))];
    // Weight of position i (from 0) is 3^i mod 31.
    const weight = (i: number): number => (i === 0 ? 1 : (weight(i - 1) * 3) % 31);
    /** C18 = 31 - (Σ Ci·Wi mod 31), where 31 is written as the character of value 0. */
    const formula = (first17: string): string => {
      const sum = [...first17].reduce((acc, c, i) => acc + CHARS.indexOf(c) * weight(i), 0);
      const check = 31 - (sum % 31);
      return CHARS[check === 31 ? 0 : check];
    };
    /** A seeded generator, so a failure names a code that can be re-run. */
    function* randomPrefixes(count: number, seed: number): Generator<string> {
      let state = seed;
      const next = (n: number) => {
        state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
        return (state >>> 8) % n;
      };
      for (let k = 0; k < count; k++) {
        let prefix = '';
        for (let i = 0; i < 17; i++) prefix += i >= 2 && i <= 7 ? CHARS[next(10)] : CHARS[next(31)];
        yield prefix;
      }
    }

    it("given 3,000 random codes, then the check character is the formula's, and only it verifies", () => {
      const checks = new Set<string>();
      for (const prefix of randomPrefixes(3000, 20_260_213)) {
        const check = formula(prefix);
        checks.add(check);
        expect(`${prefix}:${creditCodeCheckCharacter(prefix)}`).toBe(`${prefix}:${check}`);
        expect(isValidCreditCode(prefix + check)).toBe(true);
        const wrong = CHARS[(CHARS.indexOf(check) + 1 + (prefix.charCodeAt(16) % 30)) % 31];
        expect(isValidCreditCode(prefix + wrong)).toBe(false);
      }
      // Every check character came up, 0 included.
      expect([...checks].sort()).toEqual([...CHARS].sort());
    });
  });
});

describe('amounts in yuan', () => {
  it('given decimal strings, then arithmetic is exact (no float drift)', () => {
    expect(addYuan('0.10', '0.20')).toBe('0.30');
    expect(addYuan('9999999999999999.99', '0.01')).toBe('10000000000000000.00');
    expect(normalizeYuan('1500000.5')).toBe('1500000.50');
    expect(toFen('12.34')).toBe(1234n);
    expect(compareYuan('100000000', '99999999.99')).toBe(1);
  });

  it('given floats-as-text with 3 decimals, negatives, separators or numbers, then they are not amounts', () => {
    for (const bad of ['1.234', '-1', '1,000', '01', '', ' 1', 1.5]) expect(isYuan(bad)).toBe(false);
  });
});

describe('label tables', () => {
  it('gives zh-CN by default, English on request, and the code for an unknown one', () => {
    expect(labelOf(ACTIVITY_CATEGORIES, 'illegal_fundraising')).toBe('非法集资');
    expect(labelOf(ACTIVITY_CATEGORIES, 'illegal_fundraising', 'en')).toBe('Illegal fundraising');
    expect(labelOf(ACTIVITY_CATEGORIES, 'nope')).toBe('nope');
    expect(describeCodes(ACTIVITY_CATEGORIES)).toContain('illegal_securities (非法证券)');
  });
});
