/**
 * Keeps a RiskLedgerIndex equal to the risk_ledger table on PostgreSQL.
 *
 * Every writer of the table notifies in its own transaction (notifyRiskLedger:
 * the case ids it wrote; notifyRiskLedgerReload after a rebuild's swap).
 * PostgreSQL delivers a notification only when that transaction commits, to
 * every listening session, in commit order, so every instance of the service
 * learns of every write whichever instance made it. The feed listens before it
 * loads the table, re-reads the notified rows by key (what it reads is the
 * committed row, never older than the notification) and, when its session is
 * lost (notifications sent meanwhile are lost with it), listens again and
 * reloads. Until the first load ends the queries use SQL.
 */
import { createHash, randomUUID } from 'node:crypto';
import { Client, ClientConfig, Notification } from 'pg';
import type { DataSource, EntityManager } from 'typeorm';
import { RISK_LEDGER } from '../../read-model/read-model.tables';
import type { RiskLedgerListener } from '../../ledgers/risk-ledger-listener';
import { quoteTable, SqlTarget, sqlTargetOf } from '../../ledgers/table-sql';
import { IndexedRiskRow, INDEXED_RISK_COLUMNS, RiskLedgerIndex } from './risk-ledger-index';

type Runner = Pick<EntityManager, 'query'> | Pick<DataSource, 'query'>;

/** A payload asking every index to load the table again (after a rebuild swapped it). */
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

