/** Events of an obligation stream (`obligation-<obligationId>`): the shared contract's shapes. */
import { OBLIGATION_STREAM_PREFIX } from '@jm/shared';
import type { DomainEvent, ObligationDueData, ObligationMissedData, ObligationSubmittedData } from '@jm/shared';

export type ObligationDue = DomainEvent<'ObligationDue', ObligationDueData>;
export type ObligationSubmitted = DomainEvent<'ObligationSubmitted', ObligationSubmittedData>;
export type ObligationMissed = DomainEvent<'ObligationMissed', ObligationMissedData>;
export type ObligationEvent = ObligationDue | ObligationSubmitted | ObligationMissed;

export const toObligationStreamId = (obligationId: string): string => `${OBLIGATION_STREAM_PREFIX}${obligationId}`;
