/** What reporting's relay publishes: each stream through its publication function (every prefix its relay sends has one). */
import { servicePublication } from '@jm/bus';
import {
  ACCESS_STREAM_PREFIX,
  ANALYSIS_STREAM_PREFIX,
  FEDERATION_REPORTING_CONTRACT,
  publicationAsStored,
  publishAccessEvent,
  publishAnalysisEvent,
} from '@jm/contracts';
import { publishAuditAnchorEvent } from './audit/audit-anchor.publication';

export const REPORTING_PUBLISHED_STREAMS = [
  // `audit-anchors` is the one stream of the prefix; a type it does not know is not published.
  ['audit-', publishAuditAnchorEvent],
  // `report-statistics-<month>`: the monthly submissions to the parent deployment (federation/).
  ['report-', publicationAsStored(FEDERATION_REPORTING_CONTRACT)],
  // `analysis-<id>`: analysts' saved analyses (analysis/saved/).
  [ANALYSIS_STREAM_PREFIX, publishAnalysisEvent],
  [ACCESS_STREAM_PREFIX, publishAccessEvent],
] as const;

export const REPORTING_PUBLICATION = servicePublication(REPORTING_PUBLISHED_STREAMS);
