/** What intake's relay publishes: the lead stream through its publication function; submissions and access streams as stored. */
import { servicePublication } from '@jm/bus';
import { LEAD_STREAM_PREFIX } from '@jm/contracts';
import { publishLeadEvent } from './lead/lead.publication';

export const INTAKE_PUBLICATION = servicePublication([[LEAD_STREAM_PREFIX, publishLeadEvent]]);
