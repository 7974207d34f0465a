/**
 * The risk ledger as the analytic engine holds it (issue 19): one row per case,
 * the codes, flags, amounts, counts and instants that ledger queries and
 * analyses read, and nothing that names a person or tells a case's story (no
 * title, case number, companies, police filing number, folded state or
 * aftermath register). Kept equal to risk_ledger by the feed; read through
 * RISK_FACTS_SOURCE.
 */
import { RISK_GRADE_RANKS } from '../read-model/read-model.tables';
import type { AnalyticEngine, AnalyticRow, AnalyticTable } from './engine/analytic-engine.port';

export const RISK_FACTS: AnalyticTable = {
  name: 'risk_facts',
  key: 'case_id',
  columns: [
    { name: 'case_id', type: 'varchar' },
    { name: 'status', type: 'varchar' },
    { name: 'written_off', type: 'boolean' },
    { name: 'category', type: 'varchar' },
    { name: 'field', type: 'varchar' },
    { name: 'jurisdiction', type: 'varchar' },
    { name: 'street', type: 'varchar' },
    { name: 'office', type: 'varchar' },
    { name: 'lead_unit', type: 'varchar' },
    /** "a,b" lists of agency codes, as in risk_ledger. */
    { name: 'cooperating_units', type: 'varchar' },
    { name: 'units', type: 'varchar' },
    { name: 'risk_grade', type: 'varchar' },
    { name: 'key_flags', type: 'varchar' },
    { name: 'key_case', type: 'boolean' },
    { name: 'cross_province', type: 'boolean' },
    { name: 'nature', type: 'varchar' },
    { name: 'transfer_status', type: 'varchar' },
    /** Amounts in fen (分); amount_involved_fen and participants are null when not yet known. */
    { name: 'amount_involved_fen', type: 'bigint' },
    { name: 'amount_frozen_fen', type: 'bigint' },
    { name: 'amount_fined_fen', type: 'bigint' },
    { name: 'amount_refunded_fen', type: 'bigint' },
    { name: 'amount_recovered_fen', type: 'bigint' },
    { name: 'amount_claimed_fen', type: 'bigint' },
    { name: 'participants', type: 'bigint' },
    { name: 'claimants', type: 'bigint' },
    { name: 'petitions', type: 'bigint' },
    { name: 'register_persons', type: 'bigint' },
    { name: 'persons_refunded', type: 'bigint' },
    { name: 'lead_count', type: 'bigint' },
    { name: 'opened_at', type: 'timestamp' },
    { name: 'closed_at', type: 'timestamp' },
    { name: 'written_off_at', type: 'timestamp' },
    { name: 'last_event_at', type: 'timestamp' },
    /** Derived: the grade's rank (low 1 … major 4, none 0), the ledger's grade sort. */
    { name: 'grade_rank', type: 'bigint' },
  ],
};

/** The columns of RISK_FACTS that are derived here, not read from risk_ledger. */
const DERIVED = new Set(['grade_rank']);

/** The risk_ledger columns a fact is made of (what the feed selects). */
export const RISK_FACT_SOURCE_COLUMNS: readonly string[] = RISK_FACTS.columns.map((c) => c.name).filter((name) => !DERIVED.has(name));

/** A risk_ledger row (its columns as selected by RISK_FACT_SOURCE_COLUMNS) as a fact, with the derived columns. */
export function riskFactOf(row: AnalyticRow): AnalyticRow {
  const grade = row.risk_grade;
  return { ...row, grade_rank: grade === null || grade === undefined ? 0 : (RISK_GRADE_RANKS[String(grade)] ?? 0) };
}

/** The engine holding RISK_FACTS, kept equal to risk_ledger. */
export interface RiskFactsSource {
  /**
   * The engine with every risk_ledger write committed before the call applied;
   * undefined while it is still loading (or could not catch up in time): the
   * caller answers from SQL or says the engine is not ready.
   */
  synced(): Promise<AnalyticEngine | undefined>;
}

export const RISK_FACTS_SOURCE = Symbol('RISK_FACTS_SOURCE');
