/**
 * Keeps the analytic engine's risk_facts (analysis/risk-facts.ts) equal to the
 * risk_ledger table, on both read-model databases.
 *
 * Every writer of the table tells the RiskLedgerListener in its own
 * transaction (the case ids it wrote; a rebuild's swap: reload).
 * PostgreSQL: the listener notifies; PostgreSQL delivers a notification only
 * when that transaction commits, to every listening session, in commit order,
 * so every instance of the service learns of every write whichever instance
 * made it. The feed listens before it loads the table, re-reads the notified
 * rows by key (what it reads is the committed row, never older than the
 * notification) and, when its session is lost (notifications sent meanwhile
 * are lost with it), listens again and reloads.
 * SQLite (one process owns the file): the listener tells this process's feed,
 * which takes the ids when the writer's transaction ends (TypeORM's
 * transaction events) and re-reads them then; a rolled-back write is re-read
 * too, so the engine keeps the committed row.
 * Until the first load ends the queries use SQL.
 */
import { createHash, randomUUID } from 'node:crypto';
import { Client, ClientConfig, Notification } from 'pg';
import { DataSource, EntityManager, EntitySubscriberInterface, QueryRunner, TransactionCommitEvent, TransactionRollbackEvent } from 'typeorm';
import { RISK_LEDGER } from '../../read-model/read-model.tables';
import type { RiskLedgerListener } from '../../ledgers/risk-ledger-listener';
import { quoteTable, SqlTarget, sqlTargetOf } from '../../ledgers/table-sql';
import type { AnalyticEngine, AnalyticRow } from '../../analytic-engine/engine/analytic-engine.port';
import { RISK_FACT_SOURCE_COLUMNS, RISK_FACTS, riskFactOf } from '../../analytic-engine/risk-facts';
import { warmLists } from './risk-top-lists';

type Runner = Pick<EntityManager, 'query'> | Pick<DataSource, 'query'>;

/** A payload asking every feed to load the table again (after a rebuild swapped it). */
const RELOAD = '*';
/** A payload that only marks a point in the commit order (synced). */
const SYNC_MARK = '?';
/** PostgreSQL refuses payloads of 8,000 bytes or more. */
const PAYLOAD_LIMIT = 7_000;
const LOAD_PAGE = 50_000;
const REREAD_BATCH = 1_000;

/** The channel of one read model's risk ledger (a schema's name can exceed the 63 bytes a channel name may have). */
export function riskLedgerChannel(schema: string | undefined): string {
  return `jm_risk_ledger_${createHash('sha256')
    .update(schema ?? 'public')
    .digest('hex')
    .slice(0, 24)}`;
}

/**
 * Tells every feed the rows with these case ids changed: on PostgreSQL a notification delivered when the caller's
 * transaction commits, on SQLite this process's feed, which re-reads them when the transaction ends.
 */
export async function notifyRiskLedger(runner: Runner, target: SqlTarget, caseIds: readonly string[]): Promise<void> {
  if (caseIds.length === 0) return;
  if (target.dialect !== 'postgres') return IN_PROCESS.get(dataSourceOf(runner))?.changedInProcess(caseIds);
  const channel = riskLedgerChannel(target.schema);
  let chunk: string[] = [];
  let bytes = 0;
  const send = async (): Promise<void> => {
    if (chunk.length) await runner.query('SELECT pg_notify($1, $2)', [channel, chunk.join('\n')]);
    chunk = [];
    bytes = 0;
  };
  for (const id of caseIds) {
    const size = Buffer.byteLength(id) + 1;
    if (bytes + size > PAYLOAD_LIMIT) await send();
    chunk.push(id);
    bytes += size;
  }
  await send();
}

/** Tells every feed to load the table again (the rebuild's swap), when the caller's transaction ends. */
export async function notifyRiskLedgerReload(runner: Runner, target: SqlTarget): Promise<void> {
  if (target.dialect === 'postgres') await runner.query('SELECT pg_notify($1, $2)', [riskLedgerChannel(target.schema), RELOAD]);
  else IN_PROCESS.get(dataSourceOf(runner))?.replacedInProcess();
}

