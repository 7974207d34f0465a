/** ReadableText: the characters that disguise a row are refused, ordinary text of any script is not, and the published pattern agrees with the check. */
import { isReadableText, READABLE_TEXT_PATTERN, readableTextProblem } from './readable-text';

const BIDI = [0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069, 0x200e, 0x200f, 0x061c];
const ZERO_WIDTH = [0x200b, 0x200c, 0x200d, 0x2060, 0x2061, 0x2062, 0x2063, 0x2064, 0xfeff];
const CONTROLS = [0x00, 0x07, 0x08, 0x0b, 0x0c, 0x0e, 0x1b, 0x1f, 0x7f];
const hex = (c: number): string => `U+${c.toString(16).toUpperCase().padStart(4, '0')}`;
const pattern = new RegExp(READABLE_TEXT_PATTERN);

describe('readable text', () => {
  it.each([...BIDI, ...ZERO_WIDTH, ...CONTROLS].map((c) => [hex(c), c]))('refuses %s anywhere in the text and says which and where', (code, c) => {
    const text = `泉州某某${String.fromCodePoint(c)}公司`;
    expect(readableTextProblem(text, { max: 100 })).toContain(`${code} at character 5`);
    expect(pattern.test(text)).toBe(false);
  });

  it.each([
    ['Chinese', '鲤城区某某财富管理有限公司'],
    ['English with punctuation', 'Acme Wealth Ltd. (it\'s "high-yield")'],
    ['lines and tabs', '第一行\n第二行\r\n\t缩进'],
    ['emoji and astral characters', '高息理财💰𠀀'],
    ['Arabic script (right to left by itself, no control needed)', 'شركة'],
    ['spaces around', '  标题  '],
  ])('accepts %s', (_what, text) => {
    expect(readableTextProblem(text, { max: 100 })).toBeUndefined();
    expect(pattern.test(text)).toBe(true);
  });

  it.each([[''], [' '], ['\u3000\u00a0\t\n']])('refuses %j: nothing but white space', (text) => {
    expect(isReadableText(text, { max: 100 })).toBe(false);
    expect(pattern.test(text)).toBe(false);
  });

  it('counts characters, not UTF-16 units, like JSON Schema maxLength', () => {
    expect(isReadableText('💰'.repeat(10), { max: 10 })).toBe(true);
    expect(readableTextProblem('💰'.repeat(11), { max: 10 })).toBe('must be text of 1 to 10 characters (11 given)');
  });

  it('refuses what is not a string', () => {
    for (const value of [42, null, undefined, ['a'], { a: 1 }]) expect(isReadableText(value, { max: 10 })).toBe(false);
  });
});
