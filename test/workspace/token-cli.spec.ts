/** `npm run token`: mints a token the services accept, and refuses what the registry does not allow. */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { TEST_JWT_SECRET } from '@jm/platform/testing';
import { verifyToken } from '@jm/platform';
import { ROOT } from '../support/service-process';

function token(args: string[], env: Record<string, string> = { JWT_SECRET: TEST_JWT_SECRET }) {
  const result = spawnSync(process.execPath, ['-r', '@swc-node/register', join('scripts', 'token.ts'), ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', ...env },
    encoding: 'utf8',
  });
  return { code: result.status, stdout: result.stdout.trim(), stderr: result.stderr.trim() };
}

describe('token CLI', () => {
  it('given an agency and roles it may hold, then it prints a token signed with JWT_SECRET that expires after --ttl hours', () => {
    const { code, stdout } = token(['--agency', 'lc-police', '--roles', 'unit_officer', '--user', 'zheng', '--ttl', '2']);
    expect(code).toBe(0);
    const claims = verifyToken(stdout, TEST_JWT_SECRET);
    expect(claims).toMatchObject({ sub: 'zheng', agency: 'lc-police', roles: ['unit_officer'] });
    expect(claims.exp - claims.iat).toBe(7200);
  });

  it('given a role the agency cannot hold, an unknown role, or no agency, then exit 2 with the reason', () => {
    expect(token(['--agency', 'lc-market', '--roles', 'office_officer'])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('cannot be held at a member agency'),
    });
    expect(token(['--agency', 'lc-office', '--roles', 'boss'])).toMatchObject({ code: 2, stderr: expect.stringContaining('unknown role(s) boss') });
    expect(token(['--roles', 'analyst'])).toMatchObject({ code: 2, stderr: expect.stringContaining('--agency is required') });
  });

  it('refuses a --ttl over the maximum lifetime the services accept (TOKEN_MAX_LIFETIME_HOURS, default 12)', () => {
    expect(token(['--agency', 'lc-office', '--roles', 'office_officer', '--ttl', '13'])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('at most 12 (TOKEN_MAX_LIFETIME_HOURS'),
    });
    expect(token(['--agency', 'lc-office', '--roles', 'office_officer', '--ttl', '12'])).toMatchObject({ code: 0 });
    const env = { JWT_SECRET: TEST_JWT_SECRET };
    expect(token(['--agency', 'lc-office', '--roles', 'office_officer', '--ttl', '3'], { ...env, TOKEN_MAX_LIFETIME_HOURS: '2' })).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('at most 2'),
    });
    expect(token(['--agency', 'lc-office', '--roles', 'office_officer'], { ...env, TOKEN_MAX_LIFETIME_HOURS: 'lots' })).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('TOKEN_MAX_LIFETIME_HOURS'),
    });
  });
});
