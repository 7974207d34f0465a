/** What cases' relay publishes: each stream through its publication function (every prefix its relay sends has one). */
import { servicePublication } from '@jm/bus';
import {
  ACCESS_STREAM_PREFIX,
  AFTERMATH_STREAM_PREFIX,
  CASE_STREAM_PREFIX,
  MEETING_STREAM_PREFIX,
  NEGOTIATION_STREAM_PREFIX,
  publishAccessEvent,
  ROUTING_STREAM_PREFIX,
} from '@jm/contracts';
import { publishAftermathEvent } from './aftermath/aftermath.publication';
import { publishCaseEvent } from './case/case.publication';
import { publishMeetingEvent } from './meeting/meeting.publication';
import { publishNegotiationEvent } from './negotiation/negotiation.publication';
import { publishTriageEvent } from './triage/triage.publication';

export const CASES_PUBLISHED_STREAMS = [
  [CASE_STREAM_PREFIX, publishCaseEvent],
  [ROUTING_STREAM_PREFIX, publishTriageEvent],
  [MEETING_STREAM_PREFIX, publishMeetingEvent],
  [AFTERMATH_STREAM_PREFIX, publishAftermathEvent],
  [NEGOTIATION_STREAM_PREFIX, publishNegotiationEvent],
  [ACCESS_STREAM_PREFIX, publishAccessEvent],
] as const;

export const CASES_PUBLICATION = servicePublication(CASES_PUBLISHED_STREAMS);