/** Tells every index the rows with these case ids changed; delivered when the caller's transaction commits. PostgreSQL only. */
export async function notifyRiskLedger(runner: Runner, target: SqlTarget, caseIds: readonly string[]): Promise<void> {
  if (target.dialect !== 'postgres' || caseIds.length === 0) return;
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

/** Tells every index to load the table again (the rebuild's swap). PostgreSQL only. */
export async function notifyRiskLedgerReload(runner: Runner, target: SqlTarget): Promise<void> {
  if (target.dialect === 'postgres') await runner.query('SELECT pg_notify($1, $2)', [riskLedgerChannel(target.schema), RELOAD]);
}

/** The feed as the ledgers' writers hear of it (wired into LedgersModule by ReportingModule). */
export const riskLedgerFeedListener: RiskLedgerListener = { changed: notifyRiskLedger, replaced: notifyRiskLedgerReload };

const SELECT_COLUMNS = INDEXED_RISK_COLUMNS.map((c) => `"${c}"`).join(', ');

/** Reads the whole table into a new index, in key order, a page at a time. */
export async function loadRiskLedgerIndex(db: Runner, target: SqlTarget, onPage?: (rows: number) => void): Promise<RiskLedgerIndex> {
  const table = quoteTable(target, RISK_LEDGER.table);
  const [{ n }] = (await db.query(`SELECT COUNT(*) AS n FROM ${table}`)) as Array<{ n: string | number }>;
  const index = new RiskLedgerIndex(Math.max(1024, Math.ceil(Number(n) * 1.1)));
  let after: string | null = null;
  for (;;) {
    const rows = (await db.query(
      after === null
        ? `SELECT ${SELECT_COLUMNS} FROM ${table} ORDER BY "case_id" LIMIT ${LOAD_PAGE}`
        : `SELECT ${SELECT_COLUMNS} FROM ${table} WHERE "case_id" > $1 ORDER BY "case_id" LIMIT ${LOAD_PAGE}`,
      after === null ? [] : [after],
    )) as IndexedRiskRow[];
    for (const row of rows) index.upsert(row);
    onPage?.(index.size);
    if (rows.length < LOAD_PAGE) return index;
    after = String(rows[rows.length - 1].case_id);
  }
}

export interface RiskLedgerFeedOptions {
  log?: (message: string) => void;
  /** Delay before listening again after the session is lost (doubles up to 30 s). */
  retryMs?: number;
}

/** The live index of one read model: `current` is undefined until the first load ends. */
export class RiskLedgerFeed {
  current: RiskLedgerIndex | undefined;
  private client: Client | undefined;
  private readonly pending = new Set<string>();
  /** Notifications received, and how many of them the index reflects (a drain applies all received before it began). */
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
  /** Resolves once the index has been loaded (and again after each reload). */
  private loaded: Promise<void> | undefined;

  private constructor(
    private readonly db: DataSource,
    private readonly options: RiskLedgerFeedOptions,
  ) {
    this.target = sqlTargetOf(db);
    this.log = options.log ?? (() => undefined);
    this.retryMs = options.retryMs ?? 500;
  }

  /** Starts listening and loading in the background; `ready()` waits for the first load. */
  static start(db: DataSource, options: RiskLedgerFeedOptions = {}): RiskLedgerFeed {
    if (db.options.type !== 'postgres') throw new Error('the risk-ledger index runs on PostgreSQL only (SQLite answers the ledger queries in SQL)');
    const feed = new RiskLedgerFeed(db, options);
    feed.loaded = feed.connect();
    return feed;
  }

  /** Waits until the index is loaded (the first time, or after the session was lost). */
  async ready(): Promise<RiskLedgerIndex> {
    await this.loaded;
    while (this.draining) await this.draining;
    if (!this.current) throw new Error('the risk-ledger index is not loaded');
    return this.current;
  }

  /** Waits until every notification received so far is applied. */
  async settled(): Promise<void> {
    await this.loaded;
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
    await this.draining?.catch(() => undefined);
  }

  private clientConfig(): ClientConfig {
    const pool = (this.db.driver as unknown as { master: { options: ClientConfig & { max?: number } } }).master;
    const { max: _max, ...config } = pool.options;
    // Named after the channel, so that an operator (or a test) can tell one read model's listener from another's.
    return { ...config, application_name: `jm-index-${riskLedgerChannel(this.target.schema).slice(-12)}` };
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
        const started = Date.now();
        const seq = this.receivedSeq;
        this.current = await loadRiskLedgerIndex(this.db, this.target);
        this.applied(seq);
        this.log(`risk-ledger index: ${this.current.size} rows loaded in ${Date.now() - started} ms`);
        this.retryMs = this.options.retryMs ?? 500;
        void this.drain();
        return;
      } catch (error) {
        await client.end().catch(() => undefined);
        if (this.closed) return;
        this.log(
          `risk-ledger index: cannot listen or load (${error instanceof Error ? error.message : String(error)}); retrying in ${this.retryMs} ms`,
        );
        await new Promise((resolve) => setTimeout(resolve, this.retryMs).unref());
        this.retryMs = Math.min(this.retryMs * 2, 30_000);
      }
    }
  }

  /** The session is gone and with it any notification sent meanwhile: listen again and reload (the old index answers until then). */
  private lost(client: Client, error: Error): void {
    if (this.closed || this.client !== client) return;
    this.client = undefined;
    this.log(`risk-ledger index: listening session lost (${error.message}); listening again and reloading`);
    void client.end().catch(() => undefined);
    this.loaded = this.connect();
  }

  /**
   * The index with every write committed before this call: a marker notified now comes back after the notifications
   * of every earlier commit (PostgreSQL delivers in commit order), and the index is then brought up to it.
   * Undefined when not loaded or when the marker does not come back in `timeoutMs` (the caller answers in SQL).
   */
  async synced(timeoutMs = 2_000): Promise<RiskLedgerIndex | undefined> {
    if (!this.current || !this.client) return undefined;
    const marker = `${SYNC_MARK}${randomUUID()}`;
    let timer: NodeJS.Timeout | undefined;
    const echoed = new Promise<number | undefined>((resolve) => {
      this.echoes.set(marker, () => resolve(this.receivedSeq));
      timer = setTimeout(() => resolve(undefined), timeoutMs);
    });
    try {
      await this.db.query('SELECT pg_notify($1, $2)', [riskLedgerChannel(this.target.schema), marker]);
      const seq = await echoed;
      clearTimeout(timer);
      if (seq === undefined) return undefined;
      const caughtUp = await Promise.race([
        this.waitApplied(seq).then(() => true),
        new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs))),
      ]);
      return caughtUp ? this.current : undefined;
    } finally {
      clearTimeout(timer);
      this.echoes.delete(marker);
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
    this.receivedSeq++;
    if (payload === RELOAD) this.reloadWanted = true;
    else for (const id of payload.split('\n')) if (id) this.pending.add(id);
    void this.drain();
  }

  private applied(seq: number): void {
    this.appliedSeq = Math.max(this.appliedSeq, seq);
    for (let i = this.waiters.length - 1; i >= 0; i--) {
      if (this.waiters[i].seq <= this.appliedSeq) this.waiters.splice(i, 1)[0].resolve();
    }
  }

  /** Applies what was notified, one drain at a time so re-reads are applied in the order they were read. */
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
    await this.loaded;
    while (!this.closed && (this.reloadWanted || this.pending.size || this.waiters.length)) {
      const seq = this.receivedSeq;
      try {
        if (this.reloadWanted) {
          this.reloadWanted = false;
          this.pending.clear();
          const started = Date.now();
          this.current = await loadRiskLedgerIndex(this.db, this.target);
          this.log(`risk-ledger index: reloaded ${this.current.size} rows in ${Date.now() - started} ms`);
          this.applied(seq);
          continue;
        }
        const ids = [...this.pending];
        this.pending.clear();
        for (let from = 0; from < ids.length; from += REREAD_BATCH) {
          const batch = ids.slice(from, from + REREAD_BATCH);
          const rows = (await this.db.query(`SELECT ${SELECT_COLUMNS} FROM ${quoteTable(this.target, RISK_LEDGER.table)} WHERE "case_id" = ANY($1)`, [
            batch,
          ])) as IndexedRiskRow[];
          const index = this.current!;
          const seen = new Set<string>();
          for (const row of rows) {
            index.upsert(row);
            seen.add(String(row.case_id));
          }
          for (const id of batch) if (!seen.has(id)) index.remove(id);
        }
        this.applied(seq);
      } catch (error) {
        // Reading failed (the database went away): load everything again once it answers.
        this.log(`risk-ledger index: applying changes failed (${error instanceof Error ? error.message : String(error)}); reloading`);
        this.reloadWanted = true;
        await new Promise((resolve) => setTimeout(resolve, this.retryMs).unref());
      }
    }
  }
}