/** The SQLite feed of each read model in this process (a SQLite file has one writer process: this one). */
const IN_PROCESS = new WeakMap<DataSource, RiskLedgerFeed>();

const dataSourceOf = (runner: Runner): DataSource => (runner instanceof DataSource ? runner : (runner as EntityManager).connection);

/** SQLite (better-sqlite3): TypeORM's one query runner, whose transaction every query of the process runs in while it is open. */
function inTransaction(db: DataSource): boolean {
  return (db.driver as unknown as { queryRunner?: QueryRunner }).queryRunner?.isTransactionActive === true;
}

/** The feed as the ledgers' writers hear of it (wired into LedgersModule by ReportingModule). */
export const riskLedgerFeedListener: RiskLedgerListener = { changed: notifyRiskLedger, replaced: notifyRiskLedgerReload };

const SELECT_COLUMNS = RISK_FACT_SOURCE_COLUMNS.map((c) => `"${c}"`).join(', ');

/** Reads the whole table into the engine's risk_facts in key order, a page at a time (queries see the old rows until the end). */
export async function loadRiskFacts(db: Runner, target: SqlTarget, engine: AnalyticEngine): Promise<number> {
  const table = quoteTable(target, RISK_LEDGER.table);
  async function* pages(): AsyncGenerator<AnalyticRow[]> {
    let after: string | null = null;
    for (;;) {
      const rows = (await db.query(
        after === null
          ? `SELECT ${SELECT_COLUMNS} FROM ${table} ORDER BY "case_id" LIMIT ${LOAD_PAGE}`
          : `SELECT ${SELECT_COLUMNS} FROM ${table} WHERE "case_id" > ${target.dialect === 'postgres' ? '$1' : '?'} ORDER BY "case_id" LIMIT ${LOAD_PAGE}`,
        after === null ? [] : [after],
      )) as AnalyticRow[];
      yield rows.map(riskFactOf);
      if (rows.length < LOAD_PAGE) return;
      after = String(rows[rows.length - 1].case_id);
    }
  }
  return engine.load(RISK_FACTS, pages());
}

export interface RiskLedgerFeedOptions {
  log?: (message: string) => void;
  /** Delay before listening again after the session is lost (doubles up to 30 s). */
  retryMs?: number;
  /**
   * Run in the background after each load, once the lists readers kept are read again: reads what readers will ask
   * for first (the service: every reader scope's whole-scope lists, warmScopeLists); what it answers is logged.
   */
  warm?: (engine: AnalyticEngine, closed: () => boolean) => Promise<string>;
}

/** The engine's copy of one read model's risk ledger: `loaded` is false until the first load ends. */
export class RiskLedgerFeed {
  loaded = false;
  /** Full loads done (the first, and each reload). */
  loads = 0;
  private client: Client | undefined;
  private readonly pending = new Set<string>();
  /** Notifications received, and how many of them the engine reflects (a drain applies all received before it began). */
  private receivedSeq = 0;
  private appliedSeq = 0;
  private readonly waiters: Array<{ seq: number; resolve: () => void }> = [];
  private readonly echoes = new Map<string, () => void>();
  private reloadWanted = false;
  private draining: Promise<void> | undefined;
  private closed = false;
  private retryMs: number;
  private readonly target: SqlTarget;
  private readonly log: (message: string) => void;
  /** Resolves once the table has been loaded (and again after each reconnection). */
  private loading: Promise<void> | undefined;
  /** SQLite: ids written in the open transaction, and ids (or the whole table) read while a transaction was open. */
  private readonly uncommitted = new Set<string>();
  private reloadUncommitted = false;
  private readonly suspect = new Set<string>();
  private suspectLoad = false;
  private subscriber: EntitySubscriberInterface | undefined;
  /** The background reading of lists after the latest load. */
  private warming: Promise<void> | undefined;

  private constructor(
    private readonly db: DataSource,
    readonly engine: AnalyticEngine,
    private readonly options: RiskLedgerFeedOptions,
  ) {
    this.target = sqlTargetOf(db);
    this.log = options.log ?? (() => undefined);
    this.retryMs = options.retryMs ?? 500;
  }

