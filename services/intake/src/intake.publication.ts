/** What intake's relay publishes: each stream through its publication function (every prefix its relay sends has one). */
import { servicePublication } from '@jm/bus';
import { ACCESS_STREAM_PREFIX, LEAD_STREAM_PREFIX, publishAccessEvent } from '@jm/contracts';
import { publishLeadEvent } from './lead/lead.publication';
import { SUBMISSION_STREAM_PREFIX } from './submission/submission.events';
import { publishSubmissionEvent } from './submission/submission.publication';

export const INTAKE_PUBLISHED_STREAMS = [
  [LEAD_STREAM_PREFIX, publishLeadEvent],
  [SUBMISSION_STREAM_PREFIX, publishSubmissionEvent],
  [ACCESS_STREAM_PREFIX, publishAccessEvent],
] as const;

export const INTAKE_PUBLICATION = servicePublication(INTAKE_PUBLISHED_STREAMS);
