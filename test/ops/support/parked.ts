/**
 * A service for the operations tests: intake (any service mounts the same module) on SQLite files or on
 * PostgreSQL schemas of its own, the embedded bus running its consumer, and rows parked as its consumer parks them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { ParkedEventEntity, ParkedEventRow } from '@jm/bus';
import type { EventStore, StoredEvent } from '@jm/event-sourcing';
import { connectServiceConsumer, createServiceApp, EVENT_STORE_TOKEN, READ_MODEL_TOKEN } from '@jm/platform';
import { TEST_SECURITY_ENV } from '@jm/platform/testing';
import { createTestSchema, uniqueName } from '@jm/testing';
import { IntakeModule } from '../../../services/intake/src/intake.module';
import { INTAKE_READ_MODEL } from '../../../services/intake/src/intake.read-model';

export type Dialect = 'sqlite' | 'postgres';

export interface OperationsHarness {
  app: INestApplication;
  http: ReturnType<INestApplication['getHttpServer']>;
  /** http://127.0.0.1:<port> */
  url: string;
  store: EventStore;
  db: DataSource;
  /** The event store's SQLite file (sqlite only), for the audit CLI. */
  storePath: string;
  close(): Promise<void>;
}

export async function startService(dialect: Dialect): Promise<OperationsHarness> {
  const dir = mkdtempSync(join(tmpdir(), 'jm-operations-'));
  const schemas = dialect === 'postgres' ? [await createTestSchema('ops_store'), await createTestSchema('ops_read')] : [];
  const [store, read] = schemas;
  const { app, config } = await createServiceApp('intake', IntakeModule, {
    env: {
      ...TEST_SECURITY_ENV,
      LOG_LEVEL: process.env.OPERATIONS_TEST_LOG ?? 'silent',
      PORT: '0',
      INSTANCE_ID: uniqueName('intake'),
      EVIDENCE_DIR: join(dir, 'evidence'),
      ...(store && read
        ? {
            EVENT_STORE: 'postgres',
            PG_URL: store.url,
            PG_SCHEMA: store.schema,
            READ_MODEL_DB: 'postgres',
            READ_MODEL_PG_URL: read.url,
            READ_MODEL_PG_SCHEMA: read.schema,
          }
        : { SQLITE_PATH: join(dir, 'events.sqlite'), READ_MODEL_SQLITE_PATH: join(dir, 'intake-read.sqlite') }),
    },
    readModel: INTAKE_READ_MODEL,
  });
  connectServiceConsumer(app, config);
  await app.startAllMicroservices();
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  return {
    app,
    http: app.getHttpServer(),
    url: `http://127.0.0.1:${address.port}`,
    store: app.get<EventStore>(EVENT_STORE_TOKEN),
    db: app.get<DataSource>(READ_MODEL_TOKEN),
    storePath: join(dir, 'events.sqlite'),
    close: async () => {
      try {
        await app.close();
      } finally {
        for (const schema of schemas) await schema.drop();
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

/** A stored event of a type intake's consumer has no handler for: a replay applies it (nothing to do) and succeeds. */
export function unhandledEvent(): StoredEvent {
  const id = randomUUID();
  return {
    id,
    type: 'SomethingIntakeIgnores',
    schemaVersion: 1,
    streamId: `case-${randomUUID()}`,
    streamVersion: 0,
    position: 1,
    data: { note: '测试' },
    time: new Date().toISOString(),
    correlationId: id,
    causationId: id,
    actor: { agency: 'lc-office', user: 'u1' },
    prevHash: '',
    hash: 'ab',
    hashAlg: 'SM3',
  };
}

/** Parks a row as ConsumerCore does: an event (its JSON) or a message that did not decode (`raw`). */
export async function park(
  h: OperationsHarness,
  what: { event: StoredEvent } | { raw: string },
  overrides: Partial<ParkedEventRow> = {},
): Promise<ParkedEventRow> {
  const position = String(Math.floor(Math.random() * 1e9));
  const row: ParkedEventRow =
    'event' in what
      ? {
          group: 'intake',
          eventId: what.event.id,
          eventType: what.event.type,
          streamId: what.event.streamId,
          topic: 'cases.events.v1',
          source: 'embedded',
          position,
          payloadFormat: 'event',
          payload: JSON.stringify(what.event),
          error: 'Error: handler failed\n    at handler (intake.ts:1:1)',
          attempts: 5,
          parkedAt: new Date().toISOString(),
          status: 'parked',
          replayedAt: null,
          ...overrides,
        }
      : {
          group: 'intake',
          eventId: `invalid:cases.events.v1:0:${position}`,
          eventType: '(invalid message)',
          streamId: '',
          topic: 'cases.events.v1',
          source: 'cases.events.v1:0',
          position,
          payloadFormat: 'raw',
          payload: what.raw,
          error: 'Error: Invalid integration message: not JSON',
          attempts: 1,
          parkedAt: new Date().toISOString(),
          status: 'parked',
          replayedAt: null,
          ...overrides,
        };
  await h.db.getRepository(ParkedEventEntity).insert(row);
  return row;
}
