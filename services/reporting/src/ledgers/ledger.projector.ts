/**
 * Applies events to the reporting tables, with the pure evolves of this
 * folder, in two ways that must give identical tables:
 * - `LedgerWriteBuffer`: the events of one consumer transaction
 *   (ctx.manager): at most one read and one write per ledger row, plus an
 *   insert-or-ignore of the facts and access rows. Idempotent: the stored stream versions and the event-id keys make a
 *   redelivery change nothing.
 * - `LedgerFold`: many events in memory (the rebuild), handing out the rows
 *   changed since the last time it was asked. It owns its rows and steps them
 *   in place (foldLeadLedger, foldRiskDraft: the pure evolves' own code
 *   without the copy per event).
 * Both hand an event only to the projections that declare its type.
 */
import type { ProjectionEvent } from '@jm/event-sourcing';
import type { DataSource, EntityManager } from 'typeorm';
import {
  ACCESS_LOG,
  AccessLogRow,
  LEAD_LEDGER,
  LeadLedgerRow,
  REPORT_FACT,
  ReportFactRow,
  RISK_LEDGER,
  RiskLedgerRow,
} from '../read-model/read-model.tables';
import { ACCESS_LOG_EVENT_TYPES, accessLogRowOf } from './access-log.projection';
import { evolveLeadLedger, foldLeadLedger, LEAD_LEDGER_EVENT_TYPES, leadIdOfStream } from './lead-ledger.projection';
import { FACT_EVENT_TYPES, factOf } from './report-facts.projection';
import {
  caseIdOfStream,
  evolveRiskLedger,
  foldRiskDraft,
  isRecordOfAnotherDeployment,
  RISK_LEDGER_EVENT_TYPES,
  RiskLedgerDraft,
  riskDraftOf,
  riskLedgerRow,
} from './risk-ledger.projection';
import type { RiskLedgerListener } from './risk-ledger-listener';
import { SAVED_ANALYSIS, SavedAnalysisRow } from '../read-model/saved-analysis.table';
import { analysisIdOfStream, evolveSavedAnalysis, SAVED_ANALYSIS_EVENT_TYPES } from './saved-analysis.projection';
import { selectByKey, selectByKeys, SqlTarget, sqlTargetOf, writeRows } from './table-sql';

/** The projections of this folder, one bit each in a route. */
const LEAD = 1;
const RISK = 2;
const FACT = 4;
const ACCESS = 8;
const SAVED = 16;

/** Event type → the projections that declare it. */
const ROUTES = new Map<string, number>();
for (const [projection, types] of [
  [LEAD, LEAD_LEDGER_EVENT_TYPES],
  [RISK, RISK_LEDGER_EVENT_TYPES],
  [FACT, FACT_EVENT_TYPES],
  [ACCESS, ACCESS_LOG_EVENT_TYPES],
  [SAVED, SAVED_ANALYSIS_EVENT_TYPES],
] as const) {
  for (const type of types) ROUTES.set(type, (ROUTES.get(type) ?? 0) | projection);
}

/** Every event type a projection of this folder reads (what the bus handler subscribes to). */
export const LEDGER_EVENT_TYPES: readonly string[] = [...ROUTES.keys()];

const targets = new WeakMap<object, SqlTarget>();
function targetOf(connection: DataSource): SqlTarget {
  let target = targets.get(connection);
  if (!target) {
    target = sqlTargetOf(connection);
    targets.set(connection, target);
  }
  return target;
}

/**
 * The live tables' writes of one consumer transaction (one event or a run of
 * them): each ledger row is read at most once, evolved in memory by every
 * event of the transaction that touches it, and written once by flush(),
 * together with the transaction's facts and access rows (a few statements per
 * run instead of per event). Idempotent like the per-event form: stored stream
 * versions and event-id keys make a redelivery change nothing.
 */
export class LedgerWriteBuffer {
  private readonly target: SqlTarget;
  private readonly leads = new Map<string, LeadLedgerRow | undefined>();
  private readonly risks = new Map<string, RiskLedgerRow | undefined>();
  /** Cases known to be another deployment's records, or not (isRecord). */
  private readonly records = new Map<string, boolean>();
  private readonly dirtyLeads = new Set<string>();
  private readonly dirtyRisks = new Set<string>();
  private facts: ReportFactRow[] = [];
  private access: AccessLogRow[] = [];
  private readonly saved = new Map<string, SavedAnalysisRow | undefined>();
  private readonly dirtySaved = new Set<string>();

