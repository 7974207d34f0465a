/** What cases publishes of the triage stream (`routing-<leadId>`): every event as stored, with its contract version. */
import { ROUTING_CONTRACT, RoutingContractEvent, publicationAsStored } from '@jm/contracts';
import type { TriageEvent } from './triage.events';

export const publishTriageEvent: (event: TriageEvent) => RoutingContractEvent | undefined = publicationAsStored(ROUTING_CONTRACT);
