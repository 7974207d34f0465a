/**
 * The reporting service's live risk-ledger index (PostgreSQL, LEDGER_INDEX=on):
 * started at boot in the background; until it is loaded, and on SQLite or with
 * LEDGER_INDEX=off, the ledger queries run in SQL.
 */
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { READ_MODEL_TOKEN, SERVICE_CONFIG, ServiceConfig } from '@jm/platform';
import type { DataSource } from 'typeorm';
import { RiskLedgerFeed } from './risk-ledger-feed';
import type { RiskLedgerIndex } from './risk-ledger-index';

@Injectable()
export class RiskLedgerIndexService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('RiskLedgerIndex');
  private feed?: RiskLedgerFeed;

  constructor(
    @Inject(READ_MODEL_TOKEN) private readonly db: DataSource,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (this.db.options.type !== 'postgres' || this.config.domain.ledgerIndex === 'off') return;
    this.feed = RiskLedgerFeed.start(this.db, { log: (message) => this.logger.log(message) });
  }

  /** The index once loaded, with every write committed before the call; undefined before (and when off): SQL answers. */
  async synced(): Promise<RiskLedgerIndex | undefined> {
    return this.feed?.synced();
  }

  /** The feed (tests wait on it: ready, settled). */
  get liveFeed(): RiskLedgerFeed | undefined {
    return this.feed;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.feed?.close();
  }
}
