/**
 * A relay process killed with SIGKILL in the middle of publishing, then started
 * again: every event still reaches Kafka (duplicates allowed, none missing) and
 * the first occurrences of each stream's events are in stream order.
 * Real broker; SQLite file and PostgreSQL schema.
 */
import { pollUntil, testKafkaBrokers, uniqueName } from '@jm/testing';
import { SERVICE_STREAM_PREFIXES } from '@jm/bus';
import { appendInterleaved, checkTopic, countExpected, expectCompleteTopic, RelayProcess, relayTestbed, STORE_KINDS, TopicReader } from './support';

const PREFIXES = SERVICE_STREAM_PREFIXES.intake;

describe.each(STORE_KINDS)('relay process killed mid-publish (%s)', (kind) => {
  const brokers = testKafkaBrokers();
  const bed = relayTestbed(kind);

  it('republishes from the checkpoint after a SIGKILL: nothing missing, per-stream order intact', async () => {
    const { ts, children } = bed;
    const topic = uniqueName('relay-crash');
    const streams = Array.from({ length: 30 }, (_, i) => (i % 3 === 2 ? `submission-crash-${i}` : `lead-crash-${i}`));
    const expected = await appendInterleaved(ts.store, streams, 20, 2); // 1200 events
    await appendInterleaved(ts.store, ['case-crash-1', 'meeting-crash-1'], 20, 1); // not intake's
    const total = countExpected(expected);

    const spawnRelay = (instanceId: string, saveDelayMs: number): RelayProcess => {
      const child = RelayProcess.spawn({
        location: ts.location,
        brokers,
        topic,
        service: 'intake',
        prefixes: PREFIXES,
        instanceId,
        ttlMs: 1500,
        batchSize: 20,
        saveDelayMs,
      });
      children.push(child);
      return child;
    };

    // 60 batches, each checkpoint save held back 60 ms: publishing takes seconds, and
    // most of the time the last batch is on Kafka while its checkpoint is not saved yet.
    const first = spawnRelay('relay-crash-1', 60);
    await first.waitForState('active');
    const reader = await TopicReader.start(brokers, topic);
    bed.reader = reader;
    const checkpointName = 'relay:intake';
    const maxPositionSeen = (): number => Math.max(0, ...reader.received.map((m) => m.event.position));
    // Kill once a fifth is out and the topic is ahead of the checkpoint: between send and save.
    await pollUntil(async () => reader.distinctIds().size >= total / 5 && maxPositionSeen() > (await ts.store.checkpoints.load(checkpointName)), {
      timeoutMs: 30000,
      intervalMs: 5,
      what: 'a fifth of the events on the topic, ahead of the checkpoint',
    });
    await first.kill('SIGKILL');
    expect(first.signal).toBe('SIGKILL');
    const beforeRestart = reader.distinctIds().size;
    expect(beforeRestart).toBeLessThan(total); // killed in the middle, not after the end
    // What the dead relay got onto Kafka beyond its last saved checkpoint must go out again.
    const checkpointAtKill = await ts.store.checkpoints.load(checkpointName);
    const aheadOfCheckpoint = [...new Map(reader.received.map((m) => [m.event.id, m.event])).values()].filter(
      (e) => e.position > checkpointAtKill,
    ).length;
    expect(aheadOfCheckpoint).toBeGreaterThan(0);

    const second = spawnRelay('relay-crash-2', 0);
    await second.waitForState('active', 15000);
    // Live events after the restart as well.
    await appendInterleaved(ts.store, streams.slice(0, 5), 3, 1, expected);
    await reader.waitForAll(expected, 30000);

    const report = checkTopic(reader.received, expected);
    expectCompleteTopic(report);
    expect(report.duplicates).toBeGreaterThanOrEqual(aheadOfCheckpoint);

    await second.stop();
    expect(second.exitCode).toBe(0);
    console.info(
      `[${kind}] killed after ${beforeRestart}/${total} events on the topic (${aheadOfCheckpoint} past the checkpoint); ${report.duplicates} republished after the restart`,
    );
  });
});
