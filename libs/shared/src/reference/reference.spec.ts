import { creditCodeCheckCharacter, isValidCreditCode, normalizeCreditCode } from './credit-code';
import { addYuan, compareYuan, isYuan, normalizeYuan, toFen } from './money';
import { ACTIVITY_CATEGORIES, describeCodes, labelOf } from './index';

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
  });

  it('given full-width or spaced input, then normalising makes it checkable', () => {
    expect(normalizeCreditCode(' ９１１１０１０８５５１３８５０８２ｑ ')).toBe('91110108551385082Q');
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
