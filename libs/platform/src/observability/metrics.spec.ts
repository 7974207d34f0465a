/**
 * The collectors on real parts: appends and version conflicts of a SQLite event
 * store, a consumer group's outcomes on the real ConsumerCore, the embedded
 * bus' and the relay's lag, and the names of every metric against Prometheus' conventions.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { BUS_CONSUMER_ENTITIES, BUS_CONSUMER_MIGRATIONS, ConsumerCore, EmbeddedBus, EMBEDDED_SOURCE, relayName } from '@jm/bus';
import { NewEvent, NO_STREAM, SqliteEventStore, WrongExpectedVersionError } from '@jm/event-sourcing';
import { storedEvent } from '@jm/event-sourcing/testing';
import { ServiceMetrics } from './metrics';
import { observeAppends, relayLag } from './platform-metrics';

const newEvent = (type: string): NewEvent => ({
  id: randomUUID(),
  type,
  schemaVersion: 1,
  data: {},
  time: new Date().toISOString(),
  correlationId: randomUUID(),
  causationId: randomUUID(),
  actor: { agency: 'lc-office', user: 'tester' },
});

const quiet = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

async function value(metrics: ServiceMetrics, name: string, labels: Record<string, string> = {}): Promise<number | undefined> {
  const metric = await metrics.registry.getSingleMetric(name)?.get();
  return metric?.values.find((v) => Object.entries(labels).every(([k, l]) => v.labels[k] === l))?.value;
}

describe('ServiceMetrics', () => {
  let dir: string;
  let store: SqliteEventStore;
  let dataSource: DataSource;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'jm-metrics-'));
    store = SqliteEventStore.open({ path: join(dir, 'events.db') });
    dataSource = await new DataSource({
      type: 'better-sqlite3',
      database: join(dir, 'consumer.db'),
      entities: BUS_CONSUMER_ENTITIES,
      migrations: BUS_CONSUMER_MIGRATIONS,
      migrationsRun: true,
    }).initialize();
  });
  afterEach(async () => {
    await dataSource.destroy();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('exposes every outcome of a consumer group at 0 from its start, so that increase() sees the first events', async () => {
    const metrics = new ServiceMetrics('cases');
    expect(await value(metrics, 'jm_consumer_events_total', { group: 'cases' })).toBeUndefined();
    metrics.consumerObserver('cases');
    for (const outcome of ['applied', 'duplicate', 'retried', 'parked']) {
      expect(await value(metrics, 'jm_consumer_events_total', { group: 'cases', outcome })).toBe(0);
    }
  });

  it('counts and times committed appends, and counts a stale expected version as a conflict, not an append', async () => {
    const metrics = new ServiceMetrics('cases');
    const observed = observeAppends(store, metrics);
    await observed.append('case-1', [newEvent('CaseOpened')], NO_STREAM);
    await observed.append('case-1', [newEvent('CaseNoted'), newEvent('CaseNoted')], 0);
    await expect(observed.append('case-1', [newEvent('CaseNoted')], 0)).rejects.toThrow(WrongExpectedVersionError);
    expect(await value(metrics, 'jm_event_store_appends_total')).toBe(2);
    expect(await value(metrics, 'jm_event_store_version_conflicts_total')).toBe(1);
    expect(await value(metrics, 'jm_event_store_append_duration_seconds', { le: '+Inf' })).toBe(2);
  });

  it('counts a consumer group’s applied, duplicate, retried and parked events and times its transactions', async () => {
    const metrics = new ServiceMetrics('cases');
    const failing = new Set(['case-bad']);
    let flaky = 1;
    const core = new ConsumerCore({
      dataSource,
      group: 'cases',
      logger: quiet,
      maxAttempts: 3,
      retryDelayMs: 1,
      observer: metrics.consumerObserver('cases'),
      handler: async (event) => {
        if (failing.has(event.streamId)) throw new Error('always');
        if (event.streamId === 'case-flaky' && flaky-- > 0) throw new Error('once');
      },
    });
    const items = ['case-1', 'case-2', 'case-3'].map((streamId, i) => ({
      event: storedEvent(streamId, { position: i + 1 }),
      delivery: { topic: 'intake.events.v1', source: EMBEDDED_SOURCE, position: i + 1 },
    }));
    await core.handleRun(items);
    await core.handleRun(items.slice(0, 2));
    await core.handleOne(storedEvent('case-flaky', { position: 4 }), { topic: 't', source: EMBEDDED_SOURCE, position: 4 });
    await core.handleOne(storedEvent('case-bad', { position: 5 }), { topic: 't', source: EMBEDDED_SOURCE, position: 5 });
    const outcome = (o: string) => value(metrics, 'jm_consumer_events_total', { group: 'cases', outcome: o });
    expect(await outcome('applied')).toBe(4);
    expect(await outcome('duplicate')).toBe(2);
    // case-flaky once, case-bad twice (three attempts) before it is parked
    expect(await outcome('retried')).toBe(3);
    expect(await outcome('parked')).toBe(1);
    // the two runs and case-flaky's committed attempt
    expect(await value(metrics, 'jm_consumer_batch_duration_seconds', { group: 'cases', le: '+Inf' })).toBe(3);
  });

  it('reads the embedded bus’ lag at scrape time: events after the group’s checkpoint, 0 once handled', async () => {
    const metrics = new ServiceMetrics('cases');
    const bus = new EmbeddedBus({ store, dataSource, logger: quiet });
    metrics.gauge('jm_consumer_lag_messages', 'lag', ['group', 'topic', 'partition'], async () =>
      (await bus.consumerLag('cases', ['intake.events.v1'])).map((lag) => ({
        labels: { group: 'cases', topic: lag.topic, partition: lag.partition },
        value: lag.messages,
      })),
    );
    for (const id of ['1', '2', '3']) await store.append(`lead-${id}`, [newEvent('LeadReceived')], NO_STREAM);
    await store.append('case-1', [newEvent('CaseOpened')], NO_STREAM);
    const lag = () => value(metrics, 'jm_consumer_lag_messages', { topic: 'intake.events.v1', partition: EMBEDDED_SOURCE });
    expect(await lag()).toBe(3);
    const core = new ConsumerCore({ dataSource, group: 'cases', logger: quiet, handler: async () => undefined });
    const leads = await store.readAll({ streamPrefixes: ['lead-'] });
    await core.handleRun(
      leads.map((event) => ({ event, delivery: { topic: 'intake.events.v1', source: EMBEDDED_SOURCE, position: event.position } })),
    );
    expect(await lag()).toBe(0);
    await bus.close();
  });

  it('counts the relay’s lag in events of its own streams after its checkpoint, whatever the gaps between positions', async () => {
    const checkpoints = store.checkpoints;
    for (const id of ['1', '2', '3']) await store.append(`lead-${id}`, [newEvent('LeadReceived')], NO_STREAM);
    // not the relay's: another service's stream in the same store
    await store.append('case-1', [newEvent('CaseOpened')], NO_STREAM);
    expect(await relayLag(store, checkpoints, 'intake')).toBe(3);
    const [, second] = await store.readAll({ streamPrefixes: ['lead-'] });
    await checkpoints.save(relayName('intake'), second.position);
    expect(await relayLag(store, checkpoints, 'intake')).toBe(1);
    await checkpoints.save(relayName('intake'), await store.headPosition());
    expect(await relayLag(store, checkpoints, 'intake')).toBe(0);
  });

  it('names every metric after Prometheus’ conventions: jm_ prefix, counters in _total, times in _seconds', async () => {
    const metrics = new ServiceMetrics('cases');
    metrics.gauge('jm_probe_events', 'probe', [], async () => [{ value: 1 }]);
    const all = await metrics.registry.getMetricsAsJSON();
    const ours = all.filter((m) => !/^(process|nodejs)_/.test(m.name));
    expect(ours.length).toBeGreaterThan(8);
    for (const metric of ours) {
      const type = String(metric.type);
      expect(metric.name).toMatch(/^jm_[a-z0-9_]+$/);
      if (type === 'counter') expect(metric.name).toMatch(/_total$/);
      else expect(metric.name).not.toMatch(/_total$/);
      if (type === 'histogram') expect(metric.name).toMatch(/_(seconds|bytes)$/);
      // a unit or what is counted ends every gauge's name
      if (type === 'gauge') expect(metric.name).toMatch(/_(events|messages|clocks|deadlines|depth|ready)$/);
    }
  });
});
