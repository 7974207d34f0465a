/**
 * The access log's projection (who read what): one row per RecordAccessed
 * event of any access-<type>-<id> stream, keyed by the event id, so a
 * redelivery adds nothing. The audit module queries it.
 */
import { ACCESS_CONTRACT_EVENT_TYPES, decodeAccessEvent, RECORD_ACCESSED } from '@jm/contracts';
import { ProjectionEvent } from '@jm/event-sourcing';
import type { AccessLogRow } from '../read-model/read-model.tables';

export const ACCESS_STREAM_PREFIX = 'access-';
const RECORD_ACCESSED_TYPE = RECORD_ACCESSED;
const decodeAccess = decodeAccessEvent;

/** The published event types the access log reads. */
export const ACCESS_LOG_EVENT_TYPES: readonly string[] = ACCESS_CONTRACT_EVENT_TYPES;

export function accessLogRowOf(event: ProjectionEvent): AccessLogRow | undefined {
  if (event.type !== RECORD_ACCESSED_TYPE || !event.streamId.startsWith(ACCESS_STREAM_PREFIX)) return undefined;
  const d = decodeAccess(event).data;
  return {
    eventId: event.id,
    streamId: event.streamId,
    resourceType: d.resourceType,
    resourceId: d.resourceId,
    agency: d.agency,
    userId: d.user,
    roles: d.roles.join(','),
    fields: d.fields.join(','),
    purpose: d.purpose ?? null,
    granted: d.granted,
    at: event.time,
  };
}
