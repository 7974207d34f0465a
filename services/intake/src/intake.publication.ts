/** What intake's relay publishes: the lead stream through its publication function; submissions and access streams as stored. */
import { LEAD_STREAM_PREFIX, servicePublication } from '@jm/shared';
import { publishLeadEvent } from './lead/lead.publication';

export const INTAKE_PUBLICATION = servicePublication([[LEAD_STREAM_PREFIX, publishLeadEvent]]);
