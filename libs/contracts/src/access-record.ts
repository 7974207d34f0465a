/**
 * The `RecordAccessed` event's contract (see access-log.ts, which records it): its type, data and stream.
 */
export const RECORD_ACCESSED = 'RecordAccessed';

export interface RecordAccessedData {
  resourceType: string;
  resourceId: string;
  agency: string;
  user: string;
  roles: string[];
  /** What was read, e.g. ['summary'] or ['informant_identity']. */
  fields: string[];
  /** The reader's stated reason (optional; X-Access-Purpose header). */
  purpose?: string;
  /** Whether the read answered with data (false: refused or not visible). */
  granted: boolean;
}

/** Every access stream's prefix; each service's own are `access-<its resource types>-`. */
export const ACCESS_STREAM_PREFIX = 'access-';

export function toAccessStreamId(resourceType: string, resourceId: string): string {
  return `${ACCESS_STREAM_PREFIX}${resourceType}-${resourceId}`;
}
