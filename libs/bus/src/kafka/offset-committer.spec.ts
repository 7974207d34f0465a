import { pollUntil } from '@jm/testing';
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
    /** Sends made while an earlier one was still open: commits must go out one after another, never overlapping. */
    const overlaps: number[] = [];
    let open = 0;
    const c = new OffsetCommitter(
      (offsets) => {
        sent.push(offsets);
        if (!hold) return Promise.resolve();
        if (open > 0) overlaps.push(sent.length);
        open++;
        return new Promise<void>((resolve, reject) =>
          releases.push((error) => {
            open--;
            if (error) reject(error);
            else resolve();
          }),
        );
      },
      threshold,
      intervalMs,
      (error) => failures.push(error),
    );
    committer = c;
    return { c, sent, failures, releases, overlaps };
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
    // Nothing new: due() commits nothing. The next commit, of a later offset, is the second send and carries only it.
    c.due();
    c.recorded('t', 3, '7');
    c.due();
    await until(() => sent.length >= 2, 'the commit of the later offset');
    expect(sent).toEqual([[{ topic: 't', partition: 2, offset: '1' }], [{ topic: 't', partition: 3, offset: '8' }]]);
  });

  it('with nothing recorded, due() schedules nothing and commit() sends nothing', async () => {
    jest.useFakeTimers();
    try {
      const { c, sent } = setUp(1_000, 40);
      c.due();
      // The committer's own state: no timer set for a later commit.
      expect(jest.getTimerCount()).toBe(0);
      await c.commit();
      c.recorded('t', 0, '0');
      await c.commit();
      c.due();
      expect(jest.getTimerCount()).toBe(0);
      await c.commit();
      expect(sent).toEqual([[{ topic: 't', partition: 0, offset: '1' }]]);
    } finally {
      jest.useRealTimers();
    }
  });

  it('commit() sends at once, after the commit in flight, and resolves when Kafka has it', async () => {
    const { c, sent, releases, overlaps } = setUp(1, 60_000, true);
    c.recorded('t', 0, '1');
    c.due(); // a background commit, held open
    await until(() => sent.length === 1, 'the first send');
    c.recorded('t', 0, '2');
    let done = false;
    const awaited = c.commit().then(() => (done = true));
    // The second commit waits for the first one: the send records any call made while another is open (whenever
    // it comes), and a third commit queued meanwhile goes out only after both.
    c.recorded('t', 1, '4');
    const third = c.commit();
    releases[0]();
    await until(() => sent.length === 2, 'the second send');
    expect(sent[1]).toEqual([{ topic: 't', partition: 0, offset: '3' }]);
    expect(done).toBe(false);
    releases[1]();
    await awaited;
    expect(done).toBe(true);
    await until(() => sent.length === 3, 'the third send');
    expect(sent[2]).toEqual([{ topic: 't', partition: 1, offset: '5' }]);
    releases[2]();
    await third;
    expect(overlaps).toEqual([]);
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
