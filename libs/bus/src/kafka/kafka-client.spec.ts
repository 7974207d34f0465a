/**
 * ensureTopics against a real broker: processes starting together race to
 * create the same topic; each may go on only once every partition has a leader.
 */
import { Kafka } from 'kafkajs';
import pino from 'pino';
import { testKafkaBrokers, uniqueName } from '@jm/testing';
import { createKafka, ensureTopics, TOPIC_PARTITIONS } from './kafka-client';

const silent = pino({ level: 'silent' });

function client(id: string): Kafka {
  return createKafka({ brokers: testKafkaBrokers(), clientId: id, logger: silent });
}

describe('ensureTopics', () => {
  it('given four clients racing to create one new topic, when each returns, then exactly one created it and every partition already has a leader', async () => {
    const topic = uniqueName('ensure-topics');
    const clients = [1, 2, 3, 4].map((n) => client(`ensure-${n}`));
    const leaderless: string[] = [];

    const created = await Promise.all(
      clients.map(async (kafka) => {
        const mine = await ensureTopics(kafka, [topic]);
        // Asked straight away with no retries: a topic created a moment ago by another client must answer now.
        const admin = kafka.admin({ retry: { retries: 0 } });
        await admin.connect();
        try {
          const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });
          const partitions = topics[0]?.partitions ?? [];
          if (partitions.length !== TOPIC_PARTITIONS || partitions.some((p) => p.leader < 0)) leaderless.push(JSON.stringify(partitions));
        } finally {
          await admin.disconnect();
        }
        return mine;
      }),
    );

    expect(created.filter((names) => names.includes(topic))).toHaveLength(1);
    expect(leaderless).toEqual([]);
  });

  it('given a topic that exists, when ensured again, then nothing is created', async () => {
    const topic = uniqueName('ensure-topics');
    const kafka = client('ensure-again');
    expect(await ensureTopics(kafka, [topic])).toEqual([topic]);
    expect(await ensureTopics(kafka, [topic])).toEqual([]);
  });
});
