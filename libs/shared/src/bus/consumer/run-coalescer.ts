/**
 * Runs of events that arrive while another is being applied go to the core
 * together, as one run: one consumer transaction (one commit, one flush of the
 * handlers' buffers, one claim statement) instead of one per run.
 *
 * Why: a Kafka fetch brings a batch per partition, and each batch used to be its
 * own transaction, one after the other. With the batches handed over side by side
 * (kafkajs' partitionsConsumedConcurrently), the first is applied at once and the
 * others, which come in meanwhile, make up the next run. Every statement is a
 * round trip that wakes the database, which on the 2-core benchmark machine cost
 * more than the statement itself.
 *
 * Order: each submitter's events stay in their order and contiguous; submitters
 * are independent sources (partitions), whose relative order never mattered.
 * Outcome: each submitter learns how many of its own events were recorded (its
 * share of the recorded prefix) and is told of each as it is recorded, so offsets
 * are committed exactly as when it ran alone.
 */
import { ConsumerCore, RunHooks, RunItem, RunOutcome } from './consumer-core';

interface Submission {
  items: RunItem[];
  hooks: RunHooks;
  resolve: (outcome: RunOutcome) => void;
  reject: (error: unknown) => void;
}

export class RunCoalescer {
  private waiting: Submission[] = [];
  private applying = false;

  /** `maxRun`: a combined run takes further submissions only while it stays within this many events (the first always). */
  constructor(private readonly core: Pick<ConsumerCore, 'handleRun'>, private readonly maxRun: number) {}

  /** Applies `items` with the runs submitted meanwhile; resolves with this submission's own outcome. */
  apply(items: RunItem[], hooks: RunHooks = {}): Promise<RunOutcome> {
    if (items.length === 0) return Promise.resolve({ recorded: 0, aborted: false });
    return new Promise<RunOutcome>((resolve, reject) => {
      this.waiting.push({ items, hooks, resolve, reject });
      if (!this.applying) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.applying = true;
    try {
      while (this.waiting.length > 0) {
        const group = this.take();
        try {
          const outcome = await this.applyGroup(group);
          outcome.forEach((own, i) => group[i].resolve(own));
        } catch (error) {
          for (const submission of group) submission.reject(error);
        }
      }
    } finally {
      this.applying = false;
    }
  }

  /** The next submissions in order, as many as fit in maxRun events (at least one). */
  private take(): Submission[] {
    let events = this.waiting[0].items.length;
    let n = 1;
    while (n < this.waiting.length && events + this.waiting[n].items.length <= this.maxRun) events += this.waiting[n++].items.length;
    return this.waiting.splice(0, n);
  }

  private async applyGroup(group: Submission[]): Promise<RunOutcome[]> {
    if (group.length === 1) return [await this.core.handleRun(group[0].items, group[0].hooks)];
    // Index in the combined run → (submission, index in its own items).
    const owner: Array<[number, number]> = [];
    group.forEach((submission, s) => submission.items.forEach((_, i) => owner.push([s, i])));
    const outcome = await this.core.handleRun(
      group.flatMap((submission) => submission.items),
      {
        // Before a retry wait: every submitter commits what it has recorded and keeps its membership.
        beforeRetry: async () => {
          for (const submission of group) await submission.hooks.beforeRetry?.();
        },
        isStopping: () => group.some((submission) => submission.hooks.isStopping?.() === true),
        onRecorded: (index) => {
          const [s, i] = owner[index];
          group[s].hooks.onRecorded?.(i);
        },
      },
    );
    const recorded = group.map(() => 0);
    for (let index = 0; index < outcome.recorded; index++) recorded[owner[index][0]] += 1;
    return group.map((submission, s) => ({ recorded: recorded[s], aborted: outcome.aborted && recorded[s] < submission.items.length }));
  }
}
