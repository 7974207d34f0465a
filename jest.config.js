/** One jest run for the whole workspace; suites that need PostgreSQL or Kafka
 * get their connection settings from the environment that scripts/test.sh exports. */
const swc = ['@swc/jest', {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2022',
  },
  module: { type: 'commonjs' },
}];
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/libs', '<rootDir>/services', '<rootDir>/test'],
  testMatch: ['**/*.spec.ts', '**/*.e2e-spec.ts'],
  transform: { '^.+\\.ts$': swc },
  moduleNameMapper: {
    '^@jm/shared$': '<rootDir>/libs/shared/src/index.ts',
    '^@jm/shared/(.*)$': '<rootDir>/libs/shared/src/$1',
  },
  testTimeout: 60000,
};
