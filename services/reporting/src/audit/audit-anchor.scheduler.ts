/**
 * Periodic anchors: every AUDIT_ANCHOR_INTERVAL_MINUTES (0 = off) the
 * reporting service takes an anchor in the system's name, its time from the
 * service clock. Runs never overlap; a failed run is logged and the next one
 * tries again. Two instances anchoring at once is harmless (both are valid).
 */
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { SYSTEM_AGENCY } from '@jm/contracts';
import { SERVICE_CONFIG, ServiceConfig } from '@jm/platform';
import { PeriodicRun } from '../periodic-run';
import { AuditService } from './audit.service';

export const ANCHOR_SCHEDULE_ACTOR = { agency: SYSTEM_AGENCY, user: 'reporting:anchor-schedule' };

@Injectable()
export class AuditAnchorScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly run: PeriodicRun;

  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
    audit: AuditService,
  ) {
    this.run = new PeriodicRun(new Logger('AuditAnchors'), 'periodic anchor', () => audit.anchor(ANCHOR_SCHEDULE_ACTOR, 'schedule'));
  }

  onApplicationBootstrap(): void {
    const minutes = this.config.domain.auditAnchorIntervalMinutes;
    if (minutes !== 0) this.run.start(minutes * 60_000);
  }

  /** One scheduled anchor (skipped while the previous one still runs). */
  runOnce(): Promise<void> {
    return this.run.runOnce();
  }

  onApplicationShutdown(): Promise<void> {
    return this.run.stop();
  }
}
