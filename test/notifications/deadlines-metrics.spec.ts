/**
 * The deadline engine's gauges on the embedded default (SQLite store and read
 * model, embedded bus, a ManualClock): a routed lead's clock is running; once
 * its deadline has passed it is due (nothing recorded yet), and after the
 * engine's tick it is missed and no longer due.
 */
import { randomUUID } from 'node:crypto';
import { EventStore, ManualClock } from '@jm/event-sourcing';
import { EVENT_STORE_TOKEN, READ_MODEL_TOKEN, ServiceMetrics } from '@jm/platform';
import type { DataSource } from 'typeorm';
import { pollUntil } from '@jm/testing';
import { DeadlineScheduler } from '../../services/notifications/src/deadlines/deadline-scheduler';
import { ClockEntity } from '../../services/notifications/src/deadlines/deadlines.read-model';
import { EmbeddedDeadlines, startEmbeddedDeadlines } from './deadlines-support/embedded-deadlines';

jest.setTimeout(60_000);

const clock = new ManualClock(new Date('2026-03-02T02:00:00.000Z'));
let deadlines: EmbeddedDeadlines;
let metrics: ServiceMetrics;

beforeAll(async () => {
  deadlines = await startEmbeddedDeadlines('deadlines-metrics', clock);
  metrics = deadlines.app.get(ServiceMetrics);
});

afterAll(async () => {
  await deadlines?.close();
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
    expect(await gauge('jm_deadline_missed_clocks')).toBe(0);
    const store = deadlines.app.get<EventStore>(EVENT_STORE_TOKEN);
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
    // The boot tick's clocks may still be arriving: wait for the lead's own clock, then for the gauge to count
    // what the read model holds (both read in each round, so it converges once the projection is still).
    const clocks = deadlines.app.get<DataSource>(READ_MODEL_TOKEN).getRepository(ClockEntity);
    await pollUntil(async () => (await clocks.findOneBy({ subjectId: 'm1', status: 'running' })) ?? undefined, {
      timeoutMs: 20_000,
      what: 'the routed lead’s clock running in the read model',
    });
    await pollUntil(
      async () => {
        const held = await clocks.countBy({ status: 'running' });
        return (await gauge('jm_deadline_clocks', { status: 'running' })) === held && held > 0 ? true : undefined;
      },
      { timeoutMs: 20_000, what: 'the running gauge equal to the running clocks in the read model' },
    );
    expect(await gauge('jm_deadline_due_clocks')).toBe(0);

    clock.set(new Date('2026-04-30T02:00:00.000Z'));
    expect(await gauge('jm_deadline_due_clocks')).toBeGreaterThan(0);
    await deadlines.app.get(DeadlineScheduler).tick();
    await pollUntil(async () => (await gauge('jm_deadline_missed_clocks')) > 0 || undefined, {
      timeoutMs: 20_000,
      what: 'the miss in the read model',
    });
    // a miss may make an escalation due at once: the engine ticks until it has recorded all
    await pollUntil(
      async () => {
        if ((await gauge('jm_deadline_due_clocks')) === 0) return true;
        await deadlines.app.get(DeadlineScheduler).tick();
        return undefined;
      },
      { timeoutMs: 20_000, what: 'nothing due after the ticks' },
    );
  });
});
