/**
 * Runs the engine's tick once at start (so the current periods' obligations
 * exist right after boot), then every DEADLINE_TICK_SECONDS (and on demand
 * through POST /deadlines/tick). One tick at a time per process: a tick asked
 * for while one runs waits for it and then runs (one follow-up for all who
 * asked). Several instances may tick at once; the deterministic ids make the
 * second one append nothing.
 */
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { SERVICE_CONFIG, ServiceConfig } from '@jm/platform';
import { DeadlineEngine, TickResult } from './deadline-engine';

@Injectable()
export class DeadlineScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('DeadlineScheduler');
  private timer?: NodeJS.Timeout;
  private running?: Promise<TickResult>;
  private next?: Promise<TickResult>;

  constructor(
    private readonly engine: DeadlineEngine,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
  ) {}

  onApplicationBootstrap(): void {
    const run = () => {
      this.tick().catch((error: unknown) => this.logger.error({ err: error }, 'deadline tick failed; the next one retries'));
    };
    this.timer = setInterval(run, this.config.domain.deadlineTickSeconds * 1000);
    this.timer.unref();
    // Not awaited: boot does not wait on the store; a tick asked for meanwhile gets this one's answer.
    run();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.next?.catch(() => undefined);
    await this.running?.catch(() => undefined);
  }

  /** A tick asked for while one runs waits for it, then runs one more (shared by all who asked meanwhile), so it sees "now". */
  tick(): Promise<TickResult> {
    if (!this.running) return this.start();
    this.next ??= this.running
      .catch(() => undefined)
      .then(() => {
        this.next = undefined;
        return this.start();
      });
    return this.next;
  }

  private start(): Promise<TickResult> {
    this.running = this.engine.tick().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }
}
