/** One jest run for the whole workspace; suites that need PostgreSQL or Kafka
 * get their connection settings from the environment that scripts/test.sh exports. */
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
  },
];
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/libs', '<rootDir>/services', '<rootDir>/test'],
  testMatch: ['**/*.spec.ts', '**/*.e2e-spec.ts'],
  // Playwright's browser stories (npx playwright test, playwright.config.ts).
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/browser/'],
  transform: { '^.+\\.ts$': swc },
  moduleNameMapper: {
    // @jm/<lib> and @jm/<lib>/<path>, as the paths of tsconfig.base.json
    '^@jm/([a-z-]+)$': '<rootDir>/libs/$1/src/index.ts',
    '^@jm/([a-z-]+)/(.*)$': '<rootDir>/libs/$1/src/$2',
  },
  testTimeout: 60000,
};
