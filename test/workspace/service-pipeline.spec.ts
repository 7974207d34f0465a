/**
 * The services' wiring end to end: an event appended by intake reaches a cases
 * @EventPattern handler through the service's own relay and EventBusServer, the
 * way bootstrapService connects them, on the embedded default (shared SQLite
 * store) and on PostgreSQL + Kafka.
 */
import { Controller, INestApplication, Module } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import type { ServiceName } from '@jm/bus';
import type { EventBusContext } from '@jm/platform';
import type { EventStore, StoredEvent } from '@jm/event-sourcing';
import { newEvent } from '@jm/event-sourcing/testing/fixtures';
import { connectServiceConsumer, createServiceApp, EVENT_STORE_TOKEN, READ_MODEL_TOKEN } from '@jm/platform';
import { createTestSchema, pollUntil, testKafkaBrokers, uniqueName } from '@jm/testing';
import { TEST_SECURITY_ENV } from '@jm/platform/testing';

const seen: Array<{ event: StoredEvent; topic: string }> = [];

@Controller()
class LeadProbe {
  @EventPattern('LeadReceived')
  async onLead(@Payload() event: StoredEvent, @Ctx() ctx: EventBusContext): Promise<void> {
    seen.push({ event, topic: ctx.topic });
  }
}

@Module({ controllers: [LeadProbe] })
class CasesProbeModule {}

@Module({})
class EmptyModule {}

async function startService(service: ServiceName, module: object, env: Record<string, string>): Promise<INestApplication> {
  const { app, config } = await createServiceApp(service, module as never, { env: { LOG_LEVEL: 'silent', PORT: '0', ...TEST_SECURITY_ENV, ...env } });
  connectServiceConsumer(app, config);
  await app.startAllMicroservices();
  await app.listen(0, '127.0.0.1');
  return app;
}

describe('service pipeline: intake → relay → bus → cases handler', () => {
  const apps: INestApplication[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'jm-pipe-'));
  afterEach(async () => {
    for (const app of apps.splice(0).reverse()) await app.close();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function runPipeline(common: Record<string, string>, readModel: (service: string) => Record<string, string>): Promise<void> {
    const intake = await startService('intake', EmptyModule, { ...common, ...readModel('intake'), INSTANCE_ID: uniqueName('intake') });
    apps.push(intake);
    const cases = await startService('cases', CasesProbeModule, { ...common, ...readModel('cases'), INSTANCE_ID: uniqueName('cases') });
    apps.push(cases);

    const store = intake.get<EventStore>(EVENT_STORE_TOKEN);
    const lead = newEvent('LeadReceived', { title: '某平台涉嫌非法集资', street: '城关街道' });
    const other = newEvent('CaseOpened', { note: 'no handler in the probe for this type' });
    await store.append(`lead-${uniqueName('p')}`, [lead], 'no_stream');
    await cases.get<EventStore>(EVENT_STORE_TOKEN).append(`case-${uniqueName('p')}`, [other], 'no_stream');

    const hit = await pollUntil(() => seen.find((s) => s.event.id === lead.id), { timeoutMs: 30000, what: 'the lead at the cases handler' });
    expect(hit.topic).toBe('intake.events.v1');
    expect(hit.event).toMatchObject({ type: 'LeadReceived', data: lead.data, actor: lead.actor });
    const casesDb = cases.get<DataSource>(READ_MODEL_TOKEN);
    const processed = await casesDb.query('SELECT event_id FROM bus_processed_events WHERE consumer_group = ? AND event_id = ?', ['cases', lead.id]);
    expect(processed).toHaveLength(1);
    expect(seen.find((s) => s.event.id === other.id)).toBeUndefined();
  }

  it('on the embedded default (shared SQLite store, embedded bus)', async () => {
    await runPipeline({ SQLITE_PATH: join(dir, 'events.sqlite') }, (service) => ({ READ_MODEL_SQLITE_PATH: join(dir, `${service}-read.sqlite`) }));
  });

  it('on PostgreSQL and Kafka', async () => {
    const schema = await createTestSchema('pipe');
    try {
      await runPipeline(
        { EVENT_STORE: 'postgres', PG_URL: schema.url, PG_SCHEMA: schema.schema, BUS: 'kafka', KAFKA_BROKERS: testKafkaBrokers().join(',') },
        (service) => ({ READ_MODEL_SQLITE_PATH: join(dir, `${service}-kafka-read.sqlite`) }),
      );
    } finally {
      for (const app of apps.splice(0).reverse()) await app.close();
      await schema.drop();
    }
  }, 90000);
});
