/**
 * The reporting service's RISK_FACTS_SOURCE (analytic-engine/risk-facts.ts): a DuckDB engine in memory whose
 * risk_facts the feed (statistics/ledger-queries/risk-ledger-feed.ts) keeps
 * equal to risk_ledger, on PostgreSQL and on SQLite. Loaded at boot in the
 * background; until then, and with LEDGER_INDEX=off, `synced()` is undefined
 * and the ledger queries answer in SQL.
 */
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { AGENCY_REGISTRY, CLOCK, FEDERATION, Federation, READ_MODEL_TOKEN, SERVICE_CONFIG, ServiceConfig } from '@jm/platform';
import type { Clock } from '@jm/event-sourcing';
import type { AgencyRegistry } from '@jm/reference';
import { readerScopes } from '../access/report-scope';
import { warmScopeLists } from './risk-ledger.query';
import type { DataSource } from 'typeorm';
import { RiskLedgerFeed } from './risk-ledger-feed';
import type { AnalyticEngine } from '../../analytic-engine/engine/analytic-engine.port';
import { DuckDbEngine } from '../../analytic-engine/engine/duckdb-engine';
import type { RiskFactsSource } from '../../analytic-engine/risk-facts';

@Injectable()
export class RiskFactsFeedService implements RiskFactsSource, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('AnalyticEngine');
  private feed?: Promise<RiskLedgerFeed | undefined>;

  constructor(
    @Inject(READ_MODEL_TOKEN) private readonly db: DataSource,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
    @Inject(AGENCY_REGISTRY) private readonly registry: AgencyRegistry,
    @Inject(FEDERATION) private readonly federation: Federation,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.domain.ledgerIndex === 'off') return;
    const log = (message: string) => this.logger.log(message);
    this.feed = DuckDbEngine.open({ threads: 2 }).then(
      (engine) => RiskLedgerFeed.start(this.db, engine, { log, warm: (loaded, closed) => this.warm(loaded, closed) }),
      (error: unknown) => {
        this.logger.error(`analytic engine: cannot open (${error instanceof Error ? error.message : String(error)}); SQL answers`);
        return undefined;
      },
    );
  }

  /**
   * After each load: the whole-scope lists of every reader scope of the agencies this deployment serves (office
   * regions first, then streets, then units), so that no reader's first page of their whole ledger waits for a top-N.
   */
  private async warm(engine: AnalyticEngine, closed: () => boolean): Promise<string> {
    const scopes = readerScopes(this.registry.all().filter((agency) => this.federation.servesAgency(agency.code)));
    const warmed = await warmScopeLists(engine, scopes, this.clock.now(), closed);
    return `whole-scope lists of ${warmed.scopes} of ${warmed.of} reader scopes read (${warmed.lists} lists)`;
  }

  /** The engine once loaded, with every write committed before the call; undefined before (and when off): SQL answers. */
  async synced(): Promise<AnalyticEngine | undefined> {
    return (await this.feed)?.synced();
  }

  /** The feed (tests wait on it: ready, settled). */
  async liveFeed(): Promise<RiskLedgerFeed | undefined> {
    return this.feed;
  }

  async onApplicationShutdown(): Promise<void> {
    const feed = await this.feed;
    await feed?.close();
    await feed?.engine.close();
  }
}
