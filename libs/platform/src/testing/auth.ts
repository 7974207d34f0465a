/** Test credentials: a fixed secret and key-encryption key for test processes only, and tokens for any agency. */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signToken } from '../security/jwt';
import type { Role } from '@jm/reference';

export const TEST_JWT_SECRET = 'test-only-secret-not-for-deployments-0123456789';
export const TEST_KEY_ENCRYPTION_KEY = '00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff';

/** The security variables every service needs, for test environments. */
export const TEST_SECURITY_ENV: Readonly<Record<string, string>> = {
  JWT_SECRET: TEST_JWT_SECRET,
  KEY_ENCRYPTION_KEY: TEST_KEY_ENCRYPTION_KEY,
  // Shredding tests journal their tombstones here, not into the working directory's .data/.
  SHRED_JOURNAL_PATH: join(tmpdir(), 'jm-test-shred-journal.jsonl'),
};

export function testToken(agency: string, roles: Role[], user = `${agency}-user`, ttlSeconds = 3600): string {
  return signToken({ sub: user, agency, roles }, TEST_JWT_SECRET, { ttlSeconds });
}

export function bearer(agency: string, roles: Role[], user?: string): { Authorization: string } {
  return { Authorization: `Bearer ${testToken(agency, roles, user)}` };
}
