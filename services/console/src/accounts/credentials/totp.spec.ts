/** TOTP against the test vectors of RFC 6238 (appendix B, SHA-1) and RFC 4226 (appendix D); the window and replay rules. */
import { base32Decode, base32Encode, hotp, otpauthUri, totpAt, totpStep, verifyTotp } from './totp';

const RFC_KEY = Buffer.from('12345678901234567890', 'ascii');

describe('TOTP', () => {
  it('matches the RFC 4226 HOTP values for counters 0 to 9', () => {
    const expected = ['755224', '287082', '359152', '969429', '338314', '254676', '287922', '162583', '399871', '520489'];
    expect(expected.map((_, counter) => hotp(RFC_KEY, counter))).toEqual(expected);
  });

  it.each([
    [59, '94287082'],
    [1111111109, '07081804'],
    [1111111111, '14050471'],
    [1234567890, '89005924'],
    [2000000000, '69279037'],
    [20000000000, '65353130'],
  ])('matches the RFC 6238 SHA-1 vector at T=%i', (seconds, code) => {
    expect(totpAt(RFC_KEY, new Date(seconds * 1000), 8)).toBe(code);
    expect(totpAt(RFC_KEY, new Date(seconds * 1000))).toBe(code.slice(2));
  });

  it('round-trips base32 (the RFC key is GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ)', () => {
    expect(base32Encode(RFC_KEY)).toBe('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
    expect(base32Decode('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ')).toEqual(RFC_KEY);
  });

  it('accepts a code one step either side of now, not two; never a step at or before the last used one', () => {
    const secret = base32Encode(RFC_KEY);
    const now = new Date(1234567890 * 1000);
    const step = totpStep(now);
    const codeAt = (s: number) => hotp(RFC_KEY, s);
    expect(verifyTotp(secret, codeAt(step), now)).toBe(step);
    expect(verifyTotp(secret, codeAt(step - 1), now)).toBe(step - 1);
    expect(verifyTotp(secret, codeAt(step + 1), now)).toBe(step + 1);
    expect(verifyTotp(secret, codeAt(step - 2), now)).toBeUndefined();
    expect(verifyTotp(secret, codeAt(step + 2), now)).toBeUndefined();
    expect(verifyTotp(secret, codeAt(step), now, step)).toBeUndefined();
    expect(verifyTotp(secret, codeAt(step), now, step - 1)).toBe(step);
    expect(verifyTotp(secret, '12345', now)).toBeUndefined();
    expect(verifyTotp(secret, 'abcdef', now)).toBeUndefined();
  });

  it('writes an otpauth URI with the parameters it checks', () => {
    expect(otpauthUri('ABC', 'lc-office-admin')).toBe(
      'otpauth://totp/%E8%81%94%E5%B8%AD%E4%BC%9A%E8%AE%AE%E5%B9%B3%E5%8F%B0%3Alc-office-admin?secret=ABC&issuer=%E8%81%94%E5%B8%AD%E4%BC%9A%E8%AE%AE%E5%B9%B3%E5%8F%B0&algorithm=SHA1&digits=6&period=30',
    );
  });
});
