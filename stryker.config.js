/**
 * StrykerJS for one core domain module (`npm run mutate`, docs/testing.md):
 * scripts/mutate.js runs it once per module with JM_MUTATE_MODULE set, then
 * checks each module's score against the threshold. Not part of `npm test`:
 * it is slow on two cores.
 */
const { currentModule, THRESHOLD } = require('./scripts/mutate-modules.js');

const module_ = currentModule();
const slug = module_.name.replace(/[^a-z0-9]+/g, '-');

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
module.exports = {
  testRunner: 'jest',
  jest: { projectType: 'custom', configFile: 'jest.mutate.config.js', enableFindRelatedTests: false },
  mutate: [module_.glob],
  coverageAnalysis: 'perTest',
  // The machine is shared: one test runner at a time.
  concurrency: 1,
  // Re-runs test only the mutants whose code or covering tests changed (the file is git-ignored).
  incremental: true,
  incrementalFile: `reports/mutation/${slug}.incremental.json`,
  reporters: ['clear-text', 'progress-append-only', 'json', 'html'],
  clearTextReporter: { allowColor: false, logTests: false, reportScoreTable: true },
  jsonReporter: { fileName: `reports/mutation/${slug}.json` },
  htmlReporter: { fileName: `reports/mutation/${slug}.html` },
  thresholds: { high: 90, low: THRESHOLD, break: null },
  // Only the workspace's sources and configuration go into the sandbox.
  ignorePatterns: ['/.data', '/dist', '/.nx', '/.infra', '/coverage', '/reports', '/bench', '/docs', '/tmp', '*.log'],
  tempDirName: '.stryker-tmp',
  // A busy shared machine runs the tests slower than the dry run measured.
  timeoutMS: 10000,
  timeoutFactor: 2,
};
