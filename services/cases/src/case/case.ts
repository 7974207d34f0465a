/**
 * State of one case and its pure evolve. Everything the decider needs of a case
 * is public today (the risk ledger keeps it and the auditor shows it), so the
 * state is the published case summary and evolve is its fold over the case's
 * events (libs/contracts/src/case-summary.ts): the state machine is written
 * once. Should cases need private decision state, it wraps the summary here.
 */
import { CaseSummary, foldCaseSummary, initialCaseSummary, OpenedCaseSummary } from '@jm/contracts';
import type { CaseEvent } from './case.events';

export type { CaseFacts, CaseStage, CaseStatus, DeterminationOpinion, WorkingStage } from '@jm/contracts';
export { CASE_STATUSES } from '@jm/contracts';

export type CaseState = CaseSummary;
export type OpenedCaseState = OpenedCaseSummary;

export const initialCaseState = (): CaseState => initialCaseSummary();

/** A domain event of the stream is its published contract event's body: the summary's fold reads it as it is. */
export const evolveCase = (state: CaseState, event: CaseEvent): CaseState => foldCaseSummary(state, event);
