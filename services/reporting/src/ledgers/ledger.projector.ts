/**
 * Applies events to the reporting tables, with the pure evolves of this
 * folder, in two ways that must give identical tables:
 * - `LedgerWriteBuffer` (and `projectLedgerEvent` for a single event): the
 *   events of one consumer transaction (ctx.manager): at most one read and one
 *   write per ledger row, plus an insert-or-ignore of the facts and access
 *   rows. Idempotent: the stored stream versions and the event-id keys make a
 *   redelivery change nothing.
 * - `LedgerFold`: many events in memory (the rebuild), handing out the rows
 *   changed since the last time it was asked.
 */
import type { StoredEvent } from '@jm/shared';
import type { DataSource, EntityManager } from 'typeorm';
import { ACCESS_LOG, AccessLogRow, LEAD_LEDGER, LeadLedgerRow, REPORT_FACT, ReportFactRow, RISK_LEDGER, RiskLedgerRow } from '../read-model/read-model.tables';
import { accessLogRowOf } from './access-log.projection';
import { evolveLeadLedger, leadIdOfStream } from './lead-ledger.projection';
import { factsOf } from './report-facts.projection';
import { caseIdOfStream, evolveRiskDraft, evolveRiskLedger, RiskLedgerDraft, riskLedgerRow } from './risk-ledger.projection';
import { selectByKey, SqlTarget, sqlTargetOf, writeRows } from './table-sql';

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
  private readonly dirtyLeads = new Set<string>();
  private readonly dirtyRisks = new Set<string>();
  private facts: ReportFactRow[] = [];
  private access: AccessLogRow[] = [];

  constructor(private readonly manager: EntityManager) {
    this.target = targetOf(manager.connection);
  }

  async apply(event: StoredEvent): Promise<void> {
    const leadId = leadIdOfStream(event.streamId);
    if (leadId) {
      const row = this.leads.has(leadId) ? this.leads.get(leadId) : await selectByKey<LeadLedgerRow>(this.manager, this.target, LEAD_LEDGER, leadId);
      const next = evolveLeadLedger(row, event);
      this.leads.set(leadId, next ?? row);
      if (next && next !== row) this.dirtyLeads.add(leadId);
    }
    const caseId = caseIdOfStream(event.streamId);
    if (caseId) {
      const row = this.risks.has(caseId) ? this.risks.get(caseId) : await selectByKey<RiskLedgerRow>(this.manager, this.target, RISK_LEDGER, caseId);
      const next = evolveRiskLedger(row, event);
      this.risks.set(caseId, next ?? row);
      if (next && next !== row) this.dirtyRisks.add(caseId);
    }
    for (const fact of factsOf(event)) this.facts.push(fact);
    const access = accessLogRowOf(event);
    if (access) this.access.push(access);
  }

  /** Writes what changed since the last flush. */
  async flush(): Promise<void> {
    const { manager, target } = this;
    await writeRows(manager, target, LEAD_LEDGER, [...this.dirtyLeads].map((id) => this.leads.get(id)!), 'upsert');
    await writeRows(manager, target, RISK_LEDGER, [...this.dirtyRisks].map((id) => this.risks.get(id)!), 'upsert');
    await writeRows(manager, target, REPORT_FACT, this.facts, 'ignore');
    await writeRows(manager, target, ACCESS_LOG, this.access, 'ignore');
    this.dirtyLeads.clear();
    this.dirtyRisks.clear();
    this.facts = [];
    this.access = [];
  }
}

/** One event into the live tables, through the given transaction. */
export async function projectLedgerEvent(manager: EntityManager, event: StoredEvent): Promise<void> {
  const buffer = new LedgerWriteBuffer(manager);
  await buffer.apply(event);
  await buffer.flush();
}

export interface LedgerChanges {
  leads: LeadLedgerRow[];
  risks: RiskLedgerRow[];
  facts: ReportFactRow[];
  access: AccessLogRow[];
}

/** The same projection over many events in memory. */
export class LedgerFold {
  private readonly leads = new Map<string, LeadLedgerRow>();
  private readonly cases = new Map<string, RiskLedgerDraft>();
  private dirtyLeads = new Set<string>();
  private dirtyCases = new Set<string>();
  private facts: ReportFactRow[] = [];
  private access: AccessLogRow[] = [];
  events = 0;

  apply(event: StoredEvent): void {
    this.events++;
    const leadId = leadIdOfStream(event.streamId);
    if (leadId) {
      const row = this.leads.get(leadId);
      const next = evolveLeadLedger(row, event);
      if (next && next !== row) {
        this.leads.set(leadId, next);
        this.dirtyLeads.add(leadId);
      }
    }
    const caseId = caseIdOfStream(event.streamId);
    if (caseId) {
      const draft = this.cases.get(caseId);
      const next = evolveRiskDraft(draft, event);
      if (next && next !== draft) {
        this.cases.set(caseId, next);
        this.dirtyCases.add(caseId);
      }
    }
    // The global log holds each event once and catch-up reads start after the last position read.
    for (const fact of factsOf(event)) this.facts.push(fact);
    const access = accessLogRowOf(event);
    if (access) this.access.push(access);
  }

  /** Rows changed since the last call (ledger rows in their stored form). */
  takeChanges(): LedgerChanges {
    const changes: LedgerChanges = {
      leads: [...this.dirtyLeads].map((id) => this.leads.get(id)!),
      risks: [...this.dirtyCases].map((id) => riskLedgerRow(this.cases.get(id)!)),
      facts: this.facts,
      access: this.access,
    };
    this.dirtyLeads = new Set();
    this.dirtyCases = new Set();
    this.facts = [];
    this.access = [];
    return changes;
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
