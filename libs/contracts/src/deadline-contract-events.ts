/** Contract events of the notifications service's clocks (`deadline-<clockId>`) and obligations (`obligation-<obligationId>`): every type is published. */
import { ContractSpec, ContractUnionOf, contractDecoder, contractTypes, version1Requiring } from './contract-event';
import type {
  ClockPausedData,
  ClockResumedData,
  ClockStartedData,
  ClockStoppedData,
  DeadlineEscalatedData,
  DeadlineMissedData,
  DeadlineReminderDueData,
  ObligationDueData,
  ObligationMissedData,
  ObligationSubmittedData,
} from './deadline-contracts';

export interface DeadlineEventDataByType {
  ClockStarted: ClockStartedData;
  ClockPaused: ClockPausedData;
  ClockResumed: ClockResumedData;
  ClockStopped: ClockStoppedData;
  DeadlineReminderDue: DeadlineReminderDueData;
  DeadlineMissed: DeadlineMissedData;
  DeadlineEscalated: DeadlineEscalatedData;
}

export type DeadlineContractEventType = keyof DeadlineEventDataByType;
export type DeadlineContractEvent = ContractUnionOf<DeadlineEventDataByType>;

/** Required: the clock id, and the subject readers look into (a missing string reads as absent). */
const clock = version1Requiring('clockId');

export const DEADLINE_CONTRACT: ContractSpec<DeadlineContractEvent> = {
  ClockStarted: clock('subject'),
  ClockPaused: clock(),
  ClockResumed: clock(),
  ClockStopped: clock(),
  DeadlineReminderDue: clock('subject'),
  DeadlineMissed: clock('subject'),
  DeadlineEscalated: clock('subject'),
};

export const DEADLINE_CONTRACT_EVENT_TYPES = contractTypes(DEADLINE_CONTRACT);
export const decodeDeadlineEvent = contractDecoder('deadline', DEADLINE_CONTRACT);

export interface ObligationEventDataByType {
  ObligationDue: ObligationDueData;
  ObligationSubmitted: ObligationSubmittedData;
  ObligationMissed: ObligationMissedData;
}

export type ObligationContractEventType = keyof ObligationEventDataByType;
export type ObligationContractEvent = ContractUnionOf<ObligationEventDataByType>;

/** Required: the obligation id (readers look into nothing else that may be missing). */
const obligation = version1Requiring('obligationId');

export const OBLIGATION_CONTRACT: ContractSpec<ObligationContractEvent> = {
  ObligationDue: obligation(),
  ObligationSubmitted: obligation(),
  ObligationMissed: obligation(),
};

export const OBLIGATION_CONTRACT_EVENT_TYPES = contractTypes(OBLIGATION_CONTRACT);
export const decodeObligationEvent = contractDecoder('obligation', OBLIGATION_CONTRACT);
