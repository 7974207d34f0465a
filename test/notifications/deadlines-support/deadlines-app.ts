/**
 * The deadline engine through the real bus, for tests: "intake" and "cases"
 * are service apps with nothing but their relays (each publishes its own
 * streams to its Kafka topic) sharing one PostgreSQL store schema with
 * notifications; notifications runs the deadlines module with a ManualClock,
 * its consumer on Kafka and its read model in a schema of its own. Each
 * harness has its own schemas and topic prefix, so suites run in parallel.
 * A small agency file keeps the obligations few.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Module } from '@nestjs/common';
import type { INestApplication } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { EventStore, ManualClock, NewEvent, StoredEvent } from '@jm/event-sourcing';
import { connectServiceConsumer, createServiceApp, EVENT_STORE_TOKEN, READ_MODEL_TOKEN, signToken } from '@jm/platform';
import { Role } from '@jm/reference';
import { TEST_JWT_SECRET, TEST_SECURITY_ENV } from '@jm/platform/testing';
import { createTestSchema, pollUntil, testKafkaBrokers, uniqueName } from '@jm/testing';
import request from 'supertest';
import { DeadlinesModule } from '../../../services/notifications/src/deadlines/deadlines.module';
import { ClockEntity, ClockRow, DEADLINES_READ_MODEL } from '../../../services/notifications/src/deadlines/deadlines.read-model';
import { NotificationsModule } from '../../../services/notifications/src/notifications.module';
import { NOTIFICATIONS_READ_MODEL } from '../../../services/notifications/src/notifications.read-model';

@Module({})
class RelayOnlyModule {}

const AGENCIES = {
  agencies: [
    { code: 'lc-office', name: { 'zh-CN': '鲤城区联席办', en: 'Licheng office' }, kind: 'office', level: 'district', jurisdiction: '350502' },
    {
      code: 'lc-market',
      name: { 'zh-CN': '鲤城区市场监管局', en: 'Licheng market regulation' },
      kind: 'member',
      duty: 'market_regulation',
      level: 'district',
      jurisdiction: '350502',
    },
    {
      code: 'lc-police',
      name: { 'zh-CN': '鲤城公安分局', en: 'Licheng police' },
      kind: 'member',
      duty: 'police',
      level: 'district',
      jurisdiction: '350502',
    },
    { code: 'lc-st-haibin', name: { 'zh-CN': '海滨街道', en: 'Haibin street' }, kind: 'street', level: 'district', jurisdiction: '350502' },
    { code: 'qz-office', name: { 'zh-CN': '泉州市联席办', en: 'Quanzhou office' }, kind: 'office', level: 'city', jurisdiction: '350500' },
  ],
};

export interface DeadlinesHarness {
  clock: ManualClock;
  /** KAFKA_TOPIC_PREFIX of this harness. */
  topicPrefix: string;
  store: EventStore;
  /** Starts (or restarts) the notifications app on the same store, read model and topics. */
  startNotifications(): Promise<INestApplication>;
  notifications(): INestApplication;
  stopNotifications(): Promise<void>;
  dataSource(): DataSource;
  /** A bearer token issued at the ManualClock's time (the guard checks expiry against that clock). */
  auth(agency: string, roles: Role[]): { Authorization: string };
  /** Appends as `actor` (default lc-office/test), as the writing service would. */
  append(streamId: string, type: string, data: unknown, time: string, actor?: { agency: string; user: string }): Promise<StoredEvent>;
  tick(app?: INestApplication): Promise<Record<string, unknown>>;
  clockRow(clockId: string, ready?: (row: ClockRow) => boolean): Promise<ClockRow>;
  types(clockId: string): Promise<string[]>;
  close(): Promise<void>;
}

export interface DeadlinesHarnessOptions {
  /** The whole notifications service (deadlines and channels, NotificationsModule) instead of the deadlines module alone. */
  fullService?: boolean;
  /** Agencies besides the small file's (they owe obligations too). */
  agencies?: object[];
}

