/**
 * `npm run openapi:dump [-- --out <dir>]`: writes each service's published OpenAPI
 * document (the one /docs-json serves) to <dir>/<service>.json, default
 * services/console/web/src/api/openapi/. The apps are built in-process on a
 * throw-away embedded store and never listen; the console's API types are
 * generated from these files (scripts/console-web.js), so a contract change
 * breaks the console's build instead of a screen.
 */
import 'reflect-metadata';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { DynamicModule, Type } from '@nestjs/common';
import type { EventPublication, ServiceName } from '@jm/bus';
import { createOpenApiDocument, createServiceApp, ReadModelSchema } from '@jm/platform';

interface ServiceEntry {
  service: ServiceName;
  load: () => { module: Type<unknown> | DynamicModule; readModel: ReadModelSchema; publication: EventPublication };
}

/* eslint-disable @typescript-eslint/no-require-imports -- loaded one at a time, only when dumped */
const SERVICES: ServiceEntry[] = [
  {
    service: 'intake',
    load: () => ({
      module: require('../services/intake/src/intake.module').IntakeModule,
      readModel: require('../services/intake/src/intake.read-model').INTAKE_READ_MODEL,
      publication: require('../services/intake/src/intake.publication').INTAKE_PUBLICATION,
    }),
  },
  {
    service: 'cases',
    load: () => ({
      module: require('../services/cases/src/cases.module').CasesModule,
      readModel: require('../services/cases/src/cases.read-model').CASES_READ_MODEL,
      publication: require('../services/cases/src/cases.publication').CASES_PUBLICATION,
    }),
  },
  {
    service: 'notifications',
    load: () => ({
      module: require('../services/notifications/src/notifications.module').NotificationsModule,
      readModel: require('../services/notifications/src/notifications.read-model').NOTIFICATIONS_READ_MODEL,
      publication: require('../services/notifications/src/notifications.publication').NOTIFICATIONS_PUBLICATION,
    }),
  },
  {
    service: 'reporting',
    load: () => ({
      module: require('../services/reporting/src/reporting.module').ReportingModule,
      readModel: require('../services/reporting/src/reporting.read-model').REPORTING_READ_MODEL,
      publication: require('../services/reporting/src/reporting.publication').REPORTING_PUBLICATION,
    }),
  },
];
/* eslint-enable @typescript-eslint/no-require-imports */

export const DEFAULT_OPENAPI_DIR = resolve(__dirname, '../services/console/web/src/api/openapi');

/** The document of one service, as its /docs-json would serve it with this repository's registry. */
export async function openApiDocumentOf(entry: ServiceEntry, dataDir: string): Promise<unknown> {
  const { module, readModel, publication } = entry.load();
  const env = {
    ...process.env,
    LOG_LEVEL: 'silent',
    EVENT_STORE: 'sqlite',
    BUS: 'embedded',
    SQLITE_PATH: join(dataDir, `${entry.service}-events.sqlite`),
    READ_MODEL_SQLITE_PATH: join(dataDir, `${entry.service}-read.sqlite`),
    EVIDENCE_DIR: join(dataDir, 'evidence'),
    JWT_SECRET: randomBytes(32).toString('base64url'),
    KEY_ENCRYPTION_KEY: randomBytes(32).toString('hex'),
  };
  const { app } = await createServiceApp(entry.service, module, { env, readModel, publication });
  try {
    return createOpenApiDocument(app, entry.service);
  } finally {
    await app.close();
  }
}

async function main(): Promise<void> {
  const outAt = process.argv.indexOf('--out');
  const out = outAt >= 0 ? resolve(process.argv[outAt + 1] ?? '') : DEFAULT_OPENAPI_DIR;
  mkdirSync(out, { recursive: true });
  const dataDir = mkdtempSync(join(tmpdir(), 'jm-openapi-'));
  try {
    for (const entry of SERVICES) {
      const document = await openApiDocumentOf(entry, dataDir);
      writeFileSync(join(out, `${entry.service}.json`), `${JSON.stringify(document, null, 2)}\n`);
      process.stdout.write(`openapi: ${entry.service} -> ${join(out, `${entry.service}.json`)}\n`);
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`openapi: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  });
}