  /**
   * `ahead`: the events this transaction will apply (the consumer's run). Their ledger rows are read together with
   * the first event's, one statement per ledger instead of one per row. `riskLedger` hears of the risk rows flushed.
   */
  constructor(
    private readonly manager: EntityManager,
    private readonly riskLedger: RiskLedgerListener,
    private ahead: readonly ProjectionEvent[] = [],
  ) {
    this.target = targetOf(manager.connection);
  }

  /** Reads the rows the run's events will need and that are not held yet (a row the table lacks is held as absent). */
  private async readAhead(): Promise<void> {
    const events = this.ahead;
    this.ahead = [];
    const leadIds = new Set<string>();
    const caseIds = new Set<string>();
    for (const e of events) {
      const route = ROUTES.get(e.type) ?? 0;
      const leadId = route & LEAD ? leadIdOfStream(e.streamId) : undefined;
      if (leadId && !this.leads.has(leadId)) leadIds.add(leadId);
      const caseId = route & RISK ? caseIdOfStream(e.streamId) : undefined;
      if (caseId && !this.risks.has(caseId)) caseIds.add(caseId);
    }
    const { manager, target } = this;
    if (leadIds.size > 1) {
      for (const id of leadIds) this.leads.set(id, undefined);
      for (const row of await selectByKeys<LeadLedgerRow>(manager, target, LEAD_LEDGER, [...leadIds])) this.leads.set(row.leadId, row);
    }
    if (caseIds.size > 1) {
      for (const id of caseIds) this.risks.set(id, undefined);
      for (const row of await selectByKeys<RiskLedgerRow>(manager, target, RISK_LEDGER, [...caseIds])) this.risks.set(row.caseId, row);
    }
  }

  async apply(event: ProjectionEvent): Promise<void> {
    if (this.ahead.length > 1) await this.readAhead();
    const route = ROUTES.get(event.type) ?? 0;
    const leadId = route & LEAD ? leadIdOfStream(event.streamId) : undefined;
    if (leadId) {
      const row = this.leads.has(leadId) ? this.leads.get(leadId) : await selectByKey<LeadLedgerRow>(this.manager, this.target, LEAD_LEDGER, leadId);
      const next = evolveLeadLedger(row, event);
      this.leads.set(leadId, next ?? row);
      if (next && next !== row) this.dirtyLeads.add(leadId);
    }
    const caseId = route & RISK ? caseIdOfStream(event.streamId) : undefined;
    if (caseId) {
      const row = this.risks.has(caseId) ? this.risks.get(caseId) : await selectByKey<RiskLedgerRow>(this.manager, this.target, RISK_LEDGER, caseId);
      const next = evolveRiskLedger(row, event);
      this.risks.set(caseId, next ?? row);
      if (next && next !== row) this.dirtyRisks.add(caseId);
    }
    const fact = route & FACT ? factOf(event) : undefined;
    if (fact && !(caseId && this.isRecord(caseId))) this.facts.push(fact);
    const access = route & ACCESS ? accessLogRowOf(event) : undefined;
    if (access) this.access.push(access);
    const analysisId = route & SAVED ? analysisIdOfStream(event.streamId) : undefined;
    if (analysisId) {
      const row = this.saved.has(analysisId)
        ? this.saved.get(analysisId)
        : await selectByKey<SavedAnalysisRow>(this.manager, this.target, SAVED_ANALYSIS, analysisId);
      const next = evolveSavedAnalysis(row, event);
      this.saved.set(analysisId, next ?? row);
      if (next && next !== row) this.dirtySaved.add(analysisId);
    }
  }

  /** Whether a case here is another deployment's (isRecordOfAnotherDeployment), read once per case from its row. */
  private isRecord(caseId: string): boolean {
    let known = this.records.get(caseId);
    if (known === undefined) {
      const row = this.risks.get(caseId);
      if (!row) return false;
      known = isRecordOfAnotherDeployment(riskDraftOf(row).caseState);
      this.records.set(caseId, known);
    }
    return known;
  }

