/** Events of an obligation stream (`obligation-<obligationId>`): the shared contract's shapes. */
import { OBLIGATION_STREAM_PREFIX } from '@jm/contracts';
import type { ObligationDueData, ObligationMissedData, ObligationSubmittedData } from '@jm/contracts';
import type { DomainEvent } from '@jm/event-sourcing';

export type ObligationDue = DomainEvent<'ObligationDue', ObligationDueData>;
export type ObligationSubmitted = DomainEvent<'ObligationSubmitted', ObligationSubmittedData>;
export type ObligationMissed = DomainEvent<'ObligationMissed', ObligationMissedData>;
export type ObligationEvent = ObligationDue | ObligationSubmitted | ObligationMissed;

export const toObligationStreamId = (obligationId: string): string => `${OBLIGATION_STREAM_PREFIX}${obligationId}`;