  /** Starts listening and loading in the background; `ready()` waits for the first load. */
  static start(db: DataSource, engine: AnalyticEngine, options: RiskLedgerFeedOptions = {}): RiskLedgerFeed {
    const feed = new RiskLedgerFeed(db, engine, options);
    feed.loading = feed.target.dialect === 'postgres' ? feed.connect() : feed.attach();
    return feed;
  }

  /** Waits until the table is loaded (the first time, or after the session was lost). */
  async ready(): Promise<AnalyticEngine> {
    await this.loading;
    while (this.draining) await this.draining;
    if (!this.loaded) throw new Error('the analytic engine has not loaded the risk ledger');
    return this.engine;
  }

  /** Waits until every change received so far is applied. */
  async settled(): Promise<void> {
    await this.loading;
    await this.waitApplied(this.receivedSeq);
  }

  private waitApplied(seq: number): Promise<void> {
    if (this.appliedSeq >= seq) return Promise.resolve();
    return new Promise<void>((resolve) => {
      this.waiters.push({ seq, resolve });
      void this.drain();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
    if (this.subscriber) {
      const at = this.db.subscribers.indexOf(this.subscriber);
      if (at >= 0) this.db.subscribers.splice(at, 1);
      if (IN_PROCESS.get(this.db) === this) IN_PROCESS.delete(this.db);
    }
    await this.loading?.catch(() => undefined);
    await this.draining?.catch(() => undefined);
    // Stops between two lists (closed), so that no read is left for an engine about to close.
    await this.warming;
  }

  private clientConfig(): ClientConfig {
    const pool = (this.db.driver as unknown as { master: { options: ClientConfig & { max?: number } } }).master;
    const { max: _max, ...config } = pool.options;
    // Named after the channel, so that an operator (or a test) can tell one read model's listener from another's.
    return { ...config, application_name: `jm-index-${riskLedgerChannel(this.target.schema).slice(-12)}` };
  }

  /** Loads the whole table (its rows as the caller's read sees them), logging how long it took and the engine's memory. */
  private async loadAll(what: 'loaded' | 'reloaded'): Promise<void> {
    const started = Date.now();
    const during = this.target.dialect !== 'postgres' && inTransaction(this.db);
    const rows = await loadRiskFacts(this.db, this.target, this.engine);
    if (during || (this.target.dialect !== 'postgres' && inTransaction(this.db))) this.suspectLoad = true;
    this.loaded = true;
    this.loads++;
    const memory = await this.engine.memoryBytes().catch(() => undefined);
    this.log(
      `analytic engine: risk ledger ${what}, ${rows} rows in ${Date.now() - started} ms` +
        (memory === undefined ? '' : `, engine memory ${Math.round(memory / 1048576)} MB`),
    );
    // The whole-scope lists readers kept are stale after a load (a reload, or one after a lost session): read again in
    // the background, never awaited (none after the first); then what the service warms (every reader scope's lists).
    this.warming = this.warmAfterLoad().catch((error: unknown) =>
      this.log(`analytic engine: lists not warmed after the load (${error instanceof Error ? error.message : String(error)})`),
    );
  }

  private async warmAfterLoad(): Promise<void> {
    await warmLists(this.engine);
    if (!this.options.warm) return;
    const started = Date.now();
    const what = await this.options.warm(this.engine, () => this.closed);
    this.log(`analytic engine: ${what} in ${Date.now() - started} ms`);
  }

  /** Waits until the lists read after the latest load are read (never fails: a failure is logged). */
  async warmed(): Promise<void> {
    await this.loading;
    await this.warming;
  }

  /** SQLite: hears of the ends of this read model's transactions, then loads the table. */
  private async attach(): Promise<void> {
    const subscriber: EntitySubscriberInterface = {
      afterTransactionCommit: (event: TransactionCommitEvent) => this.transactionEnded(event.queryRunner, false),
      afterTransactionRollback: (event: TransactionRollbackEvent) => this.transactionEnded(event.queryRunner, true),
    };
    this.subscriber = subscriber;
    this.db.subscribers.push(subscriber);
    IN_PROCESS.set(this.db, this);
    const seq = this.receivedSeq;
    try {
      await this.loadAll('loaded');
      this.applied(seq);
    } catch (error) {
      this.log(`analytic engine: cannot load the risk ledger (${error instanceof Error ? error.message : String(error)}); SQL answers`);
    }
    void this.drain();
  }

  /** SQLite: a writer's ids, taken now when no transaction is open (autocommit), else when it ends. */
  changedInProcess(caseIds: readonly string[]): void {
    if (this.closed) return;
    if (inTransaction(this.db)) for (const id of caseIds) this.uncommitted.add(id);
    else this.received(caseIds, false);
  }

  replacedInProcess(): void {
    if (this.closed) return;
    if (inTransaction(this.db)) this.reloadUncommitted = true;
    else this.received([], true);
  }

  /**
   * SQLite: a transaction (or a savepoint) ended. When the outermost one has, what it wrote is committed or gone:
   * re-read it either way. A rollback also makes what was read while it was open suspect: read that again.
   */
  private transactionEnded(runner: QueryRunner, rolledBack: boolean): void {
    if (this.closed) return;
    const ids: string[] = [];
    let reload = false;
    if (rolledBack) {
      ids.push(...this.suspect);
      reload = this.suspectLoad;
    }
    if (!runner.isTransactionActive) {
      ids.push(...this.uncommitted);
      reload ||= this.reloadUncommitted;
      this.uncommitted.clear();
      this.reloadUncommitted = false;
    }
    if (rolledBack || !runner.isTransactionActive) {
      this.suspect.clear();
      this.suspectLoad = false;
    }
    if (ids.length || reload) this.received(ids, reload);
  }

  /** Listens, then loads the table (what commits after LISTEN arrives as notifications, what came before is in the load). */
  private async connect(): Promise<void> {
    while (!this.closed) {
      const client = new Client(this.clientConfig());
      try {
        client.on('notification', (message) => this.onNotification(message));
        client.on('error', (error) => this.lost(client, error));
        client.on('end', () => this.lost(client, new Error('session ended')));
        await client.connect();
        await client.query(`LISTEN "${riskLedgerChannel(this.target.schema)}"`);
        this.client = client;
        this.pending.clear();
        this.reloadWanted = false;
        const seq = this.receivedSeq;
        await this.loadAll('loaded');
        this.applied(seq);
        this.retryMs = this.options.retryMs ?? 500;
        void this.drain();
        return;
      } catch (error) {
        await client.end().catch(() => undefined);
        if (this.closed) return;
        this.log(
          `analytic engine: cannot listen or load the risk ledger (${error instanceof Error ? error.message : String(error)}); retrying in ${this.retryMs} ms`,
        );
        await new Promise((resolve) => setTimeout(resolve, this.retryMs).unref());
        this.retryMs = Math.min(this.retryMs * 2, 30_000);
      }
    }
  }

  /** The session is gone and with it any notification sent meanwhile: listen again and reload (the old rows answer until then). */
  private lost(client: Client, error: Error): void {
    if (this.closed || this.client !== client) return;
    this.client = undefined;
    this.log(`analytic engine: listening session lost (${error.message}); listening again and reloading`);
    void client.end().catch(() => undefined);
    this.loading = this.connect();
  }

  /**
   * The engine with every write committed before this call; undefined when not loaded or when it cannot catch up in
   * `timeoutMs` (the caller answers in SQL). PostgreSQL: a marker notified now comes back after the notifications of
   * every earlier commit (PostgreSQL delivers in commit order), and the engine is then brought up to it. SQLite: every
   * earlier commit has told the feed already.
   */
  async synced(timeoutMs = 2_000): Promise<AnalyticEngine | undefined> {
    if (!this.loaded) return undefined;
    if (this.target.dialect !== 'postgres') return (await this.within(this.waitApplied(this.receivedSeq), timeoutMs)) && this.engine;
    if (!this.client) return undefined;
    const marker = `${SYNC_MARK}${randomUUID()}`;
    const echoed = new Promise<number>((resolve) => this.echoes.set(marker, () => resolve(this.receivedSeq)));
    try {
      await this.db.query('SELECT pg_notify($1, $2)', [riskLedgerChannel(this.target.schema), marker]);
      const seq = await this.within(echoed, timeoutMs);
      return seq && (await this.within(this.waitApplied(seq.value), timeoutMs)) && this.engine;
    } finally {
      this.echoes.delete(marker);
    }
  }

  /** What `work` resolves to, or undefined once `ms` have passed. */
  private async within<T>(work: Promise<T>, ms: number): Promise<{ value: T } | undefined> {
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        work.then((value) => ({ value })),
        new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), ms))),
      ]);
    } finally {
      clearTimeout(timer);
    }
  }

  private onNotification(message: Notification): void {
    const payload = message.payload;
    if (!payload) return;
    if (payload.startsWith(SYNC_MARK)) {
      // Another instance's marker is not ours to answer.
      this.echoes.get(payload)?.();
      return;
    }
    if (payload === RELOAD) this.received([], true);
    else this.received(payload.split('\n').filter(Boolean), false);
  }

  private received(ids: readonly string[], reload: boolean): void {
    this.receivedSeq++;
    if (reload) this.reloadWanted = true;
    for (const id of ids) this.pending.add(id);
    void this.drain();
  }

  private applied(seq: number): void {
    this.appliedSeq = Math.max(this.appliedSeq, seq);
    for (let i = this.waiters.length - 1; i >= 0; i--) {
      if (this.waiters[i].seq <= this.appliedSeq) this.waiters.splice(i, 1)[0].resolve();
    }
  }

  /** Applies what was received, one drain at a time so re-reads are applied in the order they were read. */
  private drain(): Promise<void> {
    if (!this.draining) {
      this.draining = this.drainNow().finally(() => {
        this.draining = undefined;
      });
    }
    return this.draining;
  }

  /** Each round applies everything received before it began (so a waiter is never starved by later writes). */
  private async drainNow(): Promise<void> {
    await this.loading;
    while (!this.closed && this.loaded && (this.reloadWanted || this.pending.size || this.waiters.length)) {
      const seq = this.receivedSeq;
      try {
        if (this.reloadWanted) {
          this.reloadWanted = false;
          this.pending.clear();
          await this.loadAll('reloaded');
          this.applied(seq);
          continue;
        }
        const ids = [...this.pending];
        this.pending.clear();
        for (let from = 0; from < ids.length; from += REREAD_BATCH) await this.reread(ids.slice(from, from + REREAD_BATCH));
        this.applied(seq);
      } catch (error) {
        // Reading failed (the database went away): load everything again once it answers.
        this.log(`analytic engine: applying risk-ledger changes failed (${error instanceof Error ? error.message : String(error)}); reloading`);
        this.reloadWanted = true;
        await new Promise((resolve) => setTimeout(resolve, this.retryMs).unref());
      }
    }
  }

  /** Reads these rows by key and puts them in the engine (upserted, or removed when the table has them no more). */
  private async reread(batch: string[]): Promise<void> {
    const postgres = this.target.dialect === 'postgres';
    const during = !postgres && inTransaction(this.db);
    const rows = (await this.db.query(
      `SELECT ${SELECT_COLUMNS} FROM ${quoteTable(this.target, RISK_LEDGER.table)} WHERE "case_id" ${
        postgres ? '= ANY($1)' : `IN (${batch.map(() => '?').join(', ')})`
      }`,
      postgres ? [batch] : batch,
    )) as AnalyticRow[];
    if (during || (!postgres && inTransaction(this.db))) for (const id of batch) this.suspect.add(id);
    const seen = new Set(rows.map((row) => String(row.case_id)));
    await this.engine.upsert(RISK_FACTS, rows.map(riskFactOf));
    await this.engine.remove(
      RISK_FACTS,
      batch.filter((id) => !seen.has(id)),
    );
  }
}
