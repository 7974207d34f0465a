/**
 * Kafka-only behaviour of the consumer: the committed offset never passes an
 * event whose handler is failing (only parking moves it), undecodable messages
 * are parked with their raw value, a duplicated message is applied once, the batch
 * in flight at stop commits its offsets, and the relay-to-consumer path works end
 * to end.
 */
import { BusRunningConsumer, encodeMessage, listParked, SERVICE_STREAM_PREFIXES } from '@jm/bus';
import { StoredEvent } from '@jm/event-sourcing';
import { pollUntil, uniqueName } from '@jm/testing';
import { applyingHandler } from './support/bus-contract';
import { appliedCounts, appliedRows } from './support/consumer-db';
import { newEvent } from './support/events';
import { committedOffsets, createKafkaHarness, KafkaHarness } from './support/harness';

describe('kafka consumer', () => {
  let harness: KafkaHarness;
  let consumer: BusRunningConsumer | undefined;
  let group: string;

  beforeEach(async () => {
    // one partition, so "the offset of the failing event" is a single number
    harness = await createKafkaHarness({ partitions: 1 });
    group = uniqueName('group');
  });
  afterEach(async () => {
    await consumer?.stop();
    consumer = undefined;
    await harness.close();
  });

  it('does not commit past an event while its handler is failing; parking moves the offset on', async () => {
    // given two good events and then one whose handler fails, on one partition (offsets 0, 1, 2, 3)
    const stream = `case-${uniqueName('s')}`;
    const events: StoredEvent[] = ['CaseNoted', 'CaseNoted', 'CasePoisoned', 'CaseNoted'].map((type) => harness.build({ streamId: stream, type }));
    await harness.produce(events);
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const attempts: number[] = [];
    consumer = (await harness.bus.startConsumer({
      group,
      topics: [harness.topic],
      maxAttempts: 4,
      retryDelayMs: 10,
      handler: applyingHandler(async (event, context) => {
        if (event.type !== 'CasePoisoned') return;
        attempts.push(context.attempt);
        // the third try waits for the test to look at the committed offset, then fails too
        if (context.attempt === 2) await released;
        throw new Error('poisoned');
      }),
    } as never)) as BusRunningConsumer;

    // when the handler has failed twice and is inside its third try
    await pollUntil(() => attempts.length === 3 || undefined, { timeoutMs: 40000, what: 'the third try' });
    // then the committed offset is exactly that of the failing event (2): the two before are committed, it is not
    try {
      expect((await committedOffsets(harness.admin, group, harness.topic)).get(0)).toBe(2n);
    } finally {
      release();
    }

    // and once it is parked (after the fourth try) the offset moves past it and the next event is applied
    await pollUntil(async () => (await committedOffsets(harness.admin, group, harness.topic)).get(0) === 4n || undefined, {
      timeoutMs: 40000,
      what: 'offset 4 committed',
    });
    expect(attempts).toEqual([0, 1, 2, 3]);
    expect(await listParked(harness.dataSource, group)).toEqual([
      expect.objectContaining({ eventId: events[2].id, source: `${harness.topic}:0`, position: expect.anything() }),
    ]);
    expect(Number((await listParked(harness.dataSource, group))[0].position)).toBe(2);
    expect((await appliedRows(harness.dataSource)).map((r) => r.eventId)).toEqual([events[0].id, events[1].id, events[3].id]);
  });

  it('parks an undecodable message with its raw value and goes on', async () => {
    const stream = `case-${uniqueName('s')}`;
    const before = harness.build({ streamId: stream, type: 'CaseNoted' });
    const after = harness.build({ streamId: stream, type: 'CaseNoted' });
    await harness.produce([before]);
    await harness.produceRaw(stream, '{"contract":"jm.event.v0","event":{}}');
    await harness.produce([after]);
    const parked: string[] = [];
    consumer = (await harness.bus.startConsumer({
      group,
      topics: [harness.topic],
      handler: applyingHandler(),
      onParked: (p) => parked.push(p.eventId),
    })) as BusRunningConsumer;
    await pollUntil(async () => (await appliedCounts(harness.dataSource)).total === 2 || undefined, { timeoutMs: 40000, what: 'two applied' });
    const rows = await listParked(harness.dataSource, group);
    expect(rows).toEqual([
      expect.objectContaining({
        eventId: `invalid:${harness.topic}:0:1`,
        streamId: stream,
        payloadFormat: 'raw',
        payload: '{"contract":"jm.event.v0","event":{}}',
        status: 'parked',
      }),
    ]);
    expect(rows[0].error).toContain('contract must be jm.event.v1');
    expect(parked).toEqual([rows[0].eventId]);
    // replaying it decodes it again, and it is still invalid: it stays parked
    await expect(consumer.replayParked(rows[0].eventId)).rejects.toThrow(/Invalid integration message/);
    expect((await listParked(harness.dataSource, group))[0].status).toBe('parked');
  });

  it('applies the same event produced twice once', async () => {
    const stream = `case-${uniqueName('s')}`;
    const event = harness.build({ streamId: stream, type: 'CaseNoted' });
    const marker = harness.build({ streamId: stream, type: 'CaseNoted' });
    await harness.produce([event, event, marker]);
    consumer = (await harness.bus.startConsumer({ group, topics: [harness.topic], handler: applyingHandler() })) as BusRunningConsumer;
    await pollUntil(async () => (await committedOffsets(harness.admin, group, harness.topic)).get(0) === 3n || undefined, {
      timeoutMs: 40000,
      what: 'all three messages committed',
    });
    expect((await appliedRows(harness.dataSource)).map((r) => r.eventId)).toEqual([event.id, marker.id]);
  });

  it('commits, on stop, the offsets of the batch that was in flight', async () => {
    // given three events in one batch, the last one's handler still running when the consumer is told to stop
    const stream = `case-${uniqueName('s')}`;
    const events = ['CaseNoted', 'CaseNoted', 'CaseNoted'].map((type) => harness.build({ streamId: stream, type }));
    await harness.produce(events);
    let reached = false;
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const running = (await harness.bus.startConsumer({
      group,
      topics: [harness.topic],
      handler: applyingHandler(async (event) => {
        if (event.id !== events[2].id) return;
        reached = true;
        await released;
      }),
    })) as BusRunningConsumer;
    await pollUntil(() => reached || undefined, { timeoutMs: 40000, what: 'the third handler' });
    // when stop() is called while that handler runs, and the handler then finishes
    const stopped = running.stop();
    release();
    await stopped;
    // then the batch's transaction committed, and so did its offsets, before the consumer left
    expect((await appliedRows(harness.dataSource)).map((r) => r.eventId)).toEqual(events.map((e) => e.id));
    expect((await committedOffsets(harness.admin, group, harness.topic)).get(0)).toBe(3n);
  });

  it('starts before its topic exists (creating it) and consumes what arrives later', async () => {
    const topic = `${harness.topic}.late`;
    consumer = (await harness.bus.startConsumer({ group, topics: [topic], handler: applyingHandler() })) as BusRunningConsumer;
    expect(await harness.admin.listTopics()).toContain(topic);
    const event = harness.build({ streamId: `case-${uniqueName('s')}`, type: 'CaseNoted' });
    const producer = harness.kafka.producer();
    await producer.connect();
    try {
      await producer.send({ topic, acks: -1, messages: [encodeMessage(event)] });
    } finally {
      await producer.disconnect();
    }
    await pollUntil(async () => (await appliedCounts(harness.dataSource)).total === 1 || undefined, { timeoutMs: 40000, what: 'the late event' });
    await consumer.stop();
    await harness.admin.deleteTopics({ topics: [topic] });
  });

  it('carries events from the store through the relay to a consumer, and answers ping', async () => {
    await harness.bus.ping();
    const relay = await harness.bus.startRelay({
      service: 'cases',
      streamPrefixes: SERVICE_STREAM_PREFIXES.cases,
      topic: harness.topic,
      instanceId: uniqueName('relay'),
    });
    try {
      const stream = `case-${uniqueName('s')}`;
      const appended = [newEvent('CaseOpened'), newEvent('CaseNoted'), newEvent('CaseClosed')];
      await harness.store.append(stream, appended, 'no_stream');
      consumer = (await harness.bus.startConsumer({ group, topics: [harness.topic], handler: applyingHandler() })) as BusRunningConsumer;
      await pollUntil(async () => (await appliedCounts(harness.dataSource)).total === 3 || undefined, {
        timeoutMs: 40000,
        what: 'three relayed events',
      });
      expect((await appliedRows(harness.dataSource)).map((r) => [r.eventId, r.streamVersion])).toEqual(appended.map((e, i) => [e.id, i]));
    } finally {
      await relay.stop();
    }
  });
});
