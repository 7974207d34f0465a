/**
 * Applies events to the reporting tables, with the pure evolves of this
 * folder, in two ways that must give identical tables:
 * - `projectLedgerEvent`: one event through the consumer's transaction
 *   (ctx.manager): at most one read and one write per ledger row, plus an
 *   insert-or-ignore of its fact and access row. Idempotent: the stored stream
 *   versions and the event-id keys make a redelivery change nothing.
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

/** One event into the live tables, through the given transaction. */
export async function projectLedgerEvent(manager: EntityManager, event: StoredEvent): Promise<void> {
  const target = targetOf(manager.connection);
  const leadId = leadIdOfStream(event.streamId);
  if (leadId) {
    const row = await selectByKey<LeadLedgerRow>(manager, target, LEAD_LEDGER, leadId);
    const next = evolveLeadLedger(row, event);
    if (next && next !== row) await writeRows(manager, target, LEAD_LEDGER, [next], 'upsert');
  }
  const caseId = caseIdOfStream(event.streamId);
  if (caseId) {
    const row = await selectByKey<RiskLedgerRow>(manager, target, RISK_LEDGER, caseId);
    const next = evolveRiskLedger(row, event);
    if (next && next !== row) await writeRows(manager, target, RISK_LEDGER, [next], 'upsert');
  }
  await writeRows(manager, target, REPORT_FACT, factsOf(event), 'ignore');
  const access = accessLogRowOf(event);
  if (access) await writeRows(manager, target, ACCESS_LOG, [access], 'ignore');
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
