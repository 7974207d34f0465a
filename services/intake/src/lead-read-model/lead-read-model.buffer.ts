/**
 * The writes of one consumer transaction to the lead read model and the match
 * index, kept in memory and written once before the commit in a few multi-row
 * statements, so the transaction holds no xid while the run goes on. Why, and
 * why the result equals applying the events one by one: docs/bus.md (Consumers).
 */
import type { TransactionScope } from '@jm/bus';
import { EntityManager, EntitySchema, In, ObjectLiteral } from 'typeorm';
import { MatchIndexEntity, MatchIndexRow } from './match-index.entity';
import {
  LeadStatusEntity,
  LeadStatusRow,
  LeadSummaryEntity,
  LeadSummaryRow,
  LeadVisibilityEntity,
  LeadVisibilityRow,
} from './lead-read-model.entities';

/** Rows per statement: far below the parameter limits of PostgreSQL and SQLite (21 columns × 200). */
const ROWS_PER_STATEMENT = 200;

const MEMO_KEY = Symbol('intake.lead-read-model.buffer');

export class LeadReadModelBuffer {
  private readonly summaries = new Map<string, LeadSummaryRow>();
  /** Changes of summary rows not in `summaries`, in the order they came. */
  private readonly pending: Array<(manager: EntityManager) => Promise<unknown>> = [];
  private readonly visibility = new Map<string, LeadVisibilityRow>();
  /** Status rows known in this transaction (read or written); `null`: the lead has none. */
  private readonly statuses = new Map<string, LeadStatusRow | null>();
  private readonly statusWrites = new Set<string>();
  /** Status rows to insert unless the lead has one (a receipt's status, for a lead not read yet). */
  private readonly statusesIfAbsent = new Map<string, LeadStatusRow>();
  private readonly matchIndex = new Map<string, MatchIndexRow>();
  /** Match-index rows of the table by key, for every key read so far in this transaction. */
  private readonly indexRead = new Map<string, MatchIndexRow[]>();

  constructor(private readonly manager: EntityManager) {}

  /** The buffer of this transaction, created (and its flush registered) on first use. */
  static of(scope: TransactionScope, manager: EntityManager): LeadReadModelBuffer {
    let buffer = scope.memo.get(MEMO_KEY) as LeadReadModelBuffer | undefined;
    if (!buffer) {
      const created = new LeadReadModelBuffer(manager);
      scope.memo.set(MEMO_KEY, created);
      scope.beforeCommit(() => created.flush());
      buffer = created;
    }
    return buffer;
  }

  upsertSummary(row: LeadSummaryRow): void {
    this.summaries.set(row.leadId, row);
  }

  /** Changes a lead's summary row: in memory when it is buffered, else by `statement` at the flush. */
  changeSummary(leadId: string, change: (row: LeadSummaryRow) => void, statement: (manager: EntityManager) => Promise<unknown>): void {
    const row = this.summaries.get(leadId);
    if (row) change(row);
    else this.pending.push(statement);
  }

  /** Insert-or-ignore of visibility rows. */
  see(rows: LeadVisibilityRow[]): void {
    for (const row of rows) {
      const key = `${row.leadId}\u0000${row.agency}`;
      if (!this.visibility.has(key)) this.visibility.set(key, row);
    }
  }

  async status(leadId: string): Promise<LeadStatusRow | undefined> {
    if (!this.statuses.has(leadId)) {
      const stored = await this.manager.findOne(LeadStatusEntity, { where: { leadId } });
      const ifAbsent = this.statusesIfAbsent.get(leadId);
      this.statusesIfAbsent.delete(leadId);
      if (!stored && ifAbsent) this.setStatus(ifAbsent);
      else this.statuses.set(leadId, stored);
    }
    return this.statuses.get(leadId) ?? undefined;
  }

  /**
   * A status row that only applies if the lead has none yet, without reading it
   * (a receipt: `received` unless routing or a case came first). False when this
   * transaction already knows the lead's status: the caller decides as usual.
   */
  statusIfAbsent(row: LeadStatusRow): boolean {
    if (this.statuses.has(row.leadId)) return false;
    if (!this.statusesIfAbsent.has(row.leadId)) this.statusesIfAbsent.set(row.leadId, row);
    return true;
  }

  setStatus(row: LeadStatusRow): void {
    this.statuses.set(row.leadId, row);
    this.statusWrites.add(row.leadId);
  }

  /** Insert-or-ignore of match-index rows. */
  index(rows: MatchIndexRow[]): void {
    for (const row of rows) {
      const key = `${row.key}\u0000${row.targetKind}\u0000${row.targetId}`;
      if (!this.matchIndex.has(key)) this.matchIndex.set(key, row);
    }
  }

  /**
   * Match-index rows of these keys: the table's, read once per transaction (on
   * the first miss, together with every key in `ahead`, the keys later events
   * of the run will ask for), and the rows this transaction indexed since.
   */
  async indexHits(keys: readonly string[], ahead: () => readonly string[]): Promise<MatchIndexRow[]> {
    if (keys.some((key) => !this.indexRead.has(key))) {
      const unread = [...new Set([...keys, ...ahead()])].filter((key) => !this.indexRead.has(key));
      for (const key of unread) this.indexRead.set(key, []);
      for (let i = 0; i < unread.length; i += ROWS_PER_STATEMENT) {
        const rows = await this.manager.find(MatchIndexEntity, { where: { key: In(unread.slice(i, i + ROWS_PER_STATEMENT)) } });
        for (const row of rows) this.indexRead.get(row.key)?.push(row);
      }
    }
    const wanted = new Set(keys);
    return [...keys.flatMap((key) => this.indexRead.get(key) ?? []), ...[...this.matchIndex.values()].filter((row) => wanted.has(row.key))];
  }

  async flush(): Promise<void> {
    const manager = this.manager;
    for (const statement of this.pending.splice(0)) await statement(manager);
    await upsertAll(manager, LeadSummaryEntity, [...this.summaries.values()], ['leadId']);
    await insertOrIgnoreAll(manager, LeadVisibilityEntity, [...this.visibility.values()]);
    const statuses = [...this.statusWrites].map((leadId) => this.statuses.get(leadId)).filter((row): row is LeadStatusRow => !!row);
    await upsertAll(manager, LeadStatusEntity, statuses, ['leadId']);
    await insertOrIgnoreAll(manager, LeadStatusEntity, [...this.statusesIfAbsent.values()]);
    await insertOrIgnoreAll(manager, MatchIndexEntity, [...this.matchIndex.values()]);
    this.summaries.clear();
    this.visibility.clear();
    this.statusWrites.clear();
    this.statusesIfAbsent.clear();
    this.matchIndex.clear();
  }
}

async function upsertAll<T extends ObjectLiteral>(manager: EntityManager, entity: EntitySchema<T>, rows: T[], conflict: string[]): Promise<void> {
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) await manager.upsert(entity, rows.slice(i, i + ROWS_PER_STATEMENT), conflict);
}

async function insertOrIgnoreAll<T extends ObjectLiteral>(manager: EntityManager, entity: EntitySchema<T>, rows: T[]): Promise<void> {
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
    await manager
      .createQueryBuilder()
      .insert()
      .into(entity)
      .values(rows.slice(i, i + ROWS_PER_STATEMENT))
      .orIgnore()
      .updateEntity(false)
      .execute();
  }
}
