/**
 * Verification of the whole store: every stream's hash chain recomputed, and
 * the store compared with the latest anchor. Answers the first bad place of
 * each bad stream.
 *
 * Pass 1 reads the global log once in position order and follows each stream
 * with a small cursor (next revision, previous hash), recomputing every hash.
 * In an untouched store each stream's events come in revision order, so a
 * stream that passes here is sound. A stream that does not is read again on
 * its own in revision order and checked with the shared verifyChain (pass 2),
 * which names the first bad revision the way the store numbers them (an
 * inserted row shows up where it sits in the stream, not where it sits in the log).
 * Pass 3 compares with the latest anchor: anchored streams that are gone,
 * shorter than anchored, or whose anchored event now has another hash.
 */
import { chainHash, EventStore, HASH_ALG, StoredEvent, verifyChain } from '@jm/event-sourcing';
import type { AnchoredHead } from '@jm/contracts';
import { AnchorBook, LatestAnchor } from './audit-anchors';
import { ProgressListener, scanStore, throttledProgress } from './store-scan';

export const PROBLEM_KINDS = {
  /** A revision is missing (a row deleted in the middle of the stream). */
  missing: 'missing',
  /** Revisions out of order or repeated. */
  out_of_order: 'out_of_order',
  /** prevHash does not match the previous event: a row inserted, removed or moved. */
  chain_broken: 'chain_broken',
  /** The hash does not match the content: the row was altered (or forged). */
  altered: 'altered',
  unknown_algorithm: 'unknown_algorithm',
  /** An anchored stream is gone. */
  stream_missing: 'stream_missing',
  /** An anchored stream ends before its anchored head: its last events were removed. */
  truncated: 'truncated',
  /** The anchored head event has another hash now: the chain was rewritten. */
  anchor_mismatch: 'anchor_mismatch',
} as const;
export type ProblemKind = keyof typeof PROBLEM_KINDS;

export interface VerificationProblem {
  streamId: string;
  /** Global position where the problem shows; null when no event is left there (removed events). */
  position: number | null;
  /** The first bad revision of the stream. */
  version: number;
  kind: ProblemKind;
  message: string;
}

export interface VerificationResult {
  streams: number;
  events: number;
  /** The log was verified up to this position. */
  headPosition: number;
  ok: boolean;
  problems: VerificationProblem[];
  /** The anchor compared with, if any. */
  anchor: { anchorId: string; at: string; position: number; streams: number } | null;
  elapsedMs: number;
  eventsPerSecond: number;
}

interface Cursor extends AnchorObservation {
  prevHash: string;
}

/** What a verifier saw of one stream: its next revision, whether its chain broke, and the hash at the anchored revision. */
export interface AnchorObservation {
  next: number;
  broken: boolean;
  anchoredHash?: string;
  anchoredPosition?: number;
}

/**
 * Recomputes every chain and compares with an anchor: by default the store's own latest; `null` checks the
 * chains alone (a deployment above compares the heads with the anchor it read from Kafka, docs/federation-reporting.md).
 */
export async function verifyStore(store: EventStore, onProgress?: ProgressListener, anchor?: LatestAnchor | null): Promise<VerificationResult> {
  const latest = anchor === undefined ? await new AnchorBook(store).latestAnchor() : (anchor ?? undefined);
  const anchored = new Map((latest?.heads ?? []).map((h) => [h.streamId, h]));

  const { head, pages } = await scanStore(store);
  const progress = throttledProgress(onProgress, 'verify', head);
  const cursors = new Map<string, Cursor>();
  let events = 0;
  for await (const page of pages) {
    for (const e of page) followChain(cursors, e, anchored.get(e.streamId)?.version);
    events += page.length;
    progress.tick(events, page[page.length - 1].position);
  }
  progress.done(events, head);

  const problems: VerificationProblem[] = [];
  for (const [streamId, cursor] of cursors) {
    if (cursor.broken) problems.push(await firstBreak(store, streamId));
  }
  problems.push(...anchorProblems(anchored.values(), cursors));
  sortProblems(problems);
  const elapsedMs = progress.elapsedMs();
  return {
    streams: new Set([...cursors.keys(), ...anchored.keys()]).size,
    events,
    headPosition: head,
    ok: problems.length === 0,
    problems,
    anchor: latest
      ? { anchorId: latest.summary.anchorId, at: latest.summary.at, position: latest.summary.position, streams: latest.summary.streams }
      : null,
    elapsedMs,
    eventsPerSecond: elapsedMs > 0 ? Math.round((events * 1000) / elapsedMs) : events,
  };
}