export async function startDeadlinesHarness(name: string, start: string, options: DeadlinesHarnessOptions = {}): Promise<DeadlinesHarness> {
  const dir = mkdtempSync(join(tmpdir(), `jm-${name}-`));
  const agencies = join(dir, 'agencies.json');
  writeFileSync(agencies, JSON.stringify({ agencies: [...AGENCIES.agencies, ...(options.agencies ?? [])] }));
  // Channels: the inbox only (no SMTP server, no webhook) unless a test writes its own file.
  const channels = join(dir, 'notification-channels.json');
  writeFileSync(channels, JSON.stringify({ defaultLocale: 'zh-CN', agencies: {} }));
  const storeSchema = await createTestSchema(`${name}_store`);
  const readSchema = await createTestSchema(`${name}_read`);
  const topicPrefix = `${uniqueName(name).toLowerCase()}.`;
  const clock = new ManualClock(new Date(start));
  // PostgreSQL by default; DEADLINES_TEST_STORE=sqlite runs the same suite on a shared SQLite file (the PostgreSQL store's readers wait for
  // every older transaction on the server, so another suite holding one open stalls this one: a way to tell the two apart).
  const storeEnv =
    process.env.DEADLINES_TEST_STORE === 'sqlite'
      ? { EVENT_STORE: 'sqlite', SQLITE_PATH: join(dir, 'events.sqlite') }
      : { EVENT_STORE: 'postgres', PG_URL: storeSchema.url, PG_SCHEMA: storeSchema.schema };
  const shared = {
    ...TEST_SECURITY_ENV,
    LOG_LEVEL: process.env.DEADLINES_TEST_LOG ?? 'silent',
    ...storeEnv,
    BUS: 'kafka',
    KAFKA_BROKERS: testKafkaBrokers().join(','),
    KAFKA_TOPIC_PREFIX: topicPrefix,
    AGENCY_REGISTRY_PATH: agencies,
    NOTIFICATION_CHANNELS_PATH: channels,
  };
  const writers: INestApplication[] = [];
  for (const service of ['intake', 'cases'] as const) {
    const { app } = await createServiceApp(service, RelayOnlyModule, {
      env: { ...shared, INSTANCE_ID: `${service}-${randomUUID().slice(0, 8)}`, READ_MODEL_SQLITE_PATH: join(dir, `${service}.sqlite`) },
    });
    await app.init();
    writers.push(app);
  }
  const apps: INestApplication[] = [];
  const startNotifications = async (): Promise<INestApplication> => {
    const { app, config } = await createServiceApp('notifications', options.fullService ? NotificationsModule : DeadlinesModule, {
      env: {
        ...shared,
        INSTANCE_ID: `notifications-${randomUUID().slice(0, 8)}`,
        READ_MODEL_DB: 'postgres',
        READ_MODEL_PG_URL: readSchema.url,
        READ_MODEL_PG_SCHEMA: readSchema.schema,
        // The scheduler's own timer stays out of the way: the tests tick on demand after moving the clock.
        DEADLINE_TICK_SECONDS: '3600',
      },
      readModel: options.fullService ? NOTIFICATIONS_READ_MODEL : DEADLINES_READ_MODEL,
      clock,
    });
    connectServiceConsumer(app, config);
    await app.startAllMicroservices();
    await app.listen(0, '127.0.0.1');
    apps.push(app);
    return app;
  };
  const current = () => {
    const app = apps.at(-1);
    if (!app) throw new Error('notifications is not running');
    return app;
  };
  const store = writers[0].get<EventStore>(EVENT_STORE_TOKEN);
  const harness: DeadlinesHarness = {
    clock,
    topicPrefix,
    store,
    startNotifications,
    notifications: current,
    stopNotifications: async () => {
      await apps.pop()?.close();
    },
    dataSource: () => current().get<DataSource>(READ_MODEL_TOKEN),
    auth: (agency, roles) => ({
      Authorization: `Bearer ${signToken({ sub: `${agency}-user`, agency, roles }, TEST_JWT_SECRET, { ttlSeconds: 3600, now: clock.now() })}`,
    }),
    async append(streamId, type, data, time, actor = { agency: 'lc-office', user: 'test' }) {
      const event: NewEvent = {
        id: randomUUID(),
        type,
        schemaVersion: 1,
        data,
        time,
        correlationId: randomUUID(),
        causationId: randomUUID(),
        actor,
      };
      await store.append(streamId, [event], 'any');
      return (await store.readStream(streamId)).find((e) => e.id === event.id)!;
    },
    async tick(app = current()) {
      const res = await request(app.getHttpServer())
        .post('/deadlines/tick')
        .set(harness.auth('lc-office', ['office_officer']))
        .expect(200);
      return res.body as Record<string, unknown>;
    },
    clockRow: (clockId, ready = () => true) =>
      pollUntil(
        async () => {
          const row = await harness.dataSource().getRepository(ClockEntity).findOne({ where: { clockId } });
          return row && ready(row) ? row : undefined;
        },
        { timeoutMs: 60_000, intervalMs: 100, what: `clock ${clockId} in the read model` },
      ),
    types: async (clockId) => (await store.readStream(`deadline-${clockId}`)).map((e) => e.type),
    async close() {
      while (apps.length) await apps.pop()!.close();
      for (const app of writers) await app.close();
      await storeSchema.drop();
      await readSchema.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  await startNotifications();
  return harness;
}
