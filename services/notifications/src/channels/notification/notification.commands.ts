/** Commands of a message stream; each carries its time (the dispatcher's and the consumer's come from the service clock). */
import type { DomainActor, NotificationRequestedData } from '@jm/contracts';

export interface RequestNotification {
  kind: 'RequestNotification';
  request: NotificationRequestedData;
}

export interface RecordAttempt {
  kind: 'RecordAttempt';
  target: string;
  attempt: number;
  at: string;
}

export interface RecordDelivered {
  kind: 'RecordDelivered';
  target: string;
  attempt: number;
  response?: string;
  at: string;
}

export interface RecordFailure {
  kind: 'RecordFailure';
  target: string;
  attempt: number;
  error: string;
  at: string;
  /** undefined: that was the last attempt, the target is dead-lettered. */
  nextAttemptAt?: string;
}

export interface RequestReplay {
  kind: 'RequestReplay';
  target: string;
  actor: DomainActor;
  /** The recipient agency's region (from the registry): an office whose region contains it may replay. */
  recipientJurisdiction: string;
  at: string;
}

export interface MarkRead {
  kind: 'MarkRead';
  actor: DomainActor;
  at: string;
}

export type NotificationCommand = RequestNotification | RecordAttempt | RecordDelivered | RecordFailure | RequestReplay | MarkRead;
