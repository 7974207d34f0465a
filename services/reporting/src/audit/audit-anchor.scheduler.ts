/**
 * Periodic anchors: every AUDIT_ANCHOR_INTERVAL_MINUTES (0 = off) the
 * reporting service takes an anchor in the system's name, its time from the
 * service clock. Runs never overlap; a failed run is logged and the next one
 * tries again. Two instances anchoring at once is harmless (both are valid).
 */
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { SYSTEM_AGENCY } from '@jm/contracts';
import { SERVICE_CONFIG, ServiceConfig } from '@jm/platform';
import { AuditService } from './audit.service';

export const ANCHOR_SCHEDULE_ACTOR = { agency: SYSTEM_AGENCY, user: 'reporting:anchor-schedule' };

@Injectable()
export class AuditAnchorScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('AuditAnchors');
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
    private readonly audit: AuditService,
  ) {}

  onApplicationBootstrap(): void {
    const minutes = this.config.domain.auditAnchorIntervalMinutes;
    if (minutes === 0) return;
    this.timer = setInterval(() => void this.runOnce(), minutes * 60_000);
    // The timer alone must not keep a stopping process alive.
    this.timer.unref();
  }

  /** One scheduled anchor (skipped while the previous one still runs). */
  async runOnce(): Promise<void> {
    if (this.running) return;
    this.running = this.audit
      .anchor(ANCHOR_SCHEDULE_ACTOR, 'schedule')
      .then(() => undefined)
      .catch((error: unknown) => this.logger.error(`periodic anchor failed: ${(error as Error).message}`))
      .finally(() => (this.running = undefined));
    await this.running;
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }
}
