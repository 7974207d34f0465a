/**
 * KafkaLagReader against a real broker: a group that never committed is behind
 * by everything on the topic (it starts from the beginning); committed offsets
 * bring each partition's lag down, to 0 once the group has all.
 */
import pino from 'pino';
import { testKafkaBrokers, uniqueName } from '@jm/testing';
import { createIdempotentProducer, createKafka, ensureTopics, PRODUCE_ACKS } from './kafka-client';
import { KafkaLagReader } from './kafka-lag';

describe('KafkaLagReader', () => {
  const kafka = createKafka({ brokers: testKafkaBrokers(), clientId: uniqueName('lag'), logger: pino({ level: 'silent' }) });
  const reader = new KafkaLagReader(kafka);
  afterAll(() => reader.close());

  it('given 5 messages on 2 partitions, then lag is 5 before any commit, 2 after committing one partition, 0 after both', async () => {
    const topic = uniqueName('lag-topic');
    const group = uniqueName('lag-group');
    await ensureTopics(kafka, [topic]);
    const producer = createIdempotentProducer(kafka);
    await producer.connect();
    await producer.send({
      topic,
      acks: PRODUCE_ACKS,
      messages: [0, 0, 0, 1, 1].map((partition, i) => ({ partition, key: `k${i}`, value: `v${i}` })),
    });
    await producer.disconnect();
    const byPartition = async () => Object.fromEntries((await reader.lag(group, [topic])).map((lag) => [lag.partition, lag.messages]));

    expect(await byPartition()).toEqual({ '0': 3, '1': 2, '2': 0 });
    const admin = kafka.admin();
    await admin.connect();
    try {
      await admin.setOffsets({ groupId: group, topic, partitions: [{ partition: 0, offset: '3' }] });
      expect(await byPartition()).toEqual({ '0': 0, '1': 2, '2': 0 });
      await admin.setOffsets({ groupId: group, topic, partitions: [{ partition: 1, offset: '2' }] });
      expect(await byPartition()).toEqual({ '0': 0, '1': 0, '2': 0 });
    } finally {
      await admin.disconnect();
    }
  });
});
