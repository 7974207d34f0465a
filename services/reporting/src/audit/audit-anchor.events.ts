/** Events of reporting's anchors stream (`audit-anchors`; the shapes are the published contract, audit-contracts.ts). */
import type { AuditAnchorChunkRecordedData, AuditAnchorRecordedData } from '@jm/contracts';
import type { DomainEvent } from '@jm/event-sourcing';

export type AuditAnchorChunkRecorded = DomainEvent<'AuditAnchorChunkRecorded', AuditAnchorChunkRecordedData>;
export type AuditAnchorRecorded = DomainEvent<'AuditAnchorRecorded', AuditAnchorRecordedData>;
export type AuditAnchorEvent = AuditAnchorChunkRecorded | AuditAnchorRecorded;

/** Every type of the stream with the schema version it is appended at. */
export const AUDIT_ANCHOR_EVENT_SCHEMA_VERSIONS: Readonly<Record<AuditAnchorEvent['type'], number>> = {
  AuditAnchorChunkRecorded: 1,
  AuditAnchorRecorded: 1,
};
