/** What intake publishes of the lead stream (`lead-<leadId>`): every event as stored, with its contract version. */
import { LEAD_CONTRACT, LeadContractEvent, publicationAsStored } from '@jm/contracts';
import type { LeadEvent } from './lead.events';

export const publishLeadEvent: (event: LeadEvent) => LeadContractEvent | undefined = publicationAsStored(LEAD_CONTRACT);
