/** scripts/secrets.js: the local secrets live in a 0700 .data/ as a 0600 file, also after an older version left them looser. */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- the plain CommonJS helper npm start uses
const { localSecrets } = require('../../scripts/secrets.js') as { localSecrets: (o: { create?: boolean; file?: string }) => { jwtSecret: string } };

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
});
