/** Contract events of the notifications service's clocks (`deadline-<clockId>`) and obligations (`obligation-<obligationId>`): every type is published. */
import { ContractEvent, ContractSpec, contractDecoder, contractTypes } from './contract-event';
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
export type DeadlineContractEvent = { [K in DeadlineContractEventType]: ContractEvent<K, DeadlineEventDataByType[K], 1> }[DeadlineContractEventType];

const clock = (...required: string[]) => ({ version: 1, required: ['clockId', ...required] });
const subject = (...required: string[]) => clock('policyId', 'subject', 'unit', 'dueAt', ...required);

export const DEADLINE_CONTRACT: ContractSpec<DeadlineContractEvent> = {
  ClockStarted: subject('startedAt'),
  ClockPaused: clock('pausedAt'),
  ClockResumed: clock('resumedAt', 'dueAt'),
  ClockStopped: clock('stoppedAt', 'outcome'),
  DeadlineReminderDue: subject('at'),
  DeadlineMissed: subject('missedAt'),
  DeadlineEscalated: subject('at', 'level'),
};

export const DEADLINE_CONTRACT_EVENT_TYPES = contractTypes(DEADLINE_CONTRACT);
export const decodeDeadlineEvent = contractDecoder('deadline', DEADLINE_CONTRACT);

export interface ObligationEventDataByType {
  ObligationDue: ObligationDueData;
  ObligationSubmitted: ObligationSubmittedData;
  ObligationMissed: ObligationMissedData;
}

export type ObligationContractEventType = keyof ObligationEventDataByType;
export type ObligationContractEvent = { [K in ObligationContractEventType]: ContractEvent<K, ObligationEventDataByType[K], 1> }[ObligationContractEventType];

const obligation = (...required: string[]) => ({ version: 1, required: ['obligationId', 'kind', 'unit', 'period', ...required] });

export const OBLIGATION_CONTRACT: ContractSpec<ObligationContractEvent> = {
  ObligationDue: obligation('dueAt'),
  ObligationSubmitted: obligation('submittedAt'),
  ObligationMissed: obligation('dueAt', 'missedAt'),
};

export const OBLIGATION_CONTRACT_EVENT_TYPES = contractTypes(OBLIGATION_CONTRACT);
export const decodeObligationEvent = contractDecoder('obligation', OBLIGATION_CONTRACT);
