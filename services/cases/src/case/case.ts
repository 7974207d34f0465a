/**
 * State of one case and its pure evolve. Declared in the shared contract
 * (libs/shared contracts/case-state.ts) so that reporting's ledgers and the
 * auditor's "state as of a moment" fold the stream exactly as the decider does.
 */
export type { CaseFacts, CaseStage, CaseState, CaseStatus, DeterminationOpinion, OpenedCaseState, WorkingStage } from '@jm/shared';
export { CASE_STATUSES, evolveCase, initialCaseState } from '@jm/shared';
