/**
 * Catch-up-then-live subscription over any store that can read a page of its
 * global log. It reads pages after the last delivered position; after a full page
 * it reads on at once, and after a short or empty one (the end of the log) it
 * waits for a wake-up (an append in this process) or the poll interval, so events
 * appended by other processes arrive within one interval. An append in this
 * process since the page's read began means no wait: a wake-up is never missed
 * while a page is read or handled.
 */
import { StoredEvent } from './envelope';
import { BatchHandler, Subscription } from './event-store.port';

export interface PageReader {
  readPage(from: number, limit: number, streamPrefixes?: string[]): Promise<StoredEvent[]>;
}

/** Lets appends in this process wake idle subscribers at once. */
export class Waker {
  private waiters = new Set<() => void>();
  /** Wake-ups so far: a reader notes it before it reads, and waits only if it has not changed since. */
  generation = 0;

  wake(): void {
    this.generation += 1;
    const current = this.waiters;
    this.waiters = new Set();
    current.forEach((resolve) => resolve());
  }

  /** Resolves on the next wake-up or after `ms`; at once when there was a wake-up after `since` (a generation). */
  wait(ms: number, since?: number): Promise<void> {
    if (since !== undefined && since !== this.generation) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.waiters.add(done);
    });
  }
}

export function startPollingSubscription(
  reader: PageReader,
  waker: Waker,
  handler: BatchHandler,
  options: { from?: number; streamPrefixes?: string[]; batchSize?: number; pollIntervalMs?: number },
): Subscription {
  const batchSize = options.batchSize ?? 500;
  const interval = options.pollIntervalMs ?? 50;
  let position = options.from ?? 0;
  let stopped = false;

  const loop = async () => {
    while (!stopped) {
      const since = waker.generation;
      const page = await reader.readPage(position, batchSize, options.streamPrefixes);
      if (stopped) break;
      if (page.length > 0) {
        await handler(page);
        position = page[page.length - 1].position;
        // A full page: there may be more already. A short one reached the end of the log: reading again at once
        // would find nothing (a relay read twice per batch), unless this process appended since the read began.
        if (page.length >= batchSize) continue;
      }
      await waker.wait(interval, since);
    }
  };

  const done = loop();
  // The caller observes failures through `done`; keep an unobserved rejection from crashing the process.
  done.catch(() => undefined);
  return {
    done,
    stop: async () => {
      stopped = true;
      waker.wake();
      await done.catch(() => undefined);
    },
  };
}

/** The live subscriptions of one store instance: started, woken by its appends, stopped at close. */
export class PollingSubscriptions {
  private readonly waker = new Waker();
  private readonly live = new Set<Subscription>();

  constructor(
    private readonly reader: PageReader,
    private readonly pollIntervalMs?: number,
  ) {}

  start(handler: BatchHandler, options: { from?: number; streamPrefixes?: string[]; batchSize?: number }): Subscription {
    const subscription = startPollingSubscription(this.reader, this.waker, handler, { ...options, pollIntervalMs: this.pollIntervalMs });
    this.live.add(subscription);
    subscription.done.finally(() => this.live.delete(subscription)).catch(() => undefined);
    return subscription;
  }

  /** After an append commits in this process. */
  wake(): void {
    this.waker.wake();
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.live].map((s) => s.stop()));
  }
}
