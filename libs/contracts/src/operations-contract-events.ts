/**
 * What operators did to events a consumer parked or deliveries that went dead (docs/operations/parked-events.md):
 * each replay and discard, who, when and why, on the stream `operations-<service>` of the service whose consumer
 * or outbox held it. Every service writes its own stream through @jm/platform's operations module; the relays do not
 * send it (no service reads it): auditors read it in the store, hash-chained like every stream.
 */
import type { Label } from '@jm/reference';
import { ContractSpec, ContractUnionOf, contractDecoder, contractTypes, version1Requiring } from './contract-event';

export const OPERATIONS_STREAM_PREFIX = 'operations-';
export const toOperationsStreamId = (service: string): string => `${OPERATIONS_STREAM_PREFIX}${service}`;

/** The operator: an administrator (token `sub`) of an agency. */
export interface OperatorRef {
  agency: string;
  user: string;
}

/** Which parked event: the consumer group that parked it and the event's id (or `invalid:<source>:<position>`). */
export interface ParkedEventRef {
  service: string;
  group: string;
  eventId: string;
  eventType: string;
  streamId: string;
  by: OperatorRef;
  at: string;
}

export type ParkedEventReplayedData = ParkedEventRef;

export interface ParkedEventDiscardedData extends ParkedEventRef {
  reason: string;
}

/** A dead-lettered delivery of notifications: the message and the target that failed for good. */
export interface DeadLetterRef {
  service: string;
  messageId: string;
  target: string;
  by: OperatorRef;
  at: string;
}

export type DeadLetterRetriedData = DeadLetterRef;

export interface DeadLetterDiscardedData extends DeadLetterRef {
  reason: string;
}

export interface OperationsEventDataByType {
  ParkedEventReplayed: ParkedEventReplayedData;
  ParkedEventDiscarded: ParkedEventDiscardedData;
  DeadLetterRetried: DeadLetterRetriedData;
  DeadLetterDiscarded: DeadLetterDiscardedData;
}

export type OperationsContractEvent = ContractUnionOf<OperationsEventDataByType>;
export type OperationsEventType = OperationsContractEvent['type'];

const v1 = version1Requiring('service');
export const OPERATIONS_CONTRACT: ContractSpec<OperationsContractEvent> = {
  ParkedEventReplayed: v1('group', 'eventId', 'by', 'at'),
  ParkedEventDiscarded: v1('group', 'eventId', 'by', 'at', 'reason'),
  DeadLetterRetried: v1('messageId', 'target', 'by', 'at'),
  DeadLetterDiscarded: v1('messageId', 'target', 'by', 'at', 'reason'),
};

export const OPERATIONS_CONTRACT_EVENT_TYPES = contractTypes(OPERATIONS_CONTRACT);
export const decodeOperationsEvent = contractDecoder('operations', OPERATIONS_CONTRACT);

export const OPERATIONS_EVENT_LABELS: Record<OperationsEventType, Label> = {
  ParkedEventReplayed: { 'zh-CN': '重放停放事件', en: 'Parked event replayed' },
  ParkedEventDiscarded: { 'zh-CN': '丢弃停放事件', en: 'Parked event discarded' },
  DeadLetterRetried: { 'zh-CN': '重发死信', en: 'Dead letter retried' },
  DeadLetterDiscarded: { 'zh-CN': '丢弃死信', en: 'Dead letter discarded' },
};
