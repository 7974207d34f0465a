/**
 * The module-boundary rule fails the lint (and so the build) when code crosses
 * a boundary. The probes are real files written into the tree, linted in one
 * pass through the ESLint Node API with the workspace config, then removed.
 */
import { randomBytes } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ESLint, Linter } from 'eslint';

const ROOT = resolve(__dirname, '..', '..');
const RULE = '@nx/enforce-module-boundaries';
// The workspace config is passed in rather than found by ESLint: ESLint loads
// config files with import(), which jest's CommonJS sandbox does not allow.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the flat config is CommonJS
const workspaceConfig = require(join(ROOT, 'eslint.config.js')) as Linter.Config[];

const PROBES = {
  serviceImportsService: {
    folder: 'services/cases/src',
    source: "import { IntakeModule } from '../../intake/src/intake.module';\n\nexport const leaked = IntakeModule;\n",
  },
  sharedImportsService: {
    folder: 'libs/shared/src/config',
    source: "import { ReportingModule } from '../../../../services/reporting/src/reporting.module';\n\nexport const leaked = ReportingModule;\n",
  },
  serviceImportsServiceByBaseUrl: {
    folder: 'services/reporting/src',
    source: "import { CasesModule } from 'services/cases/src/cases.module';\n\nexport const leaked = CasesModule;\n",
  },
  serviceImportsShared: {
    folder: 'services/notifications/src',
    source: "import { loadConfig } from '@jm/shared';\n\nexport const load = loadConfig;\n",
  },
};
type Probe = keyof typeof PROBES;

describe('module boundaries', () => {
  const messages = {} as Record<Probe, Linter.LintMessage[]>;

  beforeAll(async () => {
    const suffix = randomBytes(4).toString('hex');
    const files = Object.entries(PROBES).map(([name, probe]) => ({
      name: name as Probe,
      path: join(ROOT, probe.folder, `boundary-probe-${suffix}.ts`),
      source: probe.source,
    }));
    try {
      for (const file of files) writeFileSync(file.path, file.source);
      const eslint = new ESLint({ cwd: ROOT, overrideConfigFile: true, overrideConfig: workspaceConfig });
      const results = await eslint.lintFiles(files.map((file) => file.path));
      for (const file of files) {
        messages[file.name] = results.find((result) => result.filePath === file.path)?.messages ?? [];
      }
    } finally {
      for (const file of files) rmSync(file.path, { force: true });
    }
  });

  const boundaryErrors = (probe: Probe): Linter.LintMessage[] =>
    messages[probe].filter((message) => message.ruleId === RULE && message.severity === 2);

  it('given a file in services/cases importing from services/intake, when linted, then the boundary rule reports an error', () => {
    const errors = boundaryErrors('serviceImportsService');
    expect(errors).toHaveLength(1);
    expect(errors[0].line).toBe(1);
  });

  it('given a service importing another by its baseUrl path, when linted, then the boundary rule reports an error', () => {
    expect(boundaryErrors('serviceImportsServiceByBaseUrl')).toHaveLength(1);
  });

  it('given a file in libs/shared importing a service, when linted, then the boundary rule reports an error', () => {
    expect(boundaryErrors('sharedImportsService')).toHaveLength(1);
  });

  it('given a file in a service importing @jm/shared, when linted, then there is no boundary error', () => {
    expect(boundaryErrors('serviceImportsShared')).toEqual([]);
    expect(messages.serviceImportsShared.filter((message) => message.fatal)).toEqual([]);
  });
});
