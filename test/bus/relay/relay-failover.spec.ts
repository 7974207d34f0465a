/**
 * Two relay processes for the same service: only one is active; SIGKILL the
 * active one and the standby takes over within a few lease ttl and publishes
 * the rest. Real broker; SQLite file and PostgreSQL schema.
 */
import { pollUntil, testKafkaBrokers, uniqueName } from '@jm/testing';
import { SERVICE_STREAM_PREFIXES } from '@jm/bus';
import { appendInterleaved, checkTopic, countExpected, expectCompleteTopic, RelayProcess, relayTestbed, STORE_KINDS, TopicReader } from './support';

const PREFIXES = SERVICE_STREAM_PREFIXES.cases;
const TTL_MS = 1000;

describe.each(STORE_KINDS)('relay fail-over between processes (%s)', (kind) => {
  const brokers = testKafkaBrokers();
  const bed = relayTestbed(kind);

  it('keeps one active relay; the standby takes over after a SIGKILL and publishes the rest', async () => {
    const { ts, children } = bed;
    const topic = uniqueName('relay-failover');
    const streams = Array.from({ length: 20 }, (_, i) => [`case-fo-${i}`, `meeting-fo-${i}`, `routing-fo-${i}`][i % 3]);
    const expected = await appendInterleaved(ts.store, streams, 30, 1); // 600 events
    await appendInterleaved(ts.store, ['lead-fo-1'], 30, 1); // intake's, not to be published
    const total = countExpected(expected);

    const spawnRelay = (instanceId: string): RelayProcess => {
      const child = RelayProcess.spawn({
        location: ts.location,
        brokers,
        topic,
        service: 'cases',
        prefixes: PREFIXES,
        instanceId,
        ttlMs: TTL_MS,
        batchSize: 5,
        saveDelayMs: 25,
      });
      children.push(child);
      return child;
    };
    const a = spawnRelay('relay-fo-a');
    const b = spawnRelay('relay-fo-b');
    await Promise.all([a.waitForState('ready'), b.waitForState('ready')]);
    const active = await pollUntil(() => (a.state === 'active' ? a : b.state === 'active' ? b : undefined), {
      timeoutMs: 10000,
      what: 'one relay to be active',
    });
    const standby = active === a ? b : a;

    const reader = await TopicReader.start(brokers, topic);
    bed.reader = reader;
    await pollUntil(() => reader.distinctIds().size >= total / 5, { timeoutMs: 30000, what: 'a fifth of the events on the topic' });
    // Both ran for a while (more than 2 ttl, the reader's group join alone takes seconds): one active only.
    expect(standby.firstAt('active')).toBeUndefined();
    expect(standby.alive).toBe(true);

    await active.kill('SIGKILL');
    const killedAt = Date.now();
    expect(reader.distinctIds().size).toBeLessThan(total);

    await standby.waitForState('active', 5 * TTL_MS);
    const takeoverMs = standby.firstAt('active')! - killedAt;
    expect(takeoverMs).toBeLessThan(4 * TTL_MS);

    await appendInterleaved(ts.store, streams.slice(0, 6), 3, 1, expected);
    await reader.waitForAll(expected, 30000);
    const report = checkTopic(reader.received, expected);
    expectCompleteTopic(report);

    await standby.stop();
    expect(standby.exitCode).toBe(0);
    console.info(`[${kind}] standby took over ${takeoverMs} ms after the kill (ttl ${TTL_MS}); ${report.duplicates} republished`);
  });
});
