/**
 * Who hears of the risk ledger's writes, told inside the writer's transaction
 * (the analytic engine's feed, statistics/ledger-queries/risk-ledger-feed.ts). A port, so the write side
 * (ledgers/, rebuild/) never imports the read side; ReportingModule wires it.
 */
import type { EntityManager } from 'typeorm';
import type { SqlTarget } from './table-sql';

export type ListenerRunner = Pick<EntityManager, 'query'>;

export interface RiskLedgerListener {
  /** The rows with these case ids were written in the runner's transaction. */
  changed(runner: ListenerRunner, target: SqlTarget, caseIds: readonly string[]): Promise<void>;
  /** The whole table was replaced in the runner's transaction (a rebuild's swap). */
  replaced(runner: ListenerRunner, target: SqlTarget): Promise<void>;
}

/** The Nest token of the RiskLedgerListener (provided by LedgersModule.register). */
export const RISK_LEDGER_LISTENER = Symbol('RISK_LEDGER_LISTENER');
