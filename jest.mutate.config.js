/**
 * The jest run StrykerJS uses (`npm run mutate`, docs/testing.md): the workspace
 * jest config limited to the fast in-process specs that cover the module being
 * mutated (scripts/mutate-modules.js), so each mutant runs no PostgreSQL, Kafka
 * or HTTP server. The same specs run in `npm test` with the whole suite.
 */
const base = require('./jest.config.js');
const { currentModule } = require('./scripts/mutate-modules.js');

module.exports = {
  ...base,
  roots: ['<rootDir>'],
  testMatch: currentModule().specs.map((spec) => `<rootDir>/${spec}`),
};
