/**
 * A read/write gate between the bus handlers and the rebuild's swap. Handlers
 * pass through it (many at once); the rebuild closes it, waits for the
 * handlers in flight, runs its final catch-up and table swap, and opens it
 * again. A handler that arrives meanwhile waits, then writes into the new
 * tables. In-process only: one reporting instance projects at a time (the
 * bus's consumer group), so one gate covers every writer.
 *
 * The bus applies a run of events in one transaction. A transaction that has
 * already written through the gate is let through even while it is closed:
 * it holds locks on the live tables, so the swap's DROP waits for it to
 * commit, and making it wait for the swap would deadlock the two. Its late
 * events are in the store already, so the swap's last catch-up has them too.
 */
import { Injectable } from '@nestjs/common';

@Injectable()
export class ProjectionGate {
  private active = 0;
  private closed?: Promise<void>;
  private drained?: () => void;

  private readonly entered = new WeakSet<object>();

  /**
   * Runs a handler's writes unless the gate is closed; then waits until it
   * opens. `transaction` (the handler's EntityManager) identifies a
   * transaction that has passed before and must not wait (see above).
   */
  async pass<T>(fn: () => Promise<T>, transaction?: object): Promise<T> {
    if (!transaction || !this.entered.has(transaction)) {
      while (this.closed) await this.closed;
      if (transaction) this.entered.add(transaction);
    }
    this.active++;
    try {
      return await fn();
    } finally {
      this.active--;
      if (this.active === 0) this.drained?.();
    }
  }

  /** Closes the gate, waits until no handler is inside, runs fn, opens the gate. */
  async exclusive<T>(fn: () => Promise<T>): Promise<T> {
    while (this.closed) await this.closed;
    let open!: () => void;
    this.closed = new Promise<void>((resolve) => (open = resolve));
    try {
      if (this.active > 0) await new Promise<void>((resolve) => (this.drained = resolve));
      this.drained = undefined;
      return await fn();
    } finally {
      this.closed = undefined;
      open();
    }
  }

  /** Handlers waiting or writing now (for tests and progress). */
  get isClosed(): boolean {
    return this.closed !== undefined;
  }
}
