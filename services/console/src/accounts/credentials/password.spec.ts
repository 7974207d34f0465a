/** scrypt hashes with their parameters, constant-time verification, the strength rules and one-time passwords. */
import { hashPassword, oneTimePassword, passwordProblems, SCRYPT_PARAMS, verifyPassword } from './password';

describe('passwords', () => {
  it('hashes with scrypt N=2^15 r=8 p=1 and a fresh salt, and verifies only the same password', async () => {
    const a = await hashPassword('Correct-Horse-42');
    const b = await hashPassword('Correct-Horse-42');
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9+/=]{24}\$[A-Za-z0-9+/=]{44}$/);
    expect(SCRYPT_PARAMS).toEqual({ N: 32768, r: 8, p: 1 });
    expect(a).not.toBe(b);
    await expect(verifyPassword('Correct-Horse-42', a)).resolves.toBe(true);
    await expect(verifyPassword('Correct-Horse-43', a)).resolves.toBe(false);
    await expect(verifyPassword('Correct-Horse-42', 'bcrypt$x')).resolves.toBe(false);
  });

  it('verifies a hash made with other parameters (they are stored beside it)', async () => {
    const weak = await hashPassword('Correct-Horse-42', { N: 2 ** 10, r: 8, p: 1 });
    expect(weak.startsWith('scrypt$1024$8$1$')).toBe(true);
    await expect(verifyPassword('Correct-Horse-42', weak)).resolves.toBe(true);
  });

  it.each([
    ['Short-1a', 'zhang.san', ['at least 12 characters']],
    ['alllowercaseletters', 'zhang.san', ['at least 3 of: lowercase letters, uppercase letters, digits, symbols']],
    ['Zhang.San-2026!', 'zhang.san', ['must not contain the username']],
    ['Correct-Horse-42', 'zhang.san', []],
    ['correct horse 42', 'zhang.san', []],
  ])('%s for %s: %j', (password, username, problems) => {
    expect(passwordProblems(password, username)).toEqual(problems);
  });

  it('draws one-time passwords of 20 readable characters, each different', () => {
    const drawn = Array.from({ length: 50 }, () => oneTimePassword());
    for (const pw of drawn) expect(pw).toMatch(/^[abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ2-9]{20}$/);
    expect(new Set(drawn).size).toBe(50);
  });
});
