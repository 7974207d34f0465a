/**
 * The services in one process, as `npm start` runs them (one SQLite event store file,
 * the embedded bus, a read model each), for tests of the published contract: their OpenAPI
 * documents and what they answer.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import type { OpenAPIObject } from '@nestjs/swagger';
import request from 'supertest';
import { EventStore } from '@jm/event-sourcing';
import { connectServiceConsumer, createServiceApp, EVENT_STORE_TOKEN, ReadModelSchema } from '@jm/platform';
import type { ServiceName } from '@jm/bus';
import { bearer, TEST_SECURITY_ENV } from '@jm/platform/testing';
import { pollUntil, uniqueName } from '@jm/testing';
import { IntakeModule } from '../../services/intake/src/intake.module';
import { INTAKE_READ_MODEL } from '../../services/intake/src/intake.read-model';
import { CasesModule } from '../../services/cases/src/cases.module';
import { CASES_READ_MODEL } from '../../services/cases/src/cases.read-model';
import { NotificationsModule } from '../../services/notifications/src/notifications.module';
import { NOTIFICATIONS_READ_MODEL } from '../../services/notifications/src/notifications.read-model';
import { ReportingModule } from '../../services/reporting/src/reporting.module';
import { REPORTING_READ_MODEL } from '../../services/reporting/src/reporting.read-model';
import { ConsoleModule } from '../../services/console/src/console.module';
import { CONSOLE_READ_MODEL } from '../../services/console/src/console.read-model';
import { captureFirstStart, firstAdmins, signInChanged } from '../console/support';

const MODULES: Record<ServiceName, { module: unknown; readModel: ReadModelSchema }> = {
  intake: { module: IntakeModule, readModel: INTAKE_READ_MODEL },
  cases: { module: CasesModule, readModel: CASES_READ_MODEL },
  notifications: { module: NotificationsModule, readModel: NOTIFICATIONS_READ_MODEL },
  reporting: { module: ReportingModule, readModel: REPORTING_READ_MODEL },
  console: { module: ConsoleModule, readModel: CONSOLE_READ_MODEL },
};
export const SERVICE_NAMES = Object.keys(MODULES) as ServiceName[];

export interface RunningService {
  name: ServiceName;
  app: INestApplication;
  http: ReturnType<INestApplication['getHttpServer']>;
  document: OpenAPIObject;
}

export interface Platform {
  services: RunningService[];
  store: EventStore;
  /** Cookie header of a session of the console's first admin (its routes authenticate by session, not by token). */
  consoleCookie: string;
  close(): Promise<void>;
}

export async function startPlatform(): Promise<Platform> {
  const dir = mkdtempSync(join(tmpdir(), 'jm-contract-'));
  const services: RunningService[] = [];
  let firstStart = '';
  try {
    for (const name of SERVICE_NAMES) {
      const { result: created, printed } = await captureFirstStart(async () => {
        const made = await createServiceApp(name, MODULES[name].module as never, {
          env: {
            ...TEST_SECURITY_ENV,
            LOG_LEVEL: process.env.CONTRACT_TEST_LOG ?? 'silent',
            PORT: '0',
            INSTANCE_ID: uniqueName(name),
            SQLITE_PATH: join(dir, 'events.sqlite'),
            READ_MODEL_SQLITE_PATH: join(dir, `${name}-read.sqlite`),
            EVIDENCE_DIR: join(dir, 'evidence'),
            // /metrics exposed, so that it answers as an operation with security does (401 without the token).
            METRICS_TOKEN: 'contract-scrape-token-0123456789abcdef',
          },
          readModel: MODULES[name].readModel,
        });
        connectServiceConsumer(made.app, made.config);
        await made.app.startAllMicroservices();
        await made.app.listen(0, '127.0.0.1');
        return made;
      });
      const { app } = created;
      if (printed) firstStart = printed;
      const http = app.getHttpServer();
      const document = (await request(http).get('/docs-json').expect(200)).body as OpenAPIObject;
      services.push({ name, app, http, document });
    }
  } catch (error) {
    for (const s of services) await s.app.close();
    throw error;
  }
  const store = services[0].app.get<EventStore>(EVENT_STORE_TOKEN);
  await bootTickSettled(
    services.find((s) => s.name === 'notifications')!,
    store,
  );
  const console = services.find((s) => s.name === 'console')!;
  const [username, password] = Object.entries(firstAdmins(firstStart))[0];
  const consoleCookie = (await signInChanged(console.http, username, password)).cookie;
  return {
    services,
    store,
    consoleCookie,
    close: async () => {
      for (const s of services.reverse()) await s.app.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * The deadline scheduler's boot tick opens the current periods' obligations, each starting its clock from the bus:
 * wait until that is done, so a suite counting stored events sees only what its requests wrote.
 */
async function bootTickSettled(notifications: RunningService, store: EventStore): Promise<void> {
  // An on-demand tick waits for the boot tick, then opens nothing more.
  await request(notifications.http)
    .post('/deadlines/tick')
    .set(bearer('lc-office', ['office_officer']))
    .expect(200);
  await pollUntil(
    async () => {
      const events = await store.readAll({ streamPrefixes: ['obligation-', 'deadline-'], limit: 100_000 });
      const due = events.filter((e) => e.type === 'ObligationDue').length;
      return due > 0 && events.filter((e) => e.type === 'ClockStarted').length >= due;
    },
    { timeoutMs: 60_000, what: "the obligations' clocks of the boot tick" },
  );
}

/** Starts the platform before the suite's tests and closes it after; the getter returns it. */
export function withPlatform(): () => Platform {
  let platform: Platform | undefined;
  beforeAll(async () => {
    platform = await startPlatform();
  }, 120_000);
  afterAll(async () => {
    await platform?.close();
  });
  return () => {
    if (!platform) throw new Error('the platform did not start');
    return platform;
  };
}
