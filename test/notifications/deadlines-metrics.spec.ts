/**
 * The deadline engine's gauges on the embedded default (SQLite store and read
 * model, embedded bus, a ManualClock): a routed lead's clock is running; once
 * its deadline has passed it is due (nothing recorded yet), and after the
 * engine's tick it is missed and no longer due.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { EventStore, ManualClock } from '@jm/event-sourcing';
import { connectServiceConsumer, createServiceApp, EVENT_STORE_TOKEN, ServiceMetrics } from '@jm/platform';
import { TEST_SECURITY_ENV } from '@jm/platform/testing';
import { pollUntil } from '@jm/testing';
import { DeadlineScheduler } from '../../services/notifications/src/deadlines/deadline-scheduler';
import { DeadlinesModule } from '../../services/notifications/src/deadlines/deadlines.module';
import { DEADLINES_READ_MODEL } from '../../services/notifications/src/deadlines/deadlines.read-model';

jest.setTimeout(60_000);

const dir = mkdtempSync(join(tmpdir(), 'jm-deadlines-metrics-'));
const holidays = join(dir, 'holidays');
cpSync(join(__dirname, '../../config/holidays'), holidays, { recursive: true });
const clock = new ManualClock(new Date('2026-03-02T02:00:00.000Z'));
let app: INestApplication;
let metrics: ServiceMetrics;

beforeAll(async () => {
  const created = await createServiceApp('notifications', DeadlinesModule, {
    env: {
      ...TEST_SECURITY_ENV,
      LOG_LEVEL: 'silent',
      SQLITE_PATH: join(dir, 'events.sqlite'),
      READ_MODEL_SQLITE_PATH: join(dir, 'read.sqlite'),
      HOLIDAY_CALENDAR_DIR: holidays,
      DEADLINE_TICK_SECONDS: '3600',
    },
    readModel: DEADLINES_READ_MODEL,
    clock,
  });
  app = created.app;
  connectServiceConsumer(app, created.config);
  await app.startAllMicroservices();
  await app.init();
  metrics = app.get(ServiceMetrics);
});

afterAll(async () => {
  await app?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function gauge(name: string, labels: Record<string, string> = {}): Promise<number> {
  const metric = await metrics.registry.getSingleMetric(name)?.get();
  return metric?.values.find((v) => Object.entries(labels).every(([k, l]) => v.labels[k] === l))?.value ?? 0;
}

describe('deadline engine gauges', () => {
  it('given a routed lead’s clock, then running; past its deadline, due; after the engine’s ticks, missed and not due', async () => {
    await pollUntil(async () => (await gauge('jm_deadline_clocks', { status: 'running' })) > 0 || undefined, {
      timeoutMs: 20_000,
      what: 'the boot tick’s clocks in the read model',
    });
    const running = await gauge('jm_deadline_clocks', { status: 'running' });
    expect(await gauge('jm_deadline_missed_clocks')).toBe(0);
    const store = app.get<EventStore>(EVENT_STORE_TOKEN);
    await store.append(
      'routing-m1',
      [
        {
          id: randomUUID(),
          type: 'LeadRouted',
          schemaVersion: 1,
          data: { leadId: 'm1', unit: 'lc-market', rule: 'manual', deadline: '2026-03-20T00:00:00.000Z' },
          time: clock.now().toISOString(),
          correlationId: 'c',
          causationId: 'c',
          actor: { agency: 'lc-office', user: 't' },
        },
      ],
      'any',
    );
    await pollUntil(async () => (await gauge('jm_deadline_clocks', { status: 'running' })) === running + 1 || undefined, {
      timeoutMs: 20_000,
      what: 'the routed lead’s clock running',
    });
    expect(await gauge('jm_deadline_due_clocks')).toBe(0);

    clock.set(new Date('2026-04-30T02:00:00.000Z'));
    expect(await gauge('jm_deadline_due_clocks')).toBeGreaterThan(0);
    await app.get(DeadlineScheduler).tick();
    await pollUntil(async () => (await gauge('jm_deadline_missed_clocks')) > 0 || undefined, {
      timeoutMs: 20_000,
      what: 'the miss in the read model',
    });
    // a miss may make an escalation due at once: the engine ticks until it has recorded all
    await pollUntil(
      async () => {
        if ((await gauge('jm_deadline_due_clocks')) === 0) return true;
        await app.get(DeadlineScheduler).tick();
        return undefined;
      },
      { timeoutMs: 20_000, what: 'nothing due after the ticks' },
    );
  });
});
