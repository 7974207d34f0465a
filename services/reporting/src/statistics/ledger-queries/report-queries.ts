/**
 * What the controllers share: the read model, the clock and the agency
 * registry bundled into the context the query functions take (the ledgers',
 * the statistics tables' and the exports').
 */
import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { Clock } from '@jm/event-sourcing';
import { AGENCY_REGISTRY, CLOCK, READ_MODEL_TOKEN } from '@jm/platform';
import { AgencyRegistry, Lang } from '@jm/reference';
import { LedgerContext } from './ledger-query';
import { RISK_FACTS_SOURCE, RiskFactsSource } from '../../analytic-engine/risk-facts';

@Injectable()
export class ReportQueries {
  constructor(
    @Inject(READ_MODEL_TOKEN) readonly db: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(AGENCY_REGISTRY) readonly registry: AgencyRegistry,
    @Inject(RISK_FACTS_SOURCE) private readonly riskFacts: RiskFactsSource,
  ) {}

  context(lang: Lang | undefined): LedgerContext {
    return { now: this.clock.now(), lang: lang ?? 'zh-CN', registry: this.registry };
  }

  /** The context of a risk-ledger query: with the analytic engine when it is loaded and has every committed write. */
  async riskContext(lang: Lang | undefined): Promise<LedgerContext> {
    return { ...this.context(lang), riskFacts: await this.riskFacts.synced() };
  }

  now(): Date {
    return this.clock.now();
  }
}
