/**
 * X-Access-Purpose in the published OpenAPI of all four services: one header
 * per operation (Nest swagger used to add a second, required `x-access-purpose`
 * for every @Headers parameter), required only where the server requires it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DynamicModule, Type } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { createServiceApp, ReadModelSchema } from '@jm/platform';
import type { ServiceName } from '@jm/bus';
import { TEST_SECURITY_ENV } from '@jm/platform/testing';
import { uniqueName } from '@jm/testing';
import { IntakeModule } from '../../services/intake/src/intake.module';
import { INTAKE_READ_MODEL } from '../../services/intake/src/intake.read-model';
import { CasesModule } from '../../services/cases/src/cases.module';
import { CASES_READ_MODEL } from '../../services/cases/src/cases.read-model';
import { NotificationsModule } from '../../services/notifications/src/notifications.module';
import { NOTIFICATIONS_READ_MODEL } from '../../services/notifications/src/notifications.read-model';
import { ReportingModule } from '../../services/reporting/src/reporting.module';
import { REPORTING_READ_MODEL } from '../../services/reporting/src/reporting.read-model';

const SERVICES: Array<[ServiceName, Type<unknown> | DynamicModule, ReadModelSchema]> = [
  ['intake', IntakeModule, INTAKE_READ_MODEL],
  ['cases', CasesModule, CASES_READ_MODEL],
  ['notifications', NotificationsModule, NOTIFICATIONS_READ_MODEL],
  ['reporting', ReportingModule, REPORTING_READ_MODEL],
];

interface Parameter {
  in: string;
  name: string;
  required?: boolean;
  schema?: { maxLength?: number };
}
type Paths = Record<string, Record<string, { parameters?: Parameter[] }>>;

async function purposeHeaders(
  service: ServiceName,
  module: Type<unknown> | DynamicModule,
  readModel: ReadModelSchema,
): Promise<Map<string, Parameter[]>> {
  const dir = mkdtempSync(join(tmpdir(), `jm-openapi-${service}-`));
  const { app } = await createServiceApp(service, module, {
    env: {
      ...TEST_SECURITY_ENV,
      LOG_LEVEL: 'silent',
      PORT: '0',
      INSTANCE_ID: uniqueName(service),
      SQLITE_PATH: join(dir, 'events.sqlite'),
      READ_MODEL_SQLITE_PATH: join(dir, 'read.sqlite'),
      EVIDENCE_DIR: join(dir, 'evidence'),
    },
    readModel,
  });
  try {
    const paths = SwaggerModule.createDocument(app, new DocumentBuilder().build()).paths as unknown as Paths;
    const out = new Map<string, Parameter[]>();
    for (const [path, operations] of Object.entries(paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        const headers = (operation.parameters ?? []).filter((p) => p.in === 'header' && p.name.toLowerCase() === 'x-access-purpose');
        if (headers.length) out.set(`${method.toUpperCase()} ${path}`, headers);
      }
    }
    return out;
  } finally {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('OpenAPI: X-Access-Purpose', () => {
  const all = new Map<string, Parameter[]>();
  beforeAll(async () => {
    for (const [service, module, readModel] of SERVICES)
      for (const [op, headers] of await purposeHeaders(service, module, readModel)) all.set(`${service} ${op}`, headers);
  }, 120000);

  it('every operation that reads it declares it once, as X-Access-Purpose with its maximum length', () => {
    expect([...all.keys()]).toEqual(
      expect.arrayContaining([
        'intake GET /leads/{id}',
        'intake GET /leads/{id}/informant',
        'cases GET /cases/{id}',
        'notifications GET /deadlines/clocks/{clockId}',
        'reporting GET /ledgers/leads',
        'reporting GET /audit/timeline',
        'reporting POST /audit/verifications',
      ]),
    );
    for (const [op, headers] of all)
      expect({ op, headers: headers.map((h) => `${h.name} ${h.schema?.maxLength}`) }).toEqual({ op, headers: ['X-Access-Purpose 500'] });
  });

  it('it is required only on the informant identity', () => {
    expect([...all].filter(([, headers]) => headers.some((h) => h.required)).map(([op]) => op)).toEqual(['intake GET /leads/{id}/informant']);
  });
});
