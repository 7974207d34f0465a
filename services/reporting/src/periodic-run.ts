/**
 * A task reporting runs on a timer (periodic anchors, monthly statistics submissions): runs never overlap (a
 * run due while one is going is skipped), a failed run is logged and the next one tries again, and the timer
 * alone does not keep a stopping process alive.
 */
import type { Logger } from '@nestjs/common';

export class PeriodicRun {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    private readonly logger: Logger,
    private readonly what: string,
    private readonly task: () => Promise<unknown>,
  ) {}

  start(intervalMs: number): void {
    this.timer = setInterval(() => void this.runOnce(), intervalMs);
    this.timer.unref();
  }

  async runOnce(): Promise<void> {
    if (this.running) return;
    this.running = this.task()
      .then(() => undefined)
      .catch((error: unknown) => this.logger.error(`${this.what} failed: ${(error as Error).message}`))
      .finally(() => (this.running = undefined));
    await this.running;
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }
}
