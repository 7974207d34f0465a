/**
 * Layering and cycles from the TypeScript imports themselves: no import cycle in
 * any project (services/*, libs/*); reporting's write side (ledgers/, rebuild/)
 * never imports its read side (statistics/), whose risk-ledger index hears of
 * writes through the RiskLedgerListener port; statistics' sub-folders import
 * downwards only. Probe trees in a temp folder prove each check fails on what
 * it forbids.
 */
import { resolve } from 'node:path';
import { ForbiddenImport, forbiddenImports, importCycles, importGraph } from '../support/import-graph';
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

describe('imports of the workspace', () => {
  const graph = importGraph(ROOT, PROJECT_FOLDERS);

  it('given every project, when its imports are walked, then no file imports itself round a cycle', () => {
    expect(graph.size).toBeGreaterThan(100);
    expect(importCycles(graph)).toEqual([]);
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
