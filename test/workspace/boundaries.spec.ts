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
  libImportsService: {
    folder: 'libs/platform/src/config',
    source: "import { ReportingModule } from '../../../../services/reporting/src/reporting.module';\n\nexport const leaked = ReportingModule;\n",
  },
  serviceImportsServiceByBaseUrl: {
    folder: 'services/reporting/src',
    source: "import { CasesModule } from 'services/cases/src/cases.module';\n\nexport const leaked = CasesModule;\n",
  },
  serviceImportsLibraries: {
    folder: 'services/notifications/src',
    source:
      "import { loadConfig } from '@jm/platform';\nimport { isStreamId } from '@jm/event-sourcing';\n\nexport const load = [loadConfig, isStreamId];\n",
  },
  // The layers (eslint.config.js LAYERS): each library imports only those below it.
  contractsImportsPlatform: {
    folder: 'libs/contracts/src',
    source: "import { loadConfig } from '@jm/platform';\n\nexport const leaked = loadConfig;\n",
  },
  contractsImportsBus: { folder: 'libs/contracts/src', source: "import { createBus } from '@jm/bus';\n\nexport const leaked = createBus;\n" },
  eventSourcingImportsContracts: {
    folder: 'libs/event-sourcing/src',
    source: "import { toCaseStreamId } from '@jm/contracts';\n\nexport const leaked = toCaseStreamId;\n",
  },
  eventSourcingImportsReference: {
    folder: 'libs/event-sourcing/src',
    source: "import { labelOf } from '@jm/reference';\n\nexport const leaked = labelOf;\n",
  },
  referenceImportsEventSourcing: {
    folder: 'libs/reference/src',
    source: "import { assertNever } from '@jm/event-sourcing';\n\nexport const leaked = assertNever;\n",
  },
  busImportsPlatform: { folder: 'libs/bus/src', source: "import { loadConfig } from '@jm/platform';\n\nexport const leaked = loadConfig;\n" },
  testingImportsEventSourcing: {
    folder: 'libs/testing/src',
    source: "import { assertNever } from '@jm/event-sourcing';\n\nexport const leaked = assertNever;\n",
  },
  platformImportsLowerLayers: {
    folder: 'libs/platform/src',
    source:
      "import { toCaseStreamId } from '@jm/contracts';\nimport { createBus } from '@jm/bus';\n\nexport const allowed = [toCaseStreamId, createBus];\n",
  },
  // The framework-free libraries import no framework.
  eventSourcingImportsNest: {
    folder: 'libs/event-sourcing/src',
    source: "import { Injectable } from '@nestjs/common';\n\nexport const leaked = Injectable;\n",
  },
  contractsImportsKafka: { folder: 'libs/contracts/src', source: "import { Kafka } from 'kafkajs';\n\nexport const leaked = Kafka;\n" },
  referenceImportsTypeorm: { folder: 'libs/reference/src', source: "import { DataSource } from 'typeorm';\n\nexport const leaked = DataSource;\n" },
};
type Probe = keyof typeof PROBES;

describe('module boundaries', () => {
  const messages = {} as Record<Probe, Linter.LintMessage[]>;

  beforeAll(async () => {
    const suffix = randomBytes(4).toString('hex');
    const files = Object.entries(PROBES).map(([name, probe]) => ({
      name: name as Probe,
      path: join(ROOT, probe.folder, `boundary-probe-${name}-${suffix}.ts`),
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

  const errorsOf = (probe: Probe, rule: string): Linter.LintMessage[] =>
    messages[probe].filter((message) => message.ruleId === rule && message.severity === 2);
  const boundaryErrors = (probe: Probe): Linter.LintMessage[] => errorsOf(probe, RULE);

  it('given a file in services/cases importing from services/intake, when linted, then the boundary rule reports an error', () => {
    const errors = boundaryErrors('serviceImportsService');
    expect(errors).toHaveLength(1);
    expect(errors[0].line).toBe(1);
  });

  it('given a service importing another by its baseUrl path, when linted, then the boundary rule reports an error', () => {
    expect(boundaryErrors('serviceImportsServiceByBaseUrl')).toHaveLength(1);
  });

  it('given a file in a library importing a service, when linted, then the boundary rule reports an error', () => {
    expect(boundaryErrors('libImportsService')).toHaveLength(1);
  });

  it('given a file in a service importing the libraries, when linted, then there is no boundary error', () => {
    expect(boundaryErrors('serviceImportsLibraries')).toEqual([]);
    expect(messages.serviceImportsLibraries.filter((message) => message.fatal)).toEqual([]);
  });

  it.each([
    ['contracts', '@jm/platform', 'contractsImportsPlatform'],
    ['contracts', '@jm/bus', 'contractsImportsBus'],
    ['event-sourcing', '@jm/contracts', 'eventSourcingImportsContracts'],
    ['event-sourcing', '@jm/reference', 'eventSourcingImportsReference'],
    ['reference', '@jm/event-sourcing', 'referenceImportsEventSourcing'],
    ['bus', '@jm/platform', 'busImportsPlatform'],
    ['testing', '@jm/event-sourcing', 'testingImportsEventSourcing'],
  ] as const)(
    'given libs/%s importing %s (a layer above or beside it), when linted, then the boundary rule reports an error',
    (_lib, _target, probe) => {
      expect(boundaryErrors(probe)).toHaveLength(1);
    },
  );

  it('given the platform importing contracts and the bus (layers below it), when linted, then there is no boundary error', () => {
    expect(boundaryErrors('platformImportsLowerLayers')).toEqual([]);
  });

  it.each([
    ['event-sourcing', '@nestjs/common', 'eventSourcingImportsNest'],
    ['contracts', 'kafkajs', 'contractsImportsKafka'],
    ['reference', 'typeorm', 'referenceImportsTypeorm'],
  ] as const)('given framework-free libs/%s importing %s, when linted, then no-restricted-imports reports an error', (_lib, _target, probe) => {
    expect(errorsOf(probe, 'no-restricted-imports')).toHaveLength(1);
  });
});
