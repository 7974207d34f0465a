/** What cases publishes of the negotiation stream (`negotiation-<id>`): every event as stored, with its contract version. */
import { NEGOTIATION_CONTRACT, NegotiationContractEvent, publicationAsStored } from '@jm/contracts';
import type { NegotiationEvent } from './negotiation.events';

export const publishNegotiationEvent: (event: NegotiationEvent) => NegotiationContractEvent | undefined = publicationAsStored(NEGOTIATION_CONTRACT);
