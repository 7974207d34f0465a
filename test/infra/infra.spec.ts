/**
 * Smoke test of the real test infrastructure that scripts/test.sh starts
 * (scripts/infra.sh): PostgreSQL answers, and kafkajs can use the Kafka broker
 * the way the services do — admin createTopics, an idempotent producer with
 * acks=-1, and a consumer group that commits its offsets by hand.
 */
import { Admin, Consumer, Kafka, logLevel, Partitioners, Producer } from 'kafkajs';
import { Client } from 'pg';
import { pollUntil, testKafkaBrokers, testPgUrl, uniqueName } from '@jm/testing';

describe('test infrastructure', () => {
  describe('PostgreSQL', () => {
    let client: Client;

    beforeAll(async () => {
      client = new Client({ connectionString: testPgUrl() });
      await client.connect();
    });

    afterAll(async () => {
      await client?.end();
    });

    it('answers SELECT 1', async () => {
      const result = await client.query<{ one: number }>('SELECT 1 AS one');
      expect(result.rows).toEqual([{ one: 1 }]);
    });

    it('is PostgreSQL 15 or newer, connected as jm to jm_test', async () => {
      const result = await client.query<{ version: string; db: string; role: string }>(
        "SELECT current_setting('server_version_num') AS version, current_database() AS db, current_user AS role",
      );
      const [row] = result.rows;
      expect(Number(row.version)).toBeGreaterThanOrEqual(150000);
      expect(row.db).toBe('jm_test');
      expect(row.role).toBe('jm');
    });

    it('keeps durability settings at their defaults', async () => {
      const result = await client.query<{ fsync: string; sync: string }>(
        "SELECT current_setting('fsync') AS fsync, current_setting('synchronous_commit') AS sync",
      );
      expect(result.rows[0]).toEqual({ fsync: 'on', sync: 'on' });
    });
  });

  describe('Kafka with kafkajs', () => {
    const kafka = new Kafka({
      clientId: uniqueName('infra-spec'),
      brokers: testKafkaBrokers(),
      logLevel: logLevel.ERROR,
    });
    const topic = uniqueName('infra_spec');
    const groupId = uniqueName('infra_spec_group');
    let admin: Admin;
    let producer: Producer | undefined;
    let consumer: Consumer | undefined;

    beforeAll(async () => {
      admin = kafka.admin();
      await admin.connect();
    });

    afterAll(async () => {
      await consumer?.disconnect();
      await producer?.disconnect();
      await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
      await admin.disconnect();
    });

    it('creates a topic with admin.createTopics', async () => {
      const created = await admin.createTopics({
        topics: [{ topic, numPartitions: 3, replicationFactor: 1 }],
        waitForLeaders: true,
      });
      expect(created).toBe(true);
      const metadata = await admin.fetchTopicMetadata({ topics: [topic] });
      expect(metadata.topics[0].partitions).toHaveLength(3);
    });

    it('produces idempotently and consumes back with manually committed offsets', async () => {
      producer = kafka.producer({
        idempotent: true,
        maxInFlightRequests: 1,
        createPartitioner: Partitioners.DefaultPartitioner,
      });
      await producer.connect();
      const key = uniqueName('key');
      const value = JSON.stringify({ hello: 'infra', key });
      const [record] = await producer.send({ topic, acks: -1, messages: [{ key, value }] });
      expect(record.errorCode).toBe(0);

      consumer = kafka.consumer({ groupId, sessionTimeout: 10000, heartbeatInterval: 1000 });
      await consumer.connect();
      await consumer.subscribe({ topics: [topic], fromBeginning: true });
      const received: Array<{ partition: number; offset: string; key?: string; value?: string }> = [];
      const activeConsumer = consumer;
      await consumer.run({
        autoCommit: false,
        eachMessage: async ({ topic: t, partition, message }) => {
          received.push({ partition, offset: message.offset, key: message.key?.toString(), value: message.value?.toString() });
          await activeConsumer.commitOffsets([{ topic: t, partition, offset: (BigInt(message.offset) + 1n).toString() }]);
        },
      });

      const got = await pollUntil(() => received.find((m) => m.key === key), {
        timeoutMs: 45000,
        what: `message ${key} on ${topic}`,
      });
      expect(got.value).toBe(value);
      expect(got.partition).toBe(record.partition);

      // The committed offset is visible to the broker (read through the admin API).
      const expected = (BigInt(got.offset) + 1n).toString();
      const committed = await pollUntil(
        async () => {
          const offsets = await admin.fetchOffsets({ groupId, topics: [topic] });
          const partition = offsets[0].partitions.find((p) => p.partition === got.partition);
          return partition?.offset === expected ? partition.offset : undefined;
        },
        { timeoutMs: 15000, what: `committed offset ${expected} of group ${groupId}` },
      );
      expect(committed).toBe(expected);
    });
  });
});
