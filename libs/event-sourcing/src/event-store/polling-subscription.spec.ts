/**
 * When the polling subscription reads: at once after a full page, after a short
 * or empty page only on a wake-up (or the poll interval), and never misses a
 * wake-up that came while a page was read or handled. The log here is an array
 * behind the PageReader port; the stores' own subscriptions are covered by the
 * event-store contract.
 */
import { pollUntil } from '@jm/testing';
import { storedEvent } from '../testing/stored-event';
import { StoredEvent } from './envelope';
import { startPollingSubscription, Waker } from './polling-subscription';

/** Far longer than any test: a read that happens came from a wake-up or a full page, not from polling. */
const NEVER_MS = 60_000;

function log() {
  const events: StoredEvent[] = [];
  const reads: number[] = [];
  let onRead: (() => void) | undefined;
  return {
    events,
    reads,
    append: (n = 1) => {
      for (let i = 0; i < n; i++) events.push(storedEvent(`case-${events.length}`, { position: events.length + 1 }));
    },
    /** Runs once, inside the next read, after the page has been taken (an append committed after the read's snapshot). */
    duringNextRead: (fn: () => void) => (onRead = fn),
    reader: {
      readPage: async (from: number, limit: number) => {
        reads.push(from);
        const page = events.filter((e) => e.position > from).slice(0, limit);
        const fn = onRead;
        onRead = undefined;
        fn?.();
        return page;
      },
    },
  };
}

/** A Waker that records each wait a subscription starts: the subscription's own sign that it has gone idle. */
class RecordingWaker extends Waker {
  readonly waits: Array<{ ms: number; since?: number }> = [];
  override wait(ms: number, since?: number): Promise<void> {
    this.waits.push({ ms, since });
    return super.wait(ms, since);
  }
}

describe('polling subscription', () => {
  it('reads on at once after a full page, and after a short one waits for a wake-up', async () => {
    const l = log();
    const waker = new RecordingWaker();
    l.append(5);
    const delivered: number[][] = [];
    const sub = startPollingSubscription(l.reader, waker, async (page) => void delivered.push(page.map((e) => e.position)), {
      batchSize: 2,
      pollIntervalMs: NEVER_MS,
    });
    try {
      await pollUntil(() => delivered.length === 3 || undefined, { timeoutMs: 2000, what: 'three pages' });
      expect(delivered).toEqual([[1, 2], [3, 4], [5]]);
      // The short page [5] ended the log: the subscription goes idle, waiting for a wake-up (the poll interval
      // being far off), and had read nothing more before it did.
      await pollUntil(() => waker.waits.length > 0 || undefined, { timeoutMs: 2000, what: 'the subscription to wait' });
      expect(waker.waits).toEqual([{ ms: NEVER_MS, since: 0 }]);
      expect(l.reads).toEqual([0, 2, 4]);
      l.append();
      waker.wake();
      await pollUntil(() => delivered.length === 4 || undefined, { timeoutMs: 2000, what: 'the appended event' });
      expect(delivered[3]).toEqual([6]);
      expect(l.reads).toEqual([0, 2, 4, 5]);
    } finally {
      await sub.stop();
    }
  });

  it('does not miss a wake-up that came while a page was handled', async () => {
    const l = log();
    const waker = new Waker();
    l.append();
    const delivered: number[] = [];
    const sub = startPollingSubscription(
      l.reader,
      waker,
      async (page) => {
        delivered.push(...page.map((e) => e.position));
        // an append in this process while the first page is handled
        if (page[0].position === 1) {
          l.append();
          waker.wake();
        }
      },
      { batchSize: 10, pollIntervalMs: NEVER_MS },
    );
    try {
      await pollUntil(() => delivered.length === 2 || undefined, { timeoutMs: 2000, what: 'the event appended during the handler' });
      expect(delivered).toEqual([1, 2]);
    } finally {
      await sub.stop();
    }
  });

  it('does not miss a wake-up that came while an empty page was read', async () => {
    const l = log();
    const waker = new Waker();
    const delivered: number[] = [];
    l.duringNextRead(() => {
      l.append();
      waker.wake();
    });
    const sub = startPollingSubscription(l.reader, waker, async (page) => void delivered.push(...page.map((e) => e.position)), {
      batchSize: 10,
      pollIntervalMs: NEVER_MS,
    });
    try {
      await pollUntil(() => delivered.length === 1 || undefined, { timeoutMs: 2000, what: 'the event appended during the empty read' });
      expect(delivered).toEqual([1]);
      expect(l.reads).toEqual([0, 0]);
    } finally {
      await sub.stop();
    }
  });

  it('polls for appends it is not told of', async () => {
    const l = log();
    const delivered: number[] = [];
    const sub = startPollingSubscription(l.reader, new Waker(), async (page) => void delivered.push(...page.map((e) => e.position)), {
      batchSize: 10,
      pollIntervalMs: 20,
    });
    try {
      await pollUntil(() => l.reads.length > 0 || undefined, { timeoutMs: 2000, what: 'the first (empty) read' });
      l.append(); // another process's append: no wake-up here
      await pollUntil(() => delivered.length === 1 || undefined, { timeoutMs: 2000, what: 'the polled event' });
      expect(delivered).toEqual([1]);
    } finally {
      await sub.stop();
    }
  });
});
