/**
 * The channels of the notifications service in a test, on real PostgreSQL
 * (store and read model, each in a fresh schema) and real Kafka (a topic
 * namespace of its own): the service's own relay publishes what the test
 * appends to deadline-/obligation- streams, and its consumer turns the
 * notices into messages. Only ChannelsModule is loaded, so these tests do not
 * depend on the deadline engine beside it. Also: the notices the deadline
 * engine appends, written here by hand from the shared contract.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { toNotificationStreamId } from '@jm/contracts';
import { connectServiceConsumer, createServiceApp, EVENT_STORE_TOKEN, READ_MODEL_TOKEN } from '@jm/platform';
import type { EventStore, NewEvent, StoredEvent } from '@jm/event-sourcing';
import { bearer, TEST_SECURITY_ENV } from '@jm/platform/testing';
import { createTestSchema, pollUntil, testKafkaBrokers, uniqueName } from '@jm/testing';
import type { Role } from '@jm/reference';
import { ChannelsModule } from '../../../services/notifications/src/channels/channels.module';
import { CHANNELS_READ_MODEL } from '../../../services/notifications/src/channels/channels.read-model';
import { messageIdOf } from '../../../services/notifications/src/channels/notice/notices';

export interface ChannelsInfra {
  env: Record<string, string>;
  dir: string;
  drop(): Promise<void>;
}

/**
 * Fresh schemas, a topic namespace and a channels file; env for the service
 * (in-process or as a child). The event store is a SQLite file of the test's
 * own unless CHANNELS_TEST_STORE=postgres: a PostgreSQL store's readers only
 * see transactions below the cluster's oldest open one (docs/event-store.md),
 * so any other suite holding a transaction open on the shared test server
 * stalls delivery here. The read model (outbox, inbox, consumer state) is on
 * PostgreSQL either way, and the bus is Kafka.
 */
export async function channelsInfra(prefix: string, channelsFile: unknown, extra: Record<string, string> = {}): Promise<ChannelsInfra> {
  const onPostgres = process.env.CHANNELS_TEST_STORE === 'postgres';
  const store = onPostgres ? await createTestSchema(`${prefix}_store`) : undefined;
  const read = await createTestSchema(`${prefix}_read`);
  const dir = mkdtempSync(join(tmpdir(), `jm-${prefix}-`));
  const channelsPath = join(dir, 'notification-channels.json');
  writeFileSync(channelsPath, JSON.stringify(channelsFile));
  return {
    dir,
    env: {
      ...TEST_SECURITY_ENV,
      LOG_LEVEL: process.env.CHANNELS_TEST_LOG ?? 'silent',
      ...(store
        ? { EVENT_STORE: 'postgres', PG_URL: store.url, PG_SCHEMA: store.schema }
        : { EVENT_STORE: 'sqlite', SQLITE_PATH: join(dir, 'events.sqlite') }),
      READ_MODEL_DB: 'postgres',
      READ_MODEL_PG_URL: read.url,
      READ_MODEL_PG_SCHEMA: read.schema,
      BUS: 'kafka',
      KAFKA_BROKERS: testKafkaBrokers().join(','),
      KAFKA_TOPIC_PREFIX: `${uniqueName(prefix).toLowerCase()}.`,
      NOTIFICATION_CHANNELS_PATH: channelsPath,
      DEADLINE_POLICIES_PATH: join(dir, 'no-policies.json'),
      DELIVERY_MAX_ATTEMPTS: '4',
      DELIVERY_RETRY_BASE_MS: '200',
      ...extra,
    },
    drop: async () => {
      await store?.drop();
      await read.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface ChannelsApp {
  app: INestApplication;
  store: EventStore;
  db: DataSource;
  close(): Promise<void>;
}

export async function startChannelsApp(env: Record<string, string>): Promise<ChannelsApp> {
  const { app, config } = await createServiceApp('notifications', ChannelsModule, {
    env: { INSTANCE_ID: `notifications-${randomUUID().slice(0, 8)}`, ...env },
    readModel: CHANNELS_READ_MODEL,
  });
  connectServiceConsumer(app, config);
  await app.startAllMicroservices();
  await app.listen(0, '127.0.0.1');
  return { app, store: app.get<EventStore>(EVENT_STORE_TOKEN), db: app.get<DataSource>(READ_MODEL_TOKEN), close: () => app.close() };
}

const SYSTEM = { agency: 'system', user: 'notifications:deadlines' };

/** Appends one notice as the deadline engine would, and returns it as stored. */
export async function appendNotice(store: EventStore, streamId: string, type: string, data: unknown): Promise<StoredEvent> {
  const event: NewEvent = {
    id: randomUUID(),
    type,
    schemaVersion: 1,
    data,
    time: new Date().toISOString(),
    correlationId: randomUUID(),
    causationId: randomUUID(),
    actor: SYSTEM,
  };
  await store.append(streamId, [event], 'any');
  const stored = (await store.readStream(streamId)).find((e) => e.id === event.id);
  if (!stored) throw new Error(`notice ${event.id} was not stored`);
  return stored;
}

export const subjectOfCase = (caseId: string) => ({ kind: 'case' as const, id: caseId, streamId: `case-${caseId}` });

/** A missed deadline of a unit (the clock id names the stream). */
export function missed(clockId: string, unit: string, caseId: string) {
  return {
    clockId,
    policyId: 'police-response',
    subject: subjectOfCase(caseId),
    unit,
    dueAt: '2026-03-31T16:00:00.000Z',
    missedAt: '2026-03-31T16:00:00.000Z',
  };
}

/** The events of a message stream, waiting until it holds at least `min` events of the given type. */
export async function messageEvents(
  store: EventStore,
  messageId: string,
  until?: { type: string; count?: number },
  timeoutMs = 60_000,
): Promise<StoredEvent[]> {
  if (!until) return store.readStream(toNotificationStreamId(messageId));
  return pollUntil(
    async () => {
      const events = await store.readStream(toNotificationStreamId(messageId));
      return events.filter((e) => e.type === until.type).length >= (until.count ?? 1) ? events : undefined;
    },
    { timeoutMs, intervalMs: 50, what: `${until.count ?? 1} ${until.type} on message ${messageId}` },
  );
}

export const auth = (agency: string, roles: Role[], user?: string) => bearer(agency, roles, user);
export { messageIdOf };
