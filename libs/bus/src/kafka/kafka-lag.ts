/**
 * Consumer lag on Kafka, read when asked (a Prometheus scrape) with one admin
 * client kept open: per partition, the high watermark minus the group's
 * committed offset (the next offset it reads). A partition the group never
 * committed counts from its low watermark: consumers start from the beginning.
 * Offsets are committed within DEFAULT_COMMIT_INTERVAL_MS of handling, so an
 * idle group reads 0.
 */
import type { Admin, Kafka } from 'kafkajs';
import type { ConsumerLag } from '../bus.port';

export class KafkaLagReader {
  private admin?: Promise<Admin>;

  constructor(private readonly kafka: Kafka) {}

  async lag(group: string, topics: string[]): Promise<ConsumerLag[]> {
    const admin = await this.connected();
    try {
      const committed = await admin.fetchOffsets({ groupId: group, topics });
      const lags: ConsumerLag[] = [];
      for (const topic of topics) {
        const next = new Map((committed.find((entry) => entry.topic === topic)?.partitions ?? []).map((p) => [p.partition, Number(p.offset)]));
        for (const { partition, high, low } of await admin.fetchTopicOffsets(topic)) {
          const from = next.get(partition) ?? -1;
          lags.push({ topic, partition: String(partition), messages: Math.max(0, Number(high) - (from >= 0 ? from : Number(low))) });
        }
      }
      return lags;
    } catch (error) {
      // A broken connection is opened again on the next call.
      await this.close();
      throw error;
    }
  }

  async close(): Promise<void> {
    const admin = this.admin;
    this.admin = undefined;
    await (await admin?.catch(() => undefined))?.disconnect();
  }

  private connected(): Promise<Admin> {
    this.admin ??= (async () => {
      const admin = this.kafka.admin();
      await admin.connect();
      return admin;
    })().catch((error: unknown) => {
      this.admin = undefined;
      throw error;
    });
    return this.admin;
  }
}
