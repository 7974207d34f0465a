import { pollUntil } from '../../testing/poll';
import { OffsetCommitter, TopicPartitionOffset } from './offset-committer';

/** Polls until `check` holds (pollUntil with a short deadline). */
const until = (check: () => boolean, what: string) => pollUntil(() => check() || undefined, { timeoutMs: 2000, intervalMs: 5, what });

describe('OffsetCommitter', () => {
  let committer: OffsetCommitter | undefined;
  afterEach(() => committer?.close());

  /** A committer whose sends are recorded; `hold` keeps each send open until released. */
  function setUp(threshold: number, intervalMs: number, hold = false) {
    const sent: TopicPartitionOffset[][] = [];
    const failures: unknown[] = [];
    const releases: Array<(error?: Error) => void> = [];
    const c = new OffsetCommitter(
      (offsets) => {
        sent.push(offsets);
        if (!hold) return Promise.resolve();
        return new Promise<void>((resolve, reject) => releases.push((error) => (error ? reject(error) : resolve())));
      },
      threshold,
      intervalMs,
      (error) => failures.push(error),
    );
    committer = c;
    return { c, sent, failures, releases };
  }

  it('commits in the background once the threshold is reached, the next offset after the latest of each partition', async () => {
    const { c, sent } = setUp(3, 60_000);
    c.recorded('t', 0, '4');
    c.recorded('t', 1, '9');
    c.due();
    expect(sent).toEqual([]);
    c.recorded('t', 0, '5');
    c.due();
    await until(() => sent.length === 1, 'the commit');
    expect(sent[0]).toEqual([
      { topic: 't', partition: 0, offset: '6' },
      { topic: 't', partition: 1, offset: '10' },
    ]);
  });

  it('below the threshold, commits within the interval without another run', async () => {
    const { c, sent } = setUp(1_000, 40);
    const recordedAt = Date.now();
    c.recorded('t', 2, '0');
    c.due();
    expect(sent).toEqual([]);
    await until(() => sent.length === 1, 'the timed commit');
    expect(Date.now() - recordedAt).toBeGreaterThanOrEqual(35);
    expect(sent[0]).toEqual([{ topic: 't', partition: 2, offset: '1' }]);
    // nothing new: no further commit
    c.due();
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(sent).toHaveLength(1);
  });

  it('commit() sends at once, after the commit in flight, and resolves when Kafka has it', async () => {
    const { c, sent, releases } = setUp(1, 60_000, true);
    c.recorded('t', 0, '1');
    c.due(); // a background commit, held open
    await until(() => sent.length === 1, 'the first send');
    c.recorded('t', 0, '2');
    let done = false;
    const awaited = c.commit().then(() => (done = true));
    await new Promise((resolve) => setTimeout(resolve, 20));
    // the second commit waits for the first one
    expect(sent).toHaveLength(1);
    releases[0]();
    await until(() => sent.length === 2, 'the second send');
    expect(sent[1]).toEqual([{ topic: 't', partition: 0, offset: '3' }]);
    expect(done).toBe(false);
    releases[1]();
    await awaited;
    expect(done).toBe(true);
  });

  it('reports a failed background commit, and the next commit carries the partition on', async () => {
    const { c, sent, failures, releases } = setUp(1, 60_000, true);
    c.recorded('t', 0, '7');
    c.due();
    await until(() => sent.length === 1, 'the first send');
    releases[0](new Error('REBALANCE_IN_PROGRESS'));
    await until(() => failures.length === 1, 'the failure report');
    expect(String(failures[0])).toContain('REBALANCE_IN_PROGRESS');
    c.recorded('t', 0, '8');
    const next = c.commit();
    await until(() => sent.length === 2, 'the next send');
    releases[1]();
    await next;
    expect(sent[1]).toEqual([{ topic: 't', partition: 0, offset: '9' }]);
  });

  it('an awaited commit that fails rejects to its caller', async () => {
    const { c, sent, releases } = setUp(1_000, 60_000, true);
    c.recorded('t', 0, '0');
    const awaited = c.commit();
    await until(() => sent.length === 1, 'the send');
    releases[0](new Error('broker down'));
    await expect(awaited).rejects.toThrow('broker down');
  });
});
