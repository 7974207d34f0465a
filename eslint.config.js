/**
 * Lint for the whole workspace (`npx eslint .`). Two jobs:
 * 1. Module boundaries (docs/decisions.md): a service imports @jm/shared only,
 *    never another service; libs/shared never imports a service. Enforced by
 *    @nx/enforce-module-boundaries on the tags in each project.json.
 * 2. typescript-eslint's recommended rules, plus the few type-aware rules that
 *    catch unawaited promises (style.md: every promise is awaited).
 */
// The rule builds the Nx project graph; without a daemon it works the same in CI, tests and editors.
process.env.NX_DAEMON = process.env.NX_DAEMON ?? 'false';

const js = require('@eslint/js');
const tseslint = require('typescript-eslint');
const nx = require('@nx/eslint-plugin');
const globals = require('globals');

function boundaries(allow) {
  return [
    'error',
    {
      enforceBuildableLibDependency: false,
      allow,
      depConstraints: [
        // Each service may depend on the shared library only: not on another service.
        { sourceTag: 'type:service', onlyDependOnLibsWithTags: ['scope:shared'] },
        // The shared library depends on nothing in the workspace but itself.
        { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
      ],
    },
  ];
}

module.exports = tseslint.config(
  {
    // .stryker-tmp/ and reports/ are npm run mutate's sandbox copies and reports (docs/testing.md).
    ignores: ['**/node_modules/**', 'dist/**', '.data/**', '.nx/**', '.infra/**', 'coverage/**', 'bench/out/**', 'bench/results/**', 'tmp/**', '.stryker-tmp/**', 'reports/**'],
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
