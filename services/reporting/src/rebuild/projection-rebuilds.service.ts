/**
 * The running service's rebuilds: one at a time per instance (a second
 * request while one runs is a 409), run in the background with its progress
 * kept for GET /projections, the bus handlers' gate passed in so the swap
 * happens between two events.
 */
import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { DomainActor } from '@jm/contracts';
import { EventStore } from '@jm/event-sourcing';
import { EVENT_STORE_TOKEN, READ_MODEL_TOKEN } from '@jm/platform';
import type { DataSource } from 'typeorm';
import { ProjectionGate } from '../ledgers/projection-gate';
import { RISK_LEDGER_LISTENER, RiskLedgerListener } from '../ledgers/risk-ledger-listener';
import { REPORTING_TABLES } from '../read-model/read-model.tables';
import { RebuildProgress, RebuildResult, rebuildProjections } from './projection-rebuild';

export class RebuildRunningError extends Error {
  readonly code = 'REBUILD_RUNNING';
  constructor(id: string, progress: RebuildProgress) {
    super(
      `a rebuild of the projections is already running (${id}, ${progress.phase}, ${progress.percent}%); wait until it finishes (GET /projections/rebuilds/${id}) and ask again`,
    );
    this.name = 'RebuildRunningError';
  }
}

export interface RebuildRun {
  id: string;
  requestedBy: { agency: string; user: string };
  progress: RebuildProgress;
  result: RebuildResult | null;
}

export interface ProjectionView {
  name: string;
  table: string;
  state: 'live' | 'rebuilding';
}

@Injectable()
export class ProjectionRebuilds implements OnModuleDestroy {
  private readonly logger = new Logger('Rebuild');
  private readonly runs = new Map<string, RebuildRun>();
  private current?: { run: RebuildRun; done: Promise<void> };

  constructor(
    @Inject(EVENT_STORE_TOKEN) private readonly store: EventStore,
    @Inject(READ_MODEL_TOKEN) private readonly dataSource: DataSource,
    private readonly gate: ProjectionGate,
    @Inject(RISK_LEDGER_LISTENER) private readonly riskLedger: RiskLedgerListener,
  ) {}

  /** Starts a rebuild in the background; 409 while one runs. */
  start(actor: Pick<DomainActor, 'agency' | 'user'>): RebuildRun {
    if (this.current) throw new RebuildRunningError(this.current.run.id, this.current.run.progress);
    const run: RebuildRun = {
      id: randomUUID(),
      requestedBy: { agency: actor.agency, user: actor.user },
      progress: {
        phase: 'preparing',
        eventsRead: 0,
        position: 0,
        head: 0,
        percent: 0,
        ratePerSecond: 0,
        startedAt: new Date().toISOString(),
        finishedAt: null,
        error: null,
      },
      result: null,
    };
    this.runs.set(run.id, run);
    const done = rebuildProjections({
      store: this.store,
      dataSource: this.dataSource,
      riskLedger: this.riskLedger,
      gate: this.gate,
      onProgress: (p) => (run.progress = p),
    })
      .then((result) => {
        run.result = result;
        this.logger.log({ id: run.id, events: result.events, ms: result.ms, rows: result.rows }, 'projections rebuilt and swapped in');
      })
      .catch((error: unknown) => this.logger.error({ id: run.id, err: error }, 'projection rebuild failed; the live tables were kept'))
      .finally(() => {
        if (this.current?.run === run) this.current = undefined;
      });
    this.current = { run, done };
    return run;
  }

  get(id: string): RebuildRun | undefined {
    return this.runs.get(id);
  }

  /** Each projection with its state, and the running or last rebuild. */
  overview(): { projections: ProjectionView[]; rebuild: RebuildRun | null } {
    const running = this.current?.run;
    const last = running ?? [...this.runs.values()].pop() ?? null;
    return {
      projections: REPORTING_TABLES.map((spec) => ({ name: spec.table, table: spec.table, state: running ? 'rebuilding' : 'live' })),
      rebuild: last,
    };
  }

  /** Settles when no rebuild runs (tests, shutdown). */
  async idle(): Promise<void> {
    await this.current?.done;
  }

  async onModuleDestroy(): Promise<void> {
    // The read model and the store close after this; a rebuild cut short would only leave rb_ tables, dropped by the next one.
    await this.idle();
  }
}
