/**
 * The published pattern of X-Access-Purpose and the parser agree: a value matches the pattern
 * exactly when the server reads it (the fuzzer found percent-encoded control characters and
 * invalid UTF-8 that the old pattern allowed and the server refused).
 */
import { ACCESS_PURPOSE_PATTERN, parseAccessPurpose } from './access-purpose';

const pattern = new RegExp(ACCESS_PURPOSE_PATTERN);
const hex = (byte: number): string => `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
const accepted = (value: string): boolean => {
  try {
    parseAccessPurpose(value);
    return true;
  } catch {
    return false;
  }
};
const disagreements = (values: string[]): string[] => values.filter((v) => pattern.test(v) !== accepted(v));
const bytes = Array.from({ length: 256 }, (_, i) => i);

describe('X-Access-Purpose: the published pattern is what the server accepts', () => {
  it('reads percent-encoded Chinese and RFC 8187 values, which match the pattern', () => {
    for (const value of [
      encodeURIComponent('核实线索来源'),
      `UTF-8''${encodeURIComponent('核实')}`,
      'case review',
      encodeURIComponent('𠀀 emoji 😀'),
    ]) {
      expect({ value, matches: pattern.test(value), accepted: accepted(value) }).toEqual({ value, matches: true, accepted: true });
    }
  });

  it('agrees on every one-byte escape and every printable character', () => {
    expect(disagreements(bytes.map(hex))).toEqual([]);
    expect(disagreements(bytes.map((b) => `a${String.fromCharCode(b)}b`))).toEqual([]);
    // Controls, encoded or raw, and DEL are refused by both.
    for (const value of ['%0A', '%09', '%7F', '%C2%85', 'a\tb'])
      expect({ value, matches: pattern.test(value), accepted: accepted(value) }).toEqual({ value, matches: false, accepted: false });
  });

  it('agrees on every two-byte sequence and on three- and four-byte sequences at their boundaries', () => {
    const two = bytes.filter((b) => b >= 0x80).flatMap((a) => bytes.map((b) => hex(a) + hex(b)));
    expect(disagreements(two)).toEqual([]);
    const edges = [0x00, 0x41, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0];
    const three = bytes.filter((b) => b >= 0xe0 && b <= 0xef).flatMap((a) => bytes.flatMap((b) => edges.map((c) => hex(a) + hex(b) + hex(c))));
    expect(disagreements(three)).toEqual([]);
    const four = bytes.filter((b) => b >= 0xf0).flatMap((a) => bytes.flatMap((b) => edges.map((c) => hex(a) + hex(b) + hex(c) + hex(0x80))));
    expect(disagreements(four)).toEqual([]);
  });

  it('agrees on random mixtures of characters and escapes', () => {
    const pieces = ['a', ' ', '%', '%2', '%41', '%E6%A0%B8', '%E6%A0', '%C2%A0', '%C2%80', '%F0%9F%98%80', '%ED%A0%80', "UTF-8''", '\t', '%0D', '~'];
    let seed = 20261204;
    const next = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const values = Array.from({ length: 3000 }, () =>
      Array.from({ length: 1 + Math.floor(next() * 6) }, () => pieces[Math.floor(next() * pieces.length)]).join(''),
    );
    expect(disagreements(values)).toEqual([]);
  });
});
