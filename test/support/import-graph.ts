/**
 * The import graph of a tree of TypeScript files, for the layering and cycle
 * tests: every import, export-from, import() and require() that names a file of
 * the tree, relative or through the tsconfig paths. Type-only imports count: a
 * cycle of types still ties the modules together.
 */
import { existsSync } from 'node:fs';
import { sourceFiles as walkSources } from '@jm/testing';
import { join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';

/** Each file (root-relative, with `/`) and the files of the tree it imports. */
export type ImportGraph = Map<string, string[]>;

const sourceFiles = (dir: string): string[] => walkSources(dir, { skipFolders: ['dist'] });

function compilerOptionsOf(root: string): ts.CompilerOptions {
  const file = join(root, 'tsconfig.base.json');
  if (!existsSync(file)) return { moduleResolution: ts.ModuleResolutionKind.Node10 };
  const { config } = ts.readConfigFile(file, ts.sys.readFile);
  return ts.parseJsonConfigFileContent(config, ts.sys, root).options;
}

/** The graph of the `.ts` files under `folders` of `root` (tsconfig.base.json's paths, when there is one). */
export function importGraph(root: string, folders: readonly string[]): ImportGraph {
  const options = compilerOptionsOf(root);
  const cache = ts.createModuleResolutionCache(root, (name) => name, options);
  const files = folders.flatMap((folder) => sourceFiles(resolve(root, folder)));
  const inTree = new Set(files);
  const key = (path: string) => relative(root, path).split(sep).join('/');
  const graph: ImportGraph = new Map();
  for (const file of files) {
    const { importedFiles } = ts.preProcessFile(ts.sys.readFile(file) ?? '', true, true);
    const targets = new Set<string>();
    for (const { fileName } of importedFiles) {
      const resolved = ts.resolveModuleName(fileName, file, options, ts.sys, cache).resolvedModule;
      if (resolved && !resolved.isExternalLibraryImport && inTree.has(resolve(resolved.resolvedFileName)))
        targets.add(key(resolve(resolved.resolvedFileName)));
    }
    graph.set(key(file), [...targets].sort());
  }
  return graph;
}

/** The import cycles: each strongly connected set of files that import each other, round or through others (Tarjan). */
export function importCycles(graph: ImportGraph): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (file: string): void => {
    index.set(file, next);
    low.set(file, next++);
    stack.push(file);
    onStack.add(file);
    for (const target of graph.get(file) ?? []) {
      if (!index.has(target)) {
        visit(target);
        low.set(file, Math.min(low.get(file)!, low.get(target)!));
      } else if (onStack.has(target)) low.set(file, Math.min(low.get(file)!, index.get(target)!));
    }
    if (low.get(file) !== index.get(file)) return;
    const members: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      members.push(member);
    } while (member !== file);
    if (members.length > 1 || graph.get(file)?.includes(file)) cycles.push(members.sort());
  };
  for (const file of graph.keys()) if (!index.has(file)) visit(file);
  return cycles.sort((a, b) => a[0].localeCompare(b[0]));
}

/** A layering rule: no file under `from` imports a file under `to` (root-relative folder prefixes ending in `/`). */
export interface ForbiddenImport {
  from: string;
  to: string;
}

/** The imports that break a rule, as `importer -> imported`. */
export function forbiddenImports(graph: ImportGraph, rule: ForbiddenImport): string[] {
  return [...graph].flatMap(([file, targets]) =>
    file.startsWith(rule.from) ? targets.filter((target) => target.startsWith(rule.to)).map((target) => `${file} -> ${target}`) : [],
  );
}

/** Folder-level imports: each importing folder, the folders it imports, and the file imports behind each (`importer -> imported`). */
export type FolderGraph = Map<string, Map<string, string[]>>;

/**
 * The imports between the top-level entries of each `src/` under `projectsFolder` (`services/cases/src/case/`,
 * or a file at the root of `src/`, e.g. `services/intake/src/intake.tokens.ts`). Specs are left out: they are
 * not part of the modules' structure (the file-level cycle check still reads them).
 */
export function folderGraph(graph: ImportGraph, projectsFolder: string): FolderGraph {
  const pattern = new RegExp(`^(${projectsFolder.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}[^/]+/src/)([^/]+)(/?)`);
  const nodeOf = (file: string): string | undefined => {
    if (file.endsWith('.spec.ts')) return undefined;
    const match = pattern.exec(file);
    return match ? match[1] + match[2] + match[3] : undefined;
  };
  const folders: FolderGraph = new Map();
  for (const [file, targets] of graph) {
    const from = nodeOf(file);
    if (from === undefined) continue;
    const edges = folders.get(from) ?? new Map<string, string[]>();
    folders.set(from, edges);
    for (const target of targets) {
      const to = nodeOf(target);
      if (to === undefined || to === from) continue;
      edges.set(to, [...(edges.get(to) ?? []), `${file} -> ${target}`]);
    }
  }
  return folders;
}

/** The folder graph as an import graph (for importCycles), without the edges `skip` names (`from -> to`). */
export function folderImports(folders: FolderGraph, skip: ReadonlySet<string> = new Set()): ImportGraph {
  return new Map([...folders].map(([from, edges]) => [from, [...edges.keys()].filter((to) => !skip.has(`${from} -> ${to}`)).sort()]));
}