  /** Writes what changed since the last flush. */
  async flush(): Promise<void> {
    const { manager, target } = this;
    await writeRows(
      manager,
      target,
      LEAD_LEDGER,
      [...this.dirtyLeads].map((id) => this.leads.get(id)!),
      'upsert',
    );
    await writeRows(
      manager,
      target,
      RISK_LEDGER,
      [...this.dirtyRisks].map((id) => this.risks.get(id)!),
      'upsert',
    );
    // Delivered to every instance's risk-ledger index when this transaction commits (PostgreSQL).
    await this.riskLedger.changed(manager, target, [...this.dirtyRisks]);
    await writeRows(manager, target, REPORT_FACT, this.facts, 'ignore');
    await writeRows(manager, target, ACCESS_LOG, this.access, 'ignore');
    await writeRows(
      manager,
      target,
      SAVED_ANALYSIS,
      [...this.dirtySaved].map((id) => this.saved.get(id)!),
      'upsert',
    );
    this.dirtySaved.clear();
    this.dirtyLeads.clear();
    this.dirtyRisks.clear();
    this.facts = [];
    this.access = [];
  }
}

export interface LedgerChanges {
  /** Ledger rows, the ones handed out for the first time (`freshLeads`, `freshRisks` of them) first. */
  leads: LeadLedgerRow[];
  risks: RiskLedgerRow[];
  facts: ReportFactRow[];
  access: AccessLogRow[];
  /** Saved analyses changed (always upserted: few, and a row may be in the shadow already). */
  saved?: SavedAnalysisRow[];
  /**
   * How many of the first `leads` / `risks` the fold has never handed out before: a writer that wrote every row it
   * was handed can insert these (no row with their key yet) and must upsert the rest.
   */
  freshLeads: number;
  freshRisks: number;
}

/** A row of the fold with its place in the list of rows changed since the last takeChanges. */
interface FoldEntry<T> {
  value: T;
  dirty: boolean;
  /** `events` when the row last changed. */
  touched: number;
  /** Handed out by takeSettled before. */
  settled: boolean;
  /** Handed out before (by takeSettled or takeChanges). */
  handedOut: boolean;
}

/**
 * Copies of the stored rows of `entries`, the ones never handed out before first (`fresh` of them); marks all as
 * handed out and clean.
 */
function handOut<T, R>(entries: ReadonlyArray<FoldEntry<T>>, stored: (value: T) => R): { rows: R[]; fresh: number } {
  const rows: R[] = [];
  const again: R[] = [];
  for (const entry of entries) {
    (entry.handedOut ? again : rows).push(stored(entry.value));
    entry.handedOut = true;
    entry.dirty = false;
  }
  const fresh = rows.length;
  for (const row of again) rows.push(row);
  return { rows, fresh };
}

/**
 * The same projection over many events in memory. The fold owns its rows, so
 * it steps them in place (foldLeadLedger, foldRiskDraft) instead of copying a
 * row per event; what it hands out are copies.
 */
export class LedgerFold {
  private readonly leads = new Map<string, FoldEntry<LeadLedgerRow>>();
  private readonly cases = new Map<string, FoldEntry<RiskLedgerDraft>>();
  private dirtyLeads: Array<FoldEntry<LeadLedgerRow>> = [];
  private dirtyCases: Array<FoldEntry<RiskLedgerDraft>> = [];
  private facts: ReportFactRow[] = [];
  private access: AccessLogRow[] = [];
  private readonly saved = new Map<string, SavedAnalysisRow>();
  private dirtySaved = new Set<string>();
  events = 0;
  /** Rows handed out by takeSettled, and how many of them changed again afterwards. */
  settledRows = 0;
  settledAgain = 0;

