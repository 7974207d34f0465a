/** A tree of files (path -> source) in a temp folder, for the workspace checks' probes: each check must fail on what it forbids. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export function withTree<T>(files: Record<string, string>, use: (root: string) => T): T {
  const root = mkdtempSync(join(tmpdir(), 'jm-probe-'));
  try {
    for (const [path, source] of Object.entries(files)) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), source);
    }
    return use(root);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
