/** What notifications publishes of an obligation's stream (`obligation-<obligationId>`): every event as stored, with its contract version. */
import { OBLIGATION_CONTRACT, ObligationContractEvent, publicationAsStored } from '@jm/contracts';
import type { ObligationEvent } from './obligation.events';

export const publishObligationEvent: (event: ObligationEvent) => ObligationContractEvent | undefined = publicationAsStored(OBLIGATION_CONTRACT);
