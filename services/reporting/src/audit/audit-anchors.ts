/**
 * Audit anchors (stream `audit-anchors`, owned by reporting): the head
 * (revision, hash, position) of every stream at one moment, so that removing a
 * whole stream, or the last events of one, is detected on verification; a hash
 * chain alone cannot show what is missing after its last link. One anchor is
 * one append (libs/contracts/src/audit-contracts.ts): chunks of heads, then
 * the closing AuditAnchorRecorded with the totals and the SM3 digest of all
 * heads, which can be kept outside the store as well.
 *
 * AnchorBook reads the anchors stream incrementally and keeps only the seals
 * and the heads of the latest anchor, so a long anchor history is read once.
 */
import { createHash, randomUUID } from 'node:crypto';
import {
  ANCHOR_HEADS_PER_CHUNK,
  AnchoredHead,
  AnchorTrigger,
  AUDIT_ANCHOR_CONTRACT,
  AUDIT_ANCHOR_STREAM,
  AuditAnchorRecordedData,
  decodeAuditAnchorEvent,
} from '@jm/contracts';
import { Actor, assertNever, EventStore, NewEvent, StoredEvent } from '@jm/event-sourcing';
import { AUDIT_ANCHOR_EVENT_SCHEMA_VERSIONS, AuditAnchorEvent } from './audit-anchor.events';
import { ProgressListener, scanStore, throttledProgress } from './store-scan';

/** An append holds at most 4096 events (libs/event-sourcing/src/event-store/append-input.ts). */
const MAX_EVENTS_PER_APPEND = 4096;

/** SM3 over every head in stream-id order: one value that stands for the whole anchor. */
export function headsDigest(heads: readonly AnchoredHead[]): string {
  const hash = createHash('sm3');
  for (const h of heads) hash.update(`${h.streamId}\n${h.version}\n${h.hash}\n`);
  return hash.digest('hex');
}

/** The head of every stream up to the store's current head position (or an earlier one: `upTo`), sorted by stream id. */
export async function readHeads(
  store: EventStore,
  onProgress?: ProgressListener,
  upTo?: number,
): Promise<{ heads: AnchoredHead[]; headPosition: number; events: number }> {
  const { head, pages } = await scanStore(store, upTo === undefined ? {} : { upTo });
  const progress = throttledProgress(onProgress, 'anchor', head);
  const heads = new Map<string, AnchoredHead>();
  let events = 0;
  for await (const page of pages) {
    for (const e of page) {
      const known = heads.get(e.streamId);
      if (!known || e.streamVersion > known.version)
        heads.set(e.streamId, { streamId: e.streamId, version: e.streamVersion, hash: e.hash, position: e.position });
    }
    events += page.length;
    progress.tick(events, page[page.length - 1].position);
  }
  progress.done(events, head);
  const sorted = [...heads.values()].sort((a, b) => (a.streamId < b.streamId ? -1 : a.streamId > b.streamId ? 1 : 0));
  return { heads: sorted, headPosition: head, events };
}

export interface TakeAnchorOptions {
  /** When the anchor is taken (the service clock). */
  at: Date;
  actor: Actor;
  trigger: AnchorTrigger;
  onProgress?: ProgressListener;
}

export interface AnchorSummary extends AuditAnchorRecordedData {
  /** Position and revision of the closing event in audit-anchors. */
  position: number;
  version: number;
  by: Actor;
}

/** Reads every head and appends the anchor (one append: its chunks and the seal). */
export async function takeAnchor(store: EventStore, options: TakeAnchorOptions): Promise<AnchorSummary> {
  const { heads, headPosition, events } = await readHeads(store, options.onProgress);
  const anchorId = randomUUID();
  // Chunks grow past the usual size only when the stream count would exceed one append.
  const perChunk = Math.max(ANCHOR_HEADS_PER_CHUNK, Math.ceil(heads.length / (MAX_EVENTS_PER_APPEND - 1)));
  const chunks: AnchoredHead[][] = [];
  for (let i = 0; i < heads.length; i += perChunk) chunks.push(heads.slice(i, i + perChunk));
  const time = options.at.toISOString();
  const event = ({ type, data }: AuditAnchorEvent): NewEvent => {
    const id = randomUUID();
    return {
      id,
      type,
      schemaVersion: AUDIT_ANCHOR_EVENT_SCHEMA_VERSIONS[type],
      data,
      time,
      correlationId: anchorId,
      causationId: id,
      actor: options.actor,
    };
  };
  const seal: AuditAnchorRecordedData = {
    anchorId,
    at: time,
    headPosition,
    streams: heads.length,
    events,
    chunks: chunks.length,
    digest: headsDigest(heads),
    trigger: options.trigger,
  };
  const batch = [
    ...chunks.map((chunk, i) => event({ type: 'AuditAnchorChunkRecorded', data: { anchorId, chunk: i, chunks: chunks.length, heads: chunk } })),
    event({ type: 'AuditAnchorRecorded', data: seal }),
  ];
  // Anchors taken at once by two instances are both valid; their order does not matter.
  const result = await store.append(AUDIT_ANCHOR_STREAM, batch, 'any');
  return { ...seal, position: result.position, version: result.nextExpectedVersion, by: options.actor };
}

export interface LatestAnchor {
  summary: AnchorSummary;
  heads: AnchoredHead[];
}

/** The anchors stream, read from where the last refresh stopped. */
export class AnchorBook {
  private readonly seals: AnchorSummary[] = [];
  private latest?: LatestAnchor;
  private pending = new Map<string, AnchoredHead[]>();
  private nextVersion = 0;

  constructor(private readonly store: EventStore) {}

  async refresh(): Promise<void> {
    const events = await this.store.readStream(AUDIT_ANCHOR_STREAM, this.nextVersion);
    for (const e of events) this.apply(e);
    if (events.length) this.nextVersion = events[events.length - 1].streamVersion + 1;
  }

  /** Every anchor, oldest first. */
  async list(): Promise<AnchorSummary[]> {
    await this.refresh();
    return [...this.seals];
  }

  async latestAnchor(): Promise<LatestAnchor | undefined> {
    await this.refresh();
    return this.latest;
  }

  private apply(e: StoredEvent): void {
    // Another type in the stream (none is written) is passed over, as before the contract.
    if (!(e.type in AUDIT_ANCHOR_CONTRACT)) return;
    const event = decodeAuditAnchorEvent(e);
    switch (event.type) {
      case 'AuditAnchorChunkRecorded': {
        const d = event.data;
        this.pending.set(d.anchorId, [...(this.pending.get(d.anchorId) ?? []), ...d.heads]);
        return;
      }
      case 'AuditAnchorRecorded': {
        const summary: AnchorSummary = { ...event.data, position: e.position, version: e.streamVersion, by: e.actor };
        this.seals.push(summary);
        this.latest = { summary, heads: this.pending.get(event.data.anchorId) ?? [] };
        // Chunks of one anchor come in its own append, right before its seal.
        this.pending = new Map();
        return;
      }
      default:
        return assertNever(event, 'audit anchor event');
    }
  }
}
