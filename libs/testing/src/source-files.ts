import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export interface SourceFileOptions {
  /** Folder names not walked into (node_modules always). */
  skipFolders?: readonly string[];
  /** Whether `*.spec.ts` files count (default true). */
  specs?: boolean;
}

/** The TypeScript files under `dir` (no `.d.ts`), for specs that read the workspace's sources. */
export function sourceFiles(dir: string, options: SourceFileOptions = {}): string[] {
  if (!existsSync(dir)) return [];
  const skip = new Set(['node_modules', ...(options.skipFolders ?? [])]);
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return skip.has(entry.name) ? [] : sourceFiles(path, options);
    if (!entry.name.endsWith('.ts') || entry.name.endsWith('.d.ts')) return [];
    return options.specs === false && entry.name.endsWith('.spec.ts') ? [] : [path];
  });
}