  apply(event: ProjectionEvent): void {
    this.events++;
    const route = ROUTES.get(event.type) ?? 0;
    if (route === 0) return;
    const leadId = route & LEAD ? leadIdOfStream(event.streamId) : undefined;
    if (leadId) {
      const entry = this.leads.get(leadId);
      const next = foldLeadLedger(entry?.value, event);
      if (next) this.touch(this.leads, this.dirtyLeads, leadId, entry, next);
    }
    const caseId = leadId ? undefined : route & RISK ? caseIdOfStream(event.streamId) : undefined;
    if (caseId) {
      const entry = this.cases.get(caseId);
      const next = foldRiskDraft(entry?.value, event);
      if (next) this.touch(this.cases, this.dirtyCases, caseId, entry, next);
    }
    // The global log holds each event once and catch-up reads start after the last position read.
    const fact = route & FACT ? factOf(event) : undefined;
    if (fact && !(caseId && isRecordOfAnotherDeployment(this.cases.get(caseId)?.value.caseState))) this.facts.push(fact);
    const access = route & ACCESS ? accessLogRowOf(event) : undefined;
    if (access) this.access.push(access);
    const analysisId = route & SAVED ? analysisIdOfStream(event.streamId) : undefined;
    if (analysisId) {
      const next = evolveSavedAnalysis(this.saved.get(analysisId), event);
      if (next && next !== this.saved.get(analysisId)) {
        this.saved.set(analysisId, next);
        this.dirtySaved.add(analysisId);
      }
    }
  }

  private touch<T>(map: Map<string, FoldEntry<T>>, dirty: Array<FoldEntry<T>>, key: string, entry: FoldEntry<T> | undefined, value: T): void {
    if (!entry) {
      entry = { value, dirty: false, touched: 0, settled: false, handedOut: false };
      map.set(key, entry);
    }
    entry.value = value;
    entry.touched = this.events;
    if (!entry.dirty) {
      if (entry.settled) this.settledAgain++;
      entry.dirty = true;
      dirty.push(entry);
    }
  }

  /** Rows changed since the last call (ledger rows in their stored form, copies: the fold goes on changing its own). */
  takeChanges(): LedgerChanges {
    const leads = handOut(this.dirtyLeads, (row) => ({ ...row }));
    const risks = handOut(this.dirtyCases, riskLedgerRow);
    const changes: LedgerChanges = {
      leads: leads.rows,
      risks: risks.rows,
      facts: this.facts,
      access: this.access,
      saved: [...this.dirtySaved].map((id) => ({ ...this.saved.get(id)! })),
      freshLeads: leads.fresh,
      freshRisks: risks.fresh,
    };
    this.dirtyLeads = [];
    this.dirtyCases = [];
    this.facts = [];
    this.access = [];
    this.dirtySaved = new Set();
    return changes;
  }

  /**
   * Ledger rows changed since the last takeChanges that have not changed for
   * the last `quietFor` events (copies, the fresh ones first as in takeChanges):
   * in a log in time order most leads and cases are done long before it ends,
   * so the rebuild writes them while it still reads. One that changes again is
   * handed out again by takeChanges (the writer must upsert).
   */
  takeSettled(quietFor: number): Pick<LedgerChanges, 'leads' | 'risks' | 'freshLeads' | 'freshRisks'> {
    const before = this.events - quietFor;
    const settled = <T, R>(dirty: Array<FoldEntry<T>>, stored: (value: T) => R): { rows: R[]; fresh: number; rest: Array<FoldEntry<T>> } => {
      const quiet: Array<FoldEntry<T>> = [];
      const rest: Array<FoldEntry<T>> = [];
      for (const entry of dirty) {
        if (entry.touched > before) rest.push(entry);
        else {
          entry.settled = true;
          quiet.push(entry);
        }
      }
      return { ...handOut(quiet, stored), rest };
    };
    const leads = settled(this.dirtyLeads, (row) => ({ ...row }));
    const risks = settled(this.dirtyCases, riskLedgerRow);
    this.dirtyLeads = leads.rest;
    this.dirtyCases = risks.rest;
    this.settledRows += leads.rows.length + risks.rows.length;
    return { leads: leads.rows, risks: risks.rows, freshLeads: leads.fresh, freshRisks: risks.fresh };
  }

  /** Fact and access rows produced since the last call: final as soon as they exist, so they can be written while the fold goes on. */
  takeAppendOnly(): Pick<LedgerChanges, 'facts' | 'access'> {
    const taken = { facts: this.facts, access: this.access };
    this.facts = [];
    this.access = [];
    return taken;
  }

  /** Rows waiting in takeAppendOnly. */
  get appendOnlyPending(): number {
    return this.facts.length + this.access.length;
  }

  get size(): { leads: number; cases: number } {
    return { leads: this.leads.size, cases: this.cases.size };
  }
}
