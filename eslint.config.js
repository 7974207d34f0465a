/**
 * Lint for the whole workspace (`npx eslint .`). Two jobs:
 * 1. Module boundaries (docs/architecture.md): a service imports the libraries
 *    only, never another service; each library only the layers below it
 *    (LAYERS); the framework-free libraries import no framework. Enforced by
 *    @nx/enforce-module-boundaries on the tags in each project.json and by
 *    no-restricted-imports.
 * 2. typescript-eslint's recommended rules, plus the few type-aware rules that
 *    catch unawaited promises (style.md: every promise is awaited).
 */
// The rule builds the Nx project graph; without a daemon it works the same in CI, tests and editors.
process.env.NX_DAEMON = process.env.NX_DAEMON ?? 'false';

const js = require('@eslint/js');
const tseslint = require('typescript-eslint');
const nx = require('@nx/eslint-plugin');
const globals = require('globals');

/** Which libraries each may import (tags in each project.json; docs/architecture.md). */
const LAYERS = [
  // Helpers for specs only; depends on nothing in the workspace.
  { sourceTag: 'scope:testing', onlyDependOnLibsWithTags: [] },
  { sourceTag: 'scope:reference', onlyDependOnLibsWithTags: ['scope:testing'] },
  { sourceTag: 'scope:event-sourcing', onlyDependOnLibsWithTags: ['scope:testing'] },
  { sourceTag: 'scope:contracts', onlyDependOnLibsWithTags: ['scope:event-sourcing', 'scope:reference', 'scope:testing'] },
  // TypeORM table declarations (no Nest): the read models' and the bus consumer's tables.
  { sourceTag: 'scope:read-model', onlyDependOnLibsWithTags: ['scope:testing'] },
  {
    sourceTag: 'scope:bus',
    onlyDependOnLibsWithTags: ['scope:event-sourcing', 'scope:contracts', 'scope:reference', 'scope:read-model', 'scope:testing'],
  },
  {
    sourceTag: 'scope:platform',
    onlyDependOnLibsWithTags: ['scope:event-sourcing', 'scope:contracts', 'scope:reference', 'scope:read-model', 'scope:bus', 'scope:testing'],
  },
  // The console's web app runs in the browser: it imports no workspace project (its API types are generated from OpenAPI).
  { sourceTag: 'type:web', onlyDependOnLibsWithTags: [] },
  // A service depends on the libraries only, never on another service.
  { sourceTag: 'type:service', onlyDependOnLibsWithTags: ['type:lib'] },
];

function boundaries(allow) {
  return ['error', { enforceBuildableLibDependency: false, allow, depConstraints: LAYERS }];
}

/** The libraries that stay framework-free (no NestJS, Kafka, TypeORM or HTTP stack). */
const FRAMEWORK_FREE = ['libs/event-sourcing/**/*.ts', 'libs/contracts/**/*.ts', 'libs/reference/**/*.ts', 'libs/testing/**/*.ts'];
const FRAMEWORKS = ['@nestjs/*', 'kafkajs', 'typeorm', 'typeorm/*', 'express', 'class-validator', 'class-transformer', 'rxjs'];

module.exports = tseslint.config(
  {
    // .stryker-tmp/ and reports/ are npm run mutate's sandbox copies and reports (docs/testing.md).
    ignores: [
      '**/node_modules/**',
      'dist/**',
      '.data/**',
      '.nx/**',
      '.infra/**',
      'coverage/**',
      'bench/out/**',
      'bench/results/**',
      'tmp/**',
      '.stryker-tmp/**',
      'reports/**',
      // Generated from the services' OpenAPI (npm run console:types).
      'services/console/web/src/api/*.d.ts',
    ],
  },
  ...nx.configs['flat/base'],
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: __dirname },
    },
    rules: {
      '@nx/enforce-module-boundaries': boundaries([]),
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // Nest modules are classes with decorators and no body.
      '@typescript-eslint/no-extraneous-class': 'off',
    },
  },
  {
    files: FRAMEWORK_FREE,
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: FRAMEWORKS, message: 'this library is framework-free (docs/architecture.md)' }] }],
    },
  },
  {
    // The console's web app: browser code, type-checked against its own tsconfig (services/console/web).
    files: ['services/console/web/**/*.ts', 'services/console/web/**/*.tsx'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: __dirname },
      globals: { ...globals.browser },
    },
    rules: {
      '@nx/enforce-module-boundaries': boundaries([]),
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false, attributes: false } }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { ...globals.node } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['**/*.spec.ts', '**/*.e2e-spec.ts', 'test/**/*.ts'],
    languageOptions: { globals: { ...globals.jest } },
    rules: {
      // Specs may use the workspace-level test support in test/ (not a project, so
      // the rule would call it an external resource); production code may not.
      '@nx/enforce-module-boundaries': boundaries(['^(\\.\\./)+test/']),
    },
  },
);
