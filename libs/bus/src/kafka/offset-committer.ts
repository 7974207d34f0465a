/**
 * When a Kafka consumer tells Kafka how far it got. The offsets the core has
 * recorded (applied, duplicate or parked) are kept, the latest per partition, and
 * committed in the background once enough messages or time have gathered, so a
 * run never waits for a commit; a caller that needs the commit done (before a
 * retry wait, on stop) awaits commit(). Commits go out one after another, so a
 * later offset of a partition never overtakes an earlier one.
 */

const nextOffset = (offset: string): string => (BigInt(offset) + 1n).toString();

export interface TopicPartitionOffset {
  topic: string;
  partition: number;
  offset: string;
}

/** The offsets in kafkajs' commit shape (OffsetsByTopicPartition): the partitions grouped by topic. */
export function offsetsByTopic(offsets: readonly TopicPartitionOffset[]): {
  topics: Array<{ topic: string; partitions: Array<{ partition: number; offset: string }> }>;
} {
  const byTopic = new Map<string, Array<{ partition: number; offset: string }>>();
  for (const { topic, partition, offset } of offsets) {
    const partitions = byTopic.get(topic) ?? [];
    partitions.push({ partition, offset });
    byTopic.set(topic, partitions);
  }
  return { topics: [...byTopic].map(([topic, partitions]) => ({ topic, partitions })) };
}

/**
 * The offsets the core has recorded and Kafka has not been told yet, across batches
 * and partitions (the latest per partition), and when to tell it.
 */
export class OffsetCommitter {
  private readonly pending = new Map<string, TopicPartitionOffset>();
  private count = 0;
  private lastCommit = Date.now();
  private timer: NodeJS.Timeout | undefined;
  /** The commits in flight, in order: a later commit of a partition never overtakes an earlier one. */
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly send: (offsets: TopicPartitionOffset[]) => Promise<void>,
    private readonly threshold: number,
    private readonly intervalMs: number,
    /** A background commit failed: the next commit of the partition carries its offset on (dedup covers a redelivery meanwhile). */
    private readonly onBackgroundFailure: (error: unknown) => void,
  ) {}

  /** The message at `offset` is recorded by the core (applied, duplicate or parked): the next one to read is after it. */
  recorded(topic: string, partition: number, offset: string): void {
    this.pending.set(`${topic}\u0000${partition}`, { topic, partition, offset: nextOffset(offset) });
    this.count += 1;
  }

  /** After a run: a background commit when enough has gathered, else one within the interval. */
  due(): void {
    if (this.pending.size === 0) return;
    const waited = Date.now() - this.lastCommit;
    if (this.count >= this.threshold || waited >= this.intervalMs) {
      this.commit().catch(this.onBackgroundFailure);
    } else {
      if (!this.timer) {
        this.timer = setTimeout(() => {
          this.timer = undefined;
          this.commit().catch(this.onBackgroundFailure);
        }, this.intervalMs - waited);
        this.timer.unref?.();
      }
    }
  }

  /** Commits everything recorded so far, after the commits before it; resolves when Kafka has it. */
  commit(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pending.size === 0) return this.chain;
    const offsets = [...this.pending.values()];
    this.pending.clear();
    this.count = 0;
    this.lastCommit = Date.now();
    const sent = this.chain.then(() => this.send(offsets));
    this.chain = sent.catch(() => undefined);
    return sent;
  }

  /** No more timed commits (the consumer has stopped; what is still pending stays uncommitted, dedup covers it). */
  close(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}