/** Pass 3: anchored streams that are gone, shorter than anchored, or whose anchored revision now has another hash (broken chains are reported already). */
export function anchorProblems(anchored: Iterable<AnchoredHead>, seen: ReadonlyMap<string, AnchorObservation>): VerificationProblem[] {
  const problems: VerificationProblem[] = [];
  for (const h of anchored) {
    const cursor = seen.get(h.streamId);
    if (cursor?.broken) continue;
    if (!cursor) {
      problems.push({
        streamId: h.streamId,
        position: null,
        version: 0,
        kind: 'stream_missing',
        message: `the stream is gone; the anchor recorded it up to revision ${h.version} (position ${h.position})`,
      });
    } else if (cursor.next <= h.version) {
      problems.push({
        streamId: h.streamId,
        position: cursor.next === h.version ? h.position : null,
        version: cursor.next,
        kind: 'truncated',
        message: `revisions ${cursor.next}..${h.version} are gone: the stream ends at revision ${cursor.next - 1}, the anchor recorded revision ${h.version} (position ${h.position})`,
      });
    } else if (cursor.anchoredHash !== h.hash) {
      problems.push({
        streamId: h.streamId,
        position: cursor.anchoredPosition ?? null,
        version: h.version,
        kind: 'anchor_mismatch',
        message: `revision ${h.version} has another hash than the anchor recorded: the stream was rewritten up to there`,
      });
    }
  }
  return problems;
}

/** Problems in log order (those with no event left last), then by stream. */
export function sortProblems(problems: VerificationProblem[]): void {
  problems.sort((a, b) => (a.position ?? Number.MAX_SAFE_INTEGER) - (b.position ?? Number.MAX_SAFE_INTEGER) || (a.streamId < b.streamId ? -1 : 1));
}

/** One step of pass 1: the event must be its stream's next revision, linked and unaltered. */
function followChain(cursors: Map<string, Cursor>, e: StoredEvent, anchoredVersion: number | undefined): void {
  let cursor = cursors.get(e.streamId);
  if (!cursor) {
    cursor = { next: 0, prevHash: '', broken: false };
    cursors.set(e.streamId, cursor);
  }
  if (e.streamVersion === anchoredVersion) {
    cursor.anchoredHash = e.hash;
    cursor.anchoredPosition = e.position;
  }
  if (cursor.broken) {
    cursor.next = Math.max(cursor.next, e.streamVersion + 1);
    return;
  }
  const sound =
    e.streamVersion === cursor.next &&
    e.hashAlg === HASH_ALG &&
    e.prevHash === cursor.prevHash &&
    chainHash(cursor.prevHash, e, JSON.stringify(e.data)) === e.hash;
  cursor.broken = !sound;
  cursor.next = Math.max(cursor.next, e.streamVersion + 1);
  cursor.prevHash = e.hash;
}

/** Pass 2: the stream in revision order through the shared verifyChain, and what kind of break it is. */
async function firstBreak(store: EventStore, streamId: string): Promise<VerificationProblem> {
  const events = await store.readStream(streamId);
  const verdict = verifyChain(events);
  if (verdict.ok) {
    // Sound in revision order, but not in the order of the log: rows were moved.
    return {
      streamId,
      position: events[0]?.position ?? null,
      version: 0,
      kind: 'out_of_order',
      message: 'the stream is sound in revision order but its events are out of order in the global log',
    };
  }
  const i = verdict.checked;
  const e = events[i];
  const previous = events[i - 1];
  const base = { streamId, position: e.position, version: i };
  if (e.streamVersion > i)
    return { ...base, kind: 'missing', message: `revision ${i} is missing (the next event found is revision ${e.streamVersion})` };
  if (e.streamVersion < i) return { ...base, kind: 'out_of_order', message: `revision ${e.streamVersion} appears again at index ${i}` };
  if (e.hashAlg !== HASH_ALG) return { ...base, kind: 'unknown_algorithm', message: `unknown hash algorithm ${e.hashAlg}` };
  if (e.prevHash !== (previous?.hash ?? ''))
    return {
      ...base,
      kind: 'chain_broken',
      message: `prevHash does not match revision ${i - 1}: an event before it was inserted, removed or replaced`,
    };
  return { ...base, kind: 'altered', message: 'the hash does not match the content: the event was altered or forged' };
}
