/** scripts/secrets.js: the local secrets live in a 0700 .data/ as a 0600 file, also after an older version left them looser. */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- the plain CommonJS helper npm start uses
const { localSecrets, securityEnv } = require('../../scripts/secrets.js') as {
  localSecrets: (o: { create?: boolean; file?: string }) => { jwtSecret: string };
  securityEnv: (env: Record<string, string | undefined>, o: { file: string }) => Record<string, string | undefined>;
};

const mode = (path: string) => (statSync(path).mode & 0o777).toString(8);

describe('local secrets file', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'jm-secrets-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('given no .data/, then it is created 0700 with secrets.json 0600', () => {
    const file = join(dir, '.data', 'secrets.json');
    expect(localSecrets({ file }).jwtSecret.length).toBeGreaterThanOrEqual(32);
    expect([mode(join(dir, '.data')), mode(file)]).toEqual(['700', '600']);
  });

  it('given a .data/ of 0755 and a secrets.json of 0644 from an older version, then both are tightened and the secrets kept', () => {
    const data = join(dir, '.data');
    mkdirSync(data);
    chmodSync(data, 0o755);
    const file = join(data, 'secrets.json');
    const first = localSecrets({ file });
    chmodSync(file, 0o644);
    chmodSync(data, 0o755);
    expect(localSecrets({ file })).toEqual(first);
    expect([mode(data), mode(file)]).toEqual(['700', '600']);
  });

  it('given a rotation noted in the file, then its previous secrets are passed on, unless the environment sets them', () => {
    const file = join(dir, 'secrets.json');
    const secrets = {
      jwtSecret: 'j'.repeat(43),
      keyEncryptionKey: 'a'.repeat(64),
      jwtPreviousSecrets: ['o'.repeat(43)],
      keyEncryptionKeyPrevious: ['b'.repeat(64), 'c'.repeat(64)],
    };
    writeFileSync(file, JSON.stringify(secrets), { mode: 0o600 });
    expect(securityEnv({}, { file })).toEqual({
      JWT_SECRET: secrets.jwtSecret,
      KEY_ENCRYPTION_KEY: secrets.keyEncryptionKey,
      JWT_PREVIOUS_SECRETS: secrets.jwtPreviousSecrets[0],
      KEY_ENCRYPTION_KEY_PREVIOUS: `${'b'.repeat(64)},${'c'.repeat(64)}`,
    });
    expect(securityEnv({ KEY_ENCRYPTION_KEY_PREVIOUS: 'd'.repeat(64) }, { file })).not.toHaveProperty('KEY_ENCRYPTION_KEY_PREVIOUS');
  });
});
