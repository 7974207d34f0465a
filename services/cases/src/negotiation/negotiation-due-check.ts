/**
 * The due check (federation only): every CROSS_REGION_CHECK_SECONDS, the negotiations asked of this deployment
 * that are still unanswered past their due time are referred to the common superior (seed 001:
 * 协商无法达成共识的，报共同上级). Each referral's command id is derived from the negotiation, so two instances
 * checking at once append it once.
 */
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Clock } from '@jm/event-sourcing';
import { CLOCK, FEDERATION, Federation, InjectReadModel, SERVICE_CONFIG, ServiceConfig } from '@jm/platform';
import type { DataSource } from 'typeorm';
import { dueNegotiations } from './negotiation-summary.query';
import { CrossRegionProcess } from './negotiation.process';

@Injectable()
export class NegotiationDueCheck implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('NegotiationDueCheck');
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    private readonly process: CrossRegionProcess,
    @Inject(FEDERATION) private readonly federation: Federation,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @InjectReadModel() private readonly db: DataSource,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.federation.enabled) return;
    this.timer = setInterval(() => {
      this.running ??= this.check()
        .then(() => undefined)
        .catch((error: Error) => this.logger.error(`due check failed: ${error.message}`))
        .finally(() => (this.running = undefined));
    }, this.config.domain.crossRegionCheckSeconds * 1000);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  /** Refers every negotiation due by now; answers how many it referred. */
  async check(): Promise<number> {
    const now = this.clock.now().toISOString();
    const due = await dueNegotiations(this.db, now);
    for (const negotiationId of due) await this.process.referOverdue(negotiationId, now);
    return due.length;
  }
}
