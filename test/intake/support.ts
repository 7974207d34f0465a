/**
 * An intake service for API tests: real SQLite files in a temp dir (shared
 * event store, intake's read model), the embedded bus running its consumers,
 * a ManualClock set to now, and helpers to submit leads and read the store.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { EventStore, ManualClock, NewEvent, StoredEvent } from '@jm/event-sourcing';
import { connectServiceConsumer, createServiceApp, EVENT_STORE_TOKEN, READ_MODEL_TOKEN } from '@jm/platform';
import { Role } from '@jm/reference';
import { bearer, TEST_SECURITY_ENV } from '@jm/platform/testing';
import { pollUntil, uniqueName } from '@jm/testing';
import { IntakeModule } from '../../services/intake/src/intake.module';
import { INTAKE_READ_MODEL } from '../../services/intake/src/intake.read-model';
import { randomUUID } from 'node:crypto';

export interface IntakeHarness {
  app: INestApplication;
  http: ReturnType<INestApplication['getHttpServer']>;
  store: EventStore;
  db: DataSource;
  clock: ManualClock;
  dir: string;
  close(): Promise<void>;
}

export async function startIntake(env: Record<string, string> = {}): Promise<IntakeHarness> {
  const dir = mkdtempSync(join(tmpdir(), 'jm-intake-'));
  const clock = new ManualClock(new Date());
  const { app, config } = await createServiceApp('intake', IntakeModule, {
    env: {
      ...TEST_SECURITY_ENV,
      LOG_LEVEL: process.env.INTAKE_TEST_LOG ?? 'silent',
      PORT: '0',
      INSTANCE_ID: uniqueName('intake'),
      SQLITE_PATH: join(dir, 'events.sqlite'),
      READ_MODEL_SQLITE_PATH: join(dir, 'intake-read.sqlite'),
      EVIDENCE_DIR: join(dir, 'evidence'),
      PUBLIC_RATE_LIMIT_PER_MINUTE: '1000',
      ...env,
    },
    readModel: INTAKE_READ_MODEL,
    clock,
  });
  connectServiceConsumer(app, config);
  await app.startAllMicroservices();
  await app.listen(0, '127.0.0.1');
  return {
    app,
    http: app.getHttpServer(),
    store: app.get<EventStore>(EVENT_STORE_TOKEN),
    db: app.get<DataSource>(READ_MODEL_TOKEN),
    clock,
    dir,
    close: async () => {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A valid agency submission body; override what a test is about. */
export function agencyLead(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    title: '某某财富管理公司承诺高息揽储',
    description: '该公司在海滨街道设点，承诺年化15%收益，向老年人推销理财产品。',
    category: 'illegal_fundraising',
    field: 'third_party_wealth_management',
    source: 'routine_supervision',
    channel: 'agency_system',
    street: 'lc-st-haibin',
    amountYuan: '1500000.00',
    participants: 120,
    // A company of its own per lead, so matching links nothing unless a test means it to.
    subjects: [{ kind: 'company', name: `泉州${randomUUID().slice(0, 8)}财富管理有限公司` }],
    ...overrides,
  };
}

/** A valid public submission body. */
export function publicLead(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    title: '有人在小区推销高息理财',
    description: '自称某某投资的业务员在小区推销保本高息理财，年化20%。',
    category: 'illegal_fundraising',
    field: 'private_investment_intermediary',
    street: 'lc-st-haibin',
    ...overrides,
  };
}

export async function submitAgencyLead(
  h: IntakeHarness,
  agency: string,
  roles: Role[],
  overrides: Record<string, unknown> = {},
): Promise<{ leadId: string; version: number; receiptNo: string }> {
  const res = await request(h.http).post('/leads').set(bearer(agency, roles)).send(agencyLead(overrides));
  if (res.status !== 201) throw new Error(`submission failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { leadId: string; version: number; receiptNo: string };
}

export async function streamEvents(h: IntakeHarness, streamId: string): Promise<StoredEvent[]> {
  return h.store.readStream(streamId);
}

/** Every event of the store, for "nothing was stored" checks. */
export async function allEvents(h: IntakeHarness): Promise<StoredEvent[]> {
  return h.store.readAll({ limit: 100000 });
}

/** Appends what the cases service would publish (contract shapes) to its stream in the shared store. */
export async function appendCasesEvent(h: IntakeHarness, streamId: string, type: string, data: unknown): Promise<StoredEvent> {
  const event: NewEvent = {
    id: randomUUID(),
    type,
    schemaVersion: 1,
    data,
    time: h.clock.now().toISOString(),
    correlationId: randomUUID(),
    causationId: randomUUID(),
    actor: { agency: 'lc-office', user: 'lc-office-user' },
  };
  await h.store.append(streamId, [event], 'any');
  const [stored] = (await h.store.readStream(streamId)).filter((e) => e.id === event.id);
  return stored;
}

/** Waits until intake's consumer has handled an event (its dedup row exists). */
export async function handled(h: IntakeHarness, eventId: string): Promise<void> {
  await pollUntil(
    async () => (await h.db.query('SELECT 1 FROM bus_processed_events WHERE consumer_group = ? AND event_id = ?', ['intake', eventId])).length > 0,
    { timeoutMs: 15000, what: `intake to handle event ${eventId}` },
  );
}
