/**
 * Layering and cycles from the TypeScript imports themselves: no import cycle in
 * any project (services/*, libs/*), nor between the top-level folders of a
 * service's src/ (but for the listed imports of a stream's API); reporting's write side (ledgers/, rebuild/)
 * never imports its read side (statistics/), whose risk-ledger index hears of
 * writes through the RiskLedgerListener port; statistics' sub-folders import
 * downwards only. Probe trees in a temp folder prove each check fails on what
 * it forbids.
 */
import { resolve } from 'node:path';
import { folderGraph, folderImports, ForbiddenImport, forbiddenImports, importCycles, importGraph } from '../support/import-graph';
import { withTree } from './support/probe-tree';

const ROOT = resolve(__dirname, '..', '..');
const PROJECT_FOLDERS = ['services', 'libs'];

const REPORTING = 'services/reporting/src/';
/** reporting/statistics' sub-folders from the top down: each imports none of those above it. */
const STATISTICS_FOLDERS = ['exports/', 'statistics-tables/', 'ledger-queries/', 'access/', 'vocabulary/'].map(
  (folder) => `${REPORTING}statistics/${folder}`,
);

const REPORTING_LAYERS: ForbiddenImport[] = [
  { from: `${REPORTING}ledgers/`, to: `${REPORTING}statistics/` },
  { from: `${REPORTING}rebuild/`, to: `${REPORTING}statistics/` },
  ...STATISTICS_FOLDERS.flatMap((from, below) => STATISTICS_FOLDERS.slice(0, below).map((to) => ({ from, to }))),
];

/**
 * The folder imports that close a cycle by design: a stream's folder holds its API (docs/architecture.md,
 * "Where to find a command"), which sits above the read models and access rules that in turn read the
 * stream's events and state. Each is allowed only while every file import behind it comes from the
 * stream's API (controller, service, DTO); any other import closing a folder cycle fails the test.
 */
const API_OF_STREAM = /\.(controller|service|dto)\.ts$/;
const STREAM_API_IMPORTS: Record<string, string[]> = {
  'services/cases/src/case/': ['access/', 'meeting/', 'read-model/'],
  'services/cases/src/meeting/': ['access/', 'case/', 'meeting-summary/'],
  'services/cases/src/triage/': ['access/', 'read-model/'],
  'services/intake/src/lead/': ['evidence/', 'informant/', 'intake.tokens.ts', 'lead-read-model/', 'matching/', 'submission/'],
};
const ALLOWED_FOLDER_IMPORTS = new Set(
  Object.entries(STREAM_API_IMPORTS).flatMap(([from, tos]) => tos.map((to) => `${from} -> ${from.replace(/[^/]+\/$/, '')}${to}`)),
);

describe('imports of the workspace', () => {
  const graph = importGraph(ROOT, PROJECT_FOLDERS);

  it('given every project, when its imports are walked, then no file imports itself round a cycle', () => {
    expect(graph.size).toBeGreaterThan(100);
    expect(importCycles(graph)).toEqual([]);
  });

  it("given each service, then no import cycle between the top-level folders of its src/, but for the listed imports of a stream's API", () => {
    const folders = folderGraph(graph, 'services/');
    expect(folders.size).toBeGreaterThan(20);
    for (const allowed of ALLOWED_FOLDER_IMPORTS) {
      const [from, to] = allowed.split(' -> ');
      const behind = folders.get(from)?.get(to) ?? [];
      // Still there (the list is not stale), and only from the stream's API.
      expect({ allowed, present: behind.length > 0 }).toEqual({ allowed, present: true });
      expect(behind.filter((edge) => !API_OF_STREAM.test(edge.split(' -> ')[0]))).toEqual([]);
    }
    expect(importCycles(folderImports(folders, ALLOWED_FOLDER_IMPORTS))).toEqual([]);
  });

  it.each(REPORTING_LAYERS)('given reporting, when its imports are walked, then nothing under $from imports $to', (rule) => {
    expect([...graph.keys()].some((file) => file.startsWith(rule.from))).toBe(true);
    expect(forbiddenImports(graph, rule)).toEqual([]);
  });
});

describe('the import checks on probe trees', () => {
  it('given two files that import each other (types only, through a third), when walked, then the cycle is reported', () => {
    const cycles = withTree(
      {
        'libs/probe/src/a.ts': "import type { B } from './b';\nexport type A = { b?: B };\n",
        'libs/probe/src/b.ts': "export { c } from './nested/c';\nexport type B = string;\n",
        'libs/probe/src/nested/c.ts': "import type { A } from '../a';\nexport const c = (a: A) => a;\n",
        'libs/probe/src/d.ts': "import { c } from './nested/c';\nexport const d = c;\n",
      },
      (root) => importCycles(importGraph(root, PROJECT_FOLDERS)),
    );
    expect(cycles).toEqual([['libs/probe/src/a.ts', 'libs/probe/src/b.ts', 'libs/probe/src/nested/c.ts']]);
  });

  it('given two folders of a service whose files import each other (specs aside), when walked, then the folder cycle is reported', () => {
    const tree = {
      'services/probe/src/ledgers/ledger.module.ts': "import { rebuild } from '../rebuild/rebuild.service';\nexport const m = rebuild;\n",
      'services/probe/src/ledgers/table-sql.ts': 'export const sql = 1;\n',
      'services/probe/src/rebuild/rebuild.service.ts': "import { sql } from '../ledgers/table-sql';\nexport const rebuild = sql;\n",
      'services/probe/src/audit/audit.ts': 'export const audit = 1;\n',
      'services/probe/src/audit/audit.spec.ts': "import { m } from '../ledgers/ledger.module';\nexport const t = m;\n",
      'services/probe/src/ledgers/ledger.spec.ts': "import { audit } from '../audit/audit';\nexport const t = audit;\n",
    };
    const cycles = withTree(tree, (root) => importCycles(folderImports(folderGraph(importGraph(root, PROJECT_FOLDERS), 'services/'))));
    expect(cycles).toEqual([['services/probe/src/ledgers/', 'services/probe/src/rebuild/']]);
  });

  it('given a file of reporting ledgers/ importing from statistics/, when walked, then the import is reported', () => {
    const found = withTree(
      {
        'services/reporting/src/statistics/ledger-queries/feed.ts': 'export const notify = 1;\n',
        'services/reporting/src/ledgers/probe.ts': "import { notify } from '../statistics/ledger-queries/feed';\nexport const n = notify;\n",
        'services/reporting/src/rebuild/probe.ts': "export const n = require('../statistics/ledger-queries/feed');\n",
      },
      (root) => REPORTING_LAYERS.flatMap((rule) => forbiddenImports(importGraph(root, PROJECT_FOLDERS), rule)),
    );
    expect(found).toEqual([
      'services/reporting/src/ledgers/probe.ts -> services/reporting/src/statistics/ledger-queries/feed.ts',
      'services/reporting/src/rebuild/probe.ts -> services/reporting/src/statistics/ledger-queries/feed.ts',
    ]);
  });
});
