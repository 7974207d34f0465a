/**
 * Integration contract of reporting's audit anchors (stream `audit-anchors`,
 * topic reporting.events.v1). An anchor records the head (last revision, its
 * hash and position) of every stream at one moment, so that a verifier can
 * tell when a whole stream or the last events of a stream have been removed:
 * a hash chain alone cannot show what is missing after its last link.
 *
 * One anchor is one append: `chunks` AuditAnchorChunkRecorded events (the
 * heads, ANCHOR_HEADS_PER_CHUNK at most per event, sorted by stream id) and a
 * closing AuditAnchorRecorded with the totals and a digest over all heads, so
 * the anchor can also be compared with a copy kept outside the store.
 */
export const AUDIT_ANCHOR_STREAM = 'audit-anchors';
export const ANCHOR_HEADS_PER_CHUNK = 1000;

/** The head of one stream as anchored. */
export interface AnchoredHead {
  streamId: string;
  /** Revision of the stream's last event. */
  version: number;
  /** Hash of that event. */
  hash: string;
  /** Its global position. */
  position: number;
}

export interface AuditAnchorChunkRecordedData {
  anchorId: string;
  /** 0-based index of this chunk. */
  chunk: number;
  chunks: number;
  heads: AnchoredHead[];
}

export type AnchorTrigger = 'manual' | 'schedule' | 'cli';

export interface AuditAnchorRecordedData {
  anchorId: string;
  /** When the anchor was taken (the service clock). */
  at: string;
  /** The store was read up to this global position (inclusive). */
  headPosition: number;
  streams: number;
  events: number;
  chunks: number;
  /** SM3, hex, over "streamId\nversion\nhash\n" of every head in stream-id order. */
  digest: string;
  trigger: AnchorTrigger;
}
