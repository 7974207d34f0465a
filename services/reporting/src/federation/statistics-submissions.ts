/**
 * Monthly statistics up the hierarchy (docs/federation-reporting.md): every
 * FEDERATION_STATISTICS_INTERVAL_SECONDS a deployment with a parent computes each month's figures (its own
 * facts plus what its children reported up), and appends StatisticsMonthSubmitted to `report-statistics-<month>`
 * when they differ from the month's last submission. The handler of that stored event sends it up; its
 * revision (the stream version) lets the parent keep the latest. Figures move as facts change, so a month is
 * never "closed": a late fact or a child's later submission is a new revision.
 * Runs never overlap; two instances at once conflict on the expected version and one of them wins.
 */
import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { FEDERATION_REPORTING_CONTRACT, StatisticsMonthSubmittedData, SYSTEM_AGENCY, toStatisticsSubmissionStreamId } from '@jm/contracts';
import { Clock, EventStore, WrongExpectedVersionError } from '@jm/event-sourcing';
import { CLOCK, EVENT_STORE_TOKEN, FEDERATION, Federation, InjectReadModel, SERVICE_CONFIG, ServiceConfig } from '@jm/platform';
import type { DataSource } from 'typeorm';
import { chinaMonthOf } from '../ledgers/report-facts.projection';
import { PeriodicRun } from '../periodic-run';
import { childFigures, combine, figuresDigest, monthsToSubmit, ownMonthFigures } from './statistics-figures';

export const STATISTICS_SUBMISSION_ACTOR = { agency: SYSTEM_AGENCY, user: 'reporting:statistics-submission' };

@Injectable()
export class StatisticsSubmissions implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('StatisticsSubmissions');
  private readonly run = new PeriodicRun(this.logger, 'statistics submission', () => this.submitAll());
  /** The last submission of each month: its revision and digest. */
  private readonly last = new Map<string, { version: number; digest: string }>();

  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
    @Inject(FEDERATION) private readonly federation: Federation,
    @Inject(EVENT_STORE_TOKEN) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @InjectReadModel() private readonly db: DataSource,
  ) {}

  /** Submitting makes sense in a deployment with a deployment above it. */
  get enabled(): boolean {
    const self = this.federation.self;
    return self !== undefined && this.federation.registry.parentOf(self) !== undefined;
  }

  onApplicationBootstrap(): void {
    const seconds = this.config.domain.federationStatisticsIntervalSeconds;
    if (seconds !== 0 && this.enabled) this.run.start(seconds * 1000);
  }

  /** One round over every month (skipped while the previous one still runs). */
  runOnce(): Promise<void> {
    return this.run.runOnce();
  }

  private async submitAll(): Promise<void> {
    const now = this.clock.now();
    for (const month of await monthsToSubmit(this.db, chinaMonthOf(now.toISOString()))) await this.submit(month, now);
  }

  /** Appends the month's figures if they changed since its last submission; answers whether it did. */
  async submit(month: string, now: Date): Promise<boolean> {
    const [own, children] = [await ownMonthFigures(this.db, month), await childFigures(this.db, month)];
    const figures = combine([own, ...children.figures]);
    const digest = figuresDigest(figures, children.sources);
    const last = await this.lastOf(month);
    if (last?.digest === digest) return false;
    const data: StatisticsMonthSubmittedData = { month, asOf: now.toISOString(), digest, figures, includes: children.sources };
    const id = randomUUID();
    const streamId = toStatisticsSubmissionStreamId(month);
    try {
      const result = await this.store.append(
        streamId,
        [
          {
            id,
            type: 'StatisticsMonthSubmitted',
            schemaVersion: FEDERATION_REPORTING_CONTRACT.StatisticsMonthSubmitted.version,
            data,
            time: data.asOf,
            correlationId: id,
            causationId: id,
            actor: STATISTICS_SUBMISSION_ACTOR,
          },
        ],
        last ? last.version : 'no_stream',
      );
      this.last.set(month, { version: result.nextExpectedVersion, digest });
      this.logger.log(`statistics of ${month} submitted (revision ${result.nextExpectedVersion})`);
      return true;
    } catch (error) {
      // Another instance submitted meanwhile: read the stream again next round.
      if (error instanceof WrongExpectedVersionError) {
        this.last.delete(month);
        return false;
      }
      throw error;
    }
  }

  private async lastOf(month: string): Promise<{ version: number; digest: string } | undefined> {
    const known = this.last.get(month);
    if (known) return known;
    const events = await this.store.readStream(toStatisticsSubmissionStreamId(month));
    const head = events[events.length - 1];
    if (!head) return undefined;
    const found = { version: head.streamVersion, digest: (head.data as StatisticsMonthSubmittedData).digest };
    this.last.set(month, found);
    return found;
  }

  onApplicationShutdown(): Promise<void> {
    return this.run.stop();
  }
}
